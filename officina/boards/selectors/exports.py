"""Reads for a board's exports, scoped to the actor through the board's selector.

Rows are plain values read with `.iterator()`, so a board with 10,000 cards or 50,000 events
is read in chunks and never held whole. Assignees and labels of each chunk of cards are read
in one query each: the number of queries grows with chunks of 2,000 cards, never per card.
"""

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice
from typing import Any

from django.db.models import Count, Q, QuerySet

from officina.boards.card_fields import card_fields, plain_field_names
from officina.boards.models import Stage, WorkItem, WorkItemEvent
from officina.boards.models.fields import CardFieldKind
from officina.boards.selectors.boards import BoardWithAccess, checked
from officina.organisations.actor import Actor

CHUNK_SIZE = 2000

# What every cards export holds besides the card fields (`card_fields.py`).
CARD_SYSTEM_FIELDS = (
    "pk",
    "number",
    "column__name",
    "column__stage",
    "swimlane__name",
    "is_blocked",
    "blocked_reason",
    "is_ready",
    "resolution",
    "created_at",
    "started_at",
    "finished_at",
    "archived_at",
)

EVENT_FIELDS = (
    "pk",
    "work_item__number",
    "work_item__title",
    "kind",
    "occurred_at",
    "actor__first_name",
    "actor__last_name",
    "actor__email",
    "from_column__name",
    "to_column__name",
    "from_swimlane__name",
    "to_swimlane__name",
    "from_stage",
    "to_stage",
    "data",
)


@dataclass(frozen=True)
class ExportSummary:
    """What the export page tells before the download."""

    cards: int
    archived_cards: int
    events: int
    due_dates: int


def _cards_of(*, actor: Actor, seen: BoardWithAccess) -> QuerySet[WorkItem]:
    board = checked(actor=actor, seen=seen).board
    return WorkItem.objects.filter(organisation=actor.organisation, board_id=board.pk)


def _events_of(*, actor: Actor, seen: BoardWithAccess) -> QuerySet[WorkItemEvent]:
    board = checked(actor=actor, seen=seen).board
    return WorkItemEvent.objects.filter(organisation=actor.organisation, board_id=board.pk)


def board_export_summary(*, actor: Actor, seen: BoardWithAccess) -> ExportSummary:
    """How many rows each export holds (two queries)."""
    open_with_due_date = Q(archived_at__isnull=True, due_date__isnull=False) & ~Q(
        column__stage=Stage.DONE
    )
    cards = _cards_of(actor=actor, seen=seen).aggregate(
        total=Count("pk"),
        archived=Count("pk", filter=Q(archived_at__isnull=False)),
        due=Count("pk", filter=open_with_due_date),
    )
    return ExportSummary(
        cards=cards["total"],
        archived_cards=cards["archived"],
        events=_events_of(actor=actor, seen=seen).count(),
        due_dates=cards["due"],
    )


def _names_by_card(card_ids: list[int]) -> dict[int, dict[str, list[str]]]:
    """The names of the people and labels of each card's set fields (a query per field)."""
    names: dict[int, dict[str, list[str]]] = defaultdict(dict)
    for field in card_fields():
        if not field.is_set:
            continue
        through = getattr(WorkItem, field.name).through
        if field.kind == CardFieldKind.PEOPLE:
            rows = (
                through.objects.filter(workitem_id__in=card_ids)
                .order_by("user__last_name", "user__first_name", "user__email")
                .values_list("workitem_id", "user__first_name", "user__last_name", "user__email")
            )
            for card_id, first_name, last_name, email in rows:
                name = f"{first_name} {last_name}".strip() or email
                names[card_id].setdefault(field.name, []).append(name)
        else:
            for card_id, name in (
                through.objects.filter(workitem_id__in=card_ids)
                .order_by("label__name")
                .values_list("workitem_id", "label__name")
            ):
                names[card_id].setdefault(field.name, []).append(name)
    return names


def work_item_export_rows(*, actor: Actor, seen: BoardWithAccess) -> Iterator[dict[str, Any]]:
    """Every card of the board, archived ones included, by number: its fields, column, lane,
    and (under "names") the names of the people and labels of its set fields."""
    cards = (
        _cards_of(actor=actor, seen=seen)
        .order_by("number")
        .values(*CARD_SYSTEM_FIELDS, *plain_field_names())
        .iterator(chunk_size=CHUNK_SIZE)
    )
    while chunk := list(islice(cards, CHUNK_SIZE)):
        names = _names_by_card([card["pk"] for card in chunk])
        for card in chunk:
            card["names"] = names.get(card["pk"], {})
            yield card


def board_event_export_rows(*, actor: Actor, seen: BoardWithAccess) -> Iterator[dict[str, Any]]:
    """Every event of the board, oldest first, with the names it refers to (one query)."""
    rows: Iterator[dict[str, Any]] = (
        _events_of(actor=actor, seen=seen)
        .order_by("occurred_at", "pk")
        .values(*EVENT_FIELDS)
        .iterator(chunk_size=CHUNK_SIZE)
    )
    return rows


def work_item_due_list(*, actor: Actor, seen: BoardWithAccess) -> QuerySet[WorkItem, Any]:
    """Open cards (not archived, not done) with a due date, soonest first."""
    return (
        _cards_of(actor=actor, seen=seen)
        .filter(archived_at__isnull=True, due_date__isnull=False)
        .exclude(column__stage=Stage.DONE)
        .order_by("due_date", "number")
        .values("pk", "number", "title", "due_date", "updated_at", "column__name")
    )
