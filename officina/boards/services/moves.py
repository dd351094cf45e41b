"""Where cards stand: moves between cells, the ready part of split columns, and the start and
finish points that follow a column's stage.

A cell (column x lane) lists its cards in progress by rank, then its ready ones by rank. Ranks
are sparse (`common.ranks`, decision 0029): a move writes the moved card's row only, whatever
the number of cards in the cell; when two neighbours touch, the part is laid out again under
the board lock. Every change of place is a history event (`history.moved`, `history.restaged`),
with the 0-based position in the cell that people and the API see.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import Count, Max, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from officina.boards import history
from officina.boards.broadcast import board_changed_on_commit
from officina.boards.exceptions import BoardRuleError, EditConflictError
from officina.boards.models import Board, Column, Stage, Swimlane, WorkItem, WorkItemEvent
from officina.boards.permissions import require_edit_cards
from officina.boards.selectors.boards import board_access_for_actor, board_parts
from officina.boards.services.locking import lock_and_bump_board
from officina.common.exceptions import NotFound
from officina.common.ranks import rank_after, rank_between, spread
from officina.organisations.actor import Actor

Kind = WorkItemEvent.Kind


def open_cards(column_id: int, swimlane_id: int) -> QuerySet[WorkItem]:
    return WorkItem.objects.filter(column_id=column_id, swimlane_id=swimlane_id, archived_at=None)


@dataclass(frozen=True)
class Spot:
    """Where a card goes in a cell: its rank, and its 0-based position among the cell's cards
    (in progress first, then ready)."""

    rank: int | None  # None only inside spot_in_cell: the neighbours touch
    position: int
    # The ranks on either side (None: an end of the part), to tell a move in place.
    before: int | None = None
    after: int | None = None


def spot_in_cell(  # noqa: PLR0913 - the ways of naming a place
    column: Column,
    swimlane_id: int,
    *,
    leaving_id: int | None,
    ready: bool,
    position: int | None = None,
    before_number: int | None = None,
) -> Spot:
    """The place for a card in the `ready` part of a cell, the card `leaving_id` left aside:
    just above card number `before_number` when it is in that part, else at 0-based
    `position` in the cell (clamped to the part), else at the bottom of the part.

    One or two small queries whatever the size of the cell.
    """
    cell = open_cards(column.pk, swimlane_id)
    if leaving_id is not None:
        cell = cell.exclude(pk=leaving_id)
    part = cell.filter(is_ready=ready)
    spot = None
    if before_number is not None:
        spot = _spot_above(cell, part, ready, before_number)
    elif position is not None:
        spot = _spot_at(cell, part, column, ready, max(0, int(position)))
    if spot is None:
        spot = _spot_at_bottom(cell, ready)
    if spot.rank is not None:
        return spot
    _spread_part(part)
    return spot_in_cell(
        column,
        swimlane_id,
        leaving_id=leaving_id,
        ready=ready,
        position=position,
        before_number=before_number,
    )


def _place(before: int | None, after: int | None, position: int) -> Spot:
    # rank None (neighbours touch) makes spot_in_cell spread the part and ask again.
    return Spot(rank_between(before, after), position, before, after)


def _spot_above(
    cell: QuerySet[WorkItem], part: QuerySet[WorkItem], ready: bool, number: int
) -> Spot | None:
    target = part.filter(number=number).values("rank")[:1]
    ranks = list(
        part.filter(rank__lte=Subquery(target)).order_by("-rank").values_list("rank", flat=True)[:2]
    )
    if not ranks:
        return None  # that card left the part meanwhile: the bottom, then
    after = ranks[0]
    above = Q(is_ready=ready, rank__lt=after) | (Q(is_ready=False) if ready else Q(pk__in=[]))
    position = cell.filter(above).count()
    return _place(ranks[1] if len(ranks) > 1 else None, after, position)


def _spot_at(
    cell: QuerySet[WorkItem], part: QuerySet[WorkItem], column: Column, ready: bool, position: int
) -> Spot | None:
    first = 0
    if column.is_split and ready:
        first = cell.filter(is_ready=False).count()
    offset = max(0, position - first)
    ranks = list(
        part.order_by("rank").values_list("rank", flat=True)[max(0, offset - 1) : offset + 1]
    )
    if offset == 0:
        return _place(None, ranks[0] if ranks else None, first)
    if len(ranks) == 2:
        return _place(ranks[0], ranks[1], first + offset)
    if len(ranks) == 1:
        return _place(ranks[0], None, first + offset)  # just at the bottom
    return None  # past the bottom


def _spot_at_bottom(cell: QuerySet[WorkItem], ready: bool) -> Spot:
    facts = cell.aggregate(
        last=Max("rank", filter=Q(is_ready=ready)),
        above=Count("pk", filter=Q(is_ready=False) | Q(is_ready=ready)),
    )
    return _place(facts["last"], None, facts["above"])


def _spread_part(part: QuerySet[WorkItem]) -> None:
    """Lay a part of a cell out again, GAP apart in its order (rare: sixteen halvings in one
    place since the last spread). The caller holds the board lock."""
    cards = list(part.order_by("rank", "pk").only("pk", "rank"))
    for card, rank in zip(cards, spread(len(cards)), strict=True):
        card.rank = rank
    WorkItem.objects.bulk_update(cards, ["rank"], batch_size=500)


def bottom_of_cell(column: Column, swimlane_id: int) -> int:
    """The rank of a card arriving at the bottom of a cell's part in progress."""
    last = open_cards(column.pk, swimlane_id).filter(is_ready=False).aggregate(last=Max("rank"))
    return rank_after(last["last"])


def card_position(card: WorkItem) -> int:
    """The card's 0-based position in its cell (one count)."""
    above = Q(is_ready=card.is_ready, rank__lt=card.rank)
    if card.is_ready:
        above |= Q(is_ready=False)
    return open_cards(card.column_id, card.swimlane_id).exclude(pk=card.pk).filter(above).count()


def check_can_enter(column: Column, *, board_id: int) -> None:
    """A card may enter the column: same board, not closed, below a hard WIP limit."""
    if column.board_id != board_id:
        raise BoardRuleError(_("This column belongs to another board."))
    if column.is_closed:
        raise BoardRuleError(
            _('The column "%(column)s" is closed and accepts no cards.') % {"column": column.name}
        )
    if column.has_hard_limit:
        count = WorkItem.objects.filter(column=column, archived_at=None).count()
        if count >= (column.wip_limit or 0):
            raise BoardRuleError(
                _(
                    'The column "%(column)s" is full: its WIP limit is %(limit)s. '
                    "Finish or move a card out of it first."
                )
                % {"column": column.name, "limit": column.wip_limit}
            )


def apply_stage(card: WorkItem, stage: str, at: datetime) -> None:
    """Start and finish points: a move back before the start erases it (flow-metrics §4.1)."""
    if stage == Stage.NOT_STARTED:
        card.started_at = None
        card.finished_at = None
    elif stage == Stage.IN_PROGRESS:
        card.started_at = card.started_at or at
        card.finished_at = None
    else:
        card.started_at = card.started_at or at
        card.finished_at = card.finished_at or at


def _move_kind(*, same_cell: bool, was_ready: bool, now_ready: bool) -> str:
    if not same_cell:
        return Kind.MOVED
    if now_ready != was_ready:
        return Kind.READY if now_ready else Kind.NOT_READY
    return Kind.REORDERED


def _target_column(column: Column, card: WorkItem, columns: dict[int, Column]) -> Column:
    """The column to move to, from this board's columns as they are under the lock: the
    caller's copy may predate a concurrent change (a column closed, its limit lowered), or be
    a bare `Column(pk=…)`."""
    fresh = columns.get(column.pk)
    if fresh is None:
        raise BoardRuleError(_("This column belongs to another board."))
    return fresh


def _target_lane(swimlane: Swimlane | None, card: WorkItem, lanes: dict[int, Swimlane]) -> Swimlane:
    fresh = lanes.get(card.swimlane_id if swimlane is None else swimlane.pk)
    if fresh is None:
        raise BoardRuleError(_("This swimlane belongs to another board."))
    return fresh


def _locked_card(work_item: WorkItem, board: Board, expected_version: int | None) -> WorkItem:
    # By id, or by number for a bare `WorkItem(number=…)` (the drag-and-drop endpoint), and
    # always within this board.
    lookup = {"pk": work_item.pk} if work_item.pk else {"number": work_item.number}
    card = WorkItem.objects.filter(board_id=board.pk, **lookup).order_by().first()
    if card is None:
        raise NotFound
    if expected_version is not None and card.version != expected_version:
        columns, lanes = board_parts(board)
        card.column, card.swimlane = columns[card.column_id], lanes[card.swimlane_id]
        raise EditConflictError(
            _(
                "Card #%(number)s was changed by someone else in the meantime and the board now "
                "shows where it is. Nothing was moved: try again if you still want to."
            )
            % {"number": card.number},
            current=card,
        )
    if card.archived_at is not None:
        raise BoardRuleError(_("An archived card cannot be moved: restore it first."))
    return card


@transaction.atomic
def work_item_move(  # noqa: PLR0913 - the move's facts, each optional
    *,
    actor: Actor,
    work_item: WorkItem,
    column: Column,
    swimlane: Swimlane | None = None,
    position: int | None = None,
    before: int | None = None,
    expected_version: int | None = None,
    ready: bool | None = None,
    at: datetime | None = None,
) -> WorkItem:
    """Move a card to a column and lane (default: its lane): just above card number `before`
    when that card is in the part the card goes to, else at the 0-based `position` in the
    cell, else at the bottom of that part.

    `ready` puts the card in the "ready" (True) or "in progress" (False) part of a split column;
    None keeps its part within the column, and a card entering another column is in progress.
    `at`: when it happened. The board's version is advanced with its lock, in one statement:
    a move refused below rolls it back with the rest.
    """
    require_edit_cards(board_access_for_actor(actor=actor, board_id=work_item.board_id))
    locked = lock_and_bump_board(work_item.board_id)
    card = _locked_card(work_item, locked, expected_version)
    columns, lanes = board_parts(locked)
    card.column, card.swimlane = columns[card.column_id], lanes[card.swimlane_id]
    column = _target_column(column, card, columns)
    swimlane = _target_lane(swimlane, card, lanes)
    changes_column = column.pk != card.column_id
    if changes_column:
        check_can_enter(column, board_id=locked.pk)
    if ready and not column.is_split:
        raise BoardRuleError(
            _('The column "%(column)s" has no "ready" part.') % {"column": column.name}
        )
    was_ready = card.is_ready
    now_ready = column.is_split and (
        bool(ready) if ready is not None else (was_ready and not changes_column)
    )
    same_cell = not changes_column and swimlane.pk == card.swimlane_id
    spot = spot_in_cell(
        column,
        swimlane.pk,
        leaving_id=card.pk,
        ready=now_ready,
        position=position,
        before_number=before,
    )
    board_changed_on_commit(board_id=locked.pk, version=locked.version, card_ids=[card.pk])
    card.board = locked
    card.position = spot.position
    if same_cell and now_ready == was_ready and _between(card.rank, spot):
        return card  # already there (the board's version moved on all the same)
    at = at or timezone.now()
    from_column, from_swimlane_id = card.column, card.swimlane_id
    card.column, card.swimlane = column, swimlane
    card.rank = spot.rank  # type: ignore[assignment]
    card.is_ready = now_ready
    card.version += 1
    if changes_column:
        card.column_entered_at = at
        apply_stage(card, column.stage, at)
    card.save(update_fields=[*_PLACE_FIELDS, "updated_at"])
    history.record(
        history.moved(
            card,
            kind=_move_kind(same_cell=same_cell, was_ready=was_ready, now_ready=now_ready),
            by=actor.user,
            at=at,
            from_column=from_column,
            to_column=column,
            from_swimlane_id=from_swimlane_id,
            to_swimlane_id=swimlane.pk,
            position=spot.position,
            ready=now_ready if (column.is_split or was_ready) else None,
        )
    )
    return card


def _between(rank: int, spot: Spot) -> bool:
    """The card's rank already lies between the neighbours of the spot chosen for it."""
    return (spot.before is None or spot.before < rank) and (spot.after is None or rank < spot.after)


_PLACE_FIELDS = (
    "column",
    "swimlane",
    "rank",
    "is_ready",
    "version",
    "column_entered_at",
    "started_at",
    "finished_at",
)


def work_items_back_in_progress(
    *, actor: Actor, column: Column, stage: str, at: datetime
) -> list[int]:
    """Clear the ready mark of a column that is no longer split (the caller holds the board
    lock): one NOT_READY event per card, in the `stage` the column had until now, so the time
    each waited stays exact. Their ids."""
    ready = list(
        WorkItem.objects.filter(column=column, is_ready=True, archived_at=None).order_by(
            "swimlane_id", "rank", "pk"
        )
    )
    if not ready:
        return []
    # The ready cards stay below the others: ranked after the last card in progress of their
    # lane, in their order, at the positions they had.
    doing = {
        row["swimlane_id"]: row
        for row in WorkItem.objects.filter(column=column, is_ready=False, archived_at=None)
        .order_by()
        .values("swimlane_id")
        .annotate(count=Count("pk"), last=Max("rank"))
    }
    positions: dict[int, int] = {}
    last: dict[int, tuple[int | None, int]] = {}  # lane -> (rank, position) of its last card
    for card in ready:
        lane = doing.get(card.swimlane_id, {"count": 0, "last": None})
        rank, position = last.get(card.swimlane_id, (lane["last"], lane["count"] - 1))
        card.rank = rank_after(rank)
        positions[card.pk] = position + 1
        last[card.swimlane_id] = (card.rank, position + 1)
        card.is_ready = False
        card.version += 1
        card.updated_at = at
    WorkItem.objects.bulk_update(
        ready, ["rank", "is_ready", "version", "updated_at"], batch_size=500
    )
    history.record(
        *(
            history.moved(
                card,
                kind=Kind.NOT_READY,
                by=actor.user,
                at=at,
                from_column=column,
                to_column=column,
                from_swimlane_id=card.swimlane_id,
                to_swimlane_id=card.swimlane_id,
                position=positions[card.pk],
                ready=False,
                column_no_longer_split=True,
                stage=stage,
            )
            for card in ready
        )
    )
    return [card.pk for card in ready]


def work_items_restage(*, actor: Actor, column: Column, from_stage: str, at: datetime) -> list[int]:
    """The column changed stage (the caller holds the board lock): each card on the board in
    it takes its new start and finish points, with a RESTAGED event, so cycle times and the
    cumulative flow read from the history stay true. Their ids."""
    changed = list(WorkItem.objects.filter(column=column, archived_at=None).order_by("pk"))
    for card in changed:
        apply_stage(card, column.stage, at)
        card.version += 1
        card.updated_at = at
    if not changed:
        return []
    WorkItem.objects.bulk_update(
        changed, ["started_at", "finished_at", "version", "updated_at"], batch_size=500
    )
    history.record(
        *(
            history.restaged(card, by=actor.user, at=at, column=column, from_stage=from_stage)
            for card in changed
        )
    )
    return [card.pk for card in changed]
