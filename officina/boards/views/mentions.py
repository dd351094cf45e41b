"""Suggestions for the @mention autocomplete of the comment box (mentions.js)."""

from django.http import JsonResponse
from django.views.decorators.http import require_GET

from officina.boards.selectors.mentions import mention_suggestion_list
from officina.boards.views.card_common import get_board
from officina.organisations.http import ActorRequest

MAX_QUERY = 60


@require_GET
def mention_suggestions(request: ActorRequest, org_slug: str, board_id: int) -> JsonResponse:
    """The board's people matching ?q=, for anyone who may see the board (who sees its cards
    sees their assignees too); anyone else gets the 404 of a board they cannot see."""
    seen = get_board(request, board_id)
    query = request.GET.get("q", "")[:MAX_QUERY]
    suggestions = mention_suggestion_list(seen=seen, query=query)
    return JsonResponse(
        {"results": [{"handle": s.handle, "name": s.name} for s in suggestions]},
        headers={"Cache-Control": "private, no-store"},
    )
