"""The first-time guides at the top of the Scrum pages, and hiding or showing them again for
the board's team (a form and a redirect back: no JavaScript needed)."""

from typing import Any

from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from officina.boards.selectors.boards import BoardWithAccess, board_get_for_actor
from officina.organisations.http import ActorRequest
from officina.scrum.models import ScrumSettings
from officina.scrum.services.settings import scrum_guides_set
from officina.scrum.views.common import apply

GUIDES = frozenset({"backlog", "sprints", "sprint", "review", "report", "standup", "poker"})


def guide_context(
    request: ActorRequest, seen: BoardWithAccess, settings: ScrumSettings | None, page: str
) -> dict[str, Any]:
    """What `scrum/partials/_guide.html` needs: which guide (None: hidden) and whether the
    person may hide it."""
    shown = page in GUIDES and settings is not None and settings.show_guides
    return {
        "guide": page if shown else None,
        "guide_can_hide": seen.access.can_edit_cards,
        "guide_back": request.get_full_path(),
    }


@require_POST
def guides_set(request: ActorRequest, org_slug: str, board_id: int) -> HttpResponse:
    """`show=1` shows the guides again, anything else hides them; back to `next`."""
    seen = board_get_for_actor(actor=request.actor, board_id=board_id)
    show = request.POST.get("show") == "1"
    return apply(
        request,
        lambda: scrum_guides_set(actor=request.actor, board=seen.board, show=show),
        done=_("The guides are shown again.") if show else _("The guide is hidden for the team."),
        fallback=reverse("scrum:backlog", args=[org_slug, seen.pk]),
    )
