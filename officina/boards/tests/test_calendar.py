"""Due dates as a calendar: the board's and my own, by month and by week."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from officina.accounts.models import User
from officina.boards.models import Board
from officina.boards.services.cards import work_item_create
from officina.boards.views.calendar import period_from
from officina.organisations.actor import Actor
from officina.organisations.tests.factories import TeamFactory

pytestmark = pytest.mark.django_db


def _client(user: User) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="it")
    client.force_login(user)
    return client


@pytest.fixture
def due(board: Board, member: User, member_actor: Actor) -> Board:
    for title, day, mine in (
        ("Scadenza del bando", date(2026, 12, 15), True),
        ("Relazione annuale", date(2026, 12, 31), False),
        ("Piano ferie", date(2027, 1, 8), True),
    ):
        work_item_create(
            actor=member_actor,
            board=board,
            title=title,
            due_date=day,
            assignee_ids=[member.pk] if mine else [],
        )
    return board


def test_a_month_shows_each_card_on_its_day(due: Board, member: User):
    url = reverse(
        "boards:board-calendar", kwargs={"org_slug": due.organisation.slug, "board_id": due.pk}
    )
    page = _client(member).get(url, {"month": "2026-12"}).content.decode()
    assert "Dicembre 2026" in page
    assert "Scadenza del bando" in page
    assert "Relazione annuale" in page
    assert "Piano ferie" not in page
    assert "Martedì 15 Dicembre" in page
    assert "month=2027-01" in page  # the next month


def test_a_week_shows_its_seven_days(due: Board, member: User):
    url = reverse(
        "boards:board-calendar", kwargs={"org_slug": due.organisation.slug, "board_id": due.pk}
    )
    page = _client(member).get(url, {"week": "2026-W51"}).content.decode()
    assert "Scadenza del bando" in page
    assert "Relazione annuale" not in page
    assert "Settimana dal 14 Dicembre 2026 al 20 Dicembre 2026" in page


def test_my_calendar_has_my_cards_of_every_board_i_can_see(due: Board, member: User, organisation):
    url = reverse("boards:my-calendar", kwargs={"org_slug": organisation.slug})
    december = _client(member).get(url, {"month": "2026-12"}).content.decode()
    assert "Scadenza del bando" in december
    assert "Relazione annuale" not in december, "not assigned to me"
    assert due.name in december


def test_a_board_of_another_team_has_no_calendar_for_me(organisation, outsider: User):
    from officina.boards.tests.factories import make_board

    board = make_board(team=TeamFactory(organisation=organisation))
    url = reverse(
        "boards:board-calendar", kwargs={"org_slug": organisation.slug, "board_id": board.pk}
    )
    assert _client(outsider).get(url).status_code == 404


def test_a_calendar_spends_the_same_queries_for_few_and_many_cards(
    due: Board, member: User, member_actor: Actor, django_assert_num_queries, warm_access
):
    url = reverse(
        "boards:board-calendar", kwargs={"org_slug": due.organisation.slug, "board_id": due.pk}
    )
    client = _client(member)
    warm_access(member, due.organisation, due)
    client.get(url, {"month": "2026-12"})
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url, {"month": "2026-12"})
    for n in range(20):
        work_item_create(
            actor=member_actor, board=due, title=f"Pratica {n}", due_date=date(2026, 12, 1 + n)
        )
    with django_assert_num_queries(len(few.captured_queries)):
        page = client.get(url, {"month": "2026-12"}).content.decode()
    assert "Pratica 19" in page


def test_a_period_that_is_not_a_date_is_this_month():
    today = date(2026, 12, 2)
    assert period_from({"month": "boh"}, today).first == date(2026, 12, 1)  # type: ignore[arg-type]
    week = period_from({"week": "2026-W99"}, today)  # type: ignore[arg-type]
    assert (week.first, week.last) == (date(2026, 11, 30), date(2026, 12, 6))


@pytest.mark.parametrize(
    "query",
    [
        {"month": "9999-12"},
        {"month": "0001-01"},
        {"month": "99999999999999999999-1"},
        {"week": "9999-W52"},
        {"week": "0001-W01"},
    ],
)
def test_a_period_at_the_edge_of_the_calendar_is_this_period_not_an_error(
    due: Board, member: User, query: dict[str, str]
):
    # Its previous or next period lay beyond the years a date can hold: it answered 500.
    url = reverse(
        "boards:board-calendar", kwargs={"org_slug": due.organisation.slug, "board_id": due.pk}
    )

    response = _client(member).get(url, query)

    assert response.status_code == 200
    today = date(2026, 12, 2)
    this_period = (date(2026, 12, 1), date(2026, 11, 30))  # this month, this week
    assert period_from(query, today).first in this_period  # type: ignore[arg-type]
