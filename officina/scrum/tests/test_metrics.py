"""The sprint metrics against flow-metrics.md §14.7 (the worked sprint), and their edge rules."""

from datetime import date
from decimal import Decimal

import pytest

from officina.scrum.calendar import easter_sunday, italian_holidays, working_days
from officina.scrum.metrics import (
    Change,
    LedgerEntry,
    VelocityRow,
    average_velocity,
    capacity_hint,
    sprint_report,
)

D = Decimal
S1, S2, S3, S4, S5 = 1, 2, 3, 4, 5


def golden_entries() -> list[LedgerEntry]:
    """§14.7: at start S1 = 3, S2 = 5, S3 = 2, S4 = 8; 03-05 S1 done, S4 8 → 5; 03-06 S5 (3)
    added; 03-07 S2 done, S3 removed; 03-08 S5 done; the sprint ends with S4 open."""
    start = date(2024, 3, 4)
    return [
        LedgerEntry(start, Change.COMMIT, S1, D(3)),
        LedgerEntry(start, Change.COMMIT, S2, D(5)),
        LedgerEntry(start, Change.COMMIT, S3, D(2)),
        LedgerEntry(start, Change.COMMIT, S4, D(8)),
        LedgerEntry(date(2024, 3, 5), Change.COMPLETE, S1),
        LedgerEntry(date(2024, 3, 5), Change.ESTIMATE, S4, D(5)),
        LedgerEntry(date(2024, 3, 6), Change.ADD, S5, D(3)),
        LedgerEntry(date(2024, 3, 7), Change.COMPLETE, S2),
        LedgerEntry(date(2024, 3, 7), Change.REMOVE, S3),
        LedgerEntry(date(2024, 3, 8), Change.COMPLETE, S5),
    ]


# (day, burn, scope change, scope, completed, remaining, items scope/done/remaining, ideal)
GOLDEN_TABLE = [
    ("2024-03-04", 0, 0, 18, 0, 18, (4, 0, 4), "14.4"),
    ("2024-03-05", -3, -3, 15, 3, 12, (4, 1, 3), "10.8"),
    ("2024-03-06", 0, 3, 18, 3, 15, (5, 1, 4), "7.2"),
    ("2024-03-07", -5, -2, 16, 8, 8, (4, 2, 2), "3.6"),
    ("2024-03-08", -3, 0, 16, 11, 5, (4, 3, 1), "0"),
]


def golden_report():
    return sprint_report(
        start_date=date(2024, 3, 4),
        end_date=date(2024, 3, 8),
        last_lived_day=date(2024, 3, 8),
        entries=golden_entries(),
        working=working_days(date(2024, 3, 4), date(2024, 3, 8)),
    )


def test_golden_sprint_starts_from_the_commitment():
    start = golden_report().start
    assert (start.scope, start.completed, start.remaining, start.ideal) == (D(18), 0, D(18), D(18))
    assert (start.scope_items, start.done_items, start.remaining_items) == (4, 0, 4)


@pytest.mark.parametrize("row", GOLDEN_TABLE, ids=lambda row: row[0])
def test_golden_sprint_day_by_day(row):
    day, burn, scope_change, scope, completed, remaining, items, ideal = row
    point = {str(p.day): p for p in golden_report().days}[day]
    assert point.completed_change == -burn
    assert point.scope_change == scope_change
    assert (point.scope, point.completed, point.remaining) == (scope, completed, remaining)
    assert (point.scope_items, point.done_items, point.remaining_items) == items
    assert point.ideal == D(ideal)
    assert point.remaining == point.scope - point.completed  # the invariant


def test_golden_sprint_velocity_and_say_do_variants():
    numbers = golden_report().numbers
    assert (numbers.committed_points, numbers.completed_points) == (D(18), D(11))
    assert round(numbers.say_do * 100, 1) == D("61.1")  # (a)
    assert round(numbers.say_do_committed * 100, 1) == D("44.4")  # (b)
    assert numbers.say_do_items == D("0.5")  # (c) committed items done 2/4
    assert numbers.say_do_all_items == D("0.75")  # (c) all done items 3/4
    assert numbers.say_do_final_scope == D("0.6875")  # (d)
    assert (numbers.added_points, numbers.removed_points, numbers.estimate_change) == (3, 2, -3)


def test_reopening_a_done_item_un_burns_it_and_is_not_scope_change():
    start = date(2024, 3, 4)
    entries = [
        LedgerEntry(start, Change.COMMIT, S1, D(3)),
        LedgerEntry(start, Change.COMPLETE, S1),
        LedgerEntry(date(2024, 3, 5), Change.REOPEN, S1),
    ]
    report = sprint_report(
        start_date=start,
        end_date=date(2024, 3, 5),
        last_lived_day=date(2024, 3, 5),
        entries=entries,
        working=working_days(start, date(2024, 3, 5)),
    )
    first, second = report.days
    assert (first.completed_change, second.completed_change) == (D(3), D(-3))
    assert (first.scope_change, second.scope_change) == (D(0), D(0))
    assert second.remaining == 3


def test_unestimated_items_count_zero_points_and_are_flagged():
    start = date(2024, 3, 4)
    entries = [
        LedgerEntry(start, Change.COMMIT, S1, None),
        LedgerEntry(start, Change.COMMIT, S2, D(2)),
    ]
    report = sprint_report(
        start_date=start, end_date=start, last_lived_day=start, entries=entries, working=[start]
    )
    assert report.numbers.committed_points == 2
    assert report.numbers.unestimated_items == 1


def test_days_not_yet_lived_show_only_the_ideal_line():
    start = date(2024, 3, 4)
    report = sprint_report(
        start_date=start,
        end_date=date(2024, 3, 8),
        last_lived_day=date(2024, 3, 5),
        entries=[LedgerEntry(start, Change.COMMIT, S1, D(5))],
        working=working_days(start, date(2024, 3, 8)),
    )
    assert [point.lived for point in report.days] == [True, True, False, False, False]


def test_the_ideal_line_is_flat_on_non_working_days():
    # given: Fri 2024-03-29 … Tue 2024-04-02, across a weekend and Easter Monday (1 April)
    first, last = date(2024, 3, 29), date(2024, 4, 2)
    report = sprint_report(
        start_date=first,
        end_date=last,
        last_lived_day=None,
        entries=[LedgerEntry(first, Change.COMMIT, S1, D(4))],
        working=working_days(first, last),
    )
    assert [str(point.ideal) for point in report.days] == ["2.00", "2.00", "2.00", "2.00", "0.00"]
    assert [point.working for point in report.days] == [True, False, False, False, True]


def test_easter_and_the_italian_holidays():
    assert [easter_sunday(year) for year in (2024, 2025, 2026, 2027)] == [
        date(2024, 3, 31),
        date(2025, 4, 20),
        date(2026, 4, 5),
        date(2027, 3, 28),
    ]
    assert {date(2026, 4, 6), date(2026, 4, 25), date(2026, 6, 2), date(2026, 12, 8)} <= (
        italian_holidays(2026)
    )
    # December 2026: 23 weekdays, of which 8, 25 (Tue, Fri) are holidays; 26 is a Saturday
    assert len(working_days(date(2026, 12, 1), date(2026, 12, 31))) == 21


def test_capacity_hint_is_velocity_per_working_day_times_the_sprint_days():
    rows = [
        VelocityRow(1, "S1", D(20), D(10), 10),
        VelocityRow(2, "S2", D(20), D(20), 10),
        VelocityRow(3, "S3", D(10), D(12), 8),
    ]
    assert average_velocity(rows) == D(14)
    assert capacity_hint(rows, 9) == D("13.5")  # 42 points / 28 days × 9
    assert capacity_hint([], 9) is None
