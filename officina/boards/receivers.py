"""Reactions of the boards app to changes made elsewhere (side concerns: caches, redraws, and
the grants a team membership gave)."""

from datetime import timedelta
from typing import Any

from django.db.models import F, Max, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from officina.accounts.models import User
from officina.boards.history import retention_days
from officina.boards.models import Board
from officina.boards.services.boards import board_guests_withdraw, board_managers_withdraw
from officina.organisations.access_cache import access_changed
from officina.organisations.models import Team, TeamMembership

# A board's row decides access through these fields; its version and counters change on every
# card move and must not drop the cached access of everyone.
ACCESS_FIELDS = frozenset({"organisation", "team", "visibility", "guest_rights"})

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
    board_managers_withdraw(team_id=instance.team_id, user_id=instance.user_id)


def membership_changed(
    sender: type, *, instance: TeamMembership, created: bool, **kwargs: Any
) -> None:
    """A guest who becomes a member no longer needs invitations: members see every board of
    the team, and a later return to guest must not bring back old invitations. Likewise a
    member who becomes a guest loses the boards' namings as manager."""
    if not created and instance.role != TeamMembership.Role.GUEST:
        board_guests_withdraw(team_id=instance.team_id, user_id=instance.user_id)
    if not created and instance.role == TeamMembership.Role.GUEST:  # and no longer a manager
        board_managers_withdraw(team_id=instance.team_id, user_id=instance.user_id)


def boards_kept_under(obj: Any) -> list[str]:
    """Boards under a team or organisation whose history still names people (within the
    retention period): deleting them would lose it before R-37 allows. They can be archived."""
    boards = Board.objects.filter(
        **({"team": obj} if isinstance(obj, Team) else {"organisation": obj})
    )
    kept = (
        boards.annotate(last=Max("events__occurred_at", filter=Q(events__redacted_at__isnull=True)))
        .filter(last__isnull=False)
        .order_by("name")
    )
    reasons = []
    for board in kept:
        until = timezone.localdate(board.last + timedelta(days=retention_days()))
        reasons.append(
            _(
                "The board “%(board)s” keeps its history until %(until)s (retention "
                "of %(days)s days): archive it instead, or delete it after that date."
            )
            % {"board": board.name, "until": date_format(until), "days": retention_days()}
        )
    return reasons
