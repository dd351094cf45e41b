"""Access rules of the boards app, in one place.

Roles on a board (decision 0039, replacing the "members change the structure" part of 0014):
- Managers change its structure (columns, lanes, WIP limits, policies, labels) and settings
  (name, sharing, guests, roles), archive it and delete its parts: the team's leads, and the
  team's members the board names (`Board.managers`; the member who creates a board is named).
- Members (every working member of the team) see every board of their team and work on its
  cards: create, edit, move, comment.
- Team guests (e.g. an external supplier) see only the boards they are invited to, and only
  while they are still the team's guests: an invitation is what a guest membership gives, so
  it counts only with a current one. What they may do there is the board's choice
  (`Board.guest_rights`): comment only, or also create, edit and move cards.
- Other employees see a board shared with the team's enti or with the whole organisation,
  read-only. IT administrators get no special view of the content: "team only" means team only.
A board the actor may not see is a 404, never a 403.
"""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from officina.boards.models import Board
from officina.common.exceptions import NotFound, PermissionDeniedError
from officina.organisations.actor import Actor
from officina.organisations.models import Employment, Team, TeamMembership

WORKING_ROLES = (TeamMembership.Role.LEAD, TeamMembership.Role.MEMBER)


@dataclass(frozen=True)
class BoardAccess:
    """What the actor may do on one board; computed once and cached (access_cache.py)."""

    can_view: bool
    can_comment: bool
    can_edit_cards: bool
    can_manage: bool
    # A working member of the board's team (names in the history are for them).
    works_here: bool

    @property
    def is_read_only(self) -> bool:
        return not self.can_edit_cards

    @property
    def is_comment_only(self) -> bool:
        return self.can_comment and not self.can_edit_cards


NO_ACCESS = BoardAccess(
    can_view=False, can_comment=False, can_edit_cards=False, can_manage=False, works_here=False
)


def _teams_of_enti_q(ente_id: int) -> Q:
    """Teams with a working member employed by the ente (the "team's enti")."""
    team_ids = Team.objects.filter(
        memberships__role__in=WORKING_ROLES,
        memberships__user__in=Employment.objects.filter(ente_id=ente_id, is_active=True).values(
            "user"
        ),
    ).values("pk")
    return Q(team__in=team_ids)


def guest_invitation_exists(user_id: int) -> Exists:
    """A board (the outer row) invites `user_id`, who is still a guest of its team."""
    return Exists(
        Board.guests.through.objects.filter(board_id=OuterRef("pk"), user_id=user_id).filter(
            Exists(
                TeamMembership.objects.filter(
                    team_id=OuterRef(OuterRef("team_id")),
                    user_id=user_id,
                    role=TeamMembership.Role.GUEST,
                )
            )
        )
    )


def board_visibility_q(actor: Actor) -> Q:
    """Boards the actor may see, as a filter on Board (to combine with the organisation)."""
    working_teams = TeamMembership.objects.filter(
        organisation=actor.organisation, user=actor.user, role__in=WORKING_ROLES
    ).values("team")
    visible = Q(team__in=working_teams) | Q(guest_invitation_exists(actor.user.pk))
    if actor.is_guest:
        return visible
    visible |= Q(visibility=Board.Visibility.ORGANISATION)
    if actor.ente_id is not None:
        visible |= Q(visibility=Board.Visibility.ENTI) & _teams_of_enti_q(actor.ente_id)
    return visible


def board_people_q(board: Board) -> Q:
    """People who work on the board (a filter on User): the team's working members and the
    guests it invites who are still the team's guests. They are assigned and mentioned.

    One subquery, the union of both groups, so the database starts from the team's few rows:
    an OR across two joins read every person and team membership of the installation (265 ms
    with a region's 50,000 people, decision 0034)."""
    working = (
        TeamMembership.objects.filter(team_id=board.team_id, role__in=WORKING_ROLES)
        .order_by()  # the default ordering would join the team, organisation and user
        .values("user")
    )
    still_guests = TeamMembership.objects.filter(
        team_id=board.team_id, role=TeamMembership.Role.GUEST
    ).values("user")
    invited = (
        Board.guests.through.objects.filter(board_id=board.pk, user_id__in=still_guests)
        .order_by()
        .values("user")
    )
    return Q(pk__in=working.union(invited))


def visible_board_ids(actor: Actor, board_ids: set[int]) -> QuerySet[Board, int]:
    """Of these boards, the ids of those the actor may see (one query)."""
    return (
        Board.objects.filter(organisation=actor.organisation, pk__in=board_ids)
        .filter(board_visibility_q(actor))
        .values_list("pk", flat=True)
    )


def named_manager_exists(user_id: int) -> Exists:
    """The board (the outer row) names `user_id` among its managers."""
    return Exists(Board.managers.through.objects.filter(board_id=OuterRef("pk"), user_id=user_id))


def is_board_manager(*, membership_role: str | None, is_named_manager: bool) -> bool:
    """The team's leads manage its boards; a member manages the boards that name them. A
    naming counts only while the person is still a member (not after they became a guest)."""
    if membership_role == TeamMembership.Role.LEAD:
        return True
    return membership_role == TeamMembership.Role.MEMBER and is_named_manager


def board_access(  # noqa: PLR0913 - the facts the selector loaded, each named
    actor: Actor,
    *,
    membership_role: str | None,
    is_invited: bool,
    is_visible: bool,
    is_named_manager: bool = False,
    guest_rights: str = Board.GuestRights.COMMENT,
) -> BoardAccess:
    """The access of `actor` on a board, from facts the selector loaded in its one query.

    `is_invited` must already mean "invited and still a guest of the team".
    """
    works_here = membership_role in WORKING_ROLES
    invited_guest = is_invited and membership_role == TeamMembership.Role.GUEST
    if not (works_here or invited_guest or is_visible):
        return NO_ACCESS
    guest_edits = invited_guest and guest_rights == Board.GuestRights.EDIT
    return BoardAccess(
        can_view=True,
        can_comment=works_here or invited_guest,
        can_edit_cards=works_here or guest_edits,
        can_manage=is_board_manager(
            membership_role=membership_role, is_named_manager=is_named_manager
        ),
        works_here=works_here,
    )


def can_create_board(actor: Actor, membership_role: str | None) -> bool:
    """Working members of a team create its boards."""
    return membership_role in WORKING_ROLES


def can_be_named_manager(membership_role: str | None) -> bool:
    """Only the team's members may be named managers of its boards (leads already are)."""
    return membership_role == TeamMembership.Role.MEMBER


def require_comment(access: BoardAccess) -> None:
    if not access.can_view:
        raise NotFound
    if not access.can_comment:
        raise PermissionDeniedError(
            _("This board is read-only for you: only its team and invited guests comment.")
        )


def require_edit_cards(access: BoardAccess) -> None:
    if not access.can_view:
        raise NotFound
    if not access.can_edit_cards:
        raise PermissionDeniedError(_("This board is read-only for you: only its team changes it."))


def require_manage_board(access: BoardAccess) -> None:
    if not access.can_view:
        raise NotFound
    if not access.can_manage:
        raise PermissionDeniedError(
            _("Only the board's managers change its structure and settings.")
        )
