"""Template tags of the boards app."""

from django import template
from django.utils import timezone

from officina.boards.selectors.boards import board_list_for_actor, team_list_for_board_creation
from officina.boards.selectors.cards import my_open_work_item_list
from officina.organisations.models import Team

register = template.Library()


# --- A team's boards on its page (h1) -------------------------------------------------------


@register.inclusion_tag("boards/board_team_section.html", takes_context=True)
def team_boards(context: template.Context, team: Team) -> dict[str, object]:
    """The team's boards the actor can see (one query), and "New board" for its workers."""
    actor = context.get("actor")
    if actor is None:
        return {"boards": [], "team": team, "can_create": False}
    boards = list(board_list_for_actor(actor=actor, team=team))
    can_create = team_list_for_board_creation(actor=actor).filter(pk=team.pk).exists()
    return {"actor": actor, "boards": boards, "team": team, "can_create": can_create}


# --- "Il mio lavoro" on the home page (h2) -------------------------------------------------


@register.inclusion_tag("boards/card_my_work.html", takes_context=True)
def my_work(context: template.Context) -> dict[str, object]:
    """My open cards across every board I can see: one query whatever their number (labels
    are not shown here, so their prefetch is dropped)."""
    actor = context.get("actor")
    cards = list(my_open_work_item_list(actor=actor).prefetch_related(None)) if actor else []
    return {"actor": actor, "cards": cards, "today": timezone.localdate()}
