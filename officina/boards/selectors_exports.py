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

from officina.boards.models import Board, Stage, WorkItem, WorkItemEvent
from officina.boards.selectors import board_access_for_actor, board_get_for_actor
from officina.organisations.actor import Actor

CHUNK_SIZE = 2000

CARD_FIELDS = (
    "pk",
    "number",
    "title",
    "column__name",
    "column__stage",
    "swimlane__name",
    "due_date",
    "estimate",
    "class_of_service",
    "is_blocked",
    "blocked_reason",
    "is_ready",
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


def board_get_for_export(*, actor: Actor, board_id: int) -> Board:
    """The board to export: anyone who may see it may export it (read-only viewers too)."""
    return board_get_for_actor(actor=actor, board_id=board_id)


def _cards_of(*, actor: Actor, board: Board) -> QuerySet[WorkItem]:
    board_access_for_actor(actor=actor, board=board)
    return WorkItem.objects.filter(organisation=actor.organisation, board=board)


def _events_of(*, actor: Actor, board: Board) -> QuerySet[WorkItemEvent]:
    board_access_for_actor(actor=actor, board=board)
    return WorkItemEvent.objects.filter(organisation=actor.organisation, board=board)


def _open_due_cards(*, actor: Actor, board: Board) -> QuerySet[WorkItem]:
    return (
        _cards_of(actor=actor, board=board)
        .filter(archived_at__isnull=True, due_date__isnull=False)
        .exclude(column__stage=Stage.DONE)
    )


def board_export_summary(*, actor: Actor, board: Board) -> ExportSummary:
    """How many rows each export holds (two queries)."""
    open_with_due_date = Q(archived_at__isnull=True, due_date__isnull=False) & ~Q(
        column__stage=Stage.DONE
    )
    cards = _cards_of(actor=actor, board=board).aggregate(
        total=Count("pk"),
        archived=Count("pk", filter=Q(archived_at__isnull=False)),
        due=Count("pk", filter=open_with_due_date),
    )
    return ExportSummary(
        cards=cards["total"],
        archived_cards=cards["archived"],
        events=_events_of(actor=actor, board=board).count(),
        due_dates=cards["due"],
    )


def _names_by_card(card_ids: list[int]) -> tuple[dict[int, list[str]], dict[int, list[str]]]:
    """Assignee and label names of these cards, in two queries."""
    assignees: dict[int, list[str]] = defaultdict(list)
    rows = (
        WorkItem.assignees.through.objects.filter(workitem_id__in=card_ids)
        .order_by("user__last_name", "user__first_name", "user__email")
        .values_list("workitem_id", "user__first_name", "user__last_name", "user__email")
    )
    for card_id, first_name, last_name, email in rows:
        assignees[card_id].append(f"{first_name} {last_name}".strip() or email)
    labels: dict[int, list[str]] = defaultdict(list)
    label_rows = (
        WorkItem.labels.through.objects.filter(workitem_id__in=card_ids)
        .order_by("label__name")
        .values_list("workitem_id", "label__name")
    )
    for card_id, name in label_rows:
        labels[card_id].append(name)
    return assignees, labels


def work_item_export_rows(*, actor: Actor, board: Board) -> Iterator[dict[str, Any]]:
    """Every card of the board, archived ones included, by number: its fields, column, lane,
    and the names of its assignees and labels."""
    cards = (
        _cards_of(actor=actor, board=board)
        .order_by("number")
        .values(*CARD_FIELDS)
        .iterator(chunk_size=CHUNK_SIZE)
    )
    while chunk := list(islice(cards, CHUNK_SIZE)):
        assignees, labels = _names_by_card([card["pk"] for card in chunk])
        for card in chunk:
            card["assignee_names"] = assignees.get(card["pk"], [])
            card["label_names"] = labels.get(card["pk"], [])
            yield card


def board_event_export_rows(*, actor: Actor, board: Board) -> Iterator[dict[str, Any]]:
    """Every event of the board, oldest first, with the names it refers to (one query)."""
    rows: Iterator[dict[str, Any]] = (
        _events_of(actor=actor, board=board)
        .order_by("occurred_at", "pk")
        .values(*EVENT_FIELDS)
        .iterator(chunk_size=CHUNK_SIZE)
    )
    return rows


def work_item_due_list(*, actor: Actor, board: Board) -> QuerySet[WorkItem, Any]:
    """Open cards (not archived, not done) with a due date, soonest first."""
    return (
        _open_due_cards(actor=actor, board=board)
        .order_by("due_date", "number")
        .values("pk", "number", "title", "due_date", "updated_at", "column__name")
    )
