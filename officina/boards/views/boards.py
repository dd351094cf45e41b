"""The board pages: list, creation, the board itself, its body fragment, quick add and moves."""

import hashlib
from typing import Any, ParamSpec
from urllib.parse import urlsplit

from django.contrib import messages
from django.http import HttpResponse, HttpResponseNotModified, QueryDict
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from markupsafe import Markup

from officina.boards.display import (
    CSRF_SLOT,
    FRAGMENT_CACHE_SECONDS,
    BoardDisplay,
    board_card_for_move,
    board_cell_sizes,
    board_controls_key,
    board_display_for_actor,
    board_filter_choices,
    board_fragments_key,
    fragment_cache,
    render_board_body,
    team_list_for_board_creation,
)
from officina.boards.exceptions import BoardRuleError, EditConflictError
from officina.boards.forms import (
    BoardCreateForm,
    BoardFilterForm,
    CardMoveForm,
    CardMoveIdsForm,
    QuickAddForm,
)
from officina.boards.models import Board, Column, Swimlane, WorkItem
from officina.boards.permissions import require_edit_cards
from officina.boards.selectors import (
    board_get_for_actor,
    board_list_for_actor,
    board_reference_for_actor,
    board_structure,
    board_template_get_for_actor,
    board_template_list_for_actor,
    work_item_get_for_actor,
)
from officina.boards.services.boards import board_create as board_create_service
from officina.boards.services.cards import work_item_create, work_item_move
from officina.organisations.http import ActorRequest

P = ParamSpec("P")


def rule_message(error: BoardRuleError) -> str:
    return " ".join(str(message) for message in error.messages)


def is_script_request(request: ActorRequest) -> bool:
    """A request from board.js or HTMX, which wants a status and a message, not a redirect."""
    return bool(request.htmx) or request.headers.get("X-Requested-With") == "fetch"


# --- List and creation ----------------------------------------------------------------------


@require_GET
def board_list(request: ActorRequest, org_slug: str) -> HttpResponse:
    """Boards the actor can see, grouped by team."""
    boards = list(board_list_for_actor(actor=request.actor))
    groups: dict[int, tuple[Any, list[Board]]] = {}
    for board in boards:
        groups.setdefault(board.team_id, (board.team, []))[1].append(board)
    can_create = team_list_for_board_creation(actor=request.actor).exists()
    context = {"groups": list(groups.values()), "can_create": can_create}
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
            form.add_error(None, rule_message(error))
        else:
            messages.success(request, _("The board “%(name)s” is ready.") % {"name": board.name})
            return redirect("boards:board-detail", org_slug=org_slug, board_id=board.pk)
    has_teams = bool(form.fields["team"].queryset.exists())  # type: ignore[attr-defined]
    return render(request, "boards/board_create.html", {"form": form, "has_teams": has_teams})


# --- The board --------------------------------------------------------------------------------


def _more_ids(query: QueryDict) -> list[int]:
    return [int(value) for value in query.getlist("more") if value.isdigit()][:50]


def _board_display(request: ActorRequest, board: Board, query: QueryDict) -> BoardDisplay:
    """The board as the actor sees it with the filters of `query` (form bound for the page)."""
    members, labels = board_filter_choices(board=board)
    filter_form = BoardFilterForm(query, members=members, labels=labels)
    display = board_display_for_actor(
        actor=request.actor,
        board=board,
        filters=filter_form.to_filters(more=_more_ids(query)),
        members=members,
        labels=labels,
    )
    display.filter_form = filter_form  # type: ignore[attr-defined]
    return display


def _body_html(request: ActorRequest, display: BoardDisplay, query: QueryDict) -> str:
    """The body with a slot for the CSRF token, so that one rendering serves every viewer."""
    board = display.board
    slug = request.actor.organisation.slug
    detail_url = reverse("boards:board-detail", args=[slug, board.pk])

    def more_url(column_id: int) -> str:
        more = query.copy()
        more.appendlist("more", str(column_id))
        return f"{detail_url}?{more.urlencode()}"

    return render_board_body(
        display,
        csrf_token=Markup(CSRF_SLOT),  # noqa: S704 - a constant, not user text
        quick_add_url=reverse("boards:card-quick-add", args=[slug, board.pk]),
        more_url=more_url,
    )


def _fingerprint(board: Board, query: QueryDict) -> str:
    """Everything the board's fragments depend on besides the versions: filters, what the
    actor may do, language and day (the faces show ages and overdue dates)."""
    access = board.access  # type: ignore[attr-defined]
    parts = (
        sorted(query.lists()),
        access.can_edit_cards,
        access.can_manage,
        translation.get_language(),
        timezone.localdate().isoformat(),
    )
    return hashlib.blake2s(repr(parts).encode(), digest_size=8).hexdigest()


def _body_etag(board: Board, query: QueryDict) -> str:
    return f'W/"b{board.pk}-{board.version}-{board.structure_version}-{_fingerprint(board, query)}"'


def _fragments(request: ActorRequest, board: Board, query: QueryDict) -> dict[str, Any]:
    """Filters, body and move dialog of the board, each rendered once and kept (decision 0015):
    the body per board version, the controls (filters, dialog) per structure version. An
    unchanged board costs one cache read, whoever looks at it."""
    fingerprint = _fingerprint(board, query)
    body_key = board_fragments_key(board=board, fingerprint=fingerprint)
    controls_key = board_controls_key(board=board, fingerprint=fingerprint)
    kept = fragment_cache().get_many([body_key, controls_key])
    body: str | None = kept.get(body_key)
    controls: dict[str, Any] | None = kept.get(controls_key)
    if body is None or controls is None:
        display = _board_display(request, board, query)
        if body is None:
            body = _body_html(request, display, query)
            fragment_cache().set(body_key, body, timeout=FRAGMENT_CACHE_SECONDS)
        if controls is None:
            controls = _controls(request, display)
            fragment_cache().set(controls_key, controls, timeout=FRAGMENT_CACHE_SECONDS)
    body = body.replace(CSRF_SLOT, get_token(request))
    return {**controls, "body": mark_safe(body)}  # noqa: S308 - rendered by autoescaping engines


def _controls(request: ActorRequest, display: BoardDisplay) -> dict[str, Any]:
    context = {
        "board": display.board,
        "display": display,
        "slug": request.actor.organisation.slug,
        "filters_active": display.filters.active,
        "filter_form": display.filter_form,  # type: ignore[attr-defined]
    }
    dialog = ""
    if display.access.can_edit_cards:
        dialog = render_to_string("boards/board_move_dialog.html", context)
    return {
        "filters_active": display.filters.active,
        "filters": render_to_string("boards/board_filters.html", context),
        "dialog": dialog,
    }


def _filter_query(request: ActorRequest) -> QueryDict:
    """The filters of the page: the request's own, or for an HTMX post those of the page URL."""
    if request.method == "GET":
        return request.GET
    current = request.headers.get("HX-Current-URL", "")
    return QueryDict(urlsplit(current).query) if current else QueryDict()


@require_GET
def board_detail(request: ActorRequest, org_slug: str, board_id: int) -> HttpResponse:
    """The board: columns, lanes and cards, with filters; HTMX filter changes get the body."""
    board = board_get_for_actor(actor=request.actor, board_id=board_id)
    fragments = _fragments(request, board, request.GET)
    if request.htmx and request.htmx.target == "board-body":
        return HttpResponse(fragments["body"])
    slug = request.actor.organisation.slug
    context = {
        "board": board,
        "access": board.access,  # type: ignore[attr-defined]
        "filters_html": mark_safe(fragments["filters"]),  # noqa: S308 - see _fragments
        "dialog_html": mark_safe(fragments["dialog"]),  # noqa: S308 - see _fragments
        "filters_active": fragments["filters_active"],
        "body": fragments["body"],
        "body_url": reverse("boards:board-body", args=[slug, board.pk]),
        "live_url": f"/ws/o/{slug}/boards/{board.pk}/",
    }
    return render(request, "boards/board_detail.html", context)


@require_GET
def board_body(request: ActorRequest, org_slug: str, board_id: int) -> HttpResponse:
    """The body fragment for live refresh, answered 304 while nothing it shows has changed."""
    board = board_get_for_actor(actor=request.actor, board_id=board_id)
    etag = _body_etag(board, request.GET)
    if etag in request.headers.get("If-None-Match", ""):
        response: HttpResponse = HttpResponseNotModified()
    else:
        response = HttpResponse(_fragments(request, board, request.GET)["body"])
    response["ETag"] = etag
    response["Cache-Control"] = "private, no-cache"
    response["X-Board-Version"] = str(board.version)
    return response


@require_POST
def card_quick_add(request: ActorRequest, org_slug: str, board_id: int) -> HttpResponse:
    """A card with only a title at the bottom of a column (first lane)."""
    actor = request.actor
    board = board_get_for_actor(actor=actor, board_id=board_id)
    form = QuickAddForm(request.POST)
    error = ""
    if form.is_valid():
        columns, _lanes = board_structure(board=board)
        column = next((c for c in columns if c.pk == form.cleaned_data["column"]), None)
        if column is None:
            error = _("This column belongs to another board.")
        else:
            try:
                work_item_create(
                    actor=actor, board=board, title=form.cleaned_data["title"], column=column
                )
            except BoardRuleError as rule_error:
                error = rule_message(rule_error)
    else:
        error = _("Write a title for the new card.")
    if request.htmx:
        board = board_get_for_actor(actor=actor, board_id=board_id)  # the new version
        response = HttpResponse(_fragments(request, board, _filter_query(request))["body"])
        if error:
            response = HttpResponse(error, status=422, content_type="text/plain; charset=utf-8")
        return response
    if error:
        messages.error(request, error)
    return redirect("boards:board-detail", org_slug=org_slug, board_id=board_id)


# --- Moving a card ------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def card_move(request: ActorRequest, org_slug: str, board_id: int, number: int) -> HttpResponse:
    """Move a card: the no-JS page (GET, POST) and the endpoint of drag and drop and "Sposta…"."""
    actor = request.actor
    if request.method == "POST" and is_script_request(request):
        # The service reads the board again under its lock: a reference is all it needs.
        board = board_reference_for_actor(actor=actor, board_id=board_id)
        return _card_move_from_script(request, board, number)
    board = board_get_for_actor(actor=actor, board_id=board_id)
    if request.method == "POST":
        # The move service reads the card again under the board lock: only its id is needed.
        card = board_card_for_move(actor=actor, board=board, number=number)
    else:
        card = work_item_get_for_actor(actor=actor, board=board, number=number)
    require_edit_cards(board.access)  # type: ignore[attr-defined]
    columns, lanes = board_structure(board=board)
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
        if not form.is_valid():
            error = _("Choose a column and a swimlane of this board.")
        else:
            column = next(c for c in columns if c.pk == form.cleaned_data["column"])
            # Unticked: in progress in a split column, and no wish at all elsewhere.
            ready = (
                form.cleaned_data["ready"]
                if column.is_split
                else form.cleaned_data["ready"] or None
            )
            try:
                moved = work_item_move(
                    actor=actor,
                    work_item=card,
                    column=column,
                    swimlane=next(s for s in lanes if s.pk == form.cleaned_data["swimlane"]),
                    position=form.cleaned_data["position"],
                    expected_version=form.cleaned_data["version"],
                    ready=ready,
                )
            except EditConflictError as conflict:
                return _refused(request, board, conflict.message, status=409)
            except BoardRuleError as rule_error:
                return _refused(request, board, rule_message(rule_error), status=422)
            return _moved(request, board, moved)
        if is_script_request(request):
            return HttpResponse(error, status=422, content_type="text/plain; charset=utf-8")
    sizes = board_cell_sizes(actor=actor, board=board)
    context = {
        "board": board,
        "card": card,
        "form": form,
        "error": error,
        "positions": range(1, max(sizes.values(), default=0) + 2),
        "has_split": any(column.is_split for column in columns),
    }
    return render(request, "boards/board_card_move.html", context)


def _card_move_from_script(request: ActorRequest, board: Board, number: int) -> HttpResponse:
    """The hot path of drag and drop and "Sposta…": ids in, status and versions out.

    The service reads card (by number), column and lane under the board's lock, within this
    board only, so they go to it as bare references: no query is spent twice.
    """
    require_edit_cards(board.access)  # type: ignore[attr-defined]
    form = CardMoveIdsForm(request.POST)
    if not form.is_valid():
        message = _("Choose a column and a swimlane of this board.")
        return HttpResponse(message, status=422, content_type="text/plain; charset=utf-8")
    data = form.cleaned_data
    try:
        moved = work_item_move(
            actor=request.actor,
            work_item=WorkItem(board=board, number=number),
            column=Column(pk=data["column"]),
            swimlane=Swimlane(pk=data["swimlane"]) if data["swimlane"] else None,
            position=data["position"],
            expected_version=data["version"],
            ready=data["ready"],
        )
    except EditConflictError as conflict:
        return _refused(request, board, conflict.message, status=409)
    except BoardRuleError as rule_error:
        return _refused(request, board, rule_message(rule_error), status=422)
    return _moved(request, board, moved)


def _moved(request: ActorRequest, board: Board, card: Any) -> HttpResponse:
    if is_script_request(request):
        response = HttpResponse(status=204)
        response["X-Board-Version"] = str(board.version)  # the service set it under its lock
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
    return redirect(
        "boards:board-detail", org_slug=request.actor.organisation.slug, board_id=board.pk
    )


def _refused(request: ActorRequest, board: Board, message: str, *, status: int) -> HttpResponse:
    if is_script_request(request):
        return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")
    messages.error(request, message)
    return redirect(
        "boards:board-detail", org_slug=request.actor.organisation.slug, board_id=board.pk
    )
