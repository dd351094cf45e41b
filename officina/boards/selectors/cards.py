"""Reads of cards and of what hangs on them, always reached through a board the actor may see.

Every function takes a `BoardWithAccess` (from `board_get_for_actor`) or a card one of these
functions answered, and scopes by it and by the organisation, so an id of another card, board
or organisation is a 404.
"""

import re
from dataclasses import dataclass
from typing import Any

from django.db.models import CharField, Count, F, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from officina.accounts.models import User
from officina.boards.models import (
    Attachment,
    CardWatch,
    ChecklistItem,
    Comment,
    Label,
    Stage,
    WorkItem,
    WorkItemAddress,
    WorkItemLink,
)
from officina.boards.permissions import visible_board_ids
from officina.boards.selectors.boards import (
    BoardWithAccess,
    board_access_for_actor,
    board_get_for_actor,
    board_list_for_actor,
    checked,
)
from officina.common.exceptions import NotFound
from officina.organisations.actor import Actor


def with_position(cards: QuerySet[WorkItem]) -> QuerySet[WorkItem]:
    """Each card's 0-based `position` in its cell, as people and the API count it: the open
    cards of its cell before it (in progress ones first, then ready ones, each by rank). One
    index range count per card, inside the same query."""
    above = (
        WorkItem.objects.filter(
            column_id=OuterRef("column_id"), swimlane_id=OuterRef("swimlane_id"), archived_at=None
        )
        .filter(
            Q(is_ready=OuterRef("is_ready"), rank__lt=OuterRef("rank"))
            | Q(is_ready__lt=OuterRef("is_ready"))
        )
        .exclude(pk=OuterRef("pk"))
        .order_by()
        .values("column_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return cards.annotate(position=Coalesce(Subquery(above), 0))  # type: ignore[no-redef]


def work_item_followed(*, work_item: WorkItem, user: User) -> bool:
    """Whether the person follows the card (no query for a card nobody follows)."""
    if not work_item.watcher_count:
        return False
    return CardWatch.objects.filter(work_item_id=work_item.pk, user=user).exists()


def with_assignees_and_labels(card: WorkItem) -> WorkItem:
    """The card (read under its board's lock by a service) with its assignees and labels,
    as a prefetch would leave them but in one query, a UNION of the two: for the answer of a
    hot path (the API move). The people carry their names only, the labels name and colour."""
    text: CharField[str, str] = CharField()
    people = (
        User.objects.filter(assigned_work_items=card.pk)
        .order_by()
        .values_list(Value("a", output_field=text), "pk", "first_name", "last_name", "email")
    )
    tags = (
        Label.objects.filter(work_items=card.pk)
        .order_by()
        .values_list(
            Value("l", output_field=text), "pk", "name", "colour", Value("", output_field=text)
        )
    )
    users, labels = [], []
    for kind, pk, first, second, third in people.union(tags, all=True):
        if kind == "a":
            users.append(User(pk=pk, first_name=first, last_name=second, email=third))
        else:
            labels.append(Label(pk=pk, name=first, colour=second, board_id=card.board_id))
    users.sort(key=lambda user: (user.last_name, user.first_name, user.pk))
    labels.sort(key=lambda label: (label.name, label.pk))
    cache: dict[str, Any] = getattr(card, "_prefetched_objects_cache", {})
    for name, objects in (("assignees", users), ("labels", labels)):
        prefetched = getattr(card, name).all()  # a queryset, not run: filled here instead
        prefetched._result_cache = objects
        prefetched._prefetch_done = True
        cache[name] = prefetched
    card._prefetched_objects_cache = cache  # type: ignore[attr-defined]
    return card


def work_item_get_for_actor(*, actor: Actor, seen: BoardWithAccess, number: int) -> WorkItem:
    """One card of a board the actor may see (archived ones too), with what its page shows."""
    board = checked(actor=actor, seen=seen).board
    work_item = (
        with_position(
            WorkItem.objects.filter(
                organisation=actor.organisation, board_id=board.pk, number=number
            )
        )
        .select_related("column", "swimlane", "created_by")
        .prefetch_related("assignees", "labels")
        .first()
    )
    if work_item is None:
        raise NotFound
    work_item.board = board
    return work_item


def work_item_current_address(*, actor: Actor, board_id: int, number: int) -> tuple[int, int]:
    """Where a card that left board `board_id` (as number `number`) is now: (board id,
    number), if the actor may see that board; NotFound otherwise (decision 0025)."""
    address = (
        WorkItemAddress.objects.filter(
            organisation=actor.organisation, board_id=board_id, number=number
        )
        .values_list("work_item__board_id", "work_item__number")
        .first()
    )
    if address is None:
        raise NotFound
    board_access_for_actor(actor=actor, board_id=address[0])
    return address


def board_card_for_move(*, actor: Actor, seen: BoardWithAccess, number: int) -> WorkItem:
    """A card of the board, with only what the move service needs (it re-reads the card under
    the board's lock): one small query, for the no-JS move page."""
    board = checked(actor=actor, seen=seen).board
    card = (
        with_position(
            WorkItem.objects.filter(
                organisation=actor.organisation, board_id=board.pk, number=number
            )
        )
        .only(
            "pk",
            "number",
            "version",
            "organisation_id",
            "board_id",
            "column_id",
            "swimlane_id",
            "rank",
            "is_ready",
        )
        .first()
    )
    if card is None:
        raise NotFound
    card.board = board
    return card


def board_cell_sizes(*, actor: Actor, seen: BoardWithAccess) -> dict[tuple[int, int], int]:
    """Open cards per (column, lane): how far down a card can be placed."""
    board = checked(actor=actor, seen=seen).board
    rows = (
        WorkItem.objects.filter(
            organisation=actor.organisation, board_id=board.pk, archived_at__isnull=True
        )
        .order_by()
        .values_list("column_id", "swimlane_id")
        .annotate(n=Count("pk"))
    )
    return {(column_id, lane_id): n for column_id, lane_id, n in rows}


def work_item_list_for_actor(
    *, actor: Actor, seen: BoardWithAccess, filters: dict[str, Any]
) -> QuerySet[WorkItem]:
    """The board's cards in board order, open ones unless `archived` is true.

    Filters (all optional): column, swimlane, assignee, label (ids), blocked (bool). Three
    queries whatever the number of cards: the cards, their assignees, their labels.
    """
    board = checked(actor=actor, seen=seen).board
    cards = WorkItem.objects.filter(
        organisation=actor.organisation,
        board_id=board.pk,
        archived_at__isnull=not filters.get("archived"),
    )
    for name, lookup in (
        ("column", "column_id"),
        ("swimlane", "swimlane_id"),
        ("assignee", "assignees"),
        ("label", "labels"),
        ("blocked", "is_blocked"),
    ):
        if filters.get(name) is not None:
            cards = cards.filter(**{lookup: filters[name]})
    return (
        with_position(cards)
        .prefetch_related(
            Prefetch("assignees", queryset=User.objects.order_by("last_name", "first_name", "pk")),
            Prefetch("labels", queryset=board.labels.order_by("name", "pk")),
        )
        .order_by("column__position", "swimlane__position", "is_ready", "rank", "pk")
    )


def my_open_work_item_list(*, actor: Actor) -> QuerySet[WorkItem]:
    """ "Il mio lavoro": open cards assigned to the actor on boards they can still see."""
    return (
        WorkItem.objects.filter(
            organisation=actor.organisation,
            assignees=actor.user,
            archived_at__isnull=True,
            board__in=board_list_for_actor(actor=actor).values("pk"),
        )
        .exclude(column__stage=Stage.DONE)
        .select_related("board", "board__team", "column")
        .prefetch_related(Prefetch("labels"))
        .order_by(F("due_date").asc(nulls_last=True), "board__name", "number")
    )


# --- What hangs on a card (the card came from `work_item_get_for_actor`) ----------------------


def checklist_item_list(*, work_item: WorkItem) -> QuerySet[ChecklistItem]:
    return ChecklistItem.objects.filter(
        organisation_id=work_item.organisation_id, work_item=work_item
    )


def comment_list(*, work_item: WorkItem) -> QuerySet[Comment]:
    """Comments oldest first, with their authors."""
    return (
        Comment.objects.filter(organisation_id=work_item.organisation_id, work_item=work_item)
        .select_related("author")
        .order_by("created_at", "pk")
    )


def attachment_list(*, work_item: WorkItem) -> QuerySet[Attachment]:
    return Attachment.objects.filter(
        organisation_id=work_item.organisation_id, work_item=work_item
    ).select_related("uploaded_by")


@dataclass(frozen=True)
class CardLink:
    """A link seen from one card: the relation read from this side, and the other card when
    the viewer may see its board (None: "a linked card on a board you cannot see")."""

    link: WorkItemLink
    other: WorkItem | None
    outgoing: bool


def card_link_list(*, actor: Actor, work_item: WorkItem) -> list[CardLink]:
    """Links in both directions, outgoing first (three queries). A card on a board the actor
    may not see is not shown: not its title, its number nor its board."""
    outgoing = list(
        WorkItemLink.objects.filter(
            organisation_id=work_item.organisation_id, source=work_item
        ).select_related("target", "target__board")
    )
    incoming = list(
        WorkItemLink.objects.filter(
            organisation_id=work_item.organisation_id, target=work_item
        ).select_related("source", "source__board")
    )
    others = [link.target for link in outgoing] + [link.source for link in incoming]
    foreign = {card.board_id for card in others if card.board_id != work_item.board_id}
    visible = {work_item.board_id, *visible_board_ids(actor, foreign)} if foreign else None

    def shown(card: WorkItem) -> WorkItem | None:
        return card if visible is None or card.board_id in visible else None

    return [CardLink(link, shown(link.target), outgoing=True) for link in outgoing] + [
        CardLink(link, shown(link.source), outgoing=False) for link in incoming
    ]


def checklist_item_get(*, work_item: WorkItem, item_id: int) -> ChecklistItem:
    item = checklist_item_list(work_item=work_item).filter(pk=item_id).first()
    if item is None:
        raise NotFound
    item.work_item = work_item
    return item


def comment_get(*, work_item: WorkItem, comment_id: int) -> Comment:
    comment = comment_list(work_item=work_item).filter(pk=comment_id).first()
    if comment is None:
        raise NotFound
    comment.work_item = work_item
    return comment


def attachment_get(*, work_item: WorkItem, attachment_id: int) -> Attachment:
    attachment = attachment_list(work_item=work_item).filter(pk=attachment_id).first()
    if attachment is None:
        raise NotFound
    attachment.work_item = work_item
    return attachment


def card_link_get(*, work_item: WorkItem, link_id: int) -> WorkItemLink:
    """A link from or to the card."""
    link = (
        WorkItemLink.objects.filter(organisation_id=work_item.organisation_id, pk=link_id)
        .select_related("source", "target")
        .first()
    )
    if link is None or work_item.pk not in (link.source_id, link.target_id):
        raise NotFound
    if link.source_id == work_item.pk:
        link.source = work_item
    return link


# "#12" (this board), "12", or "7#12" / "7/12" (card 12 of board 7).
_REFERENCE = re.compile(r"^\s*(?:(\d{1,18})\s*[#/]\s*|#\s*)?(\d{1,9})\s*$")


def work_item_get_by_reference(*, actor: Actor, seen: BoardWithAccess, reference: str) -> WorkItem:
    """The card a person typed as "#12" or "7#12", on a board they may see; NotFound otherwise."""
    match = _REFERENCE.match(reference)
    if match is None:
        raise NotFound
    board_id, number = match.group(1), int(match.group(2))
    target = seen
    if board_id is not None and int(board_id) != seen.pk:
        target = board_get_for_actor(actor=actor, board_id=int(board_id))
    return work_item_get_for_actor(actor=actor, seen=target, number=number)


def is_valid_reference(reference: str) -> bool:
    return _REFERENCE.match(reference) is not None
