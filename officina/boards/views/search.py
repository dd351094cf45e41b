"""Search across every board the actor may see (`?q=`): a ranked list of cards."""

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from officina.boards.selectors.search import MAX_QUERY_LENGTH, work_item_search_for_actor
from officina.organisations.http import ActorRequest


@require_GET
def card_search(request: ActorRequest, org_slug: str) -> HttpResponse:
    results = work_item_search_for_actor(actor=request.actor, query=request.GET.get("q", ""))
    context = {"results": results, "query": results.query, "max_length": MAX_QUERY_LENGTH}
    return render(request, "boards/card_search.html", context)
