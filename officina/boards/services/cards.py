"""Cards: create, edit (with conflict detection), block, archive. Every change is an event.

Rules that hold for every function here:
- access is checked first, then the board's row lock is taken, so changes on one board are
  serialised;
- a refused change raises `BoardRuleError` or `EditConflictError` and changes nothing;
- each change appends history events (`boards.history`) and bumps the card's and the board's
  versions; `at` is when it happened (default: now), so an importer can write the past.
Moves live in `services/moves.py`.
"""

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from officina.accounts.models import User
from officina.boards import history
from officina.boards.card_fields import CardField, card_field_label, card_fields
from officina.boards.exceptions import BoardRuleError, EditConflictError
from officina.boards.models import (
    BlockedInterval,
    Board,
    ChecklistItem,
    Column,
    Label,
    Stage,
    Swimlane,
    WorkItem,
)
from officina.boards.models.fields import CardFieldKind
from officina.boards.permissions import require_edit_cards
from officina.boards.selectors.boards import board_access_for_actor, board_member_list
from officina.boards.services.locking import bump_board, lock_board
from officina.boards.services.moves import apply_stage, bottom_of_cell, check_can_enter
from officina.common.exceptions import full_clean_or_refuse
from officina.common.markdown import render_markdown
from officina.organisations.actor import Actor

# Relations the services check themselves, under the lock, before saving a card.
CHECKED_RELATIONS = ("organisation", "board", "column", "swimlane", "created_by")


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


def _first_open_column(locked: Board) -> Column:
    column = locked.columns.filter(is_closed=False).first()
    if column is None:
        raise BoardRuleError(_("The board has no open column."))
    return column


def _first_lane(locked: Board) -> Swimlane:
    swimlane = locked.swimlanes.first()
    if swimlane is None:
        raise BoardRuleError(_("The board has no swimlane."))
    return swimlane


@transaction.atomic
def work_item_create(  # noqa: PLR0913 - a card's fields, each optional
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
    checklist: Sequence[str] = (),
    at: datetime | None = None,
) -> WorkItem:
    """A new card at the bottom of its cell (default: first open column, first lane), with
    its checklist items in the order given."""
    require_edit_cards(board_access_for_actor(actor=actor, board_id=board.pk))
    return work_item_create_unchecked(
        board=board,
        by=actor.user,
        title=title,
        column=column,
        swimlane=swimlane,
        description=description,
        assignee_ids=assignee_ids,
        label_ids=label_ids,
        due_date=due_date,
        estimate=estimate,
        class_of_service=class_of_service,
        checklist=checklist,
        at=at,
    )


@transaction.atomic
def work_item_create_unchecked(  # noqa: PLR0913 - a card's fields, each optional
    *,
    board: Board,
    by: User | None,
    title: str,
    column: Column | None = None,
    swimlane: Swimlane | None = None,
    description: str = "",
    assignee_ids: Iterable[int] = (),
    label_ids: Iterable[int] = (),
    due_date: date | None = None,
    estimate: Decimal | None = None,
    class_of_service: str = WorkItem.ClassOfService.STANDARD,
    checklist: Sequence[str] = (),
    at: datetime | None = None,
    source: str = "",
) -> WorkItem:
    """`work_item_create` without the access check, for the app's own writers that act for
    nobody (a recurring card: `by` is None and `source` says where the card came from).
    Inside a transaction; callers check whatever rule lets them create the card."""
    title = title.strip()
    if not title:
        raise BoardRuleError(_("A card needs a title."))
    locked = lock_board(board.pk)
    column = Column.objects.get(pk=(column or _first_open_column(locked)).pk)  # under the lock
    swimlane = swimlane or _first_lane(locked)
    check_can_enter(column, board_id=locked.pk)
    if swimlane.board_id != locked.pk:
        raise BoardRuleError(_("This swimlane belongs to another board."))
    assignees = _members_by_id(locked, assignee_ids)
    labels = _labels_by_id(locked, label_ids)
    at = at or timezone.now()
    card = WorkItem(
        organisation_id=locked.organisation_id,
        board=locked,
        number=locked.next_number,
        title=title,
        description=description,
        description_html=render_markdown(description) if description else "",
        column=column,
        swimlane=swimlane,
        due_date=due_date,
        estimate=estimate,
        class_of_service=class_of_service,
        created_by=by,
        created_at=at,
        column_entered_at=at,
    )
    full_clean_or_refuse(card, exclude=CHECKED_RELATIONS, error=BoardRuleError)
    locked.next_number += 1
    locked.save(update_fields=["next_number"])
    card.rank = bottom_of_cell(column, swimlane.pk)
    apply_stage(card, column.stage, at)
    card.save()
    events = [history.created(card, by=by, at=at, column=column, swimlane=swimlane, source=source)]
    if assignees:
        card.assignees.set(assignees)
        events.append(history.assigned(card, by=by, at=at, people=assignees))
    if labels:
        card.labels.set(labels)
    items = [text.strip()[:300] for text in checklist if text.strip()]
    if items:
        ChecklistItem.objects.bulk_create(
            ChecklistItem(
                organisation_id=card.organisation_id, work_item=card, text=text, position=index
            )
            for index, text in enumerate(items, start=1)
        )
    if estimate is not None:
        events.append(history.estimated(card, by=by, at=at, before=None, after=estimate))
    history.record(*events)
    bump_board(locked, card_ids=[card.pk])
    return card


def _field_changes(
    card: WorkItem, data: dict[str, Any], base: dict[str, Any] | None, expected_version: int | None
) -> dict[str, tuple[Any, Any]]:
    """What the person changes, field by field, refusing a change someone else made meanwhile.

    `base` holds the values the person started from (the edit form sends them back). A field
    they changed that someone else has also changed since is a conflict; a field they did not
    touch keeps whatever it is now. Without `base`, `expected_version` must match exactly.
    """
    fields = {field.name: field for field in card_fields()}
    unknown = set(data) - set(fields)
    if unknown:
        raise TypeError(f"work_item_update cannot change {sorted(unknown)}")
    if base is None and expected_version is not None and expected_version != card.version:
        raise EditConflictError(
            _("Card #%(number)s was changed by someone else since you opened it.")
            % {"number": card.number},
            current=card,
        )
    changes: dict[str, tuple[Any, Any]] = {}
    conflicts = []
    for name, value in data.items():
        field = fields[name]
        wanted, current = field.normalise(value), field.normalise(field.current(card))
        if base is not None and name in base:
            started_from = field.normalise(base[name])
            if wanted == started_from:
                continue  # the person did not touch it: keep whatever it is now
            if current not in (started_from, wanted):
                conflicts.append(name)
                continue
        if current != wanted:
            changes[name] = (current, wanted)
    if conflicts:
        raise EditConflictError(
            _(
                "Card #%(number)s was changed by someone else since you opened it (%(fields)s). "
                "Your text is kept below: compare it with the current card and save again."
            )
            % {"number": card.number, "fields": ", ".join(map(card_field_label, conflicts))},
            current=card,
        )
    return changes


@transaction.atomic
def work_item_update(
    *,
    actor: Actor,
    work_item: WorkItem,
    data: dict[str, Any],
    base: dict[str, Any] | None = None,
    expected_version: int | None = None,
    at: datetime | None = None,
) -> WorkItem:
    """Change a card's fields (`card_fields`) without silently overwriting someone else's."""
    require_edit_cards(board_access_for_actor(actor=actor, board_id=work_item.board_id))
    locked = lock_board(work_item.board_id)
    card = WorkItem.objects.get(pk=work_item.pk)
    if card.archived_at is not None:
        raise BoardRuleError(_("An archived card cannot be edited: restore it first."))
    changes = _field_changes(card, data, base, expected_version)
    if not changes:
        return card
    if "title" in changes and not changes["title"][1]:
        raise BoardRuleError(_("A card needs a title."))
    at = at or timezone.now()
    fields = {field.name: field for field in card_fields()}
    events: list[Any] = []
    plain: dict[str, tuple[Any, Any]] = {}
    for name, (before, after) in changes.items():
        field = fields[name]
        if field.is_set:
            events += _set_field(card, field, locked, before, after, by=actor.user, at=at)
            continue
        setattr(card, name, after)
        if field.kind == CardFieldKind.MARKDOWN:
            setattr(card, f"{name}_html", render_markdown(after) if after else "")
        if field.info.history_kind == "estimated":
            events.append(history.estimated(card, by=actor.user, at=at, before=before, after=after))
        else:
            plain[name] = (before, after)
    if plain:
        events.append(history.edited(card, by=actor.user, at=at, changes=plain))
    full_clean_or_refuse(card, exclude=CHECKED_RELATIONS, error=BoardRuleError)
    card.version += 1
    card.save()
    history.record(*events)
    bump_board(locked, card_ids=[card.pk])
    return card


def _set_field(
    card: WorkItem,
    field: CardField,
    locked: Board,
    before: set[int],
    after: set[int],
    *,
    by: User,
    at: datetime,
) -> list[Any]:
    """Set people or labels; the events that tell who was added and removed."""
    if field.kind == CardFieldKind.LABELS:
        getattr(card, field.name).set(_labels_by_id(locked, after))
        return [history.labelled(card, by=by, at=at, before=before, after=after)]
    members = _members_by_id(locked, after)
    getattr(card, field.name).set(members)
    events = []
    added = [member for member in members if member.pk not in before]
    if added:
        events.append(history.assigned(card, by=by, at=at, people=added))
    removed = before - after
    if removed:
        names = {user.pk: str(user) for user in User.objects.filter(pk__in=removed)}
        people = [(pk, names.get(pk, "")) for pk in removed]
        events.append(history.unassigned(card, by=by, at=at, people=people))
    return events


@transaction.atomic
def work_item_set_blocked(
    *,
    actor: Actor,
    work_item: WorkItem,
    blocked: bool,
    reason: str = "",
    at: datetime | None = None,
) -> WorkItem:
    """Flag a card as blocked (with the reason), change the reason, or clear the flag; each
    blocked interval is recorded, and changing the reason is not a second block."""
    require_edit_cards(board_access_for_actor(actor=actor, board_id=work_item.board_id))
    locked = lock_board(work_item.board_id)
    card = WorkItem.objects.get(pk=work_item.pk)
    reason = reason.strip()
    if blocked and not reason:
        raise BoardRuleError(_("Say why the card is blocked, so the team can help."))
    if len(reason) > 300:
        raise BoardRuleError(_("Say why the card is blocked in at most 300 characters."))
    if card.is_blocked == blocked and (not blocked or card.blocked_reason == reason):
        return card
    at = at or timezone.now()
    open_interval = BlockedInterval.objects.filter(work_item=card, ended_at=None)
    if blocked and card.is_blocked:
        open_interval.update(reason=reason)
        event = history.block_reason_changed(
            card, by=actor.user, at=at, before=card.blocked_reason, after=reason
        )
    elif blocked:
        BlockedInterval.objects.create(
            organisation_id=card.organisation_id,
            work_item=card,
            reason=reason,
            started_at=at,
            created_at=at,
        )
        event = history.blocked(card, by=actor.user, at=at, reason=reason)
    else:
        open_interval.update(ended_at=at)
        event = history.unblocked(card, by=actor.user, at=at)
    card.is_blocked = blocked
    card.blocked_reason = reason if blocked else ""
    card.version += 1
    card.save(update_fields=["is_blocked", "blocked_reason", "version", "updated_at"])
    history.record(event)
    bump_board(locked, card_ids=[card.pk])
    return card


def default_resolution(column: Column) -> str:
    """A card archived from a done column was delivered; from anywhere else, nobody can tell:
    the person says (the archive form and the API ask)."""
    return WorkItem.Resolution.DELIVERED if column.stage == Stage.DONE else ""


@transaction.atomic
def work_item_set_archived(
    *,
    actor: Actor,
    work_item: WorkItem,
    archived: bool,
    resolution: str = "",
    at: datetime | None = None,
) -> WorkItem:
    """Archive a card (it leaves the board, keeps its history) saying how it left the flow
    (delivered, won't do, duplicate), or restore it to the bottom of its cell."""
    require_edit_cards(board_access_for_actor(actor=actor, board_id=work_item.board_id))
    locked = lock_board(work_item.board_id)
    card = WorkItem.objects.select_related("column").get(pk=work_item.pk)
    if (card.archived_at is not None) == archived:
        return card
    at = at or timezone.now()
    if archived:
        resolution = resolution or default_resolution(card.column)
        if resolution not in WorkItem.Resolution.values:
            raise BoardRuleError(
                _("Say how the card leaves the board: delivered, won't do or duplicate.")
            )
        card.archived_at, card.resolution = at, resolution
        event = history.archived(card, by=actor.user, at=at, resolution=resolution)
    else:
        check_can_enter(card.column, board_id=locked.pk)
        card.rank = bottom_of_cell(card.column, card.swimlane_id)
        card.archived_at, card.resolution = None, ""
        event = history.restored(card, by=actor.user, at=at)
    card.is_ready = False  # a card leaving the board, or coming back to it, is in progress
    card.version += 1
    card.save(
        update_fields=["archived_at", "resolution", "rank", "is_ready", "version", "updated_at"]
    )
    history.record(event)
    bump_board(locked, card_ids=[card.pk])
    return card


def work_item_touch(*, locked_board: Board, work_item: WorkItem) -> None:
    """Bump a card's version for a change shown on its face (checklist, comments, files)."""
    WorkItem.objects.filter(pk=work_item.pk).update(version=F("version") + 1)
    bump_board(locked_board, card_ids=[work_item.pk])
