"""The checklist of a card. Its progress shows on the card face, so each change bumps the card."""

from datetime import datetime

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from officina.boards import history
from officina.boards.exceptions import BoardRuleError
from officina.boards.models import ChecklistItem, WorkItem
from officina.boards.permissions import require_edit_cards
from officina.boards.selectors.boards import board_access_for_actor
from officina.boards.services.cards import work_item_touch
from officina.boards.services.locking import lock_board
from officina.organisations.actor import Actor


@transaction.atomic
def checklist_item_add(*, actor: Actor, work_item: WorkItem, text: str) -> ChecklistItem:
    require_edit_cards(board_access_for_actor(actor=actor, board_id=work_item.board_id))
    text = text.strip()
    if not text:
        raise BoardRuleError(_("A checklist item needs some text."))
    locked = lock_board(work_item.board_id)
    last = work_item.checklist.aggregate(last=Max("position"))["last"]
    item = ChecklistItem.objects.create(
        organisation_id=work_item.organisation_id,
        work_item=work_item,
        text=text[:300],
        position=(last or 0) + 1,
    )
    work_item_touch(locked_board=locked, work_item=work_item)
    return item


@transaction.atomic
def checklist_item_set_done(
    *, actor: Actor, item: ChecklistItem, done: bool, at: datetime | None = None
) -> ChecklistItem:
    """Tick or untick an item; the card's history tells who did it and when."""
    work_item = item.work_item
    require_edit_cards(board_access_for_actor(actor=actor, board_id=work_item.board_id))
    locked = lock_board(work_item.board_id)
    if item.is_done != done:
        item.is_done = done
        item.save(update_fields=["is_done", "updated_at"])
        work_item_touch(locked_board=locked, work_item=work_item)
        history.record(
            history.checked(
                work_item,
                by=actor.user,
                at=at or timezone.now(),
                item_id=item.pk,
                text=item.text,
                done=done,
            )
        )
    return item


@transaction.atomic
def checklist_item_delete(*, actor: Actor, item: ChecklistItem) -> None:
    work_item = item.work_item
    require_edit_cards(board_access_for_actor(actor=actor, board_id=work_item.board_id))
    locked = lock_board(work_item.board_id)
    item.delete()
    work_item_touch(locked_board=locked, work_item=work_item)
