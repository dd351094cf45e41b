"""Reads of the card page: the things on one card, always reached through the card.

The card itself comes from `selectors.work_item_get_for_actor`, which has already checked that
the actor may see its board; every function here scopes by that card and by the organisation,
so an id of another card, board or organisation is a 404.
"""

import re
from dataclasses import dataclass

from django.db.models import QuerySet

from officina.boards.models import (
    Attachment,
    Board,
    ChecklistItem,
    Column,
    Comment,
    Swimlane,
    WorkItem,
    WorkItemLink,
)
from officina.boards.selectors import board_get_for_actor, work_item_get_for_actor
from officina.common.exceptions import NotFound
from officina.organisations.actor import Actor


def checklist_item_list(*, work_item: WorkItem) -> QuerySet[ChecklistItem]:
    return ChecklistItem.objects.filter(
        organisation_id=work_item.organisation_id, work_item=work_item
    )


def comment_list(*, work_item: WorkItem) -> QuerySet[Comment]:
    """Comments oldest first, with their authors."""
    return Comment.objects.filter(
        organisation_id=work_item.organisation_id, work_item=work_item
    ).select_related("author")


def attachment_list(*, work_item: WorkItem) -> QuerySet[Attachment]:
    return Attachment.objects.filter(
        organisation_id=work_item.organisation_id, work_item=work_item
    ).select_related("uploaded_by")


@dataclass(frozen=True)
class CardLink:
    """A link seen from one card: the other card and the relation read from this side."""

    link: WorkItemLink
    other: WorkItem
    outgoing: bool


def card_link_list(*, work_item: WorkItem) -> list[CardLink]:
    """Links in both directions (two queries), outgoing first."""
    outgoing = WorkItemLink.objects.filter(
        organisation_id=work_item.organisation_id, source=work_item
    ).select_related("target", "target__board")
    incoming = WorkItemLink.objects.filter(
        organisation_id=work_item.organisation_id, target=work_item
    ).select_related("source", "source__board")
    return [CardLink(link, link.target, outgoing=True) for link in outgoing] + [
        CardLink(link, link.source, outgoing=False) for link in incoming
    ]


def board_open_column_list(*, board: Board) -> QuerySet[Column]:
    """Columns a new card may be created in."""
    return Column.objects.filter(
        organisation_id=board.organisation_id, board=board, is_closed=False
    )


def board_swimlane_list(*, board: Board) -> QuerySet[Swimlane]:
    return Swimlane.objects.filter(organisation_id=board.organisation_id, board=board)


def checklist_item_get(*, work_item: WorkItem, item_id: int) -> ChecklistItem:
    item = checklist_item_list(work_item=work_item).filter(pk=item_id).first()
    if item is None:
        raise NotFound
    item.work_item = work_item  # keep the board access computed by the card's selector
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
    """A link from or to the card; the link service checks the source's board, so the source
    is set to a card whose board access is known."""
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
_REFERENCE = re.compile(r"^\s*(?:(\d+)\s*[#/]\s*|#\s*)?(\d+)\s*$")


def work_item_get_by_reference(*, actor: Actor, board: Board, reference: str) -> WorkItem:
    """The card a person typed as "#12" or "7#12", on a board they may see; NotFound otherwise."""
    match = _REFERENCE.match(reference)
    if match is None:
        raise NotFound
    board_id, number = match.group(1), int(match.group(2))
    target_board = board
    if board_id is not None and int(board_id) != board.pk:
        target_board = board_get_for_actor(actor=actor, board_id=int(board_id))
    return work_item_get_for_actor(actor=actor, board=target_board, number=number)


def is_valid_reference(reference: str) -> bool:
    return _REFERENCE.match(reference) is not None
