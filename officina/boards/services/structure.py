"""A board's structure: columns (stage, WIP limit, policy, split, closed), lanes and labels.

Every change to a column or a lane is a board event with its position and stage
(`boards.history`), and a column that changes stage takes its cards with it (RESTAGED events),
so the flow read from the history stays true. A column or lane that any card ever passed
through is never deleted: it is closed, so past moves keep their meaning.
"""

from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from officina.boards import history
from officina.boards.exceptions import BoardRuleError
from officina.boards.models import (
    Board,
    BoardEvent,
    Column,
    Label,
    Stage,
    Swimlane,
    WorkItem,
    WorkItemEvent,
)
from officina.boards.permissions import require_manage_board
from officina.boards.selectors.boards import board_access_for_actor
from officina.boards.services.locking import bump_board, lock_board
from officina.boards.services.moves import work_items_back_in_progress, work_items_restage
from officina.common.exceptions import full_clean_or_refuse
from officina.organisations.actor import Actor

COLUMN_FIELDS = (
    "name",
    "stage",
    "wip_limit",
    "wip_policy",
    "policy",
    "is_collapsed",
    "is_closed",
    "is_split",
)
STRUCTURE_RELATIONS = ("organisation", "board")


def _clean_column_changes(changes: dict[str, Any]) -> dict[str, Any]:
    for field in changes:
        if field not in COLUMN_FIELDS:
            raise TypeError(f"column change of {field} is not allowed")
    if "name" in changes:
        changes["name"] = str(changes["name"]).strip()
        if not changes["name"]:
            raise BoardRuleError(_("A column needs a name."))
    if changes.get("wip_limit") == 0:
        changes["wip_limit"] = None
    return changes


def _check_split(column: Column) -> None:
    if column.is_split and column.stage != Stage.IN_PROGRESS:
        raise BoardRuleError(
            _("Only a column in progress can have a 'ready' part: change its stage first.")
        )


@transaction.atomic
def column_create(
    *, actor: Actor, board: Board, name: str, at: datetime | None = None, **fields: Any
) -> Column:
    """Add a column at the right end of the board."""
    require_manage_board(board_access_for_actor(actor=actor, board_id=board.pk))
    fields = _clean_column_changes({"name": name, **fields})
    locked = lock_board(board.pk)
    at = at or timezone.now()
    last = locked.columns.aggregate(last=Max("position"))["last"]
    column = Column(
        organisation=locked.organisation,
        board=locked,
        position=(last or 0) + 1,
        created_at=at,
        **fields,
    )
    _check_split(column)
    full_clean_or_refuse(column, exclude=STRUCTURE_RELATIONS, error=BoardRuleError)
    column.save()
    history.record(history.column_created(column, by=actor.user, at=at))
    bump_board(locked, structure=True)
    return column


@transaction.atomic
def column_update(
    *, actor: Actor, column: Column, at: datetime | None = None, **changes: Any
) -> Column:
    """Rename a column or change its stage, WIP limit, policy, collapse, closed state or split.

    A column that changes stage re-stages its cards (their start and finish points follow);
    one that stops being split sends its ready cards back in progress. Each with its event.
    """
    require_manage_board(board_access_for_actor(actor=actor, board_id=column.board_id))
    changes = _clean_column_changes(changes)
    locked = lock_board(column.board_id)
    column = Column.objects.get(pk=column.pk, board_id=locked.pk)
    column.board = locked
    before = {field: getattr(column, field) for field in COLUMN_FIELDS}
    for field, value in changes.items():
        setattr(column, field, value)
    if column.stage != Stage.IN_PROGRESS and "is_split" not in changes:
        column.is_split = False
    _check_split(column)
    full_clean_or_refuse(column, exclude=STRUCTURE_RELATIONS, error=BoardRuleError)
    changed = {
        field: (before[field], getattr(column, field))
        for field in COLUMN_FIELDS
        if before[field] != getattr(column, field)
    }
    if not changed:
        return column
    column.save()
    at = at or timezone.now()
    card_ids: list[int] = []
    if before["is_split"] and not column.is_split:
        card_ids += work_items_back_in_progress(
            actor=actor, column=column, stage=before["stage"], at=at
        )
    if "stage" in changed:
        card_ids += work_items_restage(
            actor=actor, column=column, from_stage=before["stage"], at=at
        )
    history.record(*history.column_changed(column, by=actor.user, at=at, changes=changed))
    bump_board(locked, card_ids=card_ids, structure=True)
    return column


Part = TypeVar("Part", Column, Swimlane)


def _reorder(
    *,
    actor: Actor,
    locked: Board,
    parts: list[Part],
    ids: list[int],
    changed: Callable[..., list[BoardEvent]],
    incomplete: str,
    at: datetime,
) -> None:
    """Give the board's columns (or lanes) the positions of `ids`, one event per part moved;
    refused with `incomplete` unless `ids` lists every part once."""
    if sorted(ids) != sorted(part.pk for part in parts):
        raise BoardRuleError(incomplete)
    by_id = {part.pk: part for part in parts}
    events = []
    for position, part_id in enumerate(ids):
        part = by_id[part_id]
        if part.position != position:
            part.board = locked
            changes = {"position": (part.position, position)}
            part.position = position
            events += changed(part, by=actor.user, at=at, changes=changes)
    if events:
        type(parts[0]).objects.bulk_update(parts, ["position"])
        history.record(*events)
        bump_board(locked, structure=True)


@transaction.atomic
def column_reorder(
    *, actor: Actor, board: Board, column_ids: list[int], at: datetime | None = None
) -> None:
    """Put the board's columns in the given order (every column, each once)."""
    require_manage_board(board_access_for_actor(actor=actor, board_id=board.pk))
    locked = lock_board(board.pk)
    _reorder(
        actor=actor,
        locked=locked,
        parts=list(locked.columns.all()),
        ids=column_ids,
        changed=history.column_changed,
        incomplete=_("The new order must list every column of the board once."),
        at=at or timezone.now(),
    )


def _in_history_q(field: str, pk: int) -> Q:
    return Q(**{f"from_{field}_id": pk}) | Q(**{f"to_{field}_id": pk})


@transaction.atomic
def column_delete(*, actor: Actor, column: Column, at: datetime | None = None) -> None:
    """Delete a column no card ever passed through; otherwise it must be closed instead."""
    require_manage_board(board_access_for_actor(actor=actor, board_id=column.board_id))
    locked = lock_board(column.board_id)
    column = Column.objects.get(pk=column.pk, board_id=locked.pk)  # as it is now, for the event
    column.board = locked
    used = (
        WorkItem.objects.filter(column=column).exists()
        or WorkItemEvent.objects.filter(_in_history_q("column", column.pk)).exists()
    )
    if used or locked.columns.count() <= 1:
        raise BoardRuleError(
            _(
                'The column "%(column)s" holds cards or their history: close it instead, '
                "so past moves stay exact."
            )
            % {"column": column.name}
        )
    history.record(history.column_deleted(column, by=actor.user, at=at or timezone.now()))
    column.delete()
    bump_board(locked, structure=True)


# --- Swimlanes -------------------------------------------------------------------------------


def _lane_name(name: str) -> str:
    name = name.strip()
    if not name:
        raise BoardRuleError(_("A swimlane needs a name."))
    return name


@transaction.atomic
def swimlane_create(
    *, actor: Actor, board: Board, name: str, at: datetime | None = None
) -> Swimlane:
    require_manage_board(board_access_for_actor(actor=actor, board_id=board.pk))
    name = _lane_name(name)
    locked = lock_board(board.pk)
    at = at or timezone.now()
    last = locked.swimlanes.aggregate(last=Max("position"))["last"]
    lane = Swimlane(
        organisation=locked.organisation,
        board=locked,
        name=name,
        position=(last or 0) + 1,
        created_at=at,
    )
    full_clean_or_refuse(lane, exclude=STRUCTURE_RELATIONS, error=BoardRuleError)
    lane.save()
    history.record(history.lane_created(lane, by=actor.user, at=at))
    bump_board(locked, structure=True)
    return lane


@transaction.atomic
def swimlane_update(
    *,
    actor: Actor,
    swimlane: Swimlane,
    name: str | None = None,
    is_collapsed: bool | None = None,
    at: datetime | None = None,
) -> Swimlane:
    require_manage_board(board_access_for_actor(actor=actor, board_id=swimlane.board_id))
    locked = lock_board(swimlane.board_id)
    swimlane = Swimlane.objects.get(pk=swimlane.pk, board_id=locked.pk)
    swimlane.board = locked
    changes: dict[str, tuple[Any, Any]] = {}
    if name is not None and _lane_name(name) != swimlane.name:
        changes["name"] = (swimlane.name, _lane_name(name))
        swimlane.name = _lane_name(name)
    collapse_changed = is_collapsed is not None and is_collapsed != swimlane.is_collapsed
    if collapse_changed:
        swimlane.is_collapsed = bool(is_collapsed)
    if not changes and not collapse_changed:
        return swimlane  # nothing to save: every card face stays cached
    full_clean_or_refuse(swimlane, exclude=STRUCTURE_RELATIONS, error=BoardRuleError)
    swimlane.save()
    history.record(
        *history.lane_changed(swimlane, by=actor.user, at=at or timezone.now(), changes=changes)
    )
    bump_board(locked, structure=True)
    return swimlane


@transaction.atomic
def swimlane_reorder(
    *, actor: Actor, board: Board, swimlane_ids: list[int], at: datetime | None = None
) -> None:
    """Put the board's lanes in the given order (every lane, each once)."""
    require_manage_board(board_access_for_actor(actor=actor, board_id=board.pk))
    locked = lock_board(board.pk)
    _reorder(
        actor=actor,
        locked=locked,
        parts=list(locked.swimlanes.all()),
        ids=swimlane_ids,
        changed=history.lane_changed,
        incomplete=_("The new order must list every swimlane of the board once."),
        at=at or timezone.now(),
    )


@transaction.atomic
def swimlane_delete(*, actor: Actor, swimlane: Swimlane, at: datetime | None = None) -> None:
    """Delete a lane no card ever passed through; the last lane of a board stays."""
    require_manage_board(board_access_for_actor(actor=actor, board_id=swimlane.board_id))
    locked = lock_board(swimlane.board_id)
    swimlane = Swimlane.objects.get(pk=swimlane.pk, board_id=locked.pk)
    swimlane.board = locked
    used = (
        WorkItem.objects.filter(swimlane=swimlane).exists()
        or WorkItemEvent.objects.filter(_in_history_q("swimlane", swimlane.pk)).exists()
    )
    if used or locked.swimlanes.count() <= 1:
        raise BoardRuleError(
            _(
                'The swimlane "%(lane)s" holds cards or their history, or is the only one: '
                "it cannot be deleted."
            )
            % {"lane": swimlane.name}
        )
    history.record(history.lane_deleted(swimlane, by=actor.user, at=at or timezone.now()))
    swimlane.delete()
    bump_board(locked, structure=True)


# --- Labels ----------------------------------------------------------------------------------


def _label_name(locked: Board, name: str, *, other_than: int | None = None) -> str:
    name = name.strip()
    if not name:
        raise BoardRuleError(_("A label needs a name."))
    same_name = locked.labels.filter(name__iexact=name)
    if other_than is not None:
        same_name = same_name.exclude(pk=other_than)
    if same_name.exists():
        raise BoardRuleError(_("The board already has a label with this name."))
    return name


def _cards_wearing(label: Label) -> list[int]:
    wearing = WorkItem.labels.through.objects.filter(label_id=label.pk)
    return list(wearing.values_list("workitem_id", flat=True))


@transaction.atomic
def label_create(
    *, actor: Actor, board: Board, name: str, colour: str = Label.Colour.BLUE
) -> Label:
    require_manage_board(board_access_for_actor(actor=actor, board_id=board.pk))
    locked = lock_board(board.pk)
    label = Label(
        organisation=locked.organisation,
        board=locked,
        name=_label_name(locked, name),
        colour=colour,
    )
    full_clean_or_refuse(label, exclude=STRUCTURE_RELATIONS, error=BoardRuleError)
    label.save()
    bump_board(locked, structure=True)
    return label


@transaction.atomic
def label_update(
    *, actor: Actor, label: Label, name: str | None = None, colour: str | None = None
) -> Label:
    """Rename or recolour a label; every card wearing it shows the change."""
    require_manage_board(board_access_for_actor(actor=actor, board_id=label.board_id))
    locked = lock_board(label.board_id)
    label = Label.objects.get(pk=label.pk, board_id=locked.pk)
    if name is not None:
        label.name = _label_name(locked, name, other_than=label.pk)
    if colour is not None:
        label.colour = colour
    full_clean_or_refuse(label, exclude=STRUCTURE_RELATIONS, error=BoardRuleError)
    label.save()
    bump_board(locked, card_ids=_cards_wearing(label), structure=True)
    return label


@transaction.atomic
def label_delete(*, actor: Actor, label: Label) -> None:
    require_manage_board(board_access_for_actor(actor=actor, board_id=label.board_id))
    locked = lock_board(label.board_id)
    card_ids = _cards_wearing(label)
    label.delete()
    bump_board(locked, card_ids=card_ids, structure=True)
