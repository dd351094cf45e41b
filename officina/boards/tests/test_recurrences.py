"""Recurring cards (decision 0040): managers define them, the daily task makes each due card
once, in the first column, recorded as made by the recurrence."""

from collections.abc import Callable
from datetime import date
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from officina.accounts.models import User
from officina.boards.exceptions import BoardRuleError
from officina.boards.models import Board, CardRecurrence, CardTemplate, Label, WorkItem
from officina.boards.services.recurrences import (
    card_recurrence_create,
    recurring_cards_create_due,
)
from officina.boards.tasks import recurring_cards
from officina.boards.tests.factories import make_board
from officina.common.exceptions import PermissionDeniedError
from officina.organisations.actor import Actor
from officina.organisations.models import Organisation
from officina.organisations.tests.factories import EnteFactory, TeamFactory, TeamMembershipFactory

pytestmark = pytest.mark.django_db
FIRST_MONDAY: dict[str, Any] = {"frequency": "monthly_weekday", "week_of_month": 1, "weekday": 0}


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _url(board: Board, name: str, **kwargs: object) -> str:
    return reverse(
        f"boards:{name}",
        kwargs={"org_slug": board.organisation.slug, "board_id": board.pk, **kwargs},
    )


@pytest.fixture
def lead_actor(lead: User, organisation: Organisation, actor_of: Callable[..., Actor]) -> Actor:
    return actor_of(lead, organisation)


@pytest.fixture
def template(board: Board) -> CardTemplate:
    made = CardTemplate.objects.create(
        organisation=board.organisation,
        board=board,
        name="Backup",
        title="Verifica mensile backup",
        description="Controllare i log.",
        checklist=["Log del NAS", "Ripristino di prova"],
    )
    made.labels.add(Label.objects.create(organisation=board.organisation, board=board, name="IT"))
    return made


@pytest.fixture
def monthly(lead_actor: Actor, board: Board, template: CardTemplate) -> CardRecurrence:
    return card_recurrence_create(
        actor=lead_actor, board=board, template=template, starts_on=date(2026, 1, 1), **FIRST_MONDAY
    )


def test_the_task_makes_the_card_of_the_day_from_the_template_in_the_first_column(board, monthly):
    # when: the first Monday of March 2026
    made = recurring_cards_create_due(today=date(2026, 3, 2))
    # then
    assert made == 1
    card = WorkItem.objects.get(board=board)
    assert card.title == "Verifica mensile backup"
    assert card.column == board.columns.get(position=0)
    assert list(card.checklist.values_list("text", flat=True)) == [
        "Log del NAS",
        "Ripristino di prova",
    ]
    assert list(card.labels.values_list("name", flat=True)) == ["IT"]
    created = card.events.get(kind="created")
    assert (created.actor, created.data["source"]) == (None, f"recurrence:{monthly.pk}")
    monthly.refresh_from_db()
    assert monthly.last_occurrence == date(2026, 3, 2)


def test_running_the_task_again_makes_no_second_card(board, monthly):
    recurring_cards_create_due(today=date(2026, 3, 2))
    assert recurring_cards_create_due(today=date(2026, 3, 2)) == 0
    assert recurring_cards_create_due(today=date(2026, 3, 15)) == 0
    assert WorkItem.objects.filter(board=board).count() == 1


def test_after_a_pause_only_the_latest_missed_occurrence_is_made(board, monthly):
    # the task did not run from January to mid-March: one card, for March's first Monday
    assert recurring_cards_create_due(today=date(2026, 3, 20)) == 1
    monthly.refresh_from_db()
    assert monthly.last_occurrence == date(2026, 3, 2)
    assert WorkItem.objects.filter(board=board).count() == 1


def test_nothing_is_made_before_the_start_or_on_an_archived_board(board, lead_actor):
    later = card_recurrence_create(
        actor=lead_actor,
        board=board,
        title="Riunione",
        frequency="daily",
        starts_on=date(2026, 6, 1),
    )
    assert recurring_cards_create_due(today=date(2026, 5, 31)) == 0
    Board.objects.filter(pk=board.pk).update(archived_at="2026-05-31T10:00:00Z")
    assert recurring_cards_create_due(today=date(2026, 6, 2)) == 0
    later.refresh_from_db()
    assert later.last_occurrence is None


def test_the_daily_task_is_listed_and_runs(settings, board, lead_actor):
    assert "officina.boards.tasks.recurring_cards" in settings.OFFICINA_DAILY_TASKS
    card_recurrence_create(
        actor=lead_actor, board=board, title="Giro", frequency="daily", starts_on=date(2026, 1, 1)
    )
    recurring_cards.call()
    assert WorkItem.objects.filter(board=board, title="Giro").count() == 1


def test_cron_runs_the_daily_tasks_now_and_again_without_a_second_card(board, lead_actor):
    # given a daily recurring card
    card_recurrence_create(
        actor=lead_actor, board=board, title="Giro", frequency="daily", starts_on=date(2026, 1, 1)
    )
    out = StringIO()
    # when cron runs `officina daily_tasks --only recurring_cards` twice the same morning
    call_command("daily_tasks", "--only", "recurring_cards", stdout=out)
    call_command("daily_tasks", "--only", "recurring_cards", stdout=out)
    # then the card of the day is there once, and the command said what it did
    assert WorkItem.objects.filter(board=board, title="Giro").count() == 1
    assert out.getvalue().splitlines() == ["recurring_cards: 1", "recurring_cards: 0"]


def test_cron_names_the_known_daily_tasks_when_asked_for_another():
    with pytest.raises(CommandError, match="Unknown daily task: backup.*recurring_cards"):
        call_command("daily_tasks", "--only", "backup")


def test_a_rule_must_name_dates(board, lead_actor):
    for rule in (
        {"frequency": "weekly"},
        {"frequency": "monthly_day", "day_of_month": 32},
        {"frequency": "monthly_weekday", "week_of_month": 5, "weekday": 0},
    ):
        with pytest.raises(BoardRuleError):
            card_recurrence_create(
                actor=lead_actor, board=board, title="X", starts_on=date(2026, 1, 1), **rule
            )
    with pytest.raises(BoardRuleError):  # neither a template nor a title
        card_recurrence_create(
            actor=lead_actor, board=board, frequency="daily", starts_on=date(2026, 1, 1)
        )


@pytest.mark.parametrize("role", ["member", "guest"])
def test_only_managers_define_recurring_cards(role, board, request, actor_of, organisation):
    person = request.getfixturevalue(role)
    board.guests.add(request.getfixturevalue("guest"))
    with pytest.raises(PermissionDeniedError):
        card_recurrence_create(
            actor=actor_of(person, organisation),
            board=board,
            title="X",
            frequency="daily",
            starts_on=date(2026, 1, 1),
        )
    response = _client(person).post(
        _url(board, "card-recurrence-create"),
        {
            "recurrence-title": "X",
            "recurrence-frequency": "daily",
            "recurrence-starts_on": "2026-01-01",
        },
    )
    assert response.status_code == 403
    assert not CardRecurrence.objects.exists()


def test_a_manager_adds_and_stops_a_recurring_card_on_the_settings_page(lead, board, template):
    client = _client(lead)
    response = client.post(
        _url(board, "card-recurrence-create"),
        {
            "recurrence-template": template.pk,
            "recurrence-frequency": "monthly_weekday",
            "recurrence-week_of_month": "1",
            "recurrence-weekday": "0",
            "recurrence-day_of_month": "15",  # ignored: not this frequency's field
            "recurrence-starts_on": "2026-01-01",
        },
        follow=True,
    )
    recurrence = CardRecurrence.objects.get(board=board)
    assert (recurrence.week_of_month, recurrence.weekday, recurrence.day_of_month) == (1, 0, None)
    page = response.content.decode()
    assert "Verifica mensile backup" in page
    assert "il primo lunedì" in page.lower()
    client.post(_url(board, "card-recurrence-delete", recurrence_id=recurrence.pk))
    assert not CardRecurrence.objects.exists()


def test_recurring_cards_of_another_organisation_are_404(board, monthly):
    stranger = TeamMembershipFactory(
        team=TeamFactory(organisation=EnteFactory().organisation), role="lead"
    ).user
    response = _client(stranger).post(
        _url(board, "card-recurrence-delete", recurrence_id=monthly.pk)
    )
    assert response.status_code == 404
    assert CardRecurrence.objects.filter(pk=monthly.pk).exists()


def test_a_template_of_another_board_is_refused(board, team, lead_actor):
    other = make_board(team=team, name="Altra")
    theirs = CardTemplate.objects.create(
        organisation=board.organisation, board=other, name="Loro", title="Loro"
    )
    with pytest.raises(BoardRuleError):
        card_recurrence_create(
            actor=lead_actor,
            board=board,
            template=theirs,
            frequency="daily",
            starts_on=date(2026, 1, 1),
        )
