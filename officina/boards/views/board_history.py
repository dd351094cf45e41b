"""The board's own history: changes to its settings, columns and lanes, newest first.

Who made each change is shown to the team's own members only (R-37); everyone who may see the
board sees what changed.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.text import capfirst
from django.views.decorators.http import require_GET

from officina.boards.models import BoardEvent, Stage
from officina.boards.selectors.boards import board_get_for_actor
from officina.boards.selectors.history import board_structure_event_list
from officina.organisations.http import ActorRequest

PAGE_SIZE = 50


@dataclass(frozen=True)
class HistoryLine:
    occurred_at: datetime
    change: str  # "Colonna rinominata"
    subject: str  # "Da fare → In attesa", or the column's or lane's name
    by: str  # empty for people who do not work on the board


def _subject(data: dict[str, Any]) -> str:
    stages = dict(Stage.choices)
    for field in ("name", "stage", "position", "wip_limit"):
        value = data.get(field)
        if isinstance(value, list) and len(value) == 2:
            before, after = (str(stages.get(part, part)) for part in value)
            name = data.get("name") if field != "name" else None
            prefix = f"{name}: " if isinstance(name, str) else ""
            return f"{prefix}{before} → {after}"
    return str(data.get("name") or "")


def _line(event: BoardEvent, *, with_names: bool) -> HistoryLine:
    user = event.actor
    by = (user.get_full_name() or user.email) if (with_names and user) else ""
    change = capfirst(str(event.get_kind_display()))
    return HistoryLine(event.occurred_at, change, _subject(event.data or {}), by)


@require_GET
def board_history(request: ActorRequest, org_slug: str, board_id: int) -> HttpResponse:
    seen = board_get_for_actor(actor=request.actor, board_id=board_id)
    events = board_structure_event_list(actor=request.actor, seen=seen)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    with_names = seen.access.works_here
    lines = [_line(event, with_names=with_names) for event in page.object_list]
    context = {"board": seen.board, "page": page, "lines": lines}
    return render(request, "boards/board_history.html", context)
