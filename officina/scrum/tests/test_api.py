"""The Scrum API: sprints, backlog, report; bad input answers 400 in Italian; access rules."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from officina.boards.tests.factories import bulk_cards
from officina.organisations.tests.factories import TeamFactory
from officina.scrum.models import BacklogItem, Sprint
from officina.scrum.services.backlog import backlog_item_create
from officina.scrum.tests.factories import make_scrum_board, make_sprint
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


def add_items(actor, board, *titles):
    return [
        backlog_item_create(actor=actor, board=board, title=t, estimate=Decimal(2)).work_item
        for t in titles
    ]


def test_plan_start_and_close_a_sprint_through_the_api(member, actor, board):
    a, b = add_items(actor, board, "A", "B")
    client = client_of(member)
    created = client.post(
        api("sprint-list", board),
        {
            "name": "Sprint 1",
            "goal": "Residenze",
            "start_date": "2024-03-04",
            "end_date": "2024-03-15",
        },
        content_type="application/json",
    )
    assert created.status_code == 201
    sprint_id = created.json()["id"]
    for card in (a, b):
        response = client.post(
            api("sprint-item-list", board, sprint_id=sprint_id),
            {"number": card.number},
            content_type="application/json",
        )
        assert response.json()["sprint"] == sprint_id
    assert client.post(api("sprint-start", board, sprint_id=sprint_id)).json()["state"] == "active"
    closed = client.post(
        api("sprint-close", board, sprint_id=sprint_id),
        {"carry_over": [{"number": b.number, "to": "backlog"}]},
        content_type="application/json",
    )
    assert closed.json()["state"] == "closed"
    assert BacklogItem.objects.get(work_item=b).sprint is None
    listed = client.get(api("sprint-list", board)).json()
    assert [s["name"] for s in listed["results"]] == ["Sprint 1"]


def test_bad_input_answers_400_with_an_italian_message(member, actor, board):
    first, second = make_sprint(board=board), make_sprint(board=board, name="Sprint 2")
    client = client_of(member)
    client.post(api("sprint-start", board, sprint_id=first.pk))
    refused = client.post(api("sprint-start", board, sprint_id=second.pk))
    assert refused.status_code == 400
    assert "«Sprint 1» è ancora in corso" in refused.json()["detail"]
    client.post(api("sprint-close", board, sprint_id=first.pk), {}, content_type="application/json")
    twice = client.post(
        api("sprint-close", board, sprint_id=first.pk), {}, content_type="application/json"
    )
    assert twice.status_code == 400
    assert "è già chiuso" in twice.json()["detail"]
    off_scale = client.post(
        api("backlog-list", board),
        {"title": "Storia", "estimate": "4"},
        content_type="application/json",
    )
    assert off_scale.status_code == 400
    assert "scala" in off_scale.json()["detail"]


def test_a_card_of_another_board_is_not_found_through_this_board(member, actor, board, team):
    other = make_scrum_board(team=team, name="Altra")
    stranger = add_items(actor, other, "Straniera")[0]
    stranger.number = 99  # a number this board does not have
    sprint = make_sprint(board=board)
    response = client_of(member).post(
        api("sprint-item-list", board, sprint_id=sprint.pk),
        {"number": 99},
        content_type="application/json",
    )
    assert response.status_code == 404


def test_backlog_list_and_reorder(member, actor, board):
    a, b, c = add_items(actor, board, "A", "B", "C")
    client = client_of(member)
    moved = client.post(
        api("backlog-move", board, number=c.number), {"to": "top"}, content_type="application/json"
    )
    assert moved.status_code == 200
    client.post(
        api("backlog-move", board, number=a.number),
        {"before": b.number},
        content_type="application/json",
    )
    body = client.get(api("backlog-list", board)).json()
    assert [item["title"] for item in body["results"]] == ["C", "A", "B"]
    assert body["results"][0]["estimate"] == "2.0"


def test_backlog_list_query_count_does_not_grow(member, actor, board):
    add_items(actor, board, "A")
    client, address = client_of(member), api("backlog-list", board)
    client.get(address)
    with CaptureQueriesContext(connection) as one:
        client.get(address)
    queries_for_one = len(one)
    board.refresh_from_db()
    bulk_cards(
        board=board, count=40, column=board.columns.get(position=0), swimlane=board.swimlanes.get()
    )
    with CaptureQueriesContext(connection) as many:
        body = client.get(address).json()
    assert body["count"] == 41
    assert len(many) == queries_for_one


def test_the_report_json_matches_flow_metrics_14_7(member, actor, board):
    sprint = play_golden_sprint(actor, board)
    body = client_of(member).get(api("sprint-report", board, sprint_id=sprint.pk)).json()
    assert [(d["day"], d["remaining"], d["scope_change"]) for d in body["days"]] == [
        ("2024-03-04", "18.00", "0.00"),
        ("2024-03-05", "12.00", "-3.00"),
        ("2024-03-06", "15.00", "3.00"),
        ("2024-03-07", "8.00", "-2.00"),
        ("2024-03-08", "5.00", "0.00"),
    ]
    assert body["numbers"]["say_do"] == "0.6111"
    assert body["numbers"]["committed_points"] == "18.00"


def test_a_read_only_viewer_reads_but_cannot_plan(viewer, actor, board):
    sprint = make_sprint(board=board)
    client = client_of(viewer)
    assert client.get(api("sprint-list", board)).status_code == 200
    assert client.post(api("sprint-start", board, sprint_id=sprint.pk)).status_code == 403
    sprint.refresh_from_db()
    assert sprint.state == Sprint.State.PLANNED


def test_another_teams_private_sprint_answers_404(member, organisation):
    hidden = make_scrum_board(team=TeamFactory(organisation=organisation), name="Privata")
    sprint = make_sprint(board=hidden)
    client = client_of(member)
    assert client.get(api("sprint-report", hidden, sprint_id=sprint.pk)).status_code == 404
    assert client.post(api("sprint-start", hidden, sprint_id=sprint.pk)).status_code == 404


def test_the_schema_lists_the_scrum_endpoints(member, board):
    schema = client_of(member).get(reverse("api-schema")).content.decode()
    assert "/sprints/{sprint_id}/report/" in schema
    assert "BacklogMoveInput" in schema


def test_taking_a_card_out_of_a_running_sprint_is_scope_removed(member, actor, board):
    card = add_items(actor, board, "A")[0]
    sprint = make_sprint(board=board)
    client = client_of(member)
    client.post(
        api("sprint-item-list", board, sprint_id=sprint.pk),
        {"number": card.number},
        content_type="application/json",
    )
    client.post(api("sprint-start", board, sprint_id=sprint.pk))
    response = client.post(
        api("sprint-item-remove", board, sprint_id=sprint.pk, number=card.number)
    )
    assert response.status_code == 204
    report = client.get(api("sprint-report", board, sprint_id=sprint.pk)).json()
    assert report["numbers"]["removed_points"] == "2.00"


def test_sprint_list_query_count_does_not_grow(member, board):
    make_sprint(board=board)
    client, address = client_of(member), api("sprint-list", board)
    client.get(address)
    with CaptureQueriesContext(connection) as one:
        client.get(address)
    queries_for_one = len(one)
    for number in range(2, 12):
        make_sprint(board=board, name=f"Sprint {number}")
    with CaptureQueriesContext(connection) as eleven:
        body = client.get(address).json()
    assert body["count"] == 11
    assert len(eleven) == queries_for_one


def test_sprint_detail_lists_its_cards_in_order(member, actor, board):
    a, b = add_items(actor, board, "A", "B")
    sprint = make_sprint(board=board)
    client = client_of(member)
    for card in (b, a):
        client.post(
            api("sprint-item-list", board, sprint_id=sprint.pk),
            {"number": card.number},
            content_type="application/json",
        )
    body = client.get(api("sprint-detail", board, sprint_id=sprint.pk)).json()
    assert body["name"] == "Sprint 1"
    assert [(item["title"], item["sprint"]) for item in body["items"]] == [
        ("B", sprint.pk),
        ("A", sprint.pk),
    ]
