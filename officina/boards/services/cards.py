"""Cards: create, edit (with conflict detection), move, block, archive. Every change is an event.

Rules that hold for every function here:
- the board's row lock is taken first, so changes on one board are serialised;
- a refused change raises `BoardRuleError` or `EditConflictError` and changes nothing;
- each change appends `WorkItemEvent` rows and bumps the card's and the board's versions.
"""

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from officina.accounts.models import User
from officina.boards.exceptions import BoardRuleError, EditConflictError
from officina.boards.models import (
    BlockedInterval,
    Board,
    Column,
    Label,
    Stage,
    Swimlane,
    WorkItem,
    WorkItemEvent,
)
from officina.boards.permissions import require_edit_cards
from officina.boards.selectors import board_access_for_actor, board_member_list
from officina.boards.services.locking import bump_board, lock_board
from officina.common.exceptions import NotFound
from officina.common.markdown import render_markdown
from officina.organisations.actor import Actor

# Fields a person edits on the card form; assignees and labels are sets of ids.
EDITABLE_FIELDS = (
    "title",
    "description",
    "due_date",
    "estimate",
    "class_of_service",
    "assignees",
    "labels",
)


def _open_cards(column_id: int, swimlane_id: int) -> QuerySet[WorkItem]:
    return WorkItem.objects.filter(column_id=column_id, swimlane_id=swimlane_id, archived_at=None)


def _bounds_in_cell(
    column: Column, swimlane_id: int, *, leaving_id: int | None, ready: bool
) -> tuple[int, int]:
    """The positions a card may take in a cell, once the card `leaving_id` has left it.

    In a split column the cards in progress come first, then the ready ones, so a card takes a
    place among its own part; elsewhere, anywhere from the top to the bottom.
    """
    cards = _open_cards(column.pk, swimlane_id)
    if leaving_id is not None:
        cards = cards.exclude(pk=leaving_id)
    if not column.is_split:
        return 0, cards.count()
    counts = cards.aggregate(
        doing=Count("pk", filter=Q(is_ready=False)), ready=Count("pk", filter=Q(is_ready=True))
    )
    doing, waiting = counts["doing"], counts["ready"]
    return (doing, doing + waiting) if ready else (0, doing)


def _room_at_the_bottom(column: Column, swimlane_id: int) -> int:
    """The position of a card arriving at the bottom of a cell (of its part in progress, in a
    split column, whose ready cards move down one place to make room)."""
    if not column.is_split:
        return _open_cards(column.pk, swimlane_id).count()
    _low, bottom = _bounds_in_cell(column, swimlane_id, leaving_id=None, ready=False)
    _open_cards(column.pk, swimlane_id).filter(is_ready=True).update(position=F("position") + 1)
    return bottom


def _check_can_enter(column: Column, *, board_id: int) -> None:
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


def _check_lane(swimlane: Swimlane, *, board_id: int) -> None:
    if swimlane.board_id != board_id:
        raise BoardRuleError(_("This swimlane belongs to another board."))


def _apply_stage(card: WorkItem, column: Column, now: datetime) -> None:
    """Start and finish points: a move back before the start erases it (flow-metrics §4.1)."""
    if column.stage == Stage.NOT_STARTED:
        card.started_at = None
        card.finished_at = None
    elif column.stage == Stage.IN_PROGRESS:
        card.started_at = card.started_at or now
        card.finished_at = None
    else:
        card.started_at = card.started_at or now
        card.finished_at = card.finished_at or now


def _event(card: WorkItem, actor: Actor, kind: str, now: datetime, **fields: Any) -> WorkItemEvent:
    return WorkItemEvent(
        organisation_id=card.organisation_id,
        board_id=card.board_id,
        work_item=card,
        kind=kind,
        actor=actor.user,
        occurred_at=now,
        **fields,
    )


def _members_by_id(board: Board, user_ids: Iterable[int]) -> list[User]:
    wanted = set(user_ids)
    if not wanted:
        return []
    members = list(board_member_list(board=board).filter(pk__in=wanted))
    if len(members) != len(wanted):
        raise BoardRuleError(_("Only members of the board's team can be assigned or mentioned."))
    return members


def _labels_by_id(board: Board, label_ids: Iterable[int]) -> list[Label]:
    wanted = set(label_ids)
    labels = list(Label.objects.filter(board=board, pk__in=wanted))
    if len(labels) != len(wanted):
        raise BoardRuleError(_("A label belongs to another board."))
    return labels


def _name(user: User) -> str:
    return user.get_full_name() or user.email


@transaction.atomic
def work_item_create(
    *,
    actor: Actor,
    board: Board,
    title: str,
    column: Column | None = None,
    swimlane: Swimlane | None = None,
    description: str = "",
    assignee_ids: Iterable[int] = (),
    label_ids: Iterable[int] = (),
    due_date: date | None = None,
    estimate: Decimal | None = None,
    class_of_service: str = WorkItem.ClassOfService.STANDARD,
) -> WorkItem:
    """A new card at the bottom of its cell (default: first open column, first lane)."""
    require_edit_cards(board_access_for_actor(actor=actor, board=board))
    title = title.strip()
    if not title:
        raise BoardRuleError(_("A card needs a title."))
    locked = lock_board(board.pk)
    if column is None:
        column = locked.columns.filter(is_closed=False).first()
        if column is None:
            raise BoardRuleError(_("The board has no open column."))
    if swimlane is None:
        swimlane = locked.swimlanes.first()
        if swimlane is None:
            raise BoardRuleError(_("The board has no swimlane."))
    column = Column.objects.get(pk=column.pk)  # fresh, under the lock
    _check_can_enter(column, board_id=locked.pk)
    _check_lane(swimlane, board_id=locked.pk)
    assignees = _members_by_id(locked, assignee_ids)
    labels = _labels_by_id(locked, label_ids)
    now = timezone.now()
    number = locked.next_number
    locked.next_number += 1
    locked.save(update_fields=["next_number"])
    card = WorkItem(
        organisation_id=locked.organisation_id,
        board=locked,
        number=number,
        title=title[:200],
        description=description,
        description_html=render_markdown(description) if description else "",
        column=column,
        swimlane=swimlane,
        position=_room_at_the_bottom(column, swimlane.pk),
        due_date=due_date,
        estimate=estimate,
        class_of_service=class_of_service,
        created_by=actor.user,
        column_entered_at=now,
    )
    _apply_stage(card, column, now)
    card.save()
    if assignees:
        card.assignees.set(assignees)
    if labels:
        card.labels.set(labels)
    events = [
        _event(
            card,
            actor,
            WorkItemEvent.Kind.CREATED,
            now,
            to_column=column,
            to_swimlane=swimlane,
            to_stage=column.stage,
            data={"title": card.title},
        )
    ]
    if assignees:
        events.append(
            _event(
                card,
                actor,
                WorkItemEvent.Kind.ASSIGNED,
                now,
                data={"added": [[u.pk, _name(u)] for u in assignees]},
            )
        )
    if estimate is not None:
        events.append(
            _event(
                card,
                actor,
                WorkItemEvent.Kind.ESTIMATED,
                now,
                data={"estimate": [None, str(estimate)]},
            )
        )
    WorkItemEvent.objects.bulk_create(events)
    bump_board(locked, card_ids=[card.pk])
    card.board = board
    return card


def _move_kind(*, same_cell: bool, was_ready: bool, now_ready: bool) -> str:
    if not same_cell:
        return WorkItemEvent.Kind.MOVED
    if now_ready != was_ready:
        return WorkItemEvent.Kind.READY if now_ready else WorkItemEvent.Kind.NOT_READY
    return WorkItemEvent.Kind.REORDERED


@transaction.atomic
def work_item_move(
    *,
    actor: Actor,
    work_item: WorkItem,
    column: Column,
    swimlane: Swimlane | None = None,
    position: int | None = None,
    expected_version: int | None = None,
    ready: bool | None = None,
) -> WorkItem:
    """Move a card to a column, lane and 0-based position (default: the bottom of the cell).

    Under the board lock the positions of the cells left and entered are shifted in one
    UPDATE each, so the order stays dense whatever the number of concurrent movers.
    `ready` puts the card in the "ready" (True) or "in progress" (False) part of a split column;
    None keeps its part within the column, and a card entering another column is in progress.
    The position is then taken within that part (default: its bottom).
    """
    board = work_item.board
    require_edit_cards(board_access_for_actor(actor=actor, board=board))
    locked = lock_board(board.pk)
    # By id, or by number for a bare `WorkItem(number=…)` (the drag-and-drop endpoint), and
    # always within this board.
    lookup = {"pk": work_item.pk} if work_item.pk else {"number": work_item.number}
    found = (
        WorkItem.objects.select_related("column", "swimlane")
        .filter(board_id=locked.pk, **lookup)
        .order_by()
        .first()
    )
    if found is None:
        raise NotFound
    card = found
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
    # Read the target again under the lock, from this board only: the caller's copy may predate
    # a concurrent change (a column closed, its limit lowered), or be a bare `Column(pk=…)`.
    # The card's own column and lane were just read with it, under the lock.
    if column.pk == card.column_id:
        column = card.column
    else:
        fresh_column = Column.objects.filter(pk=column.pk, board_id=locked.pk).order_by().first()
        if fresh_column is None:
            raise BoardRuleError(_("This column belongs to another board."))
        column = fresh_column
    if swimlane is None or swimlane.pk == card.swimlane_id:
        swimlane = card.swimlane
    else:
        fresh_lane = Swimlane.objects.filter(pk=swimlane.pk, board_id=locked.pk).order_by().first()
        if fresh_lane is None:
            raise BoardRuleError(_("This swimlane belongs to another board."))
        swimlane = fresh_lane
    changes_column = column.pk != card.column_id
    if changes_column:
        _check_can_enter(column, board_id=locked.pk)
    if ready and not column.is_split:
        raise BoardRuleError(
            _('The column "%(column)s" has no "ready" part.') % {"column": column.name}
        )
    was_ready = card.is_ready
    now_ready = column.is_split and (
        bool(ready) if ready is not None else (was_ready and not changes_column)
    )
    same_cell = not changes_column and swimlane.pk == card.swimlane_id
    low, high = _bounds_in_cell(column, swimlane.pk, leaving_id=card.pk, ready=now_ready)
    target = high if position is None else max(low, min(int(position), high))
    if same_cell and target == card.position and now_ready == was_ready:
        return card
    # Close the gap in the cell the card leaves, then open one where it goes.
    _open_cards(card.column_id, card.swimlane_id).filter(position__gt=card.position).update(
        position=F("position") - 1
    )
    _open_cards(column.pk, swimlane.pk).exclude(pk=card.pk).filter(position__gte=target).update(
        position=F("position") + 1
    )
    now = timezone.now()
    from_column, from_swimlane = card.column, card.swimlane
    card.column, card.swimlane, card.position = column, swimlane, target
    card.is_ready = now_ready
    card.version += 1
    if changes_column:
        card.column_entered_at = now
        _apply_stage(card, column, now)
    card.save(
        update_fields=[
            "column",
            "swimlane",
            "position",
            "is_ready",
            "version",
            "column_entered_at",
            "started_at",
            "finished_at",
            "updated_at",
        ]
    )
    kind = _move_kind(same_cell=same_cell, was_ready=was_ready, now_ready=now_ready)
    data: dict[str, Any] = {"position": target}
    if column.is_split or was_ready:
        data["ready"] = now_ready
    _event(
        card,
        actor,
        kind,
        now,
        from_column=from_column,
        to_column=column,
        from_swimlane=from_swimlane,
        to_swimlane=swimlane,
        from_stage=from_column.stage,
        to_stage=column.stage,
        data=data,
    ).save()
    board.version = bump_board(locked, card_ids=[card.pk])
    card.board = board
    return card


def _current_values(card: WorkItem) -> dict[str, Any]:
    return {
        "title": card.title,
        "description": card.description,
        "due_date": card.due_date,
        "estimate": card.estimate,
        "class_of_service": card.class_of_service,
        "assignees": set(card.assignees.values_list("pk", flat=True)),
        "labels": set(card.labels.values_list("pk", flat=True)),
    }


def _normalise(field: str, value: Any) -> Any:
    if field in ("assignees", "labels"):
        return {int(v) for v in value or ()}
    if field == "estimate" and value is not None:
        return Decimal(value).quantize(Decimal("0.1"))
    if field in ("title", "description") and value is not None:
        return str(value).strip() if field == "title" else str(value)
    return value


@transaction.atomic
def work_item_update(
    *,
    actor: Actor,
    work_item: WorkItem,
    data: dict[str, Any],
    base: dict[str, Any] | None = None,
    expected_version: int | None = None,
) -> WorkItem:
    """Change a card's fields without silently overwriting someone else's change.

    `base` holds the values the person started from (the edit form sends them back). A field
    they changed that someone else has also changed since is a conflict; a field they did not
    touch keeps whatever it is now. Without `base`, `expected_version` must match exactly.
    """
    board = work_item.board
    require_edit_cards(board_access_for_actor(actor=actor, board=board))
    unknown = set(data) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"work_item_update cannot change {sorted(unknown)}")
    locked = lock_board(board.pk)
    card = WorkItem.objects.get(pk=work_item.pk)
    if card.archived_at is not None:
        raise BoardRuleError(_("An archived card cannot be edited: restore it first."))
    current = _current_values(card)
    wanted = {field: _normalise(field, value) for field, value in data.items()}
    if base is None and expected_version is not None and expected_version != card.version:
        raise EditConflictError(
            _("Card #%(number)s was changed by someone else since you opened it.")
            % {"number": card.number},
            current=card,
        )
    changes: dict[str, tuple[Any, Any]] = {}
    conflicts = []
    for field, value in wanted.items():
        if base is not None and field in base:
            started_from = _normalise(field, base[field])
            if value == started_from:
                continue  # the person did not touch it: keep whatever it is now
            if current[field] != started_from and current[field] != value:
                conflicts.append(field)
                continue
        if current[field] != value:
            changes[field] = (current[field], value)
    if conflicts:
        names = ", ".join(_field_label(f) for f in conflicts)
        raise EditConflictError(
            _(
                "Card #%(number)s was changed by someone else since you opened it (%(fields)s). "
                "Your text is kept below: compare it with the current card and save again."
            )
            % {"number": card.number, "fields": names},
            current=card,
        )
    if not changes:
        card.board = board
        return card
    if "title" in changes and not changes["title"][1]:
        raise BoardRuleError(_("A card needs a title."))
    now = timezone.now()
    events: list[WorkItemEvent] = []
    edited: dict[str, list[Any]] = {}
    for field, (before, after) in changes.items():
        if field == "assignees":
            members = {u.pk: u for u in _members_by_id(locked, after)}
            card.assignees.set(list(members.values()))
            added, removed = after - before, before - after
            removed_names = {u.pk: _name(u) for u in User.objects.filter(pk__in=removed)}
            if added:
                events.append(
                    _event(
                        card,
                        actor,
                        WorkItemEvent.Kind.ASSIGNED,
                        now,
                        data={"added": [[pk, _name(members[pk])] for pk in sorted(added)]},
                    )
                )
            if removed:
                events.append(
                    _event(
                        card,
                        actor,
                        WorkItemEvent.Kind.UNASSIGNED,
                        now,
                        data={
                            "removed": [[pk, removed_names.get(pk, "")] for pk in sorted(removed)]
                        },
                    )
                )
        elif field == "labels":
            card.labels.set(_labels_by_id(locked, after))
            events.append(
                _event(
                    card,
                    actor,
                    WorkItemEvent.Kind.LABELLED,
                    now,
                    data={"labels": [sorted(before), sorted(after)]},
                )
            )
        elif field == "estimate":
            card.estimate = after
            events.append(
                _event(
                    card,
                    actor,
                    WorkItemEvent.Kind.ESTIMATED,
                    now,
                    data={"estimate": [_json(before), _json(after)]},
                )
            )
        else:
            setattr(card, field, after)
            if field == "description":
                card.description_html = render_markdown(after) if after else ""
                edited[field] = [len(before or ""), len(after or "")]  # sizes, not whole texts
            else:
                edited[field] = [_json(before), _json(after)]
    if edited:
        events.append(_event(card, actor, WorkItemEvent.Kind.EDITED, now, data=edited))
    card.version += 1
    card.save()
    WorkItemEvent.objects.bulk_create(events)
    bump_board(locked, card_ids=[card.pk])
    card.board = board
    return card


def _field_label(field: str) -> str:
    return str(getattr(WorkItem._meta.get_field(field), "verbose_name", field))


def _json(value: Any) -> Any:
    if isinstance(value, date | Decimal):
        return str(value)
    return value


@transaction.atomic
def work_item_set_blocked(
    *, actor: Actor, work_item: WorkItem, blocked: bool, reason: str = ""
) -> WorkItem:
    """Flag a card as blocked (with the reason) or clear the flag; the interval is recorded."""
    board = work_item.board
    require_edit_cards(board_access_for_actor(actor=actor, board=board))
    locked = lock_board(board.pk)
    card = WorkItem.objects.get(pk=work_item.pk)
    reason = reason.strip()[:300]
    if blocked and not reason:
        raise BoardRuleError(_("Say why the card is blocked, so the team can help."))
    if card.is_blocked == blocked and (not blocked or card.blocked_reason == reason):
        card.board = board
        return card
    now = timezone.now()
    if blocked:
        if not card.is_blocked:
            BlockedInterval.objects.create(
                organisation_id=card.organisation_id, work_item=card, reason=reason, started_at=now
            )
        else:
            BlockedInterval.objects.filter(work_item=card, ended_at=None).update(reason=reason)
        kind = WorkItemEvent.Kind.BLOCKED
    else:
        BlockedInterval.objects.filter(work_item=card, ended_at=None).update(ended_at=now)
        kind = WorkItemEvent.Kind.UNBLOCKED
    card.is_blocked = blocked
    card.blocked_reason = reason if blocked else ""
    card.version += 1
    card.save(update_fields=["is_blocked", "blocked_reason", "version", "updated_at"])
    _event(card, actor, kind, now, data={"reason": reason} if blocked else {}).save()
    bump_board(locked, card_ids=[card.pk])
    card.board = board
    return card


@transaction.atomic
def work_item_set_archived(*, actor: Actor, work_item: WorkItem, archived: bool) -> WorkItem:
    """Archive a card (it leaves the board, keeps its history) or restore it to its cell."""
    board = work_item.board
    require_edit_cards(board_access_for_actor(actor=actor, board=board))
    locked = lock_board(board.pk)
    card = WorkItem.objects.select_related("column").get(pk=work_item.pk)
    if (card.archived_at is not None) == archived:
        card.board = board
        return card
    now = timezone.now()
    if archived:
        _open_cards(card.column_id, card.swimlane_id).filter(position__gt=card.position).update(
            position=F("position") - 1
        )
        card.archived_at = now
        kind = WorkItemEvent.Kind.ARCHIVED
    else:
        _check_can_enter(card.column, board_id=locked.pk)
        card.position = _room_at_the_bottom(card.column, card.swimlane_id)
        card.archived_at = None
        kind = WorkItemEvent.Kind.RESTORED
    card.is_ready = False  # a card leaving the board, or coming back to it, is in progress
    card.version += 1
    card.save(update_fields=["archived_at", "position", "is_ready", "version", "updated_at"])
    _event(card, actor, kind, now, to_column=card.column, to_swimlane_id=card.swimlane_id).save()
    bump_board(locked, card_ids=[card.pk])
    card.board = board
    return card


def work_item_touch(*, locked_board: Board, work_item: WorkItem) -> None:
    """Bump a card's version for a change shown on its face (checklist, comments, files)."""
    WorkItem.objects.filter(pk=work_item.pk).update(version=F("version") + 1)
    bump_board(locked_board, card_ids=[work_item.pk])


def work_items_back_in_progress(*, actor: Actor, column: Column) -> list[int]:
    """Clear the ready mark of a column that is no longer split (the caller holds the board
    lock): one NOT_READY event per card, so the time each waited stays exact. Their ids."""
    ready = list(WorkItem.objects.filter(column=column, is_ready=True).order_by())
    if not ready:
        return []
    now = timezone.now()
    WorkItem.objects.filter(pk__in=[card.pk for card in ready]).update(
        is_ready=False, version=F("version") + 1, updated_at=now
    )
    WorkItemEvent.objects.bulk_create(
        _event(
            card,
            actor,
            WorkItemEvent.Kind.NOT_READY,
            now,
            from_column=column,
            to_column=column,
            from_swimlane_id=card.swimlane_id,
            to_swimlane_id=card.swimlane_id,
            from_stage=column.stage,
            to_stage=column.stage,
            data={"position": card.position, "ready": False, "column_no_longer_split": True},
        )
        for card in ready
    )
    return [card.pk for card in ready]
