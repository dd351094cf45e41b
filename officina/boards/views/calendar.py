"""Due dates as a calendar: a board's cards, or my own cards across boards, by month or week.

Server-rendered tables (a row per week, a cell per day with the cards due), with links to the
previous and next period: they work without JavaScript and read well with a screen reader.
"""

import calendar as calendar_module
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.http import HttpResponse, QueryDict
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from officina.boards.models import WorkItem
from officina.boards.selectors.boards import board_get_for_actor
from officina.boards.selectors.calendar import board_due_cards, my_due_cards
from officina.organisations.http import ActorRequest


@dataclass
class Day:
    day: date
    in_period: bool
    cards: list[WorkItem] = field(default_factory=list)


@dataclass(frozen=True)
class Period:
    """A month or an ISO week, with the weeks (Monday first) that show it."""

    kind: str  # "month" or "week"
    first: date
    last: date
    previous: str  # the query string of the previous and next period
    next: str

    @property
    def weeks(self) -> list[list[date]]:
        start = self.first - timedelta(days=self.first.weekday())
        days = (self.last - start).days + 1
        count = -(-days // 7)
        return [[start + timedelta(days=7 * w + d) for d in range(7)] for w in range(count)]


# Years whose previous and next period a date can still hold (1 and 9999 cannot: their
# neighbours would be out of range).
_YEARS = range(date.min.year + 1, date.max.year)


def _month(text: str, today: date) -> date:
    try:
        year, month = (int(part) for part in text.split("-"))
        if year in _YEARS:
            return date(year, month, 1)
    except ValueError:
        pass
    return today.replace(day=1)


def _week(text: str, today: date) -> date:
    try:
        year, week = (int(part) for part in text.split("-W"))
        if year in _YEARS:
            return date.fromisocalendar(year, week, 1)
    except ValueError:
        pass
    return today - timedelta(days=today.weekday())


def period_from(query: QueryDict, today: date) -> Period:
    """The period a calendar URL asks for (`?month=2026-12`, `?week=2026-W49`); this month when
    it asks for nothing or for something that is not a date."""
    if "week" in query:
        monday = _week(query.get("week", ""), today)
        before, after = monday - timedelta(days=7), monday + timedelta(days=7)
        return Period(
            "week",
            monday,
            monday + timedelta(days=6),
            f"week={before.isocalendar().year}-W{before.isocalendar().week:02d}",
            f"week={after.isocalendar().year}-W{after.isocalendar().week:02d}",
        )
    first = _month(query.get("month", ""), today)
    last = first.replace(day=calendar_module.monthrange(first.year, first.month)[1])
    before = (first - timedelta(days=1)).replace(day=1)
    after = last + timedelta(days=1)
    return Period("month", first, last, f"month={before:%Y-%m}", f"month={after:%Y-%m}")


def _days(period: Period, cards: list[WorkItem]) -> list[list[Day]]:
    by_day: dict[date, list[WorkItem]] = {}
    for card in cards:
        if card.due_date is not None:
            by_day.setdefault(card.due_date, []).append(card)
    return [
        [Day(day, period.first <= day <= period.last, by_day.get(day, [])) for day in week]
        for week in period.weeks
    ]


def _render(
    request: ActorRequest, period: Period, cards: list[WorkItem], **context: object
) -> HttpResponse:
    today = timezone.localdate()
    this_week = today - timedelta(days=today.weekday())
    return render(
        request,
        "boards/due_calendar.html",
        {
            "period": period,
            "weeks": _days(period, cards),
            "today": today,
            "this_month": f"month={today:%Y-%m}",
            "this_week": f"week={this_week.isocalendar().year}-W{this_week.isocalendar().week:02d}",
            **context,
        },
    )


@require_GET
def board_calendar(request: ActorRequest, org_slug: str, board_id: int) -> HttpResponse:
    """The board's cards by due date."""
    seen = board_get_for_actor(actor=request.actor, board_id=board_id)
    period = period_from(request.GET, timezone.localdate())
    cards = list(
        board_due_cards(actor=request.actor, seen=seen, first=period.first, last=period.last)
    )
    return _render(request, period, cards, board=seen.board)


@require_GET
def my_calendar(request: ActorRequest, org_slug: str) -> HttpResponse:
    """My open cards by due date, on every board I can see."""
    period = period_from(request.GET, timezone.localdate())
    cards = list(my_due_cards(actor=request.actor, first=period.first, last=period.last))
    return _render(request, period, cards, board=None)
