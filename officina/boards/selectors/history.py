"""Reads of the boards' history: a card's timeline, a board's events, for pages and the API."""

from datetime import datetime

from django.db.models import QuerySet

from officina.boards.models import BoardEvent, WorkItem, WorkItemEvent
from officina.boards.selectors.boards import BoardWithAccess, checked
from officina.organisations.actor import Actor


def work_item_event_list(*, work_item: WorkItem) -> QuerySet[WorkItemEvent]:
    """The card's timeline, oldest first (the card came from `work_item_get_for_actor`), on
    every board it has been on."""
    return WorkItemEvent.objects.filter(
        organisation_id=work_item.organisation_id, work_item=work_item
    ).select_related("actor", "from_column", "to_column", "from_swimlane", "to_swimlane")


def board_event_list_for_actor(*, actor: Actor, seen: BoardWithAccess) -> QuerySet[WorkItemEvent]:
    """Every card event of a board, oldest first: what analytics and the API read."""
    board = checked(actor=actor, seen=seen).board
    return WorkItemEvent.objects.filter(
        organisation=actor.organisation, board_id=board.pk
    ).select_related("actor", "work_item")


def board_structure_event_list(*, actor: Actor, seen: BoardWithAccess) -> QuerySet[BoardEvent]:
    """The changes to the board and its columns and lanes, newest first."""
    board = checked(actor=actor, seen=seen).board
    return (
        BoardEvent.objects.filter(organisation=actor.organisation, board_id=board.pk)
        .select_related("actor")
        .order_by("-occurred_at", "-pk")
    )


def _incremental(
    events: QuerySet[WorkItemEvent], since: datetime | None, after_id: int | None
) -> QuerySet[WorkItemEvent]:
    if since is not None:
        events = events.filter(occurred_at__gte=since)
    if after_id is not None:
        events = events.filter(pk__gt=after_id)
    # Ids grow with every write and writes on a board are serialised by its lock, so id order
    # is the order the changes happened in: a reader resuming after an id misses nothing.
    return events.order_by("pk")


def board_history_for_actor(
    *,
    actor: Actor,
    seen: BoardWithAccess,
    since: datetime | None = None,
    after_id: int | None = None,
) -> QuerySet[WorkItemEvent]:
    """The board's events, oldest first, optionally only those after a time or an event id."""
    return _incremental(board_event_list_for_actor(actor=actor, seen=seen), since, after_id)


def work_item_history_for_actor(
    *,
    actor: Actor,
    work_item: WorkItem,
    since: datetime | None = None,
    after_id: int | None = None,
) -> QuerySet[WorkItemEvent]:
    """One card's events, oldest first (the card came from `work_item_get_for_actor`)."""
    events = work_item_event_list(work_item=work_item).select_related("work_item")
    return _incremental(events, since, after_id)
