"""Reads of boards and their structure, scoped to the actor.

`board_get_for_actor` is the one way into a board: it answers the board together with what the
actor may do on it (`BoardWithAccess`), or NotFound when the board is missing or invisible. The
other reads of a board's parts take that result, so they never reach a board nobody checked.
"""

from dataclasses import dataclass
from typing import TypeVar

from django.core.cache import cache
from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery

from officina.accounts.models import User
from officina.boards.models import (
    Board,
    BoardTemplate,
    CardRecurrence,
    CardTemplate,
    Column,
    Label,
    Swimlane,
)
from officina.boards.permissions import (
    WORKING_ROLES,
    BoardAccess,
    board_access,
    board_people_q,
    board_visibility_q,
    guest_invitation_exists,
    named_manager_exists,
)
from officina.common.exceptions import NotFound
from officina.organisations.access_cache import MISSING, keep, recall
from officina.organisations.actor import Actor
from officina.organisations.models import Team, TeamMembership


@dataclass(frozen=True)
class BoardWithAccess:
    """A board the actor may see, and what they may do on it.

    It remembers whose access it is: handed to a read or a service acting for someone else,
    the access is computed again for them, never trusted.
    """

    board: Board
    access: BoardAccess
    user_id: int
    organisation_id: int

    @property
    def pk(self) -> int:
        return self.board.pk

    def is_for(self, actor: Actor) -> bool:
        return (self.user_id, self.organisation_id) == (actor.user.pk, actor.organisation.pk)


def board_list_for_actor(
    *, actor: Actor, team: Team | None = None, include_archived: bool = False
) -> QuerySet[Board]:
    """Boards the actor may see, with their team; optionally of one team only."""
    boards = (
        Board.objects.filter(organisation=actor.organisation)
        .filter(board_visibility_q(actor))
        .select_related("team")
        .order_by("team__name", "name")
    )
    if team is not None:
        boards = boards.filter(team=team)
    if not include_archived:
        boards = boards.filter(archived_at__isnull=True)
    return boards


def board_get_for_actor(*, actor: Actor, board_id: int) -> BoardWithAccess:
    """One board with what the actor may do on it; NotFound when missing or invisible.

    The access is cached between requests under the actor's access generation; when it is
    cached, one plain query fetches the board.
    """
    access = _cached_board_access(actor, board_id)
    if access is None:
        return _board_with_access(actor=actor, board_id=board_id)
    board = (
        Board.objects.filter(organisation=actor.organisation, pk=board_id)
        .select_related("team")
        .first()
    )
    if board is None:
        raise NotFound
    return _seen(board, actor, access)


def board_reference_for_actor(*, actor: Actor, board_id: int) -> BoardWithAccess:
    """The board as a bare reference (id, organisation) with the access, without reading its
    row when the access is cached: for the hot write paths, whose service reads the board again
    under its lock anyway."""
    access = _cached_board_access(actor, board_id)
    if access is None:
        return _board_with_access(actor=actor, board_id=board_id)
    board = Board(pk=board_id, organisation=actor.organisation)
    return _seen(board, actor, access)


def board_access_for_actor(*, actor: Actor, board_id: int) -> BoardAccess:
    """What the actor may do on the board (from the cache when it can); NotFound if invisible.

    Services call this before every change: a view's earlier answer is never trusted.
    """
    access = _cached_board_access(actor, board_id)
    if access is not None:
        return access
    return _board_with_access(actor=actor, board_id=board_id).access


def checked(*, actor: Actor, seen: BoardWithAccess) -> BoardWithAccess:
    """`seen` when it was computed for this actor; otherwise computed again for them."""
    if seen.is_for(actor):
        return seen
    return board_get_for_actor(actor=actor, board_id=seen.pk)


def _board_access_key(actor: Actor, board_id: int) -> str:
    user = actor.user
    return f"board:{user.pk}:{int(user.is_superuser)}:{actor.organisation.pk}:{board_id}"


def _cached_board_access(actor: Actor, board_id: int) -> BoardAccess | None:
    if actor.access_generation is None:
        return None
    cached = recall(_board_access_key(actor, board_id), actor.access_generation)
    return None if cached is MISSING else cached


def _seen(board: Board, actor: Actor, access: BoardAccess) -> BoardWithAccess:
    return BoardWithAccess(board, access, actor.user.pk, actor.organisation.pk)


def _board_with_access(*, actor: Actor, board_id: int) -> BoardWithAccess:
    """The board and the actor's access to it, from the database (then cached).

    One query finds the board with the actor's role in its team, their invitation and whether
    the board names them a manager; only
    for someone who neither works on the board nor is invited does a second query test the
    wider visibility (their ente, the organisation), which is the expensive part.
    """
    membership_role = TeamMembership.objects.filter(team=OuterRef("team"), user=actor.user).values(
        "role"
    )[:1]
    board = (
        Board.objects.filter(organisation=actor.organisation, pk=board_id)
        .select_related("team")
        .annotate(
            membership_role=Subquery(membership_role),
            is_invited=guest_invitation_exists(actor.user.pk),
            is_named_manager=named_manager_exists(actor.user.pk),
        )
        .first()
    )
    if board is None:
        raise NotFound
    role: str | None = board.membership_role
    is_invited: bool = board.is_invited
    is_visible = (
        role in WORKING_ROLES
        or is_invited
        or Board.objects.filter(pk=board.pk).filter(board_visibility_q(actor)).exists()
    )
    access = board_access(
        actor,
        membership_role=role,
        is_invited=is_invited,
        is_visible=is_visible,
        is_named_manager=board.is_named_manager,
        guest_rights=board.guest_rights,
    )
    if not access.can_view:
        raise NotFound
    if actor.access_generation is not None:
        keep(_board_access_key(actor, board_id), actor.access_generation, access)
    return _seen(board, actor, access)


# --- The parts of a board the actor has reached through `board_get_for_actor` -----------------


def board_structure(*, seen: BoardWithAccess) -> tuple[list[Column], list[Swimlane]]:
    """Columns and swimlanes of a board in display order (two queries)."""
    return list(board_column_list(seen=seen)), list(board_swimlane_list(seen=seen))


PARTS_CACHE_SECONDS = 24 * 3600


def board_parts(board: Board) -> tuple[dict[int, Column], dict[int, Swimlane]]:
    """The board's columns and lanes by id, for a write path that holds the board's lock.

    Cached under the board's structure version, which every change to a column or a lane
    advances in its own transaction: read under the lock, the version names exactly the parts
    committed. The creation time tells apart two boards that reuse an id (a rolled-back test).
    """
    key = f"bparts:{board.pk}:{board.created_at.timestamp()}:{board.structure_version}"
    parts: tuple[dict[int, Column], dict[int, Swimlane]] | None = cache.get(key)
    if parts is None:
        parts = (
            {column.pk: column for column in Column.objects.filter(board_id=board.pk)},
            {lane.pk: lane for lane in Swimlane.objects.filter(board_id=board.pk)},
        )
        cache.set(key, parts, PARTS_CACHE_SECONDS)
    return parts


def board_column_list(*, seen: BoardWithAccess, open_only: bool = False) -> QuerySet[Column]:
    """The board's columns in order; `open_only`: those a new card may be created in."""
    board = seen.board
    columns = Column.objects.filter(organisation_id=board.organisation_id, board_id=board.pk)
    return columns.filter(is_closed=False) if open_only else columns


def board_swimlane_list(*, seen: BoardWithAccess) -> QuerySet[Swimlane]:
    board = seen.board
    return Swimlane.objects.filter(organisation_id=board.organisation_id, board_id=board.pk)


def board_label_list(*, seen: BoardWithAccess) -> QuerySet[Label]:
    """The board's labels by name."""
    board = seen.board
    return Label.objects.filter(organisation_id=board.organisation_id, board_id=board.pk).order_by(
        "name", "pk"
    )


M = TypeVar("M", Column, Swimlane, Label)


def _one_of(queryset: QuerySet[M], pk: int) -> M:
    found = queryset.filter(pk=pk).order_by().first()
    if found is None:
        raise NotFound
    return found


def column_get_for_actor(*, actor: Actor, seen: BoardWithAccess, column_id: int) -> Column:
    """A column of a board the actor may see; NotFound for any other id."""
    seen = checked(actor=actor, seen=seen)
    column = _one_of(board_column_list(seen=seen), column_id)
    column.board = seen.board
    return column


def swimlane_get_for_actor(*, actor: Actor, seen: BoardWithAccess, swimlane_id: int) -> Swimlane:
    seen = checked(actor=actor, seen=seen)
    swimlane = _one_of(board_swimlane_list(seen=seen), swimlane_id)
    swimlane.board = seen.board
    return swimlane


def label_get_for_actor(*, actor: Actor, seen: BoardWithAccess, label_id: int) -> Label:
    seen = checked(actor=actor, seen=seen)
    label = _one_of(board_label_list(seen=seen), label_id)
    label.board = seen.board
    return label


def card_template_list(*, seen: BoardWithAccess) -> QuerySet[CardTemplate]:
    """The board's card templates by name, with their labels (two queries)."""
    board = seen.board
    return (
        CardTemplate.objects.filter(organisation_id=board.organisation_id, board_id=board.pk)
        .prefetch_related("labels")
        .order_by("name", "pk")
    )


def card_template_get_for_actor(
    *, actor: Actor, seen: BoardWithAccess, template_id: int
) -> CardTemplate:
    """One card template of a board the actor sees; NotFound otherwise."""
    seen = checked(actor=actor, seen=seen)
    template = card_template_list(seen=seen).filter(pk=template_id).first()
    if template is None:
        raise NotFound
    template.board = seen.board
    return template


def card_recurrence_list(*, seen: BoardWithAccess) -> QuerySet[CardRecurrence]:
    """The board's recurring cards, with their template and lane (one query)."""
    board = seen.board
    return (
        CardRecurrence.objects.filter(organisation_id=board.organisation_id, board_id=board.pk)
        .select_related("template", "swimlane")
        .order_by("pk")
    )


def card_recurrence_get_for_actor(
    *, actor: Actor, seen: BoardWithAccess, recurrence_id: int
) -> CardRecurrence:
    """One recurring card of a board the actor sees; NotFound otherwise."""
    seen = checked(actor=actor, seen=seen)
    recurrence = card_recurrence_list(seen=seen).filter(pk=recurrence_id).first()
    if recurrence is None:
        raise NotFound
    return recurrence


def board_member_list(*, board: Board) -> QuerySet[User]:
    """People who may be assigned or mentioned on the board: the team's working members and
    the guests invited to this board who are still the team's guests."""
    return (
        User.objects.filter(is_active=True)
        .filter(board_people_q(board))
        .order_by("last_name", "first_name")
    )


def board_team_guest_list(*, seen: BoardWithAccess) -> list[tuple[User, bool]]:
    """The team's guests, each with whether this board invites them (settings page)."""
    board = seen.board
    invited = Board.guests.through.objects.filter(board_id=board.pk, user_id=OuterRef("pk"))
    guests = (
        User.objects.filter(
            team_memberships__team_id=board.team_id,
            team_memberships__role=TeamMembership.Role.GUEST,
        )
        .annotate(is_invited=Exists(invited))
        .order_by("last_name", "first_name", "email")
    )
    return [(guest, bool(guest.is_invited)) for guest in guests]


def board_guest_get_for_actor(*, actor: Actor, seen: BoardWithAccess, user_id: int) -> User:
    """A guest of the board's team, or one invited to the board (to invite or withdraw)."""
    board = checked(actor=actor, seen=seen).board
    user = (
        User.objects.filter(pk=user_id)
        .filter(
            Q(team_memberships__team_id=board.team_id, team_memberships__role="guest")
            | Q(guest_boards=board)
        )
        .distinct()
        .first()
    )
    if user is None:
        raise NotFound
    return user


@dataclass(frozen=True)
class BoardRole:
    """A working member of the board's team and their role on the board."""

    user: User
    is_lead: bool
    is_named_manager: bool

    @property
    def is_manager(self) -> bool:
        return self.is_lead or self.is_named_manager


def board_role_list(*, seen: BoardWithAccess) -> list[BoardRole]:
    """The team's working members with their role on the board (one query), leads first."""
    board = seen.board
    named = Board.managers.through.objects.filter(board_id=board.pk, user_id=OuterRef("pk"))
    people = (
        User.objects.filter(
            team_memberships__team_id=board.team_id,
            team_memberships__role__in=WORKING_ROLES,
        )
        .annotate(role=F("team_memberships__role"), is_named_manager=Exists(named))
        .order_by("last_name", "first_name", "email")
    )
    roles = [
        BoardRole(
            person,
            is_lead=person.role == TeamMembership.Role.LEAD,
            is_named_manager=bool(person.is_named_manager),
        )
        for person in people
    ]
    return sorted(roles, key=lambda role: not role.is_lead)


def board_member_get_for_actor(*, actor: Actor, seen: BoardWithAccess, user_id: int) -> User:
    """A member of the board's team, or a person the board names a manager (to name or drop)."""
    board = checked(actor=actor, seen=seen).board
    user = (
        User.objects.filter(pk=user_id)
        .filter(
            Q(
                team_memberships__team_id=board.team_id,
                team_memberships__role=TeamMembership.Role.MEMBER,
            )
            | Q(managed_boards=board)
        )
        .distinct()
        .first()
    )
    if user is None:
        raise NotFound
    return user


def team_list_for_board_creation(*, actor: Actor) -> QuerySet[Team]:
    """The teams where the actor works (lead or member): where they may create boards."""
    return Team.objects.filter(
        organisation=actor.organisation,
        memberships__user=actor.user,
        memberships__role__in=WORKING_ROLES,
    ).order_by("name")


def team_membership_role(*, actor: Actor, team: Team) -> str | None:
    """The actor's role in the team, if any (to decide whether they may create its boards)."""
    return (
        TeamMembership.objects.filter(team=team, user=actor.user)
        .values_list("role", flat=True)
        .first()
    )


def board_template_list_for_actor(*, actor: Actor) -> QuerySet[BoardTemplate]:
    """The built-in templates and the organisation's own."""
    return BoardTemplate.objects.filter(
        Q(organisation__isnull=True) | Q(organisation=actor.organisation)
    ).order_by("position", "name")


def board_template_get_for_actor(*, actor: Actor, template_id: int) -> BoardTemplate:
    template = board_template_list_for_actor(actor=actor).filter(pk=template_id).first()
    if template is None:
        raise NotFound
    return template


def transfer_target_list_for_actor(*, actor: Actor, seen: BoardWithAccess) -> list[Board]:
    """Boards of the organisation a card of `seen` may move to: not archived, not `seen`, and
    where the actor works in the team (the move service checks every rule again). Each with its
    open columns prefetched (two queries)."""
    return list(
        Board.objects.filter(
            organisation=actor.organisation,
            archived_at__isnull=True,
            team__memberships__user=actor.user,
            team__memberships__role__in=WORKING_ROLES,
        )
        .exclude(pk=seen.pk)
        .select_related("team")
        .prefetch_related(
            Prefetch(
                "columns",
                queryset=Column.objects.filter(is_closed=False).order_by("position", "pk"),
                to_attr="open_columns",
            )
        )
        .order_by("team__name", "name")
        .distinct()
    )
