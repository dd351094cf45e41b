"""Reactions of the boards app to changes made elsewhere (side concerns: caches, redraws, and
the grants a team membership gave)."""

from typing import Any

from django.db.models import F, Q

from officina.accounts.models import User
from officina.boards.models import Board
from officina.boards.services.boards import board_guests_withdraw
from officina.organisations.access_cache import access_changed
from officina.organisations.models import TeamMembership

# A board's row decides access through these fields; its version and counters change on every
# card move and must not drop the cached access of everyone.
ACCESS_FIELDS = frozenset({"organisation", "team", "visibility"})

# What a card face, the filters and the member lists show of a person.
SHOWN_USER_FIELDS = frozenset({"first_name", "last_name", "email"})


def board_saved(sender: type, *, created: bool, update_fields: Any = None, **kwargs: Any) -> None:
    """A board's team or visibility decides who sees it (access_cache.py)."""
    if created or (update_fields is not None and not ACCESS_FIELDS & set(update_fields)):
        return  # a new board has no cached access yet
    access_changed()


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


def membership_ended(sender: type, *, instance: TeamMembership, **kwargs: Any) -> None:
    """A guest membership gave its board invitations: when it ends (the person leaves the team,
    however: a service, the admin, a deletion), they are withdrawn with it. Access is decided
    from current memberships only anyway (`permissions.guest_invitation_exists`), so this keeps
    the settings page and the lists true rather than closing a hole."""
    board_guests_withdraw(team_id=instance.team_id, user_id=instance.user_id)


def membership_changed(
    sender: type, *, instance: TeamMembership, created: bool, **kwargs: Any
) -> None:
    """A guest who becomes a member no longer needs invitations: members see every board of
    the team, and a later return to guest must not bring back old invitations."""
    if not created and instance.role != TeamMembership.Role.GUEST:
        board_guests_withdraw(team_id=instance.team_id, user_id=instance.user_id)
