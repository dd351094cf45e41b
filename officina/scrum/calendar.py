"""Working days in Italy: Monday to Friday, except the national public holidays.

The national holidays (L. 260/1949 and later laws): 1 and 6 January, Easter Monday, 25 April,
1 May, 2 June, 15 August, 1 November, 8 and 25-26 December. A comune's patron saint's day is a
holiday there too; it is not known here yet, so it counts as a working day.
"""

from collections.abc import Iterator
from datetime import date, timedelta

FIXED_HOLIDAYS = (
    (1, 1),
    (1, 6),
    (4, 25),
    (5, 1),
    (6, 2),
    (8, 15),
    (11, 1),
    (12, 8),
    (12, 25),
    (12, 26),
)


def easter_sunday(year: int) -> date:
    """Easter Sunday of the Gregorian calendar (the "anonymous" algorithm, Meeus/Jones/Butcher)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month, day = divmod(h + l_ - 7 * m + 114, 31)
    return date(year, month, day + 1)


def italian_holidays(year: int) -> set[date]:
    holidays = {date(year, month, day) for month, day in FIXED_HOLIDAYS}
    holidays.add(easter_sunday(year) + timedelta(days=1))  # Lunedì dell'Angelo
    return holidays


def is_working_day(day: date, holidays: set[date] | None = None) -> bool:
    if day.weekday() >= 5:
        return False
    return day not in (holidays if holidays is not None else italian_holidays(day.year))


def days_between(first: date, last: date) -> Iterator[date]:
    """Every date from `first` to `last`, both included."""
    for offset in range((last - first).days + 1):
        yield first + timedelta(days=offset)


def working_days(first: date, last: date) -> list[date]:
    """The working days from `first` to `last`, both included."""
    holidays: set[date] = set()
    for year in range(first.year, last.year + 1):
        holidays |= italian_holidays(year)
    return [day for day in days_between(first, last) if is_working_day(day, holidays)]


def previous_working_day(day: date) -> date:
    """The working day before `day` (Friday for a Monday, skipping public holidays)."""
    holidays = italian_holidays(day.year) | italian_holidays(day.year - 1)
    before = day - timedelta(days=1)
    while not is_working_day(before, holidays):
        before -= timedelta(days=1)
    return before
