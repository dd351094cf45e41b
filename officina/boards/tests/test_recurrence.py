"""The dates a recurrence rule names, and the latest one not yet served (recurrence.py)."""

from datetime import date

import pytest

from officina.boards.recurrence import (
    DAILY,
    LAST,
    MONTHLY_DAY,
    MONTHLY_WEEKDAY,
    WEEKLY,
    Rule,
    latest_occurrence,
    occurs_on,
)

MONDAY, FRIDAY = 0, 4


def _dates(rule: Rule, start: date, end: date) -> list[date]:
    days = []
    day = start
    while day <= end:
        if occurs_on(rule, day):
            days.append(day)
        day = date.fromordinal(day.toordinal() + 1)
    return days


def test_first_monday_of_each_month():
    rule = Rule(MONTHLY_WEEKDAY, week_of_month=1, weekday=MONDAY)
    assert _dates(rule, date(2026, 1, 1), date(2026, 4, 30)) == [
        date(2026, 1, 5),
        date(2026, 2, 2),
        date(2026, 3, 2),
        date(2026, 4, 6),
    ]


def test_last_friday_of_each_month():
    rule = Rule(MONTHLY_WEEKDAY, week_of_month=LAST, weekday=FRIDAY)
    assert _dates(rule, date(2026, 1, 1), date(2026, 3, 31)) == [
        date(2026, 1, 30),
        date(2026, 2, 27),
        date(2026, 3, 27),
    ]


def test_the_fourth_weekday_is_never_the_fifth():
    rule = Rule(MONTHLY_WEEKDAY, week_of_month=4, weekday=FRIDAY)
    # January 2026 has five Fridays (2, 9, 16, 23, 30): the fourth is the 23rd
    assert _dates(rule, date(2026, 1, 1), date(2026, 1, 31)) == [date(2026, 1, 23)]


def test_the_31st_falls_on_the_last_day_of_shorter_months():
    rule = Rule(MONTHLY_DAY, day_of_month=31)
    assert _dates(rule, date(2026, 1, 1), date(2026, 4, 30)) == [
        date(2026, 1, 31),
        date(2026, 2, 28),
        date(2026, 3, 31),
        date(2026, 4, 30),
    ]


def test_the_29th_of_february_in_a_leap_year_and_not():
    rule = Rule(MONTHLY_DAY, day_of_month=29)
    assert occurs_on(rule, date(2028, 2, 29))
    assert occurs_on(rule, date(2027, 2, 28))
    assert not occurs_on(rule, date(2028, 2, 28))


def test_weekly_on_chosen_days_and_daily():
    weekly = Rule(WEEKLY, weekdays=(MONDAY, FRIDAY))
    assert _dates(weekly, date(2026, 12, 1), date(2026, 12, 8)) == [
        date(2026, 12, 4),
        date(2026, 12, 7),
    ]
    assert len(_dates(Rule(DAILY), date(2026, 12, 1), date(2026, 12, 7))) == 7


@pytest.mark.parametrize(
    ("today", "not_before", "expected"),
    [
        (date(2026, 3, 2), date(2026, 1, 1), date(2026, 3, 2)),  # due today
        (date(2026, 3, 20), date(2026, 1, 1), date(2026, 3, 2)),  # several missed: the latest
        (date(2026, 3, 20), date(2026, 3, 3), None),  # served already
        (date(2026, 2, 1), date(2026, 1, 6), None),  # the next is still to come
    ],
)
def test_latest_occurrence_serves_only_the_last_one_missed(today, not_before, expected):
    rule = Rule(MONTHLY_WEEKDAY, week_of_month=1, weekday=MONDAY)
    assert latest_occurrence(rule, on_or_before=today, not_before=not_before) == expected


def test_a_rule_that_names_no_date_finds_none():
    assert (
        latest_occurrence(
            Rule(WEEKLY, weekdays=()), on_or_before=date(2026, 3, 1), not_before=date(2000, 1, 1)
        )
        is None
    )
