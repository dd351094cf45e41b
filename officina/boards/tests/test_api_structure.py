"""Columns, swimlanes and labels through the API: the board's managers change them."""

import pytest
from django.urls import reverse

from officina.boards.models import Board
from officina.boards.services.cards import work_item_create
from officina.boards.tests.factories import make_board

pytestmark = pytest.mark.django_db
JSON = "application/json"


@pytest.fixture(autouse=True)
def _member_manages_the_board(board, member):
    """These tests are about the structure: the member here is a manager of the board
    (decision 0039); who may not change it is in test_roles.py."""
    board.managers.add(member)


def api(name, board, **kwargs):
    return reverse(
        f"boards-api:{name}",
        kwargs={"org_slug": board.organisation.slug, "board_id": board.pk, **kwargs},
    )


def test_columns_are_listed_in_order(client, member, board):
    client.force_login(member)
    body = client.get(api("column-list", board)).json()
    assert [(c["name"], c["stage"]) for c in body] == [
        ("Da fare", "not_started"),
        ("In corso", "in_progress"),
        ("Fatto", "done"),
    ]


def test_manager_adds_a_column_with_a_hard_wip_limit(client, member, board):
    client.force_login(member)
    response = client.post(
        api("column-list", board),
        {"name": "Verifica", "stage": "in_progress", "wip_limit": 3, "wip_policy": "hard"},
        content_type=JSON,
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["name"], body["wip_limit"], body["wip_policy"], body["position"]) == (
        "Verifica",
        3,
        "hard",
        3,
    )


def test_manager_changes_a_column(client, member, board):
    column = board.columns.all()[0]
    client.force_login(member)
    response = client.patch(
        api("column-detail", board, column_id=column.pk),
        {"policy": "Pratica protocollata", "is_collapsed": True},
        content_type=JSON,
    )
    assert response.status_code == 200
    column.refresh_from_db()
    assert (column.policy, column.is_collapsed, column.name) == (
        "Pratica protocollata",
        True,
        "Da fare",
    )


def test_column_with_cards_cannot_be_deleted(client, member, member_actor, board):
    card = work_item_create(actor=member_actor, board=board, title="A")
    client.force_login(member)
    response = client.delete(
        api("column-detail", board, column_id=card.column_id), headers={"accept-language": "en"}
    )
    assert response.status_code == 400
    assert "close it instead" in response.json()["detail"]
    assert board.columns.filter(pk=card.column_id).exists()


def test_empty_column_is_deleted(client, member, board):
    column = board.columns.all()[2]
    client.force_login(member)
    assert client.delete(api("column-detail", board, column_id=column.pk)).status_code == 204
    assert not board.columns.filter(pk=column.pk).exists()


def test_column_of_another_board_is_not_found(client, team, member, board):
    other = make_board(team=team, name="Altra")
    client.force_login(member)
    url = api("column-detail", board, column_id=other.columns.all()[0].pk)
    assert client.get(url).status_code == 404
    assert client.patch(url, {"name": "X"}, content_type=JSON).status_code == 404


def test_swimlanes_are_added_renamed_and_deleted(client, member, board):
    client.force_login(member)
    created = client.post(api("swimlane-list", board), {"name": "Urgente"}, content_type=JSON)
    assert created.status_code == 201
    lane_id = created.json()["id"]
    url = api("swimlane-detail", board, swimlane_id=lane_id)
    renamed = client.patch(url, {"name": "Espresso", "is_collapsed": True}, content_type=JSON)
    assert (renamed.json()["name"], renamed.json()["is_collapsed"]) == ("Espresso", True)
    assert [lane["name"] for lane in client.get(api("swimlane-list", board)).json()] == [
        "Attività",
        "Espresso",
    ]
    assert client.delete(url).status_code == 204


def test_labels_are_added_and_deleted(client, member, board):
    client.force_login(member)
    created = client.post(
        api("label-list", board), {"name": "Privacy", "colour": "red"}, content_type=JSON
    )
    assert created.status_code == 201
    label_id = created.json()["id"]
    assert client.get(api("label-list", board)).json() == [
        {"id": label_id, "name": "Privacy", "colour": "red"}
    ]
    assert client.delete(api("label-detail", board, label_id=label_id)).status_code == 204
    assert client.get(api("label-list", board)).json() == []


def test_duplicate_label_is_refused(client, member, board):
    client.force_login(member)
    client.post(api("label-list", board), {"name": "Privacy"}, content_type=JSON)
    again = client.post(api("label-list", board), {"name": "privacy"}, content_type=JSON)
    assert again.status_code == 400


def test_read_only_viewer_cannot_change_the_structure(client, team, outsider):
    shared = make_board(team=team, name="Condivisa", visibility=Board.Visibility.ORGANISATION)
    column = shared.columns.all()[0]
    client.force_login(outsider)
    assert client.get(api("column-list", shared)).status_code == 200
    attempts = [
        client.post(api("column-list", shared), {"name": "X"}, content_type=JSON),
        client.patch(
            api("column-detail", shared, column_id=column.pk), {"name": "X"}, content_type=JSON
        ),
        client.delete(api("column-detail", shared, column_id=column.pk)),
        client.post(api("swimlane-list", shared), {"name": "X"}, content_type=JSON),
        client.post(api("label-list", shared), {"name": "X"}, content_type=JSON),
    ]
    assert [response.status_code for response in attempts] == [403] * 5
    column.refresh_from_db()
    assert column.name == "Da fare"
