"""The velocity chart of the sprint list: SVG bars, say/do, the data table and the summary."""

import re
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from officina.boards.models import Stage
from officina.boards.services.moves import work_item_move
from officina.scrum.services.backlog import backlog_item_create
from officina.scrum.services.sprints import sprint_add_item, sprint_close, sprint_start
from officina.scrum.tests.factories import make_sprint

pytestmark = pytest.mark.django_db

ROME = ZoneInfo("Europe/Rome")


def client_of(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="it")
    client.force_login(user)
    return client


def closed_sprint(actor, board, number: int, committed: list[int], done: int):
    """A closed week-long sprint: `committed` points planned, the first `done` cards done."""
    monday = date(2024, 3, 4) + timedelta(weeks=number)
    sprint = make_sprint(
        board=board, name=f"Sprint {number}", start_date=monday, end_date=monday + timedelta(4)
    )
    cards = []
    for index, points in enumerate(committed):
        card = backlog_item_create(
            actor=actor, board=board, title=f"S{number}-{index}", estimate=Decimal(points)
        ).work_item
        sprint_add_item(actor=actor, sprint=sprint, work_item=card)
        cards.append(card)
    start = datetime(monday.year, monday.month, monday.day, 9, tzinfo=ROME)
    sprint_start(actor=actor, sprint=sprint, at=start)
    done_column = board.columns.get(stage=Stage.DONE)
    for card in cards[:done]:
        work_item_move(
            actor=actor, work_item=card, column=done_column, at=start + timedelta(days=1)
        )
    sprint_close(actor=actor, sprint=sprint, at=start + timedelta(days=4))
    return sprint


def test_velocity_chart_draws_committed_and_completed_with_say_do(member, actor, board):
    # given: 10 committed, 5 done; then 8 committed, 8 done
    closed_sprint(actor, board, 1, [5, 5], done=1)
    closed_sprint(actor, board, 2, [3, 5], done=2)

    # when
    page = client_of(member).get(
        reverse("scrum:sprint-list", args=[board.organisation.slug, board.pk])
    )
    html = page.content.decode()

    # then: two bars per sprint, the ratio above them, oldest first
    start = html.index('aria-labelledby="velocity-chart-title"')
    chart = html[start : html.index("</svg>", start)]
    assert chart.count('class="scrum-bar-committed"') == 2
    assert chart.count('class="scrum-bar-completed"') == 2
    assert chart.index("50 %") < chart.index("100 %")
    assert chart.index("Sprint 1") < chart.index("Sprint 2")
    # the summary in words, the definition beside, and the data table
    assert (
        "Negli ultimi 2 sprint chiusi il team ha completato in media 6,5 punti a sprint, "
        "il 72 % di quelli impegnati; nell&#x27;ultimo, il 100 %." in html
    )
    assert "Come si conta" in html
    table = html[html.index("<caption>Punti impegnati e completati") :]
    cells = re.findall(r"<td>([^<]*)</td>", table[: table.index("</table>")])
    assert cells == ["10", "5", "50 %", "8", "8", "100 %"]


def test_the_completed_bar_is_as_tall_as_its_points(member, actor, board):
    closed_sprint(actor, board, 1, [5, 5], done=1)

    html = (
        client_of(member)
        .get(reverse("scrum:sprint-list", args=[board.organisation.slug, board.pk]))
        .content.decode()
    )

    heights = [
        float(h)
        for h in re.findall(r'height="([0-9.]+)" class="scrum-bar-(?:committed|completed)"', html)
    ]
    assert heights[0] == pytest.approx(2 * heights[1], abs=0.2)


def test_no_chart_before_the_first_closed_sprint(member, board):
    html = (
        client_of(member)
        .get(reverse("scrum:sprint-list", args=[board.organisation.slug, board.pk]))
        .content.decode()
    )
    assert "velocity-chart-title" not in html


@pytest.mark.parametrize("sprints", [1, 4])
def test_the_sprint_list_reads_a_fixed_number_of_queries(
    member, actor, board, organisation, sprints, warm_access, session_queries
):
    for number in range(1, sprints + 1):
        closed_sprint(actor, board, number, [3], done=1)
    client = client_of(member)
    address = reverse("scrum:sprint-list", args=[board.organisation.slug, board.pk])
    warm_access(member, organisation, board)
    client.get(address)

    with CaptureQueriesContext(connection) as queries:
        assert client.get(address).status_code == 200

    # session, user, access generation, notices; board; Scrum settings; sprints; velocity
    assert len(queries) == session_queries + 7
