"""The daily stand-up: the goal, what moved since the previous working day, what is blocked,
the burndown and a timer; for the whole team."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from officina.boards.models import WorkItem
from officina.boards.services.moves import work_item_move
from officina.organisations.tests.factories import OrganisationFactory, TeamFactory
from officina.scrum.calendar import previous_working_day
from officina.scrum.services.backlog import backlog_item_create
from officina.scrum.services.sprints import sprint_add_item, sprint_start
from officina.scrum.tests.factories import make_scrum_board, make_sprint

pytestmark = pytest.mark.django_db


def client_of(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="it")
    client.force_login(user)
    return client


def standup_url(board, sprint) -> str:
    return reverse("scrum:sprint-standup", args=[board.organisation.slug, board.pk, sprint.pk])


def running(actor, board, titles, *, started_days_ago: int = 10):
    today = timezone.localdate()
    sprint = make_sprint(
        board=board,
        goal="Iscrizioni online aperte",
        start_date=today - timedelta(days=started_days_ago),
        end_date=today + timedelta(days=4),
    )
    cards = []
    for title in titles:
        card = backlog_item_create(
            actor=actor, board=board, title=title, estimate=Decimal(3)
        ).work_item
        sprint_add_item(actor=actor, sprint=sprint, work_item=card)
        cards.append(card)
    sprint_start(actor=actor, sprint=sprint, at=timezone.now() - timedelta(days=started_days_ago))
    return sprint, cards


def test_previous_working_day_skips_weekends_and_holidays():
    assert previous_working_day(date(2024, 3, 4)) == date(2024, 3, 1)  # Monday → Friday
    assert previous_working_day(date(2024, 4, 2)) == date(2024, 3, 29)  # Easter Monday skipped
    assert previous_working_day(date(2024, 3, 6)) == date(2024, 3, 5)


def test_standup_shows_goal_recent_moves_blocked_cards_and_a_timer(member, actor, board):
    # given: one card moved today, one moved a week ago, one blocked
    sprint, (today_card, old_card, stuck) = running(actor, board, ["Modulo", "Avviso", "Rette"])
    doing = board.columns.get(position=1)
    work_item_move(
        actor=actor, work_item=old_card, column=doing, at=timezone.now() - timedelta(days=7)
    )
    work_item_move(actor=actor, work_item=today_card, column=doing)
    WorkItem.objects.filter(pk=stuck.pk).update(is_blocked=True, blocked_reason="Manca la firma")

    # when
    page = client_of(member).get(standup_url(board, sprint)).content.decode()

    # then
    assert "Iscrizioni online aperte" in page
    moved = page[page.index('id="moved-title"') : page.index('id="blocked-title"')]
    assert "#1 Modulo" in moved
    assert "#2 Avviso" not in moved
    blocked = page[page.index('id="blocked-title"') : page.index('id="burndown-heading"')]
    assert "#3 Rette" in blocked
    assert "Manca la firma" in blocked
    assert 'role="timer"' in page
    assert "Burndown in punti" in page
    # team-level: nobody's name on the page's rows
    assert "Giulia" not in moved + blocked


def test_the_sprint_page_links_to_the_standup_while_it_runs(member, actor, board):
    sprint, _cards = running(actor, board, ["Modulo"])
    page = (
        client_of(member)
        .get(reverse("scrum:sprint-detail", args=[board.organisation.slug, board.pk, sprint.pk]))
        .content.decode()
    )
    assert f'href="{standup_url(board, sprint)}"' in page


def test_a_standup_of_another_organisation_answers_404(member):
    elsewhere = make_scrum_board(team=TeamFactory(organisation=OrganisationFactory(slug="y")))
    sprint = make_sprint(board=elsewhere)
    assert client_of(member).get(standup_url(elsewhere, sprint)).status_code == 404


@pytest.mark.parametrize("cards", [1, 8])
def test_the_standup_reads_a_fixed_number_of_queries(
    member, actor, board, organisation, cards, warm_access, session_queries
):
    sprint, made = running(actor, board, [f"Storia {i}" for i in range(cards)])
    doing = board.columns.get(position=1)
    for card in made:
        work_item_move(actor=actor, work_item=card, column=doing)
    WorkItem.objects.filter(pk__in=[card.pk for card in made]).update(is_blocked=True)
    client = client_of(member)
    warm_access(member, organisation, board)
    client.get(standup_url(board, sprint))

    with CaptureQueriesContext(connection) as queries:
        assert client.get(standup_url(board, sprint)).status_code == 200

    # shell 4; board; sprint; ledger; cards' events; moves; blocked; Scrum settings (the guide)
    assert len(queries) == session_queries + 10
