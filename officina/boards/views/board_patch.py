"""The patch an open board page fetches when a live notice names the cards that changed."""

from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from officina.boards.rendering import board_patch_data
from officina.boards.selectors.boards import board_get_for_actor
from officina.boards.selectors.patch import MAX_PATCH_CARDS, board_patch_for_actor
from officina.organisations.http import ActorRequest


@require_GET
def board_patch(request: ActorRequest, org_slug: str, board_id: int) -> HttpResponse:
    """`?cards=12,40`: those cards' faces and places, and the board's counts (JSON)."""
    seen = board_get_for_actor(actor=request.actor, board_id=board_id)
    values = request.GET.get("cards", "").split(",")
    if not all(value.isdigit() and len(value) <= 12 for value in values):
        return HttpResponse(
            _("Name the cards by their ids, separated by commas."),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    card_ids = list(dict.fromkeys(int(value) for value in values))[:MAX_PATCH_CARDS]
    patch = board_patch_for_actor(
        actor=request.actor, seen=seen, card_ids=card_ids, today=timezone.localdate()
    )
    response = JsonResponse(board_patch_data(patch))
    response["Cache-Control"] = "no-store"
    return response
