"""Scrum settings, velocity, epics, bulk actions and the stand-up through the API."""

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from officina.boards.tests.factories import make_board
from officina.scrum.models import BacklogItem, Epic
from officina.scrum.services.backlog import backlog_item_create
from officina.scrum.tests.factories import make_sprint
from officina.scrum.tests.test_report import play_golden_sprint

pytestmark = pytest.mark.django_db


def api(name, board, **kwargs):
    return reverse(
        f"scrum-api:{name}",
        kwargs={"org_slug": board.organisation.slug, "board_id": board.pk, **kwargs},
    )


def client_of(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="it")
    client.force_login(user)
    return client


def test_a_manager_switches_scrum_on_through_the_api(lead, member, team):
    kanban = make_board(team=team, name="Protocollo")
    assert client_of(member).get(api("scrum-settings", kanban)).json()["enabled"] is False

    refused = client_of(member).put(
        api("scrum-settings", kanban), {"estimate_scale": "tshirt"}, content_type="application/json"
    )
    switched = client_of(lead).put(
        api("scrum-settings", kanban),
        {"estimate_scale": "tshirt", "definition_of_done": "Revisionato"},
        content_type="application/json",
    )

    assert refused.status_code == 403
    assert switched.status_code == 200
    read = client_of(member).get(api("scrum-settings", kanban)).json()
    assert read == {
        "enabled": True,
        "estimate_scale": "tshirt",
        "definition_of_ready": "",
        "definition_of_done": "Revisionato",
    }


def test_velocity_of_the_closed_sprints(member, actor, board):
    play_golden_sprint(actor, board)

    rows = client_of(member).get(api("velocity", board)).json()

    assert len(rows) == 1
    row = rows[0]
    assert (row["committed"], row["completed"], row["working_days"]) == ("18.00", "11.00", 5)
    assert row["say_do"] == "0.6111"  # 11 / 18, flow-metrics §10


def test_epics_with_progress_and_a_new_one(member, actor, board):
    client = client_of(member)
    created = client.post(
        api("epic-list", board), {"name": "Anagrafe online"}, content_type="application/json"
    )
    epic_id = created.json()["id"]
    backlog_item_create(
        actor=actor,
        board=board,
        title="Storia",
        estimate=Decimal(5),
        epic=Epic.objects.get(pk=epic_id),
    )

    epics = client.get(api("epic-list", board)).json()

    assert created.status_code == 201
    assert epics == [
        {
            "id": epic_id,
            "name": "Anagrafe online",
            "items": 1,
            "items_done": 0,
            "points": "5.00",
            "points_done": "0.00",
            "percent": 0,
        }
    ]


def test_bulk_plan_through_the_api_and_bad_input_in_italian(member, actor, board):
    cards = [backlog_item_create(actor=actor, board=board, title=t).work_item for t in ("A", "B")]
    sprint = make_sprint(board=board)
    client = client_of(member)

    planned = client.post(
        api("backlog-bulk", board),
        {"numbers": [c.number for c in cards], "action": "plan", "sprint": sprint.pk},
        content_type="application/json",
    )
    no_sprint = client.post(
        api("backlog-bulk", board),
        {"numbers": [cards[0].number], "action": "plan"},
        content_type="application/json",
    )

    assert planned.json() == {"changed": 2}
    assert BacklogItem.objects.filter(sprint=sprint).count() == 2
    assert no_sprint.status_code == 400
    assert "Scegli lo sprint" in no_sprint.json()["detail"]


def test_the_standup_names_cards_not_people(member, actor, board):
    sprint = make_sprint(board=board)

    answer = client_of(member).get(api("sprint-standup", board, sprint_id=sprint.pk))

    assert answer.status_code == 200
    assert set(answer.json()) == {"since", "moves", "blocked"}
