"""Split columns on the pages and the API: what a person sees and does with the "ready" part."""

import re

import pytest
from django.urls import reverse

from officina.boards.models import Board, WorkItem, WorkItemEvent
from officina.boards.services.cards import work_item_create, work_item_set_blocked
from officina.boards.services.moves import work_item_move
from officina.boards.services.structure import column_update
from officina.boards.tests.factories import open_positions
from officina.boards.tests.test_board_views import board_url, client_for
from officina.boards.tests.test_card_views import card_url
from officina.organisations.actor import Actor

pytestmark = pytest.mark.django_db


@pytest.fixture
def split_board(board: Board, member_actor: Actor) -> Board:
    board.managers.add(member_actor.user)  # a manager splits the column
    column_update(actor=member_actor, column=board.columns.get(position=1), is_split=True)
    return board


@pytest.fixture
def cards(split_board: Board, member_actor: Actor) -> list[WorkItem]:
    """In "In corso": A in progress, B ready."""
    doing = split_board.columns.get(position=1)
    a, b = (
        work_item_create(actor=member_actor, board=split_board, title=title, column=doing)
        for title in ("Pratica A", "Pratica B")
    )
    work_item_move(actor=member_actor, work_item=b, column=doing, ready=True)
    return [a, b]


def _list(page: str, part: str) -> str:
    """The HTML of the list of one part of "In corso" (first lane)."""
    match = re.search(rf'<ul class="cl[^"]*"[^>]*data-part="{part}"[^>]*>(.*?)</ul>', page, re.S)
    assert match, f"no {part} list"
    return match.group(0)


def test_the_board_shows_the_two_parts_of_a_split_column_with_their_names(member, cards):
    board = cards[0].board
    page = client_for(member).get(board_url(board)).content.decode()

    doing, ready = _list(page, "doing"), _list(page, "ready")
    assert 'aria-label="In corso – in corso, Attività"' in doing
    assert "Pratica A" in doing
    assert "Pratica B" not in doing
    assert 'aria-label="In corso – pronto, Attività"' in ready
    assert "Pratica B" in ready
    assert "pronto: 1" in page.lower()  # the column header counts the ready cards
    assert page.count('data-part="ready"') == 1  # only the split column has a ready part


def test_dropping_a_card_in_the_ready_part_marks_it_ready(member, cards):
    a, b = cards
    response = client_for(member).post(
        board_url(a.board, "boards:card-move", number=a.number),
        {"column": a.column_id, "swimlane": a.swimlane_id, "position": "", "ready": "true"},
        HTTP_X_REQUESTED_WITH="fetch",
    )

    assert response.status_code == 200
    a.refresh_from_db()
    assert a.is_ready
    # below B, the ready card already there, and the answer places it so
    assert [title for title, _position in open_positions(column=a.column)] == [
        b.title,
        a.title,
    ]
    assert [(card["id"], card["ready"], card["before"]) for card in response.json()["cards"]] == [
        (a.pk, True, None)
    ]
    assert a.events.latest("pk").kind == WorkItemEvent.Kind.READY


def test_a_ready_drop_on_a_column_without_a_ready_part_is_refused_in_italian(member, cards):
    a = cards[0]
    todo = a.board.columns.get(position=0)
    response = client_for(member).post(
        board_url(a.board, "boards:card-move", number=a.number),
        {"column": todo.pk, "swimlane": a.swimlane_id, "ready": "true"},
        HTTP_X_REQUESTED_WITH="fetch",
    )

    assert response.status_code == 422
    assert response.content.decode() == 'La colonna "Da fare" non ha una parte "pronto".'
    a.refresh_from_db()
    assert a.column_id != todo.pk


def test_the_card_page_marks_a_card_ready_and_back_without_javascript(member, cards):
    a = cards[0]
    client = client_for(member)
    page = client.get(card_url("card-detail", a)).content.decode()
    assert "Segna come pronta" in page

    response = client.post(card_url("card-ready", a), {"ready": "true", "version": a.version})
    page = client.get(response["Location"]).content.decode()

    a.refresh_from_db()
    assert a.is_ready
    assert "Scheda segnata come pronta" in page
    assert "Riporta in corso" in page
    assert "ha segnato la scheda come pronta in In corso" in page  # the timeline

    client.post(card_url("card-ready", a), {"ready": "false", "version": a.version})
    a.refresh_from_db()
    assert not a.is_ready


def test_the_ready_button_with_a_stale_version_changes_nothing(member, member_actor, cards):
    a = cards[0]
    stale = a.version
    work_item_set_blocked(actor=member_actor, work_item=a, blocked=True, reason="Attesa")
    client = client_for(member)

    response = client.post(card_url("card-ready", a), {"ready": "true", "version": stale})
    page = client.get(response["Location"]).content.decode()

    a.refresh_from_db()
    assert not a.is_ready
    assert "Non è stato spostato nulla" in page


def test_the_move_page_without_javascript_offers_the_ready_box(member, cards):
    a = cards[0]
    client = client_for(member)
    url = board_url(a.board, "boards:card-move", number=a.number)
    page = client.get(url).content.decode()
    assert "Pronta (in attesa di passare alla colonna successiva)" in page

    client.post(
        url,
        {"column": a.column_id, "swimlane": a.swimlane_id, "ready": "on", "version": a.version},
    )

    a.refresh_from_db()
    assert a.is_ready


def test_the_column_settings_split_a_column_and_refuse_it_for_a_done_column(lead, board):
    client = client_for(lead)
    doing, done = board.columns.get(position=1), board.columns.get(position=2)

    def save(column, stage):
        return client.post(
            board_url(board, "boards:column-update", column_id=column.pk),
            {
                f"column-{column.pk}-name": column.name,
                f"column-{column.pk}-stage": stage,
                f"column-{column.pk}-wip_policy": "soft",
                f"column-{column.pk}-is_split": "on",
            },
            follow=True,
        )

    save(doing, "in_progress")
    page = save(done, "done").content.decode()

    doing.refresh_from_db()
    done.refresh_from_db()
    assert (doing.is_split, done.is_split) == (True, False)
    assert "Solo una colonna in corso può avere una parte «pronto»" in page


def test_the_api_moves_a_card_into_the_ready_part_and_shows_it(client, member, cards):
    a = cards[0]
    client.force_login(member)
    url = reverse(
        "boards-api:card-move",
        kwargs={"org_slug": a.board.organisation.slug, "board_id": a.board_id, "number": a.number},
    )

    response = client.post(
        url, {"column": a.column_id, "ready": True}, content_type="application/json"
    )

    assert response.status_code == 200
    assert response.json()["is_ready"] is True
    columns = client.get(
        reverse(
            "boards-api:column-list",
            kwargs={"org_slug": a.board.organisation.slug, "board_id": a.board_id},
        )
    ).json()
    assert [column["is_split"] for column in columns] == [False, True, False]
