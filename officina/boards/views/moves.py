"""Moving a card: the no-JS move page, and the endpoint of drag and drop and "Sposta…"."""

from dataclasses import replace
from urllib.parse import urlsplit

from django.contrib import messages
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from officina.boards.exceptions import BoardRuleError, EditConflictError
from officina.boards.forms import CardMoveForm, CardMoveIdsForm
from officina.boards.models import Column, Swimlane, WorkItem
from officina.boards.permissions import require_edit_cards
from officina.boards.rendering import board_patch_data
from officina.boards.selectors.boards import (
    BoardWithAccess,
    board_get_for_actor,
    board_reference_for_actor,
    board_structure,
)
from officina.boards.selectors.cards import (
    board_card_for_move,
    board_cell_sizes,
    work_item_get_for_actor,
)
from officina.boards.selectors.patch import board_patch_for_actor
from officina.boards.services.moves import work_item_move
from officina.common.http import is_script_request, text_response
from officina.organisations.http import ActorRequest


def board_page_to_return_to(request: ActorRequest, board_id: int) -> str:
    """The board page the move page was opened from, as it was (a sprint's board keeps its
    `?sprint=`): the POST's `next`, else the page that linked here; only this board's page of
    this site, else the whole board."""
    whole = reverse("boards:board-detail", args=[request.actor.organisation.slug, board_id])
    wanted = request.POST.get("next") or request.META.get("HTTP_REFERER", "")
    parts = urlsplit(wanted)
    same_site = url_has_allowed_host_and_scheme(wanted, allowed_hosts={request.get_host()})
    if wanted and same_site and parts.path == whole:
        return f"{whole}?{parts.query}" if parts.query else whole
    return whole


@require_http_methods(["GET", "POST"])
def card_move(request: ActorRequest, org_slug: str, board_id: int, number: int) -> HttpResponse:
    """Move a card: the no-JS page (GET, POST) and the endpoint of drag and drop and "Sposta…"."""
    actor = request.actor
    if request.method == "POST" and is_script_request(request):
        # The service reads the board again under its lock: a reference is all it needs.
        seen = board_reference_for_actor(actor=actor, board_id=board_id)
        return _card_move_from_script(request, seen, number)
    seen = board_get_for_actor(actor=actor, board_id=board_id)
    if request.method == "POST":
        # The move service reads the card again under the board lock: only its id is needed.
        card = board_card_for_move(actor=actor, seen=seen, number=number)
    else:
        card = work_item_get_for_actor(actor=actor, seen=seen, number=number)
    require_edit_cards(seen.access)
    columns, lanes = board_structure(seen=seen)
    form = CardMoveForm(
        request.POST or None,
        columns=columns,
        lanes=lanes,
        initial={
            "column": card.column_id,
            "swimlane": card.swimlane_id,
            "position": card.position,
            "version": card.version,
            "ready": card.is_ready,
        },
    )
    error = ""
    if request.method == "POST":
        if form.is_valid():
            return _move_from_form(request, seen, card, form, columns, lanes)
        error = _("Choose a column and a swimlane of this board.")
        if is_script_request(request):
            return text_response(error, 422)
    sizes = board_cell_sizes(actor=actor, seen=seen)
    context = {
        "board": seen.board,
        "card": card,
        "form": form,
        "error": error,
        "positions": range(1, max(sizes.values(), default=0) + 2),
        "has_split": any(column.is_split for column in columns),
        "back": board_page_to_return_to(request, seen.pk),
    }
    return render(request, "boards/board_card_move.html", context)


def _move_from_form(
    request: ActorRequest,
    seen: BoardWithAccess,
    card: WorkItem,
    form: CardMoveForm,
    columns: list[Column],
    lanes: list[Swimlane],
) -> HttpResponse:
    data = form.cleaned_data
    column = next(c for c in columns if c.pk == data["column"])
    # Unticked: in progress in a split column, and no wish at all elsewhere.
    ready = data["ready"] if column.is_split else data["ready"] or None
    try:
        moved = work_item_move(
            actor=request.actor,
            work_item=card,
            column=column,
            swimlane=next(s for s in lanes if s.pk == data["swimlane"]),
            position=data["position"],
            expected_version=data["version"],
            ready=ready,
        )
    except EditConflictError as conflict:
        return _refused(request, seen, conflict.message, status=409)
    except BoardRuleError as rule_error:
        return _refused(request, seen, rule_error.text, status=422)
    return _moved(request, seen, moved)


def _card_move_from_script(
    request: ActorRequest, seen: BoardWithAccess, number: int
) -> HttpResponse:
    """The hot path of drag and drop and "Sposta…": ids in, the page's patch out.

    The service reads card (by number), column and lane under the board's lock, within this
    board only, so they go to it as bare references: no query is spent twice. The answer
    carries what the page needs to show the move (`selectors.patch`): one round trip.
    """
    require_edit_cards(seen.access)
    form = CardMoveIdsForm(request.POST)
    if not form.is_valid():
        return text_response(_("Choose a column and a swimlane of this board."), 422)
    data = form.cleaned_data
    try:
        moved = work_item_move(
            actor=request.actor,
            work_item=WorkItem(board=seen.board, number=number),
            column=Column(pk=data["column"]),
            swimlane=Swimlane(pk=data["swimlane"]) if data["swimlane"] else None,
            position=data["position"],
            before=data["before"],
            expected_version=data["version"],
            ready=data["ready"],
        )
    except EditConflictError as conflict:
        return _refused(request, seen, conflict.message, status=409)
    except BoardRuleError as rule_error:
        return _refused(request, seen, rule_error.text, status=422)
    return _moved(request, seen, moved)


def _moved(request: ActorRequest, seen: BoardWithAccess, card: WorkItem) -> HttpResponse:
    if is_script_request(request):
        # The board as the move left it (read under its lock): the patch needs its versions.
        board = card.board
        board.organisation = request.actor.organisation
        patch = board_patch_for_actor(
            actor=request.actor,
            seen=replace(seen, board=board),
            card_ids=[card.pk],
            today=timezone.localdate(),
        )
        response = JsonResponse(board_patch_data(patch))
        response["X-Board-Version"] = str(board.version)
        response["X-Card-Version"] = str(card.version)
        return response
    messages.success(
        request,
        _("Card #%(number)s moved to %(column)s, swimlane %(lane)s, position %(position)s.")
        % {
            "number": card.number,
            "column": card.column.name,
            "lane": card.swimlane.name,
            "position": card.position + 1,
        },
    )
    return redirect(board_page_to_return_to(request, seen.pk))


def _refused(
    request: ActorRequest, seen: BoardWithAccess, message: str, *, status: int
) -> HttpResponse:
    if is_script_request(request):
        return text_response(message, status)
    messages.error(request, message)
    return redirect(board_page_to_return_to(request, seen.pk))
