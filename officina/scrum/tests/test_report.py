"""The sprint report computed from the database: flow-metrics §14.7 played through the services
(cards moved to Done, re-estimated, added and removed on the real dates), and velocity."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from officina.boards.models import Stage
from officina.boards.selectors.boards import board_get_for_actor
from officina.boards.services.moves import work_item_move
from officina.scrum.selectors import sprint_report_for, velocity_rows
from officina.scrum.services.backlog import backlog_item_create, backlog_item_update
from officina.scrum.services.sprints import (
    sprint_add_item,
    sprint_close,
    sprint_remove_item,
    sprint_start,
)
from officina.scrum.tests.factories import make_sprint

pytestmark = pytest.mark.django_db
ROME = ZoneInfo("Europe/Rome")


def at(day: int, hour: int) -> datetime:
    return datetime(2024, 3, day, hour, tzinfo=ROME)


def play_golden_sprint(actor, board):
    """§14.7: S1 = 3, S2 = 5, S3 = 2, S4 = 8 committed; 03-05 S1 done, S4 8 → 5; 03-06 S5 (3)
    added; 03-07 S2 done, S3 removed; 03-08 S5 done; closed with S4 open."""
    cards = {
        name: backlog_item_create(
            actor=actor, board=board, title=name, estimate=Decimal(points), at=at(1, 9)
        ).work_item
        for name, points in (("S1", 3), ("S2", 5), ("S3", 2), ("S4", 8), ("S5", 3))
    }
    done = board.columns.get(stage=Stage.DONE)
    sprint = make_sprint(board=board, start_date=date(2024, 3, 4), end_date=date(2024, 3, 8))
    for name in ("S1", "S2", "S3", "S4"):
        sprint_add_item(actor=actor, sprint=sprint, work_item=cards[name], at=at(1, 10))
    sprint_start(actor=actor, sprint=sprint, at=at(4, 9))
    work_item_move(actor=actor, work_item=cards["S1"], column=done, at=at(5, 11))
    backlog_item_update(actor=actor, work_item=cards["S4"], estimate=Decimal(5), at=at(5, 15))
    sprint_add_item(actor=actor, sprint=sprint, work_item=cards["S5"], at=at(6, 10))
    work_item_move(actor=actor, work_item=cards["S2"], column=done, at=at(7, 12))
    sprint_remove_item(actor=actor, sprint=sprint, work_item=cards["S3"], at=at(7, 16))
    work_item_move(actor=actor, work_item=cards["S5"], column=done, at=at(8, 17))
    sprint_close(actor=actor, sprint=sprint, at=at(8, 18))
    sprint.refresh_from_db()
    return sprint


def row(day: str, *numbers: object) -> tuple[object, ...]:
    """A row of §14.7's table with its numbers as decimals (the items stay counts)."""
    *points, items, ideal = numbers
    return (day, *(Decimal(str(value)) for value in points), items, Decimal(str(ideal)))


def test_the_golden_sprint_from_the_database_matches_flow_metrics_14_7(actor, board):
    sprint = play_golden_sprint(actor, board)
    report = sprint_report_for(sprint=sprint)
    rows = [
        (
            str(p.day),
            -p.completed_change,
            p.scope_change,
            p.scope,
            p.completed,
            p.remaining,
            (p.scope_items, p.done_items, p.remaining_items),
            p.ideal,
        )
        for p in report.days
    ]
    assert rows == [
        row("2024-03-04", 0, 0, 18, 0, 18, (4, 0, 4), "14.4"),
        row("2024-03-05", -3, -3, 15, 3, 12, (4, 1, 3), "10.8"),
        row("2024-03-06", 0, 3, 18, 3, 15, (5, 1, 4), "7.2"),
        row("2024-03-07", -5, -2, 16, 8, 8, (4, 2, 2), "3.6"),
        row("2024-03-08", -3, 0, 16, 11, 5, (4, 3, 1), "0"),
    ]
    numbers = report.numbers
    assert (numbers.committed_points, numbers.completed_points) == (Decimal(18), Decimal(11))
    assert numbers.say_do_committed is not None
    assert round(numbers.say_do_committed * 100, 1) == Decimal("44.4")


def test_velocity_reads_committed_and_completed_of_closed_sprints(actor, board):
    play_golden_sprint(actor, board)
    seen = board_get_for_actor(actor=actor, board_id=board.pk)
    [row] = velocity_rows(actor=actor, seen=seen)
    assert (row.committed, row.completed, row.working_days) == (Decimal(18), Decimal(11), 5)
