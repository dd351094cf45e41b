"""The backlog by hand: bulk actions on the ticked items (all or none), the order set by drag
or keyboard (backlog.js posts "above card N"), and each epic's progress."""

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from officina.boards.models import Stage
from officina.boards.selectors.boards import board_get_for_actor
from officina.boards.services.moves import work_item_move
from officina.scrum.models import BacklogItem, Epic
from officina.scrum.selectors import backlog_list_for_actor, epic_progress_list
from officina.scrum.services.backlog import backlog_item_create, epic_create
from officina.scrum.tests.factories import make_scrum_board, make_sprint

pytestmark = pytest.mark.django_db


def client_of(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="it")
    client.force_login(user)
    return client


def url(name, board, *args):
    return reverse(f"scrum:{name}", args=[board.organisation.slug, board.pk, *args])


def add_items(actor, board, *titles, epic=None):
    return [
        backlog_item_create(
            actor=actor, board=board, title=t, estimate=Decimal(3), epic=epic
        ).work_item
        for t in titles
    ]


def titles(actor, board):
    seen = board_get_for_actor(actor=actor, board_id=board.pk)
    return [card.title for card in backlog_list_for_actor(actor=actor, seen=seen)]


def test_ticked_items_go_to_the_top_keeping_their_order(member, actor, board):
    a, b, c, d = add_items(actor, board, "A", "B", "C", "D")

    response = client_of(member).post(
        url("backlog-bulk", board), {"numbers": [d.number, c.number], "action": "top"}, follow=True
    )

    assert titles(actor, board) == ["C", "D", "A", "B"]
    assert "2 elementi modificati." in response.content.decode()


def test_ticked_items_are_planned_marked_ready_and_put_in_an_epic(member, actor, board):
    a, b, c = add_items(actor, board, "A", "B", "C")
    sprint = make_sprint(board=board)
    epic = epic_create(actor=actor, board=board, name="Anagrafe online")
    client = client_of(member)
    numbers = [a.number, c.number]

    client.post(url("backlog-bulk", board), {"numbers": numbers, "action": "ready"})
    client.post(url("backlog-bulk", board), {"numbers": numbers, "action": "epic", "epic": epic.pk})
    client.post(
        url("backlog-bulk", board), {"numbers": numbers, "action": "plan", "sprint": sprint.pk}
    )

    items = {item.work_item.title: item for item in BacklogItem.objects.select_related("work_item")}
    assert [items[t].is_ready for t in "ABC"] == [True, False, True]
    assert [items[t].epic_id for t in "ABC"] == [epic.pk, None, epic.pk]
    assert [items[t].sprint_id for t in "ABC"] == [sprint.pk, None, sprint.pk]
    assert titles(actor, board) == ["B"]


def test_nothing_ticked_or_a_card_of_another_board_changes_nothing(member, actor, board, team):
    a, b = add_items(actor, board, "A", "B")
    other = make_scrum_board(team=team, name="Altra")
    (x,) = add_items(actor, other, "X")
    client = client_of(member)

    empty = client.post(url("backlog-bulk", board), {"action": "top"}, follow=True)
    foreign = client.post(url("backlog-bulk", board), {"numbers": [b.number, 99], "action": "top"})

    assert "Seleziona almeno un elemento del backlog." in empty.content.decode()
    assert foreign.status_code == 404
    assert titles(actor, board) == ["A", "B"]


def test_a_read_only_colleague_cannot_use_the_bulk_bar(viewer, actor, board):
    a, b = add_items(actor, board, "A", "B")

    page = client_of(viewer).get(url("backlog", board)).content.decode()
    client_of(viewer).post(url("backlog-bulk", board), {"numbers": [b.number], "action": "top"})

    assert 'id="bulk-form"' not in page
    assert titles(actor, board) == ["A", "B"]


def test_the_script_move_puts_the_item_above_another_and_answers_204(member, actor, board):
    a, b, c = add_items(actor, board, "A", "B", "C")
    client = client_of(member)

    moved = client.post(
        url("item-move", board, c.number), {"before": a.number}, HTTP_X_REQUESTED_WITH="fetch"
    )
    refused = client.post(
        url("item-move", board, c.number), {"before": 999}, HTTP_X_REQUESTED_WITH="fetch"
    )

    assert moved.status_code == 204
    assert titles(actor, board) == ["C", "A", "B"]
    assert refused.status_code == 422
    assert refused.content.decode() == "La scheda #999 non è in questo elenco."


def test_each_epic_shows_its_items_and_points_done(member, actor, board):
    epic = epic_create(actor=actor, board=board, name="Anagrafe online")
    a, b = add_items(actor, board, "A", "B", epic=epic)
    done = board.columns.get(stage=Stage.DONE)
    work_item_move(actor=actor, work_item=a, column=done, swimlane=a.swimlane)

    seen = board_get_for_actor(actor=actor, board_id=board.pk)
    (progress,) = epic_progress_list(actor=actor, seen=seen)
    page = client_of(member).get(url("backlog", board)).content.decode()

    assert (progress.items, progress.items_done, progress.percent) == (2, 1, 50)
    assert (progress.points, progress.points_done) == (Decimal(6), Decimal(3))
    assert "1 di 2 elementi fatti, 3 di 6 punti" in page
    assert Epic.objects.count() == 1
