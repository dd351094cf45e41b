"""Reactions of the boards app to changes made elsewhere."""

from typing import Any

from django.db.models import F, Q

from officina.accounts.models import User
from officina.boards.models import Board

# What a card face, the filters and the member lists show of a person.
SHOWN_USER_FIELDS = frozenset({"first_name", "last_name", "email"})


def user_saved(sender: type[User], *, instance: User, created: bool, **kwargs: Any) -> None:
    """A person's name is on the cached faces of their cards: redraw the boards they work on.

    Faces and fragments are cached under the board's structure version (decision 0015), so
    bumping it is enough; a sign-in, which saves only `last_login`, changes nothing.
    """
    update_fields = kwargs.get("update_fields")
    if created or (update_fields is not None and not SHOWN_USER_FIELDS & set(update_fields)):
        return
    board_ids = (
        Board.objects.filter(Q(team__memberships__user=instance) | Q(guests=instance))
        .values("pk")
        .distinct()
    )
    Board.objects.filter(pk__in=board_ids).update(structure_version=F("structure_version") + 1)
