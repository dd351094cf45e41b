"""Reads the API needs beyond `officina.boards.selectors`.

Each one starts from a board that `board_get_for_actor` returned (visibility already checked
in its query) and goes through that board's relations, so nothing here can reach another
board's rows, let alone another organisation's.
"""

from datetime import datetime
from typing import Any

from django.db.models import Prefetch, QuerySet

from officina.accounts.models import User
from officina.boards.models import (
    Board,
    Column,
    Comment,
    Label,
    Swimlane,
    WorkItem,
    WorkItemEvent,
)
from officina.boards.selectors import (
    board_access_for_actor,
    board_event_list_for_actor,
    work_item_event_list,
)
from officina.organisations.actor import Actor


def column_list_for_actor(*, actor: Actor, board: Board) -> QuerySet[Column]:
    board_access_for_actor(actor=actor, board=board)
    return board.columns.order_by("position", "pk")


def swimlane_list_for_actor(*, actor: Actor, board: Board) -> QuerySet[Swimlane]:
    board_access_for_actor(actor=actor, board=board)
    return board.swimlanes.order_by("position", "pk")


def label_list_for_actor(*, actor: Actor, board: Board) -> QuerySet[Label]:
    board_access_for_actor(actor=actor, board=board)
    return board.labels.order_by("name", "pk")


def work_item_list_for_actor(
    *, actor: Actor, board: Board, filters: dict[str, Any]
) -> QuerySet[WorkItem]:
    """The board's cards in board order, open ones unless `archived` is true.

    Filters (all optional): column, swimlane, assignee, label (ids), blocked (bool). Three
    queries whatever the number of cards: the cards, their assignees, their labels.
    """
    board_access_for_actor(actor=actor, board=board)
    cards = board.work_items.filter(archived_at__isnull=not filters.get("archived"))
    for name, lookup in (
        ("column", "column_id"),
        ("swimlane", "swimlane_id"),
        ("assignee", "assignees"),
        ("label", "labels"),
        ("blocked", "is_blocked"),
    ):
        if filters.get(name) is not None:
            cards = cards.filter(**{lookup: filters[name]})
    return cards.prefetch_related(
        Prefetch("assignees", queryset=User.objects.order_by("last_name", "first_name", "pk")),
        Prefetch("labels", queryset=board.labels.order_by("name", "pk")),
    ).order_by("column__position", "swimlane__position", "position", "pk")


def comment_list_for_actor(*, actor: Actor, work_item: WorkItem) -> QuerySet[Comment]:
    """A card's comments, oldest first (the card came from `work_item_get_for_actor`)."""
    board_access_for_actor(actor=actor, board=work_item.board)
    return work_item.comments.select_related("author").order_by("created_at", "pk")


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
    *, actor: Actor, board: Board, since: datetime | None = None, after_id: int | None = None
) -> QuerySet[WorkItemEvent]:
    """The board's events, oldest first, optionally only those after a time or an event id."""
    return _incremental(board_event_list_for_actor(actor=actor, board=board), since, after_id)


def work_item_history_for_actor(
    *,
    actor: Actor,
    work_item: WorkItem,
    since: datetime | None = None,
    after_id: int | None = None,
) -> QuerySet[WorkItemEvent]:
    """One card's events, oldest first (the card came from `work_item_get_for_actor`)."""
    board_access_for_actor(actor=actor, board=work_item.board)
    events = work_item_event_list(work_item=work_item).select_related("work_item")
    return _incremental(events, since, after_id)
