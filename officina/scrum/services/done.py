"""Ticking the Definition of Done on a card in a done column (decision 0048).

A criterion is an item of the card's checklist with the criterion's text: ticking it adds the
item the first time, then ticks or unticks it, all through the boards' checklist services, so
the card's history tells who ticked what and when."""

from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from officina.boards.models import ChecklistItem, Stage, WorkItem
from officina.boards.services.checklist import checklist_item_add, checklist_item_set_done
from officina.organisations.actor import Actor
from officina.scrum.exceptions import ScrumRuleError
from officina.scrum.selectors.done import criteria_of
from officina.scrum.services.common import lock_for_planning


@transaction.atomic
def done_criterion_set(
    *, actor: Actor, work_item: WorkItem, index: int, checked: bool, at: datetime | None = None
) -> ChecklistItem:
    """Tick (or untick) criterion `index` (from 1) of the board's Definition of Done on the
    card. Whoever edits the board's cards may; only for a card in a done column."""
    locked, settings = lock_for_planning(actor=actor, board_id=work_item.board_id)
    card = WorkItem.objects.select_related("column").get(pk=work_item.pk, board_id=locked.pk)
    if card.column.stage != Stage.DONE:
        raise ScrumRuleError(
            _("The Definition of Done is ticked once the card is in a done column.")
        )
    criteria = criteria_of(settings.definition_of_done)
    if not 1 <= index <= len(criteria):
        raise ScrumRuleError(
            _("This criterion is no longer in the Definition of Done: reload the page.")
        )
    text = criteria[index - 1]
    item = ChecklistItem.objects.filter(work_item_id=card.pk, text=text).order_by("pk").first()
    if item is None:
        if not checked:
            raise ScrumRuleError(_("This criterion is not ticked."))
        item = checklist_item_add(actor=actor, work_item=card, text=text)
    item.work_item = card
    return checklist_item_set_done(actor=actor, item=item, done=checked, at=at)
