"""Ending a person's sessions everywhere, whichever engine keeps them (database or cache).

Sessions in a cache (Redis) cannot be listed by person, so they are not deleted: the person's
`session_generation` is raised instead, which changes the hash each session keeps, and Django
flushes any session whose hash no longer matches on its next request. Decision 0035.
"""

from django.db.models import F

from officina.accounts.models import User


def user_sessions_end(*, user: User) -> None:
    """Sign the person out of every browser at their next request (sessions of any engine)."""
    user.session_generation = F("session_generation") + 1
    user.save(update_fields=["session_generation"])
    user.refresh_from_db(fields=["session_generation"])
