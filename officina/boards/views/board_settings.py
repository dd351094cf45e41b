"""The board's settings page and its small forms (each posts to its own URL, then comes back).

Every form has one shape (`_apply`): check the input, call one structure service, and either
come back to the page with a message or show the page again with the person's input and the
rule's message in their language. Only the team's working members reach these forms (the
services raise 403 otherwise).
"""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from officina.boards.exceptions import BoardRuleError
from officina.boards.forms import (
    BoardSettingsForm,
    ColumnForm,
    DirectionForm,
    LabelForm,
    SwimlaneForm,
)
from officina.boards.models import Column
from officina.boards.permissions import require_manage_board
from officina.boards.selectors.boards import (
    BoardWithAccess,
    board_get_for_actor,
    board_guest_get_for_actor,
    board_label_list,
    board_structure,
    board_team_guest_list,
    column_get_for_actor,
    label_get_for_actor,
    swimlane_get_for_actor,
)
from officina.boards.services import boards as board_services
from officina.boards.services import structure
from officina.organisations.http import ActorRequest

COLUMN_FIELDS = ("name", "stage", "wip_limit", "wip_policy", "policy", "is_collapsed", "is_closed")


def _board(request: ActorRequest, board_id: int) -> BoardWithAccess:
    """A board the actor may see, including an archived one (to restore it)."""
    return board_get_for_actor(actor=request.actor, board_id=board_id)


def _column_form(column: Column, data: Any = None) -> ColumnForm:
    initial = {field: getattr(column, field) for field in (*COLUMN_FIELDS, "is_split")}
    return ColumnForm(data, initial=initial, prefix=f"column-{column.pk}")


def _settings_page(
    request: ActorRequest,
    seen: BoardWithAccess,
    *,
    bound: dict[str, forms.Form] | None = None,
    error: str = "",
) -> HttpResponse:
    """The page with every form; `bound` replaces a form by the one the person just sent."""
    bound = bound or {}
    board = seen.board
    columns, lanes = board_structure(seen=seen)
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
        "labels": board_label_list(seen=seen),
        "label_form": bound.get("label") or LabelForm(prefix="label"),
        "guests": board_team_guest_list(seen=seen),
    }
    status = 422 if error or bound else 200
    return render(request, "boards/board_settings.html", context, status=status)


def _apply(
    request: ActorRequest,
    seen: BoardWithAccess,
    change: Callable[[dict[str, Any]], object],
    *,
    done: str,
    anchor: str = "",
    form: forms.Form | None = None,
    key: str = "",
) -> HttpResponse:
    """Check `form` (if any), call `change` with its cleaned data, and say how it went."""
    bound = {key: form} if form is not None else {}
    if form is not None and not form.is_valid():
        return _settings_page(request, seen, bound=bound)
    try:
        change(form.cleaned_data if form is not None else {})
    except BoardRuleError as error:
        return _settings_page(request, seen, bound=bound, error=error.text)
    messages.success(request, done)
    url = reverse("boards:board-settings", args=[request.actor.organisation.slug, seen.pk])
    return redirect(f"{url}{anchor}")


@require_http_methods(["GET", "POST"])
def board_settings(request: ActorRequest, org_slug: str, board_id: int) -> HttpResponse:
    """The settings page (GET); its own form changes name, description and visibility."""
    seen = _board(request, board_id)
    require_manage_board(seen.access)
    if request.method == "GET":
        return _settings_page(request, seen)
    return _apply(
        request,
        seen,
        lambda data: board_services.board_update(actor=request.actor, board=seen.board, **data),
        form=BoardSettingsForm(request.POST),
        key="board",
        done=_("The board's settings are saved."),
    )


@require_POST
def board_archive(request: ActorRequest, org_slug: str, board_id: int) -> HttpResponse:
    """Archive the board, or restore it when it is archived."""
    seen = _board(request, board_id)
    archive = seen.board.archived_at is None
    board_services.board_set_archived(actor=request.actor, board=seen.board, archived=archive)
    if archive:
        messages.success(request, _("The board is archived: it no longer appears in the lists."))
    else:
        messages.success(request, _("The board is restored."))
    return redirect("boards:board-settings", org_slug=org_slug, board_id=seen.pk)


def _moved_order(ids: list[int], moving: int, form: DirectionForm) -> list[int]:
    """`ids` with `moving` one place up (left) or down (right), as the form says."""
    order = list(ids)
    index = order.index(moving)
    if form.is_valid():
        other = index + (-1 if form.cleaned_data["direction"] == "up" else 1)
        if 0 <= other < len(order):
            order[index], order[other] = order[other], order[index]
    return order


# --- Columns ----------------------------------------------------------------------------------


@require_POST
def column_create(request: ActorRequest, org_slug: str, board_id: int) -> HttpResponse:
    seen = _board(request, board_id)
    return _apply(
        request,
        seen,
        lambda data: structure.column_create(actor=request.actor, board=seen.board, **data),
        form=ColumnForm(request.POST, prefix="new-column"),
        key="new-column",
        done=_("Column added."),
        anchor="#columns",
    )


@require_POST
def column_update(
    request: ActorRequest, org_slug: str, board_id: int, column_id: int
) -> HttpResponse:
    seen = _board(request, board_id)
    column = column_get_for_actor(actor=request.actor, seen=seen, column_id=column_id)
    return _apply(
        request,
        seen,
        lambda data: structure.column_update(actor=request.actor, column=column, **data),
        form=_column_form(column, request.POST),
        key=f"column-{column.pk}",
        done=_("Column saved."),
        anchor=f"#column-{column.pk}",
    )


@require_POST
def column_move(
    request: ActorRequest, org_slug: str, board_id: int, column_id: int
) -> HttpResponse:
    """Move a column one place left ("up") or right ("down")."""
    seen = _board(request, board_id)
    column = column_get_for_actor(actor=request.actor, seen=seen, column_id=column_id)
    columns, _lanes = board_structure(seen=seen)
    order = _moved_order([c.pk for c in columns], column.pk, DirectionForm(request.POST))
    return _apply(
        request,
        seen,
        lambda _data: structure.column_reorder(
            actor=request.actor, board=seen.board, column_ids=order
        ),
        done=_("Columns reordered."),
        anchor=f"#column-{column.pk}",
    )


@require_POST
def column_delete(
    request: ActorRequest, org_slug: str, board_id: int, column_id: int
) -> HttpResponse:
    seen = _board(request, board_id)
    column = column_get_for_actor(actor=request.actor, seen=seen, column_id=column_id)
    return _apply(
        request,
        seen,
        lambda _data: structure.column_delete(actor=request.actor, column=column),
        done=_("Column deleted."),
        anchor="#columns",
    )


# --- Swimlanes --------------------------------------------------------------------------------


@require_POST
def swimlane_create(request: ActorRequest, org_slug: str, board_id: int) -> HttpResponse:
    seen = _board(request, board_id)
    return _apply(
        request,
        seen,
        lambda data: structure.swimlane_create(
            actor=request.actor, board=seen.board, name=data["name"]
        ),
        form=SwimlaneForm(request.POST, prefix="new-lane"),
        key="new-lane",
        done=_("Swimlane added."),
        anchor="#swimlanes",
    )


@require_POST
def swimlane_update(
    request: ActorRequest, org_slug: str, board_id: int, swimlane_id: int
) -> HttpResponse:
    seen = _board(request, board_id)
    lane = swimlane_get_for_actor(actor=request.actor, seen=seen, swimlane_id=swimlane_id)
    return _apply(
        request,
        seen,
        lambda data: structure.swimlane_update(
            actor=request.actor, swimlane=lane, name=data["name"]
        ),
        form=SwimlaneForm(request.POST),
        key=f"lane-{lane.pk}",
        done=_("Swimlane saved."),
        anchor="#swimlanes",
    )


@require_POST
def swimlane_move(
    request: ActorRequest, org_slug: str, board_id: int, swimlane_id: int
) -> HttpResponse:
    """Move a lane one place up or down."""
    seen = _board(request, board_id)
    lane = swimlane_get_for_actor(actor=request.actor, seen=seen, swimlane_id=swimlane_id)
    _columns, lanes = board_structure(seen=seen)
    order = _moved_order([lane.pk for lane in lanes], lane.pk, DirectionForm(request.POST))
    return _apply(
        request,
        seen,
        lambda _data: structure.swimlane_reorder(
            actor=request.actor, board=seen.board, swimlane_ids=order
        ),
        done=_("Swimlanes reordered."),
        anchor="#swimlanes",
    )


@require_POST
def swimlane_delete(
    request: ActorRequest, org_slug: str, board_id: int, swimlane_id: int
) -> HttpResponse:
    seen = _board(request, board_id)
    lane = swimlane_get_for_actor(actor=request.actor, seen=seen, swimlane_id=swimlane_id)
    return _apply(
        request,
        seen,
        lambda _data: structure.swimlane_delete(actor=request.actor, swimlane=lane),
        done=_("Swimlane deleted."),
        anchor="#swimlanes",
    )


# --- Labels and guests ------------------------------------------------------------------------


@require_POST
def label_create(request: ActorRequest, org_slug: str, board_id: int) -> HttpResponse:
    seen = _board(request, board_id)
    return _apply(
        request,
        seen,
        lambda data: structure.label_create(actor=request.actor, board=seen.board, **data),
        form=LabelForm(request.POST, prefix="label"),
        key="label",
        done=_("Label added."),
        anchor="#labels",
    )


@require_POST
def label_delete(
    request: ActorRequest, org_slug: str, board_id: int, label_id: int
) -> HttpResponse:
    seen = _board(request, board_id)
    label = label_get_for_actor(actor=request.actor, seen=seen, label_id=label_id)
    return _apply(
        request,
        seen,
        lambda _data: structure.label_delete(actor=request.actor, label=label),
        done=_("Label deleted."),
        anchor="#labels",
    )


@require_POST
def guest_set(request: ActorRequest, org_slug: str, board_id: int, user_id: int) -> HttpResponse:
    """Invite a guest of the team to the board (invited=1) or withdraw the invitation."""
    seen = _board(request, board_id)
    user = board_guest_get_for_actor(actor=request.actor, seen=seen, user_id=user_id)
    invited = request.POST.get("invited") == "1"
    return _apply(
        request,
        seen,
        lambda _data: board_services.board_guest_set(
            actor=request.actor, board=seen.board, user=user, invited=invited
        ),
        done=_("Guest invited.") if invited else _("Invitation withdrawn."),
        anchor="#guests",
    )
