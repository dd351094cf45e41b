"""Ticking a criterion of the Definition of Done on a card's page (a form, then back)."""

from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from officina.boards.selectors.boards import board_get_for_actor
from officina.common.forms import is_id
from officina.organisations.http import ActorRequest
from officina.scrum.exceptions import ScrumRuleError
from officina.scrum.selectors import backlog_card_get_for_actor
from officina.scrum.services.done import done_criterion_set
from officina.scrum.views.common import apply


@require_POST
def done_criterion_set_view(
    request: ActorRequest, org_slug: str, board_id: int, number: int
) -> HttpResponse:
    seen = board_get_for_actor(actor=request.actor, board_id=board_id)
    card = backlog_card_get_for_actor(actor=request.actor, seen=seen, number=number)
    raw = request.POST.get("criterion", "")
    checked = request.POST.get("checked") == "1"

    def change() -> object:
        if not is_id(raw):
            raise ScrumRuleError(_("Choose a criterion of the Definition of Done."))
        return done_criterion_set(
            actor=request.actor, work_item=card, index=int(raw), checked=checked
        )

    return apply(
        request,
        change,
        done=_("The Definition of Done is updated."),
        fallback=reverse("boards:card-detail", args=[org_slug, seen.pk, card.number]),
    )
