"""Every read of the boards app an interface needs, scoped to the actor.

- `boards`: the one way into a board (`board_get_for_actor` → `BoardWithAccess`), its structure,
  people, guests and templates;
- `cards`: cards and what hangs on them, reached through a board the actor may see;
- `display`: the board page's rows, counts and face facts, in a fixed number of queries;
- `history`: card timelines and board events;
- `exports`: the rows of the board's downloads, streamed;
- `search`: cards of every visible board by number, title, description and comments;
- `calendar`: cards by due date, of a board or of the actor.
Views, API views, consumers, template tags and the rendering code read only through these
(tests/test_tenancy_guard.py).
"""
