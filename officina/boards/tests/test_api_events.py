"""The history API: every change, oldest first, readable incrementally."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from officina.boards.models import Board, WorkItemEvent
from officina.boards.services.cards import work_item_create
from officina.boards.services.moves import work_item_move
from officina.boards.tests.factories import make_board

pytestmark = pytest.mark.django_db


def api(name, board, **kwargs):
    return reverse(
        f"boards-api:{name}",
        kwargs={"org_slug": board.organisation.slug, "board_id": board.pk, **kwargs},
    )


@pytest.fixture
def history(board, member_actor):
    """Two cards created, then the first moved to "In corso"."""
    doing = board.columns.get(name="In corso")
    first = work_item_create(actor=member_actor, board=board, title="Prima")
    work_item_create(actor=member_actor, board=board, title="Seconda")
    work_item_move(actor=member_actor, work_item=first, column=doing)
    return first


def test_board_events_are_listed_oldest_first_with_the_move_details(client, board, member, history):
    client.force_login(member)
    body = client.get(api("board-events", board)).json()
    assert [(e["card"], e["kind"]) for e in body["results"]] == [
        (1, "created"),
        (2, "created"),
        (1, "moved"),
    ]
    move = body["results"][2]
    columns = {c.name: c.pk for c in board.columns.all()}
    assert (move["from_column"], move["to_column"], move["from_stage"], move["to_stage"]) == (
        columns["Da fare"],
        columns["In corso"],
        "not_started",
        "in_progress",
    )
    assert move["actor"]["name"] == "Giulia Ferrari"


def test_board_events_after_an_id_give_only_what_is_new(client, board, member, history):
    client.force_login(member)
    url = api("board-events", board)
    last_seen = client.get(url).json()["results"][1]["id"]
    body = client.get(url, {"after_id": last_seen}).json()
    assert [e["kind"] for e in body["results"]] == ["moved"]


def test_board_events_since_a_time(client, board, member, history):
    client.force_login(member)
    url = api("board-events", board)
    future = (timezone.now() + timedelta(hours=1)).isoformat()
    past = (timezone.now() - timedelta(hours=1)).isoformat()
    assert client.get(url, {"since": future}).json()["count"] == 0
    assert client.get(url, {"since": past}).json()["count"] == 3
    assert client.get(url, {"since": "ieri"}).status_code == 400


def test_board_events_are_paginated(client, board, member, history):
    client.force_login(member)
    body = client.get(api("board-events", board), {"page_size": 2}).json()
    assert body["count"] == 3
    assert len(body["results"]) == 2
    assert body["next"]


def test_card_events_show_only_that_card(client, board, member, history):
    client.force_login(member)
    url = api("card-events", board, number=history.number)
    assert [e["kind"] for e in client.get(url).json()["results"]] == ["created", "moved"]


def test_events_of_an_invisible_board_are_not_found(client, outsider, board, history):
    client.force_login(outsider)
    assert client.get(api("board-events", board)).status_code == 404
    card_events = api("card-events", board, number=history.number)
    assert client.get(card_events).status_code == 404


def test_read_only_viewer_reads_a_shared_board_s_history(client, team, outsider, member_actor):
    shared = make_board(team=team, name="Condivisa", visibility=Board.Visibility.ORGANISATION)
    work_item_create(actor=member_actor, board=shared, title="Pubblica")
    client.force_login(outsider)
    assert client.get(api("board-events", shared)).json()["count"] == 1


def test_event_list_query_count_does_not_grow_with_events(
    client, board, member, member_actor, session_queries, django_assert_num_queries, warm_access
):
    # given
    card = work_item_create(actor=member_actor, board=board, title="A")
    client.force_login(member)
    urls = [api("board-events", board), api("card-events", board, number=card.number)]
    warm_access(member, board.organisation, board)
    # user, access generation, board, (card with assignees and labels,) count, events
    expected = [session_queries + 5, session_queries + 8]
    for url, count in zip(urls, expected, strict=True):
        with django_assert_num_queries(count):
            client.get(url)
    # when: many more events on the card
    columns = list(board.columns.all())
    for index in range(12):
        work_item_move(actor=member_actor, work_item=card, column=columns[(index + 1) % 3])
    # then
    for url, count in zip(urls, expected, strict=True):
        with django_assert_num_queries(count):
            response = client.get(url)
        assert response.json()["count"] == 13
    assert WorkItemEvent.objects.filter(board=board).count() == 13
