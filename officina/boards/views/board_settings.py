"""The board's settings page and its small forms (each posts to its own URL, then comes back).

A refused change re-renders the page with the person's input and the rule's message in their
language; only the team's working members reach these forms (the services raise 403 otherwise).
"""

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from officina.boards.display import board_guest_get_for_actor, board_team_guest_list
from officina.boards.exceptions import BoardRuleError
from officina.boards.forms import (
    BoardSettingsForm,
    ColumnForm,
    DirectionForm,
    LabelForm,
    SwimlaneForm,
)
from officina.boards.models import Board
from officina.boards.permissions import require_manage_board
from officina.boards.selectors import (
    board_get_for_actor,
    board_label_list,
    board_structure,
    column_get_for_actor,
    label_get_for_actor,
    swimlane_get_for_actor,
)
from officina.boards.services import boards as board_services
from officina.boards.views.boards import rule_message
from officina.organisations.http import ActorRequest

COLUMN_FIELDS = ("name", "stage", "wip_limit", "wip_policy", "policy", "is_collapsed", "is_closed")


def _board(request: ActorRequest, board_id: int) -> Board:
    """A board the actor may see, including an archived one (to restore it)."""
    return board_get_for_actor(actor=request.actor, board_id=board_id)


def _column_form(column: Any, data: Any = None) -> ColumnForm:
    initial = {field: getattr(column, field) for field in COLUMN_FIELDS}
    return ColumnForm(data, initial=initial, prefix=f"column-{column.pk}")


def _settings_page(
    request: ActorRequest,
    board: Board,
    *,
    bound: dict[str, forms.Form] | None = None,
    error: str = "",
) -> HttpResponse:
    """The page with every form; `bound` replaces a form by the one the person just sent."""
    bound = bound or {}
    columns, lanes = board_structure(board=board)
    context = {
        "board": board,
        "error": error,
        "board_form": bound.get("board")
        or BoardSettingsForm(
            initial={
                "name": board.name,
                "description": board.description,
                "visibility": board.visibility,
            }
        ),
        "columns": [
            (column, bound.get(f"column-{column.pk}") or _column_form(column)) for column in columns
        ],
        "new_column_form": bound.get("new-column") or ColumnForm(prefix="new-column"),
        "lanes": [
            (lane, bound.get(f"lane-{lane.pk}") or SwimlaneForm(initial={"name": lane.name}))
            for lane in lanes
        ],
        "new_lane_form": bound.get("new-lane") or SwimlaneForm(prefix="new-lane"),
        "labels": board_label_list(board=board),
        "label_form": bound.get("label") or LabelForm(prefix="label"),
        "guests": board_team_guest_list(board=board),
    }
    status = 422 if error or bound else 200
    return render(request, "boards/board_settings.html", context, status=status)


def _done(request: ActorRequest, board: Board, message: str, anchor: str = "") -> HttpResponse:
    messages.success(request, message)
    url = reverse("boards:board-settings", args=[request.actor.organisation.slug, board.pk])
    return redirect(f"{url}{anchor}")


@require_http_methods(["GET", "POST"])
def board_settings(request: ActorRequest, org_slug: str, board_id: int) -> HttpResponse:
    """The settings page (GET); its own form changes name, description and visibility."""
    board = _board(request, board_id)
    require_manage_board(board.access)  # type: ignore[attr-defined]
    if request.method == "GET":
        return _settings_page(request, board)
    form = BoardSettingsForm(request.POST)
    if not form.is_valid():
        return _settings_page(request, board, bound={"board": form})
    try:
        board_services.board_update(actor=request.actor, board=board, **form.cleaned_data)
    except BoardRuleError as error:
        return _settings_page(request, board, bound={"board": form}, error=rule_message(error))
    return _done(request, board, _("The board's settings are saved."))


@require_POST
def board_archive(request: ActorRequest, org_slug: str, board_id: int) -> HttpResponse:
    """Archive the board, or restore it when it is archived."""
    board = _board(request, board_id)
    archive = board.archived_at is None
    board_services.board_set_archived(actor=request.actor, board=board, archived=archive)
    if archive:
        messages.success(request, _("The board is archived: it no longer appears in the lists."))
    else:
        messages.success(request, _("The board is restored."))
    return redirect("boards:board-settings", org_slug=org_slug, board_id=board.pk)


# --- Columns ----------------------------------------------------------------------------------


@require_POST
def column_create(request: ActorRequest, org_slug: str, board_id: int) -> HttpResponse:
    board = _board(request, board_id)
    form = ColumnForm(request.POST, prefix="new-column")
    if not form.is_valid():
        return _settings_page(request, board, bound={"new-column": form})
    try:
        board_services.column_create(actor=request.actor, board=board, **form.cleaned_data)
    except BoardRuleError as error:
        return _settings_page(request, board, bound={"new-column": form}, error=rule_message(error))
    return _done(request, board, _("Column added."), "#columns")


@require_POST
def column_update(
    request: ActorRequest, org_slug: str, board_id: int, column_id: int
) -> HttpResponse:
    board = _board(request, board_id)
    column = column_get_for_actor(actor=request.actor, board=board, column_id=column_id)
    form = _column_form(column, request.POST)
    key = f"column-{column.pk}"
    if not form.is_valid():
        return _settings_page(request, board, bound={key: form})
    try:
        board_services.column_update(actor=request.actor, column=column, **form.cleaned_data)
    except BoardRuleError as error:
        return _settings_page(request, board, bound={key: form}, error=rule_message(error))
    return _done(request, board, _("Column saved."), f"#column-{column.pk}")


@require_POST
def column_move(
    request: ActorRequest, org_slug: str, board_id: int, column_id: int
) -> HttpResponse:
    """Move a column one place left ("up") or right ("down")."""
    board = _board(request, board_id)
    column = column_get_for_actor(actor=request.actor, board=board, column_id=column_id)
    form = DirectionForm(request.POST)
    columns, _lanes = board_structure(board=board)
    order = [c.pk for c in columns]
    index = order.index(column.pk)
    if form.is_valid():
        step = -1 if form.cleaned_data["direction"] == "up" else 1
        other = index + step
        if 0 <= other < len(order):
            order[index], order[other] = order[other], order[index]
    board_services.column_reorder(actor=request.actor, board=board, column_ids=order)
    return _done(request, board, _("Columns reordered."), f"#column-{column.pk}")


@require_POST
def column_delete(
    request: ActorRequest, org_slug: str, board_id: int, column_id: int
) -> HttpResponse:
    board = _board(request, board_id)
    column = column_get_for_actor(actor=request.actor, board=board, column_id=column_id)
    try:
        board_services.column_delete(actor=request.actor, column=column)
    except BoardRuleError as error:
        return _settings_page(request, board, error=rule_message(error))
    return _done(request, board, _("Column deleted."), "#columns")


# --- Swimlanes --------------------------------------------------------------------------------


@require_POST
def swimlane_create(request: ActorRequest, org_slug: str, board_id: int) -> HttpResponse:
    board = _board(request, board_id)
    form = SwimlaneForm(request.POST, prefix="new-lane")
    if not form.is_valid():
        return _settings_page(request, board, bound={"new-lane": form})
    try:
        board_services.swimlane_create(
            actor=request.actor, board=board, name=form.cleaned_data["name"]
        )
    except BoardRuleError as error:
        return _settings_page(request, board, bound={"new-lane": form}, error=rule_message(error))
    return _done(request, board, _("Swimlane added."), "#swimlanes")


@require_POST
def swimlane_update(
    request: ActorRequest, org_slug: str, board_id: int, swimlane_id: int
) -> HttpResponse:
    board = _board(request, board_id)
    lane = swimlane_get_for_actor(actor=request.actor, board=board, swimlane_id=swimlane_id)
    form = SwimlaneForm(request.POST)
    key = f"lane-{lane.pk}"
    if not form.is_valid():
        return _settings_page(request, board, bound={key: form})
    try:
        board_services.swimlane_update(
            actor=request.actor, swimlane=lane, name=form.cleaned_data["name"]
        )
    except BoardRuleError as error:
        return _settings_page(request, board, bound={key: form}, error=rule_message(error))
    return _done(request, board, _("Swimlane saved."), "#swimlanes")


@require_POST
def swimlane_delete(
    request: ActorRequest, org_slug: str, board_id: int, swimlane_id: int
) -> HttpResponse:
    board = _board(request, board_id)
    lane = swimlane_get_for_actor(actor=request.actor, board=board, swimlane_id=swimlane_id)
    try:
        board_services.swimlane_delete(actor=request.actor, swimlane=lane)
    except BoardRuleError as error:
        return _settings_page(request, board, error=rule_message(error))
    return _done(request, board, _("Swimlane deleted."), "#swimlanes")


# --- Labels and guests ------------------------------------------------------------------------


@require_POST
def label_create(request: ActorRequest, org_slug: str, board_id: int) -> HttpResponse:
    board = _board(request, board_id)
    form = LabelForm(request.POST, prefix="label")
    if not form.is_valid():
        return _settings_page(request, board, bound={"label": form})
    try:
        board_services.label_create(actor=request.actor, board=board, **form.cleaned_data)
    except BoardRuleError as error:
        return _settings_page(request, board, bound={"label": form}, error=rule_message(error))
    return _done(request, board, _("Label added."), "#labels")


@require_POST
def label_delete(
    request: ActorRequest, org_slug: str, board_id: int, label_id: int
) -> HttpResponse:
    board = _board(request, board_id)
    label = label_get_for_actor(actor=request.actor, board=board, label_id=label_id)
    board_services.label_delete(actor=request.actor, label=label)
    return _done(request, board, _("Label deleted."), "#labels")


@require_POST
def guest_set(request: ActorRequest, org_slug: str, board_id: int, user_id: int) -> HttpResponse:
    """Invite a guest of the team to the board (invited=1) or withdraw the invitation."""
    board = _board(request, board_id)
    user = board_guest_get_for_actor(actor=request.actor, board=board, user_id=user_id)
    invited = request.POST.get("invited") == "1"
    try:
        board_services.board_guest_set(actor=request.actor, board=board, user=user, invited=invited)
    except BoardRuleError as error:
        return _settings_page(request, board, error=rule_message(error))
    message = _("Guest invited.") if invited else _("Invitation withdrawn.")
    return _done(request, board, message, "#guests")
