"""The board page: its columns, lanes and cards with filters, the body fragment for live
refreshes, and quick add. Fragments are rendered once and kept (decision 0015)."""

import hashlib
from typing import Any
from urllib.parse import urlsplit

from django.contrib import messages
from django.http import HttpResponse, HttpResponseNotModified, QueryDict
from django.middleware.csrf import get_token
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from markupsafe import Markup

from officina.boards.exceptions import BoardRuleError
from officina.boards.forms import BoardFilterForm, QuickAddForm
from officina.boards.rendering import (
    CSRF_SLOT,
    board_controls_key,
    board_fragments_key,
    kept_fragments,
    render_board_body,
)
from officina.boards.selectors.boards import (
    BoardWithAccess,
    board_column_list,
    board_get_for_actor,
    board_swimlane_list,
)
from officina.boards.selectors.display import (
    BoardDisplay,
    board_display_for_actor,
    board_filter_choices,
)
from officina.boards.services.cards import work_item_create
from officina.organisations.http import ActorRequest

# Where the kept body goes in the page: escaping turns any "<" of user text into "&lt;", so this
# can only come from the template.
BODY_SLOT = "<board-body-slot>"


def _more_ids(query: QueryDict) -> list[int]:
    return [int(value) for value in query.getlist("more") if value.isdigit()][:50]


def _board_display(
    request: ActorRequest, seen: BoardWithAccess, query: QueryDict
) -> tuple[BoardDisplay, BoardFilterForm]:
    """The board as the actor sees it with the filters of `query` (form bound for the page)."""
    members, labels = board_filter_choices(seen=seen)
    filter_form = BoardFilterForm(query, members=members, labels=labels)
    display = board_display_for_actor(
        actor=request.actor,
        seen=seen,
        filters=filter_form.to_filters(more=_more_ids(query)),
        today=timezone.localdate(),
        members=members,
        labels=labels,
    )
    return display, filter_form


def _body_html(request: ActorRequest, display: BoardDisplay, query: QueryDict) -> str:
    """The body with a slot for the CSRF token, so that one rendering serves every viewer."""
    board = display.seen.board
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


def _fingerprint(seen: BoardWithAccess, query: QueryDict) -> str:
    """Everything the board's fragments depend on besides the versions: filters, what the
    actor may do, language and day (the faces show ages and overdue dates)."""
    parts = (
        sorted(query.lists()),
        seen.access.can_comment,
        seen.access.can_edit_cards,
        seen.access.can_manage,
        translation.get_language(),
        timezone.localdate().isoformat(),
    )
    return hashlib.blake2s(repr(parts).encode(), digest_size=8).hexdigest()


def _body_etag(seen: BoardWithAccess, query: QueryDict) -> str:
    board = seen.board
    fingerprint = _fingerprint(seen, query)
    return f'W/"b{board.pk}-{board.version}-{board.structure_version}-{fingerprint}"'


def _fragments(
    request: ActorRequest, seen: BoardWithAccess, query: QueryDict
) -> tuple[dict[str, Any], bytes]:
    """Controls (filters, move dialog) and body of the board, each rendered once and kept: the
    body per board version, the controls per structure version. An unchanged board costs one
    cache read, whoever looks at it. The body is kept as UTF-8, ready for the answer: encoding
    it again for each request cost more than the rest of a 3,000-card page."""
    fingerprint = _fingerprint(seen, query)
    body_key = board_fragments_key(board=seen.board, fingerprint=fingerprint)
    controls_key = board_controls_key(board=seen.board, fingerprint=fingerprint)

    def render_missing(missing: list[str]) -> dict[str, Any]:
        display, filter_form = _board_display(request, seen, query)
        rendered: dict[str, Any] = {}
        if body_key in missing:
            rendered[body_key] = str(_body_html(request, display, query)).encode()
        if controls_key in missing:
            rendered[controls_key] = _controls(request, display, filter_form)
        return rendered

    kept = kept_fragments([body_key, controls_key], render_missing)
    body: bytes = kept[body_key].replace(CSRF_SLOT.encode(), get_token(request).encode())
    return kept[controls_key], body


def _controls(
    request: ActorRequest, display: BoardDisplay, filter_form: BoardFilterForm
) -> dict[str, Any]:
    context = {
        "board": display.seen.board,
        "display": display,
        "slug": request.actor.organisation.slug,
        "filters_active": display.filters.active,
        "filters_count": display.filters.active_count,
        "filter_form": filter_form,
    }
    dialog = ""
    if display.access.can_edit_cards:
        dialog = render_to_string("boards/board_move_dialog.html", context)
    return {
        "filters_active": display.filters.active,
        "filters": render_to_string("boards/board_filters.html", context),
        "dialog": dialog,
    }


def filter_query(request: ActorRequest) -> QueryDict:
    """The filters of the page: the request's own, or for an HTMX post those of the page URL."""
    if request.method == "GET":
        return request.GET
    current = request.headers.get("HX-Current-URL", "")
    return QueryDict(urlsplit(current).query) if current else QueryDict()


def board_body_html(request: ActorRequest, seen: BoardWithAccess, query: QueryDict) -> str:
    """The board body as the actor sees it now (for answers that redraw it)."""
    return _fragments(request, seen, query)[1].decode()


@require_GET
def board_detail(request: ActorRequest, org_slug: str, board_id: int) -> HttpResponse:
    """The board: columns, lanes and cards, with filters; HTMX filter changes get the body."""
    seen = board_get_for_actor(actor=request.actor, board_id=board_id)
    controls, body = _fragments(request, seen, request.GET)
    if request.htmx and request.htmx.target == "board-body":
        return HttpResponse(body)
    slug = request.actor.organisation.slug
    context = {
        "board": seen.board,
        "access": seen.access,
        "filters_html": mark_safe(controls["filters"]),  # noqa: S308 - see _fragments
        "dialog_html": mark_safe(controls["dialog"]),  # noqa: S308 - see _fragments
        "filters_active": controls["filters_active"],
        "body": mark_safe(BODY_SLOT),  # noqa: S308 - a constant, replaced below
        "body_url": reverse("boards:board-body", args=[slug, seen.pk]),
        "patch_url": reverse("boards:board-patch", args=[slug, seen.pk]),
        "live_url": f"/ws/o/{slug}/boards/{seen.pk}/",
    }
    before, after = render_to_string("boards/board_detail.html", context, request).split(BODY_SLOT)
    return HttpResponse(b"".join((before.encode(), body, after.encode())))


@require_GET
def board_body(request: ActorRequest, org_slug: str, board_id: int) -> HttpResponse:
    """The body fragment for live refresh, answered 304 while nothing it shows has changed."""
    seen = board_get_for_actor(actor=request.actor, board_id=board_id)
    etag = _body_etag(seen, request.GET)
    if etag in request.headers.get("If-None-Match", ""):
        response: HttpResponse = HttpResponseNotModified()
    else:
        response = HttpResponse(_fragments(request, seen, request.GET)[1])
    response["ETag"] = etag
    response["Cache-Control"] = "private, no-cache"
    response["X-Board-Version"] = str(seen.board.version)
    return response


@require_POST
def card_quick_add(request: ActorRequest, org_slug: str, board_id: int) -> HttpResponse:
    """A card with only a title at the bottom of a column, in the lane chosen (default: the
    first)."""
    actor = request.actor
    seen = board_get_for_actor(actor=actor, board_id=board_id)
    form = QuickAddForm(request.POST)
    error = ""
    if form.is_valid():
        columns = board_column_list(seen=seen)
        column = next((c for c in columns if c.pk == form.cleaned_data["column"]), None)
        lane_id = form.cleaned_data["swimlane"]
        lane = None
        if lane_id is not None:
            lane = next((s for s in board_swimlane_list(seen=seen) if s.pk == lane_id), None)
        if column is None:
            error = _("This column belongs to another board.")
        elif lane_id is not None and lane is None:
            error = _("This swimlane belongs to another board.")
        else:
            try:
                work_item_create(
                    actor=actor,
                    board=seen.board,
                    title=form.cleaned_data["title"],
                    column=column,
                    swimlane=lane,
                )
            except BoardRuleError as rule_error:
                error = rule_error.text
    else:
        error = _("Write a title for the new card.")
    if request.htmx:
        if error:
            return HttpResponse(error, status=422, content_type="text/plain; charset=utf-8")
        seen = board_get_for_actor(actor=actor, board_id=board_id)  # the new version
        return HttpResponse(board_body_html(request, seen, filter_query(request)))
    if error:
        messages.error(request, error)
    return redirect("boards:board-detail", org_slug=org_slug, board_id=board_id)
