"""The live estimation page of a Scrum board and its forms (decision 0045).

The page renders the current state on the server, so a reload or a late joiner finds it as it
is; without JavaScript every action is a form and a reload. `scrum/poker.js` submits the same
forms in the background and refreshes the page's live part when the WebSocket says it changed.
"""

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from officina.boards.selectors.boards import board_get_for_actor
from officina.organisations.http import ActorRequest
from officina.scrum.exceptions import ScrumRuleError
from officina.scrum.selectors import (
    backlog_card_get_for_actor,
    backlog_list_for_actor,
    scrum_settings_for,
)
from officina.scrum.selectors.poker import deck, poker_view_for
from officina.scrum.services.poker import (
    poker_accept,
    poker_close,
    poker_open,
    poker_pick_story,
    poker_reveal,
    poker_revote,
    poker_vote,
)
from officina.scrum.views.common import apply
from officina.scrum.views.guides import guide_context

STORY_CHOICES = 50


def _poker_url(request: ActorRequest, board_id: int) -> str:
    return reverse("scrum:poker", args=[request.actor.organisation.slug, board_id])


@require_GET
def poker(request: ActorRequest, org_slug: str, board_id: int) -> HttpResponse:
    """The estimation as it stands: the story, who voted (what, once revealed), the deck. A
    Kanban board shows how to switch Scrum on, as the backlog does."""
    seen = board_get_for_actor(actor=request.actor, board_id=board_id)
    settings = scrum_settings_for(seen=seen)
    if settings is None:
        return render(
            request, "scrum/scrum_intro.html", {"board": seen.board, "access": seen.access}
        )
    view = poker_view_for(seen=seen)
    stories = []
    if view.can_facilitate and view.state.get("open"):
        stories = list(backlog_list_for_actor(actor=request.actor, seen=seen)[:STORY_CHOICES])
    round_ = view.state.get("round")
    context = {
        "board": seen.board,
        "access": seen.access,
        "view": view,
        "state": view.state,
        "round": round_,
        "deck": deck(view.scale),
        "stories": stories,
        "voting_open": bool(round_ and not round_["revealed"] and not round_["accepted"]),
        "live_url": f"/ws/o/{request.actor.organisation.slug}/boards/{seen.pk}/poker/",
        **guide_context(request, seen, settings, "poker"),
    }
    return render(request, "scrum/poker.html", context)


@require_POST
def poker_start(request: ActorRequest, org_slug: str, board_id: int) -> HttpResponse:
    return apply(
        request,
        lambda: poker_open(actor=request.actor, board_id=board_id),
        done=_("The estimation is open: pick a story."),
        fallback=_poker_url(request, board_id),
    )


@require_POST
def poker_story(request: ActorRequest, org_slug: str, board_id: int) -> HttpResponse:
    seen = board_get_for_actor(actor=request.actor, board_id=board_id)

    def pick() -> object:
        number = request.POST.get("story", "")
        if not number.isdigit():
            raise ScrumRuleError(_("Choose the story to estimate."))
        card = backlog_card_get_for_actor(actor=request.actor, seen=seen, number=int(number))
        return poker_pick_story(actor=request.actor, board_id=board_id, work_item=card)

    return apply(request, pick, done="", fallback=_poker_url(request, board_id))


@require_POST
def poker_vote_view(request: ActorRequest, org_slug: str, board_id: int) -> HttpResponse:
    return apply(
        request,
        lambda: poker_vote(
            actor=request.actor, board_id=board_id, value=request.POST.get("value", "")
        ),
        done=_("Your vote is in: it stays hidden until the reveal."),
        fallback=_poker_url(request, board_id),
    )


@require_POST
def poker_reveal_view(request: ActorRequest, org_slug: str, board_id: int) -> HttpResponse:
    return apply(
        request,
        lambda: poker_reveal(actor=request.actor, board_id=board_id),
        done="",
        fallback=_poker_url(request, board_id),
    )


@require_POST
def poker_revote_view(request: ActorRequest, org_slug: str, board_id: int) -> HttpResponse:
    return apply(
        request,
        lambda: poker_revote(actor=request.actor, board_id=board_id),
        done=_("New round: everyone votes again."),
        fallback=_poker_url(request, board_id),
    )


@require_POST
def poker_accept_view(request: ActorRequest, org_slug: str, board_id: int) -> HttpResponse:
    return apply(
        request,
        lambda: poker_accept(
            actor=request.actor, board_id=board_id, value=request.POST.get("value", "")
        ),
        done=_("The estimate is written to the story: pick the next one."),
        fallback=_poker_url(request, board_id),
    )


@require_POST
def poker_close_view(request: ActorRequest, org_slug: str, board_id: int) -> HttpResponse:
    return apply(
        request,
        lambda: poker_close(actor=request.actor, board_id=board_id),
        done=_("The estimation is closed."),
        fallback=_poker_url(request, board_id),
    )
