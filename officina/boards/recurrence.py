"""When a recurring card is due: the dates a rule names, and the latest one not yet served.

A small computation rather than dateutil's rrule (which only comes in through botocore here):
the four kinds of rule the boards offer are each one test on a date (decision 0040).
- daily;
- weekly on chosen weekdays (0 = Monday … 6 = Sunday);
- monthly on a day of the month: a day the month lacks (the 31st in April, the 29th-31st in
  February) falls on the month's last day, so "every 31st" means "every month end";
- monthly on the Nth weekday (1st-4th, or -1 for the last: "last Friday").
"""

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta

DAILY = "daily"
WEEKLY = "weekly"
MONTHLY_DAY = "monthly_day"
MONTHLY_WEEKDAY = "monthly_weekday"
LAST = -1

# How far back `latest_occurrence` looks: every rule occurs at least once in any 31 days, so a
# year is ample, and the loop stays bounded whatever the dates.
LOOKBACK_DAYS = 366


@dataclass(frozen=True)
class Rule:
    """One recurrence rule; only the fields its frequency needs are read."""

    frequency: str
    weekdays: tuple[int, ...] = field(default=())
    day_of_month: int | None = None
    week_of_month: int | None = None
    weekday: int | None = None


def _last_day(day: date) -> int:
    return calendar.monthrange(day.year, day.month)[1]


def occurs_on(rule: Rule, day: date) -> bool:
    """Whether the rule names this date."""
    if rule.frequency == DAILY:
        return True
    if rule.frequency == WEEKLY:
        return day.weekday() in rule.weekdays
    if rule.frequency == MONTHLY_DAY:
        if rule.day_of_month is None:
            return False
        return day.day == min(rule.day_of_month, _last_day(day))
    if rule.frequency == MONTHLY_WEEKDAY:
        if rule.weekday is None or rule.week_of_month is None or day.weekday() != rule.weekday:
            return False
        if rule.week_of_month == LAST:
            return day.day + 7 > _last_day(day)
        return (day.day - 1) // 7 + 1 == rule.week_of_month
    return False


def latest_occurrence(rule: Rule, *, on_or_before: date, not_before: date) -> date | None:
    """The latest date the rule names between `not_before` and `on_or_before` (both
    included), or None. A task that missed several occurrences thus serves only the last."""
    day = on_or_before
    oldest = max(not_before, on_or_before - timedelta(days=LOOKBACK_DAYS))
    while day >= oldest:
        if occurs_on(rule, day):
            return day
        day -= timedelta(days=1)
    return None
