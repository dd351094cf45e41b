"""Downloads of a board: cards and their history as CSV, ODS or Excel, due dates as iCalendar.

Anyone who may see the board may export it, read-only viewers included; an invisible board is
a 404 from the selector. CSV streams (a board of 50,000 events never sits in memory); the
spreadsheets are built in one go with a fixed number of queries.
"""

from collections.abc import AsyncIterator, Callable, Iterator

from asgiref.sync import sync_to_async
from django.core.handlers.asgi import ASGIRequest
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from officina.boards.exports import card_headers, card_rows, event_headers, event_rows
from officina.boards.models import Board
from officina.boards.selectors.boards import board_get_for_actor
from officina.boards.selectors.exports import (
    board_event_export_rows,
    board_export_summary,
    work_item_due_list,
    work_item_export_rows,
)
from officina.common.icalendar import ICS_CONTENT_TYPE, AllDayEvent, ics_bytes
from officina.common.spreadsheets import (
    CSV_CONTENT_TYPE,
    ODS_CONTENT_TYPE,
    XLSX_CONTENT_TYPE,
    Row,
    csv_chunks,
    ods_bytes,
    xlsx_bytes,
)
from officina.organisations.http import ActorRequest

SPREADSHEETS: dict[str, tuple[str, Callable[[str, list[str], Iterator[Row]], bytes]]] = {
    "ods": (ODS_CONTENT_TYPE, ods_bytes),
    "xlsx": (XLSX_CONTENT_TYPE, xlsx_bytes),
}


def export_filename(board: Board, what: str, extension: str) -> str:
    """ASCII only, nothing from the user: `bacheca-7-schede-2026-11-26.csv`."""
    return f"bacheca-{board.pk}-{what}-{timezone.localdate():%Y-%m-%d}.{extension}"


def _attachment(response: HttpResponse | StreamingHttpResponse, filename: str) -> None:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'


async def _in_worker_thread(chunks: Iterator[bytes]) -> AsyncIterator[bytes]:
    """The chunks as an async iterator, each read in Django's sync thread (where the database
    connection lives). Under ASGI Django would otherwise read a sync iterator whole first."""
    read = sync_to_async(_next_chunk, thread_sensitive=True)
    while (chunk := await read(chunks)) is not None:
        yield chunk


def _next_chunk(chunks: Iterator[bytes]) -> bytes | None:
    return next(chunks, None)


def _csv_response(
    request: ActorRequest, board: Board, what: str, headers: list[str], rows: Iterator[Row]
) -> StreamingHttpResponse:
    chunks = csv_chunks(headers, rows)
    content = _in_worker_thread(chunks) if isinstance(request, ASGIRequest) else chunks
    response = StreamingHttpResponse(content, content_type=CSV_CONTENT_TYPE)
    _attachment(response, export_filename(board, what, "csv"))
    return response


def _table_response(
    request: ActorRequest,
    board: Board,
    *,
    what: str,
    fmt: str,
    sheet_title: str,
    headers: list[str],
    rows: Iterator[Row],
) -> HttpResponse | StreamingHttpResponse:
    if fmt == "csv":
        return _csv_response(request, board, what, headers, rows)
    content_type, build = SPREADSHEETS[fmt]
    response = HttpResponse(build(sheet_title, headers, rows), content_type=content_type)
    _attachment(response, export_filename(board, what, fmt))
    return response


@require_GET
def board_export(request: ActorRequest, org_slug: str, board_id: int) -> HttpResponse:
    """The "Esporta la bacheca" page: each format, what it holds, and how many rows."""
    seen = board_get_for_actor(actor=request.actor, board_id=board_id)
    summary = board_export_summary(actor=request.actor, seen=seen)
    context = {
        "board": seen.board,
        "summary": summary,
        "card_headers": card_headers(),
        "with_names": seen.access.works_here,
    }
    return render(request, "boards/board_export.html", context)


@require_GET
def board_export_cards(
    request: ActorRequest, org_slug: str, board_id: int, fmt: str
) -> HttpResponse | StreamingHttpResponse:
    """Every card of the board, archived ones included, one row each."""
    actor = request.actor
    seen = board_get_for_actor(actor=actor, board_id=board_id)
    rows = card_rows(work_item_export_rows(actor=actor, seen=seen))
    return _table_response(
        request,
        seen.board,
        what="schede",
        fmt=fmt,
        sheet_title=_("Cards"),
        headers=card_headers(),
        rows=rows,
    )


@require_GET
def board_export_events(
    request: ActorRequest, org_slug: str, board_id: int, fmt: str
) -> HttpResponse | StreamingHttpResponse:
    """The board's history ("transitions"): one row per card event, oldest first. Who did
    what is for the team's own members (R-37): others get the flow without the people."""
    actor = request.actor
    seen = board_get_for_actor(actor=actor, board_id=board_id)
    rows = event_rows(
        board_event_export_rows(actor=actor, seen=seen), with_names=seen.access.works_here
    )
    return _table_response(
        request,
        seen.board,
        what="eventi",
        fmt=fmt,
        sheet_title=_("Events"),
        headers=event_headers(),
        rows=rows,
    )


@require_GET
def board_export_due_ics(request: ActorRequest, org_slug: str, board_id: int) -> HttpResponse:
    """The due dates of the open cards as an iCalendar file, one all-day event per card."""
    actor = request.actor
    seen = board_get_for_actor(actor=actor, board_id=board_id)
    board = seen.board
    entries = (
        AllDayEvent(
            # Stable per card across downloads, so a calendar updates the event in place.
            uid=f"scheda-{card['pk']}@{org_slug}.officina",
            summary=f"#{card['number']} {card['title']}",
            day=card["due_date"],
            url=request.build_absolute_uri(
                reverse(
                    "boards:card-detail",
                    kwargs={"org_slug": org_slug, "board_id": board.pk, "number": card["number"]},
                )
            ),
            description=_("Board: %(board)s. Column: %(column)s.")
            % {"board": board.name, "column": card["column__name"]},
            stamp=card["updated_at"],
        )
        for card in work_item_due_list(actor=actor, seen=seen)
    )
    response = HttpResponse(ics_bytes(board.name, entries), content_type=ICS_CONTENT_TYPE)
    _attachment(response, export_filename(board, "scadenze", "ics"))
    return response
