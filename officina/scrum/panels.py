"""What Scrum adds to the boards' card page (`boards.card_panels`): the Definition of Done to
tick when the card is in a done column."""

from typing import Any

from django.urls import reverse

from officina.boards.models import WorkItem
from officina.boards.selectors.boards import BoardWithAccess
from officina.organisations.actor import Actor
from officina.scrum.selectors.done import done_checklist_for


def done_panel_context(
    actor: Actor, card: WorkItem, seen: BoardWithAccess
) -> dict[str, Any] | None:
    criteria = done_checklist_for(seen=seen, card=card)
    if criteria is None:
        return None
    return {
        "criteria": criteria,
        "done_count": sum(1 for criterion in criteria if criterion.checked),
        "done_url": reverse(
            "scrum:done-check", args=[actor.organisation.slug, seen.pk, card.number]
        ),
    }
