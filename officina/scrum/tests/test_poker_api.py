"""The live estimation through the API: a whole round, hidden votes, bad input in Italian,
watchers who cannot vote, another organisation's board, and the schema."""

import pytest
from django.test import Client
from django.urls import reverse

from officina.boards.tests.factories import make_board
from officina.organisations.tests.factories import OrganisationFactory, TeamFactory
from officina.scrum.services.backlog import backlog_item_create

pytestmark = pytest.mark.django_db


def api(name, board, org_slug=None):
    return reverse(
        f"scrum-api:{name}",
        kwargs={"org_slug": org_slug or board.organisation.slug, "board_id": board.pk},
    )


def client_of(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="it")
    client.force_login(user)
    return client


def post(client, name, board, data=None):
    return client.post(api(name, board), data or {}, content_type="application/json")


def test_a_whole_round_through_the_api(member, lead, actor, board):
    story = backlog_item_create(actor=actor, board=board, title="Carta di identità").work_item
    giulia, marco = client_of(member), client_of(lead)

    assert post(giulia, "poker-open", board).json()["can_facilitate"] is True
    picked = post(giulia, "poker-story", board, {"story": story.number}).json()
    assert picked["state"]["round"]["story"]["title"] == "Carta di identità"
    assert [card["value"] for card in picked["deck"]][:3] == ["0", "1", "2"]
    assert post(giulia, "poker-vote", board, {"value": "3"}).json()["my_vote"] == "3"
    hidden = post(marco, "poker-vote", board, {"value": "5"}).json()
    assert hidden["my_vote"] == "5"
    assert "votes" not in hidden["state"]["round"]
    assert len(hidden["state"]["round"]["voted"]) == 2

    revealed = post(giulia, "poker-reveal", board).json()["state"]["round"]
    assert revealed["summary"]["median"] == "4"
    accepted = post(giulia, "poker-accept", board, {"value": "5"})
    assert accepted.status_code == 200
    story.refresh_from_db()
    assert story.estimate == 5
    assert post(giulia, "poker-close", board).json()["state"] == {"open": False}


def test_a_vote_after_the_reveal_is_a_400_in_italian(member, lead, actor, board):
    story = backlog_item_create(actor=actor, board=board, title="Graduatoria").work_item
    giulia = client_of(member)
    post(giulia, "poker-open", board)
    post(giulia, "poker-story", board, {"story": story.number})
    post(giulia, "poker-vote", board, {"value": "3"})
    assert post(giulia, "poker-reveal", board).status_code == 200

    late = post(client_of(lead), "poker-vote", board, {"value": "8"})

    assert late.status_code == 400
    assert "già state scoperte" in late.json()["detail"]


def test_a_read_only_colleague_watches_but_may_not_vote(member, viewer, actor, board):
    story = backlog_item_create(actor=actor, board=board, title="Graduatoria").work_item
    giulia = client_of(member)
    post(giulia, "poker-open", board)
    post(giulia, "poker-story", board, {"story": story.number})
    watcher = client_of(viewer)

    seen = watcher.get(api("poker", board)).json()
    refused = post(watcher, "poker-vote", board, {"value": "3"})

    assert seen["can_vote"] is False
    assert seen["state"]["round"]["story"]["title"] == "Graduatoria"
    assert refused.status_code == 403


def test_another_organisations_board_is_a_404(member, board):
    foreign = make_board(team=TeamFactory(organisation=OrganisationFactory()))
    client = client_of(member)

    assert client.get(api("poker", foreign, board.organisation.slug)).status_code == 404
    assert client.get(api("poker", foreign)).status_code == 404


def test_the_schema_describes_the_estimation(member):
    schema = client_of(member).get("/api/v1/schema/").content.decode()
    assert "/poker/vote/" in schema
    assert "PokerView" in schema


def test_a_kanban_board_has_no_estimation_and_says_why(member, team):
    kanban = make_board(team=team, name="Protocollo")

    answer = client_of(member).get(api("poker", kanban))

    assert answer.status_code == 400
    assert "non usa Scrum" in answer.json()["detail"]
