"""Where cards stand: moves between cells, the ready part of split columns, and the start and
finish points that follow a column's stage.

Under the board lock the positions of the cells left and entered are shifted in one UPDATE
each, so the order stays dense whatever the number of concurrent movers. Every change of place
is a history event (`history.moved`, `history.restaged`).
"""

from datetime import datetime

from django.db import transaction
from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from officina.boards import history
from officina.boards.exceptions import BoardRuleError, EditConflictError
from officina.boards.models import Column, Stage, Swimlane, WorkItem, WorkItemEvent
from officina.boards.permissions import require_edit_cards
from officina.boards.selectors.boards import board_access_for_actor
from officina.boards.services.locking import bump_board, lock_board
from officina.common.exceptions import NotFound
from officina.organisations.actor import Actor

Kind = WorkItemEvent.Kind


def open_cards(column_id: int, swimlane_id: int) -> QuerySet[WorkItem]:
    return WorkItem.objects.filter(column_id=column_id, swimlane_id=swimlane_id, archived_at=None)


def bounds_in_cell(
    column: Column, swimlane_id: int, *, leaving_id: int | None, ready: bool
) -> tuple[int, int]:
    """The positions a card may take in a cell, once the card `leaving_id` has left it.

    In a split column the cards in progress come first, then the ready ones, so a card takes a
    place among its own part; elsewhere, anywhere from the top to the bottom.
    """
    cards = open_cards(column.pk, swimlane_id)
    if leaving_id is not None:
        cards = cards.exclude(pk=leaving_id)
    if not column.is_split:
        return 0, cards.count()
    counts = cards.aggregate(
        doing=Count("pk", filter=Q(is_ready=False)), ready=Count("pk", filter=Q(is_ready=True))
    )
    doing, waiting = counts["doing"], counts["ready"]
    return (doing, doing + waiting) if ready else (0, doing)


def room_at_the_bottom(column: Column, swimlane_id: int) -> int:
    """The position of a card arriving at the bottom of a cell (of its part in progress, in a
    split column, whose ready cards move down one place to make room)."""
    if not column.is_split:
        return open_cards(column.pk, swimlane_id).count()
    _low, bottom = bounds_in_cell(column, swimlane_id, leaving_id=None, ready=False)
    open_cards(column.pk, swimlane_id).filter(is_ready=True).update(position=F("position") + 1)
    return bottom


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


def _target_column(column: Column, card: WorkItem, board_id: int) -> Column:
    """The column to move to, read again under the lock from this board only: the caller's
    copy may predate a concurrent change (a column closed, its limit lowered), or be a bare
    `Column(pk=…)`. The card's own column was just read with it, under the lock."""
    if column.pk == card.column_id:
        return card.column
    fresh = Column.objects.filter(pk=column.pk, board_id=board_id).order_by().first()
    if fresh is None:
        raise BoardRuleError(_("This column belongs to another board."))
    return fresh


def _target_lane(swimlane: Swimlane | None, card: WorkItem, board_id: int) -> Swimlane:
    if swimlane is None or swimlane.pk == card.swimlane_id:
        return card.swimlane
    fresh = Swimlane.objects.filter(pk=swimlane.pk, board_id=board_id).order_by().first()
    if fresh is None:
        raise BoardRuleError(_("This swimlane belongs to another board."))
    return fresh


def _locked_card(work_item: WorkItem, board_id: int, expected_version: int | None) -> WorkItem:
    # By id, or by number for a bare `WorkItem(number=…)` (the drag-and-drop endpoint), and
    # always within this board.
    lookup = {"pk": work_item.pk} if work_item.pk else {"number": work_item.number}
    card = (
        WorkItem.objects.select_related("column", "swimlane")
        .filter(board_id=board_id, **lookup)
        .order_by()
        .first()
    )
    if card is None:
        raise NotFound
    if expected_version is not None and card.version != expected_version:
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
    expected_version: int | None = None,
    ready: bool | None = None,
    at: datetime | None = None,
) -> WorkItem:
    """Move a card to a column, lane and 0-based position (default: the bottom of the cell).

    `ready` puts the card in the "ready" (True) or "in progress" (False) part of a split column;
    None keeps its part within the column, and a card entering another column is in progress.
    The position is then taken within that part (default: its bottom). `at`: when it happened.
    """
    require_edit_cards(board_access_for_actor(actor=actor, board_id=work_item.board_id))
    locked = lock_board(work_item.board_id)
    card = _locked_card(work_item, locked.pk, expected_version)
    column = _target_column(column, card, locked.pk)
    swimlane = _target_lane(swimlane, card, locked.pk)
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
    low, high = bounds_in_cell(column, swimlane.pk, leaving_id=card.pk, ready=now_ready)
    target = high if position is None else max(low, min(int(position), high))
    if same_cell and target == card.position and now_ready == was_ready:
        return card
    # Close the gap in the cell the card leaves, then open one where it goes.
    open_cards(card.column_id, card.swimlane_id).filter(position__gt=card.position).update(
        position=F("position") - 1
    )
    open_cards(column.pk, swimlane.pk).exclude(pk=card.pk).filter(position__gte=target).update(
        position=F("position") + 1
    )
    at = at or timezone.now()
    from_column, from_swimlane_id = card.column, card.swimlane_id
    card.column, card.swimlane, card.position = column, swimlane, target
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
            position=target,
            ready=now_ready if (column.is_split or was_ready) else None,
        )
    )
    bump_board(locked, card_ids=[card.pk])
    card.board = locked
    return card


_PLACE_FIELDS = (
    "column",
    "swimlane",
    "position",
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
    ready = list(WorkItem.objects.filter(column=column, is_ready=True).order_by())
    if not ready:
        return []
    WorkItem.objects.filter(pk__in=[card.pk for card in ready]).update(
        is_ready=False, version=F("version") + 1, updated_at=at
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
                position=card.position,
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
