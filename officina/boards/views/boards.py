"""The list of boards and the creation of a board."""

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from officina.boards.exceptions import BoardRuleError
from officina.boards.forms import BoardCreateForm
from officina.boards.models import Board
from officina.boards.selectors.boards import (
    board_get_for_actor,
    board_list_for_actor,
    board_template_get_for_actor,
    board_template_list_for_actor,
    team_list_for_board_creation,
)
from officina.boards.selectors.search import MAX_QUERY_LENGTH
from officina.boards.services.boards import board_create as board_create_service
from officina.organisations.http import ActorRequest


@require_GET
def board_list(request: ActorRequest, org_slug: str) -> HttpResponse:
    """Boards the actor can see, grouped by team."""
    boards = list(board_list_for_actor(actor=request.actor))
    groups: dict[int, tuple[Any, list[Board]]] = {}
    for board in boards:
        groups.setdefault(board.team_id, (board.team, []))[1].append(board)
    can_create = team_list_for_board_creation(actor=request.actor).exists()
    context = {
        "groups": list(groups.values()),
        "can_create": can_create,
        "search_max_length": MAX_QUERY_LENGTH,
    }
    return render(request, "boards/board_list.html", context)


@require_http_methods(["GET", "POST"])
def board_create(request: ActorRequest, org_slug: str) -> HttpResponse:
    """A new board of one of the actor's teams, from a template or another board's structure."""
    actor = request.actor
    teams = team_list_for_board_creation(actor=actor)
    templates = list(board_template_list_for_actor(actor=actor))
    boards = list(board_list_for_actor(actor=actor))
    initial = {}
    if team_id := request.GET.get("team", ""):
        initial["team"] = team_id
    form = BoardCreateForm(
        request.POST or None, teams=teams, templates=templates, boards=boards, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        kind, source_id = form.source()
        try:
            board = board_create_service(
                actor=actor,
                team=form.cleaned_data["team"],
                name=form.cleaned_data["name"],
                description=form.cleaned_data["description"],
                visibility=form.cleaned_data["visibility"],
                template=(
                    board_template_get_for_actor(actor=actor, template_id=source_id)
                    if kind == "template"
                    else None
                ),
                copy_from=(
                    board_get_for_actor(actor=actor, board_id=source_id)
                    if kind == "board"
                    else None
                ),
            )
        except BoardRuleError as error:
            form.add_error(None, error.text)
        else:
            messages.success(request, _("The board “%(name)s” is ready.") % {"name": board.name})
            return redirect("boards:board-detail", org_slug=org_slug, board_id=board.pk)
    has_teams = bool(form.fields["team"].queryset.exists())  # type: ignore[attr-defined]
    return render(request, "boards/board_create.html", {"form": form, "has_teams": has_teams})
