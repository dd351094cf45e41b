"""Bulk actions of the product backlog: one action on the selected items, all or none."""

from typing import Final

from django.db import transaction
from django.utils.translation import gettext as _

from officina.boards.models import WorkItem
from officina.organisations.actor import Actor
from officina.scrum.exceptions import ScrumRuleError
from officina.scrum.models import Epic, Sprint
from officina.scrum.services.backlog import backlog_item_move, backlog_item_update
from officina.scrum.services.sprints import sprint_add_item

BULK_ACTIONS: Final = ("top", "bottom", "plan", "ready", "not_ready", "epic", "no_epic")


@transaction.atomic
def backlog_bulk_update(
    *,
    actor: Actor,
    cards: list[WorkItem],
    action: str,
    epic: Epic | None = None,
    sprint: Sprint | None = None,
) -> int:
    """One action on several backlog items at once, all or none (`cards` in backlog order):
    to the top or the bottom keeping their order, into a sprint, ready or not, into an epic or
    out of it.
    Returns how many items changed."""
    if not cards:
        raise ScrumRuleError(_("Select at least one item of the backlog."))
    if action not in BULK_ACTIONS:
        raise ScrumRuleError(_("Choose what to do with the selected items."))
    if action == "plan" and sprint is None:
        raise ScrumRuleError(_("Choose the sprint for the selected items."))
    if action == "epic" and epic is None:
        raise ScrumRuleError(_("Choose the epic for the selected items."))
    if action in ("top", "bottom"):
        # To the top from the last up, to the bottom from the first down: the order is kept.
        for card in reversed(cards) if action == "top" else cards:
            backlog_item_move(actor=actor, work_item=card, to=action)
        return len(cards)
    for card in cards:
        if action == "plan" and sprint is not None:
            sprint_add_item(actor=actor, sprint=sprint, work_item=card)
        elif action in ("ready", "not_ready"):
            backlog_item_update(actor=actor, work_item=card, is_ready=action == "ready")
        else:
            backlog_item_update(
                actor=actor, work_item=card, epic=epic if action == "epic" else None
            )
    return len(cards)
