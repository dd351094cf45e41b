"""Reads of the boards app. Every function takes the actor and scopes by it."""

from typing import TypeVar

from django.db.models import Exists, F, Model, OuterRef, Prefetch, Q, QuerySet, Subquery

from officina.accounts.models import User
from officina.boards.models import (
    Board,
    BoardTemplate,
    Column,
    Label,
    Stage,
    Swimlane,
    WorkItem,
    WorkItemEvent,
)
from officina.boards.permissions import (
    WORKING_ROLES,
    BoardAccess,
    board_access,
    board_visibility_q,
)
from officina.common.exceptions import NotFound
from officina.organisations.access_cache import MISSING, keep, recall
from officina.organisations.actor import Actor
from officina.organisations.models import Team, TeamMembership


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


def board_get_for_actor(*, actor: Actor, board_id: int) -> Board:
    """One board with `board.access` (what the actor may do); NotFound when invisible.

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
    return _attach_access(board, actor, access)


def board_reference_for_actor(*, actor: Actor, board_id: int) -> Board:
    """The board as a bare reference (id, organisation, `board.access`), without reading its
    row when the access is cached: for the hot write paths, whose service reads the board again
    under its lock anyway."""
    access = _cached_board_access(actor, board_id)
    if access is None:
        return _board_with_access(actor=actor, board_id=board_id)
    board = Board(pk=board_id, organisation=actor.organisation)
    return _attach_access(board, actor, access)


def _board_access_key(actor: Actor, board_id: int) -> str:
    user = actor.user
    return f"board:{user.pk}:{int(user.is_superuser)}:{actor.organisation.pk}:{board_id}"


def _cached_board_access(actor: Actor, board_id: int) -> BoardAccess | None:
    if actor.access_generation is None:
        return None
    cached = recall(_board_access_key(actor, board_id), actor.access_generation)
    return None if cached is MISSING else cached


def _attach_access(board: Board, actor: Actor, access: BoardAccess) -> Board:
    board.access = access  # type: ignore[attr-defined]
    board._access_of = (actor.user.pk, actor.organisation.pk)  # type: ignore[attr-defined]
    return board


def _board_with_access(*, actor: Actor, board_id: int) -> Board:
    """The board and the actor's access to it, from the database (then cached).

    One query finds the board with the actor's role in its team and their invitation; only
    for someone who neither works on the board nor is invited does a second query test the
    wider visibility (their ente, the organisation), which is the expensive part.
    """
    membership_role = TeamMembership.objects.filter(team=OuterRef("team"), user=actor.user).values(
        "role"
    )[:1]
    invited = Board.guests.through.objects.filter(board=OuterRef("pk"), user=actor.user)
    board = (
        Board.objects.filter(organisation=actor.organisation, pk=board_id)
        .select_related("team")
        .annotate(membership_role=Subquery(membership_role), is_invited=Exists(invited))
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
    access = board_access(actor, membership_role=role, is_invited=is_invited, is_visible=is_visible)
    if not access.can_view:
        raise NotFound
    if actor.access_generation is not None:
        keep(_board_access_key(actor, board_id), actor.access_generation, access)
    return _attach_access(board, actor, access)


def board_access_for_actor(*, actor: Actor, board: Board) -> BoardAccess:
    """The access already computed for this actor by `board_get_for_actor`, or computed now.

    The cached access is keyed by person and organisation: a board object fetched for one person
    and handed to a service acting for another is checked again, never trusted.
    """
    if getattr(board, "_access_of", None) == (actor.user.pk, actor.organisation.pk):
        cached: BoardAccess = board.access  # type: ignore[attr-defined]
        return cached
    fresh = board_get_for_actor(actor=actor, board_id=board.pk)
    board.access = fresh.access  # type: ignore[attr-defined]
    board._access_of = fresh._access_of  # type: ignore[attr-defined]
    return fresh.access  # type: ignore[attr-defined, no-any-return]


def board_structure(*, board: Board) -> tuple[list[Column], list[Swimlane]]:
    """Columns and swimlanes of a board in display order (two queries)."""
    return list(board.columns.all()), list(board.swimlanes.all())


M = TypeVar("M", bound=Model)


def _one_of(queryset: QuerySet[M], pk: int) -> M:
    found = queryset.filter(pk=pk).order_by().first()
    if found is None:
        raise NotFound
    return found


def column_get_for_actor(*, actor: Actor, board: Board, column_id: int) -> Column:
    """A column of a board the actor may see; NotFound for any other id."""
    board_access_for_actor(actor=actor, board=board)
    column: Column = _one_of(board.columns.all(), column_id)
    column.board = board  # keep the access computed for the board
    return column


def swimlane_get_for_actor(*, actor: Actor, board: Board, swimlane_id: int) -> Swimlane:
    board_access_for_actor(actor=actor, board=board)
    swimlane: Swimlane = _one_of(board.swimlanes.all(), swimlane_id)
    swimlane.board = board
    return swimlane


def label_get_for_actor(*, actor: Actor, board: Board, label_id: int) -> Label:
    board_access_for_actor(actor=actor, board=board)
    label: Label = _one_of(board.labels.all(), label_id)
    label.board = board
    return label


def board_label_list(*, board: Board) -> QuerySet[Label]:
    """The board's labels by name (the board was already reached through its selector)."""
    return board.labels.order_by("name", "pk")


def board_member_list(*, board: Board) -> QuerySet[User]:
    """People who may be assigned or mentioned on the board: the team's working members and
    the guests invited to this board."""
    return (
        User.objects.filter(is_active=True)
        .filter(
            Q(
                team_memberships__team_id=board.team_id,
                team_memberships__role__in=WORKING_ROLES,
            )
            | Q(guest_boards=board)
        )
        .distinct()
        .order_by("last_name", "first_name")
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


def work_item_get_for_actor(*, actor: Actor, board: Board, number: int) -> WorkItem:
    """One card of a board the actor may see (archived ones too), with what its page shows."""
    board_access_for_actor(actor=actor, board=board)
    work_item = (
        WorkItem.objects.filter(organisation=actor.organisation, board=board, number=number)
        .select_related("column", "swimlane", "created_by")
        .prefetch_related("assignees", "labels")
        .first()
    )
    if work_item is None:
        raise NotFound
    work_item.board = board  # keep the access computed for the board
    return work_item


def work_item_event_list(*, work_item: WorkItem) -> QuerySet[WorkItemEvent]:
    """The card's timeline, oldest first (the card was already checked by its selector)."""
    return WorkItemEvent.objects.filter(work_item=work_item).select_related(
        "actor", "from_column", "to_column", "from_swimlane", "to_swimlane"
    )


def board_event_list_for_actor(*, actor: Actor, board: Board) -> QuerySet[WorkItemEvent]:
    """Every event of a board, oldest first: what analytics and the API read."""
    board_access_for_actor(actor=actor, board=board)
    return WorkItemEvent.objects.filter(
        organisation=actor.organisation, board=board
    ).select_related("actor", "work_item")


def my_open_work_item_list(*, actor: Actor) -> QuerySet[WorkItem]:
    """ "Il mio lavoro": open cards assigned to the actor on boards they can still see."""
    visible_boards = Board.objects.filter(
        organisation=actor.organisation, archived_at__isnull=True
    ).filter(board_visibility_q(actor))
    return (
        WorkItem.objects.filter(
            organisation=actor.organisation,
            assignees=actor.user,
            archived_at__isnull=True,
            board__in=visible_boards,
        )
        .exclude(column__stage=Stage.DONE)
        .select_related("board", "board__team", "column")
        .prefetch_related(Prefetch("labels"))
        .order_by(F("due_date").asc(nulls_last=True), "board__name", "number")
    )
