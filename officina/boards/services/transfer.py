"""A card moves to another board of the organisation (decision 0025, 0049): an intake board
hands work to a team, a team hands a story to another team.

The card keeps its row, so its history, comments, files, checklist, links and followers go with
it; it takes the next number of the new board, and its old address (`WorkItemAddress`) leads to
it from bookmarks, e-mails and notifications. Its events stay on the board they happened on, and
the move writes two: "left the board" on the old one and "entered the board" on the new one, so
each board's history and analytics see the card leave one and enter the other.

What belongs to a board does not travel: labels are kept where the new board has a label of the
same name; people stay assigned where the new board may have them; the swimlane is the new
board's first. Apps above the boards (Scrum) drop their own per-board facts through
`register_transfer_hook`.
"""

from collections.abc import Callable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from officina.boards import history
from officina.boards.exceptions import BoardRuleError
from officina.boards.models import Board, Column, Label, WorkItem, WorkItemAddress
from officina.boards.permissions import require_edit_cards
from officina.boards.selectors.boards import board_access_for_actor, board_member_list
from officina.boards.services.locking import bump_board, lock_board
from officina.boards.services.moves import apply_stage, bottom_of_cell, check_can_enter
from officina.common.exceptions import NotFound
from officina.organisations.actor import Actor

# Called inside the move's transaction with the card (still on its old board) and the new board;
# may refuse with a BoardRuleError (a story in a running sprint) or drop per-board facts.
TransferHook = Callable[[WorkItem, Board], None]
_HOOKS: list[TransferHook] = []


def register_transfer_hook(hook: TransferHook) -> None:
    if hook not in _HOOKS:
        _HOOKS.append(hook)


def _target_column(target: Board, card: WorkItem, column_id: int | None) -> Column:
    """The column asked for, else the new board's first open column of the card's stage, else
    its first open column."""
    columns = list(target.columns.filter(is_closed=False).order_by("position", "pk"))
    if column_id is not None:
        chosen = next((column for column in columns if column.pk == column_id), None)
        if chosen is None:
            raise BoardRuleError(_("Choose an open column of the board the card moves to."))
        return chosen
    if not columns:
        raise BoardRuleError(_("The board has no open column."))
    same_stage = [column for column in columns if column.stage == card.column.stage]
    return (same_stage or columns)[0]


@transaction.atomic
def work_item_transfer(
    *, actor: Actor, work_item: WorkItem, to_board_id: int, column_id: int | None = None
) -> WorkItem:
    """Move the card to board `to_board_id` (into `column_id`, or the column of its stage);
    the person must change cards on both boards. Returns the card at its new address."""
    source_id = work_item.board_id
    if to_board_id == source_id:
        raise BoardRuleError(_("The card is already on this board: choose another board."))
    require_edit_cards(board_access_for_actor(actor=actor, board_id=source_id))
    try:
        require_edit_cards(board_access_for_actor(actor=actor, board_id=to_board_id))
    except NotFound:
        raise BoardRuleError(
            _("Choose a board of your organisation where you may change cards.")
        ) from None
    # Both boards locked, always in the same order, so two opposite moves cannot deadlock.
    locked = {board_id: lock_board(board_id) for board_id in sorted((source_id, to_board_id))}
    source, target = locked[source_id], locked[to_board_id]
    if target.archived_at is not None:
        raise BoardRuleError(_("That board is archived: restore it before moving cards to it."))
    card = WorkItem.objects.select_related("column").filter(pk=work_item.pk).first()
    if card is None or card.board_id != source_id:
        raise NotFound  # moved or deleted meanwhile
    column = _target_column(target, card, column_id)
    check_can_enter(column, board_id=target.pk)
    for hook in _HOOKS:
        hook(card, target)

    at = timezone.now()
    old_number, old_column = card.number, card.column
    left = history.left_board(
        card, by=actor.user, at=at, to_board=target, number=target.next_number
    )
    WorkItemAddress.objects.create(
        organisation_id=card.organisation_id, board=source, number=old_number, work_item=card
    )
    lane = target.swimlanes.order_by("position", "pk").first()
    if lane is None:
        raise BoardRuleError(_("The board has no swimlane."))
    card.board, card.number = target, target.next_number
    card.column, card.swimlane, card.is_ready = column, lane, False
    card.rank = bottom_of_cell(column, lane.pk)
    card.column_entered_at = at
    apply_stage(card, column.stage, at)
    card.version += 1
    card.save()
    target.next_number += 1
    target.save(update_fields=["next_number"])

    kept_labels = list(
        Label.objects.filter(board=target, name__in=card.labels.values_list("name", flat=True))
    )
    card.labels.set(kept_labels)
    assignees = list(card.assignees.all())
    allowed = set(board_member_list(board=target).filter(pk__in=[p.pk for p in assignees]))
    dropped = [person for person in assignees if person not in allowed]
    entered = history.entered_board(
        card, by=actor.user, at=at, from_board=source, number=old_number, from_column=old_column
    )
    events = [left, entered]
    if dropped:
        card.assignees.remove(*dropped)
        events.append(
            history.unassigned(card, by=actor.user, at=at, people=[(p.pk, str(p)) for p in dropped])
        )
    history.record(*events)
    bump_board(source, card_ids=[card.pk])
    bump_board(target, card_ids=[card.pk])
    return card
