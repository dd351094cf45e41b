"""Full-text indexes for the search across boards, on PostgreSQL only (decision 0044).

The expressions are the ones `selectors/search.py` writes (through Django's SearchVector), so the
planner matches them: the cards' weighted title + description, their title alone (for the ranking), and the
comments' body. SQLite
searches by containment and gets nothing here.
"""

from django.db import migrations

CARD_DOCUMENT = (
    "(setweight(to_tsvector('italian'::regconfig, COALESCE(title, '')), 'A') || "
    "setweight(to_tsvector('italian'::regconfig, COALESCE(description, '')), 'B'))"
)
TITLE_DOCUMENT = "to_tsvector('italian'::regconfig, COALESCE(title, ''))"
COMMENT_DOCUMENT = "to_tsvector('italian'::regconfig, COALESCE(body, ''))"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS workitem_search_document "
        f"ON boards_workitem USING gin ({CARD_DOCUMENT})"
    )
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS workitem_search_title "
        f"ON boards_workitem USING gin ({TITLE_DOCUMENT})"
    )
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS comment_search_document "
        f"ON boards_comment USING gin ({COMMENT_DOCUMENT})"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS workitem_search_document")
    schema_editor.execute("DROP INDEX IF EXISTS workitem_search_title")
    schema_editor.execute("DROP INDEX IF EXISTS comment_search_document")


class Migration(migrations.Migration):
    dependencies = [("boards", "0008_card_templates_and_recurrences")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
