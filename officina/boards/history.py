"""The one writer of the boards' history: a typed constructor per kind of event.

Flow analytics, burndowns, importers and the audit read `WorkItemEvent` and `BoardEvent`, so
what each kind records is decided here and nowhere else. A constructor builds one event (it
does not save it); `record` saves what a service built, in one statement. The time is always
a parameter (`at`): a service passes the time of its change, which an importer or the demo sets
in the past, so no code patches the clock.

The `data` of each kind (a card event's `from_*`/`to_*` fields are the columns, lanes and
stages before and after):
- created: `{"title"}` as first written;
- moved, reordered, ready, not_ready: `{"position"}` (0-based, in the cell entered), `"ready"`
  when a split column is involved, `"column_no_longer_split": true` when the column stopped
  being split;
- restaged: `{}`; the card's column changed stage (`from_stage` → `to_stage`), so its start
  and finish points moved with it;
- edited: `{field: [before, after]}` for the plain card fields (`card_fields`); for a long
  text, its lengths before and after, never the texts;
- assigned / unassigned: `{"added": [[user id, name], …]}` / `{"removed": […]}`;
- estimated: `{"estimate": [before, after]}`, decimal strings or null;
- labelled: `{"labels": [[ids before], [ids after]]}`;
- blocked: `{"reason"}`; block_reason_changed: `{"reason": [before, after]}`; unblocked: `{}`;
- archived: `{"resolution"}`: delivered, wont_do or duplicate (only delivered work is
  throughput); restored: `{}`;
- commented: `{"comment": id}`; attached / detached: `{"attachment": id, "name", "size"}`;
- linked / unlinked: `{"kind", "target": card id, "board": board id, "number"}`;
- checked / unchecked: `{"item": checklist item id, "text"}`, an item of the card's checklist
  ticked or unticked (the Scrum Definition of Done is ticked there too, decision 0048).

Board events carry the column (`column_ref`) or lane (`swimlane_ref`) they concern by id, and in
`data` its `name`, `position` and `stage` at the time, plus `[before, after]` of what changed
(`name`, `stage`, `position`, `wip_limit`, `wip_policy`); `board_created` has
`{"name", "source"}` and `board_changed` `{field: [before, after]}`.

Retention (R-37): past `OFFICINA_HISTORY_RETENTION_DAYS`, `erase_personal_details` removes who
acted and the personal details of `data` (names, free texts), and keeps what flow needs: the
card, columns, lanes, stages, times, positions, estimates and resolutions.

One module on purpose, past 400 lines: it is the one writer of the history, so every kind's
constructor, its data and what retention leaves of it stay side by side.
"""

import json
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings

from officina.accounts.models import User
from officina.boards.models import (
    Board,
    BoardEvent,
    Column,
    Swimlane,
    WorkItem,
    WorkItemEvent,
    WorkItemLink,
)
from officina.boards.signals import card_events_recorded

CardKind = WorkItemEvent.Kind
BoardKind = BoardEvent.Kind
MOVE_KINDS = frozenset({CardKind.MOVED, CardKind.REORDERED, CardKind.READY, CardKind.NOT_READY})


def _json(value: Any) -> Any:
    """A field value as the history keeps it (dates and decimals as text)."""
    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, set | frozenset):
        return sorted(value)
    return value


def record(*events: WorkItemEvent | BoardEvent) -> None:
    """Save the events a service built, card events and board events each in one statement."""
    card_events = [event for event in events if isinstance(event, WorkItemEvent)]
    board_events = [event for event in events if isinstance(event, BoardEvent)]
    if len(card_events) == 1:
        card_events[0].save()
    elif card_events:
        WorkItemEvent.objects.bulk_create(card_events)
    if card_events:
        card_events_recorded.send(sender=WorkItemEvent, events=card_events)
    if len(board_events) == 1:
        board_events[0].save()
    elif board_events:
        BoardEvent.objects.bulk_create(board_events)


# --- Card events ----------------------------------------------------------------------------


def _card(
    card: WorkItem, kind: str, *, by: User | None, at: datetime, **fields: Any
) -> WorkItemEvent:
    return WorkItemEvent(
        organisation_id=card.organisation_id,
        board_id=card.board_id,
        work_item=card,
        kind=kind,
        actor=by,
        occurred_at=at,
        **fields,
    )


def created(  # noqa: PLR0913
    card: WorkItem,
    *,
    by: User | None,
    at: datetime,
    column: Column,
    swimlane: Swimlane,
    source: str = "",
) -> WorkItemEvent:
    """`source` names what made the card when no person did (e.g. "recurrence:4")."""
    data = {"title": card.title, **({"source": source} if source else {})}
    return _card(
        card,
        CardKind.CREATED,
        by=by,
        at=at,
        to_column=column,
        to_swimlane=swimlane,
        to_stage=column.stage,
        data=data,
    )


def moved(
    card: WorkItem,
    *,
    kind: str,
    by: User | None,
    at: datetime,
    from_column: Column,
    to_column: Column,
    from_swimlane_id: int,
    to_swimlane_id: int,
    position: int,
    ready: bool | None = None,
    column_no_longer_split: bool = False,
    stage: str | None = None,
) -> WorkItemEvent:
    """A card placed somewhere: another cell (moved), the same cell (reordered), or the other
    part of a split column (ready, not_ready).

    `stage`: where the card stood, when its column's stage changes in the same step (a column
    that stops being split while it leaves "in progress"); otherwise the columns say it."""
    if kind not in MOVE_KINDS:
        raise ValueError(f"{kind} is not a kind of move")
    data: dict[str, Any] = {"position": position}
    if ready is not None:
        data["ready"] = ready
    if column_no_longer_split:
        data["column_no_longer_split"] = True
    return _card(
        card,
        kind,
        by=by,
        at=at,
        from_column=from_column,
        to_column=to_column,
        from_swimlane_id=from_swimlane_id,
        to_swimlane_id=to_swimlane_id,
        from_stage=stage or from_column.stage,
        to_stage=stage or to_column.stage,
        data=data,
    )


def restaged(
    card: WorkItem, *, by: User | None, at: datetime, column: Column, from_stage: str
) -> WorkItemEvent:
    """The card's column changed stage: the card changed stage with it, where it stands."""
    return _card(
        card,
        CardKind.RESTAGED,
        by=by,
        at=at,
        from_column=column,
        to_column=column,
        from_swimlane_id=card.swimlane_id,
        to_swimlane_id=card.swimlane_id,
        from_stage=from_stage,
        to_stage=column.stage,
        data={},
    )


def edited(
    card: WorkItem, *, by: User | None, at: datetime, changes: dict[str, tuple[Any, Any]]
) -> WorkItemEvent:
    """Plain fields changed. Long texts are recorded by their lengths only."""
    data = {}
    for field, (before, after) in changes.items():
        if field == "description":
            data[field] = [len(before or ""), len(after or "")]
        else:
            data[field] = [_json(before), _json(after)]
    return _card(card, CardKind.EDITED, by=by, at=at, data=data)


def assigned(
    card: WorkItem, *, by: User | None, at: datetime, people: Sequence[User]
) -> WorkItemEvent:
    added = [[user.pk, str(user)] for user in sorted(people, key=lambda user: user.pk)]
    return _card(card, CardKind.ASSIGNED, by=by, at=at, data={"added": added})


def unassigned(
    card: WorkItem, *, by: User | None, at: datetime, people: Iterable[tuple[int, str]]
) -> WorkItemEvent:
    removed = [[pk, name] for pk, name in sorted(people)]
    return _card(card, CardKind.UNASSIGNED, by=by, at=at, data={"removed": removed})


def left_board(
    card: WorkItem, *, by: User | None, at: datetime, to_board: Board, number: int
) -> WorkItemEvent:
    """The card leaves its board (written on that board, before the card changes): where it
    stood, and its new board and number. For flow it leaves like an archived card."""
    column = card.column
    return _card(
        card,
        CardKind.LEFT_BOARD,
        by=by,
        at=at,
        from_column=column,
        from_swimlane_id=card.swimlane_id,
        from_stage=column.stage,
        data={"board": to_board.pk, "board_name": to_board.name, "number": number},
    )


def entered_board(  # noqa: PLR0913
    card: WorkItem,
    *,
    by: User | None,
    at: datetime,
    from_board: Board,
    number: int,
    from_column: Column,
) -> WorkItemEvent:
    """The card arrives on its new board (written there, after the card changed): where it
    stands, and the board and number it came from. For flow it arrives like a created card."""
    return _card(
        card,
        CardKind.ENTERED_BOARD,
        by=by,
        at=at,
        to_column=card.column,
        to_swimlane_id=card.swimlane_id,
        to_stage=card.column.stage,
        data={
            "board": from_board.pk,
            "board_name": from_board.name,
            "number": number,
            "column_name": from_column.name,
        },
    )


def estimated(
    card: WorkItem, *, by: User | None, at: datetime, before: Decimal | None, after: Decimal | None
) -> WorkItemEvent:
    return _card(
        card, CardKind.ESTIMATED, by=by, at=at, data={"estimate": [_json(before), _json(after)]}
    )


def labelled(
    card: WorkItem, *, by: User | None, at: datetime, before: Iterable[int], after: Iterable[int]
) -> WorkItemEvent:
    return _card(
        card, CardKind.LABELLED, by=by, at=at, data={"labels": [sorted(before), sorted(after)]}
    )


def blocked(card: WorkItem, *, by: User | None, at: datetime, reason: str) -> WorkItemEvent:
    return _card(card, CardKind.BLOCKED, by=by, at=at, data={"reason": reason})


def block_reason_changed(
    card: WorkItem, *, by: User | None, at: datetime, before: str, after: str
) -> WorkItemEvent:
    return _card(
        card, CardKind.BLOCK_REASON_CHANGED, by=by, at=at, data={"reason": [before, after]}
    )


def unblocked(card: WorkItem, *, by: User | None, at: datetime) -> WorkItemEvent:
    return _card(card, CardKind.UNBLOCKED, by=by, at=at, data={})


def archived(card: WorkItem, *, by: User | None, at: datetime, resolution: str) -> WorkItemEvent:
    return _card(
        card,
        CardKind.ARCHIVED,
        by=by,
        at=at,
        to_column_id=card.column_id,
        to_swimlane_id=card.swimlane_id,
        data={"resolution": resolution},
    )


def restored(card: WorkItem, *, by: User | None, at: datetime) -> WorkItemEvent:
    return _card(
        card,
        CardKind.RESTORED,
        by=by,
        at=at,
        to_column_id=card.column_id,
        to_swimlane_id=card.swimlane_id,
        data={},
    )


def commented(card: WorkItem, *, by: User | None, at: datetime, comment_id: int) -> WorkItemEvent:
    return _card(card, CardKind.COMMENTED, by=by, at=at, data={"comment": comment_id})


def attached(
    card: WorkItem, *, by: User | None, at: datetime, attachment_id: int, name: str, size: int
) -> WorkItemEvent:
    data = {"attachment": attachment_id, "name": name, "size": size}
    return _card(card, CardKind.ATTACHED, by=by, at=at, data=data)


def detached(
    card: WorkItem, *, by: User | None, at: datetime, attachment_id: int, name: str, size: int
) -> WorkItemEvent:
    data = {"attachment": attachment_id, "name": name, "size": size}
    return _card(card, CardKind.DETACHED, by=by, at=at, data=data)


def _link_data(link: WorkItemLink, target: WorkItem) -> dict[str, Any]:
    return {
        "kind": link.kind,
        "target": target.pk,
        "board": target.board_id,
        "number": target.number,
    }


def linked(
    card: WorkItem, *, by: User | None, at: datetime, link: WorkItemLink, target: WorkItem
) -> WorkItemEvent:
    return _card(card, CardKind.LINKED, by=by, at=at, data=_link_data(link, target))


def unlinked(
    card: WorkItem, *, by: User | None, at: datetime, link: WorkItemLink, target: WorkItem
) -> WorkItemEvent:
    return _card(card, CardKind.UNLINKED, by=by, at=at, data=_link_data(link, target))


# --- Board events ---------------------------------------------------------------------------


def _board(
    board: Board,
    kind: str,
    *,
    by: User | None,
    at: datetime,
    data: dict[str, Any],
    column: Column | None = None,
    swimlane: Swimlane | None = None,
) -> BoardEvent:
    return BoardEvent(
        organisation_id=board.organisation_id,
        board_id=board.pk,
        kind=kind,
        actor=by,
        occurred_at=at,
        column_ref=column.pk if column is not None else None,
        swimlane_ref=swimlane.pk if swimlane is not None else None,
        data=data,
    )


def board_created(board: Board, *, by: User | None, at: datetime, source: str) -> BoardEvent:
    """`source`: "template:<key or id>" or "board:<id>" (a copy of another board)."""
    return _board(
        board, BoardKind.BOARD_CREATED, by=by, at=at, data={"name": board.name, "source": source}
    )


def board_changed(
    board: Board, *, by: User | None, at: datetime, changes: dict[str, tuple[Any, Any]]
) -> BoardEvent:
    data = {field: [_json(before), _json(after)] for field, (before, after) in changes.items()}
    return _board(board, BoardKind.BOARD_CHANGED, by=by, at=at, data=data)


def board_archived(board: Board, *, by: User | None, at: datetime, archived: bool) -> BoardEvent:
    kind = BoardKind.BOARD_ARCHIVED if archived else BoardKind.BOARD_RESTORED
    return _board(board, kind, by=by, at=at, data={})


def _column_facts(column: Column) -> dict[str, Any]:
    return {"name": column.name, "position": column.position, "stage": column.stage}


# Column fields whose change is a kind of its own, with the kinds for (before, after) values.
_COLUMN_CHANGE_KINDS: dict[str, Callable[[Any, Any], str]] = {
    "name": lambda _before, _after: BoardKind.COLUMN_RENAMED,
    "stage": lambda _before, _after: BoardKind.COLUMN_RESTAGED,
    "position": lambda _before, _after: BoardKind.COLUMN_REORDERED,
    "is_split": lambda _before, after: (
        BoardKind.COLUMN_SPLIT if after else BoardKind.COLUMN_UNSPLIT
    ),
    "is_closed": lambda _before, after: (
        BoardKind.COLUMN_CLOSED if after else BoardKind.COLUMN_REOPENED
    ),
}
_COLUMN_LIMIT_FIELDS = ("wip_limit", "wip_policy")


def column_created(column: Column, *, by: User | None, at: datetime) -> BoardEvent:
    return _board(
        column.board,
        BoardKind.COLUMN_CREATED,
        by=by,
        at=at,
        column=column,
        data=_column_facts(column),
    )


def column_changed(
    column: Column, *, by: User | None, at: datetime, changes: dict[str, tuple[Any, Any]]
) -> list[BoardEvent]:
    """One event per kind of change to a column (renamed, re-staged, moved, split, closed,
    its WIP limit); the column's facts are those after the change."""
    events = []
    for field, kind_of in _COLUMN_CHANGE_KINDS.items():
        if field in changes:
            before, after = changes[field]
            data = {**_column_facts(column), field: [_json(before), _json(after)]}
            events.append(
                _board(column.board, kind_of(before, after), by=by, at=at, column=column, data=data)
            )
    limits = {field: changes[field] for field in _COLUMN_LIMIT_FIELDS if field in changes}
    if limits:
        data = {**_column_facts(column), **{f: [b, a] for f, (b, a) in limits.items()}}
        events.append(
            _board(
                column.board,
                BoardKind.COLUMN_LIMIT_CHANGED,
                by=by,
                at=at,
                column=column,
                data=data,
            )
        )
    return events


def column_deleted(column: Column, *, by: User | None, at: datetime) -> BoardEvent:
    return _board(
        column.board,
        BoardKind.COLUMN_DELETED,
        by=by,
        at=at,
        column=column,
        data=_column_facts(column),
    )


def _lane_facts(lane: Swimlane) -> dict[str, Any]:
    return {"name": lane.name, "position": lane.position}


def lane_created(lane: Swimlane, *, by: User | None, at: datetime) -> BoardEvent:
    return _board(
        lane.board, BoardKind.LANE_CREATED, by=by, at=at, swimlane=lane, data=_lane_facts(lane)
    )


def lane_changed(
    lane: Swimlane, *, by: User | None, at: datetime, changes: dict[str, tuple[Any, Any]]
) -> list[BoardEvent]:
    events = []
    for field, kind in (("name", BoardKind.LANE_RENAMED), ("position", BoardKind.LANE_REORDERED)):
        if field in changes:
            before, after = changes[field]
            data = {**_lane_facts(lane), field: [before, after]}
            events.append(_board(lane.board, kind, by=by, at=at, swimlane=lane, data=data))
    return events


def lane_deleted(lane: Swimlane, *, by: User | None, at: datetime) -> BoardEvent:
    return _board(
        lane.board, BoardKind.LANE_DELETED, by=by, at=at, swimlane=lane, data=_lane_facts(lane)
    )


def checked(
    card: WorkItem, *, by: User | None, at: datetime, item_id: int, text: str, done: bool
) -> WorkItemEvent:
    kind = CardKind.CHECKED if done else CardKind.UNCHECKED
    return _card(card, kind, by=by, at=at, data={"item": item_id, "text": text})


# --- Personal details: who may read them, and retention (R-37) ------------------------------


def _erase_names(key: str) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """`[[id, name], …]` under `key` becomes a count: who it was is personal."""
    return lambda data: {key: len(data.get(key) or [])}


def _erase_values(data: dict[str, Any]) -> dict[str, Any]:
    """An edit keeps which fields changed; their old and new texts may name people."""
    return {field: None if field != "description" else values for field, values in data.items()}


def _without(*keys: str) -> Callable[[dict[str, Any]], dict[str, Any]]:
    return lambda data: {key: value for key, value in data.items() if key not in keys}


# What erasing personal details leaves of each kind's data (kinds not listed keep theirs: ids,
# positions, estimates, resolutions and stages are what flow needs, and name nobody).
_ERASE: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    CardKind.CREATED: _without("title"),
    CardKind.EDITED: _erase_values,
    CardKind.ASSIGNED: _erase_names("added"),
    CardKind.UNASSIGNED: _erase_names("removed"),
    CardKind.BLOCKED: _without("reason"),
    CardKind.BLOCK_REASON_CHANGED: _without("reason"),
    CardKind.ATTACHED: _without("name"),
    CardKind.DETACHED: _without("name"),
    CardKind.CHECKED: _without("text"),
    CardKind.UNCHECKED: _without("text"),
}


def without_personal_details(kind: str, data: dict[str, Any] | None) -> dict[str, Any]:
    """The event's data as someone who may not read names sees it (and as retention leaves it)."""
    data = data or {}
    erase = _ERASE.get(kind)
    return erase(data) if erase is not None else dict(data)


def retention_days() -> int:
    return int(settings.OFFICINA_HISTORY_RETENTION_DAYS)


def retention_cutoff(now: datetime) -> datetime:
    """Events before this moment no longer say who acted."""
    return now - timedelta(days=retention_days())


def erase_personal_details(*, before: datetime, now: datetime, batch: int = 2000) -> int:
    """Erase who acted and the personal details of every event older than `before`, keeping
    what flow needs; the number of events changed. Idempotent, in batches of `batch` rows."""
    changed = 0
    for model in (WorkItemEvent, BoardEvent):
        pending = model.objects.filter(occurred_at__lt=before, redacted_at__isnull=True)
        while True:
            rows = list(pending.order_by("pk").values_list("pk", "kind", "data")[:batch])
            if not rows:
                break
            keep_data, erased = _erasures(rows)
            if keep_data:
                changed += model.objects.filter(pk__in=keep_data).erase_personal_details(
                    actor=None, redacted_at=now
                )
            for data, pks in erased.items():
                changed += model.objects.filter(pk__in=pks).erase_personal_details(
                    actor=None, data=_loads(data), redacted_at=now
                )
    return changed


def _erasures(rows: list[tuple[int, str, Any]]) -> tuple[list[int], dict[str, list[int]]]:
    """The rows whose data names nobody (only the actor goes), and the others grouped by what
    their data becomes: a few UPDATEs a batch, not one per event."""
    keep_data: list[int] = []
    erased: dict[str, list[int]] = {}
    for pk, kind, data in rows:
        if kind not in _ERASE:
            keep_data.append(pk)
            continue
        key = json.dumps(without_personal_details(kind, data), sort_keys=True)
        erased.setdefault(key, []).append(pk)
    return keep_data, erased


def _loads(key: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(key)
    return loaded
