"""The sprint board: the board page filtered to a sprint's cards (decision 0046)."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from officina.boards.models import WorkItem
from officina.boards.rendering import clear_face_caches
from officina.organisations.tests.factories import OrganisationFactory, TeamFactory
from officina.scrum.services.backlog import backlog_item_create
from officina.scrum.services.sprints import sprint_add_item, sprint_remove_item, sprint_start
from officina.scrum.tests.factories import make_scrum_board, make_sprint

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_face_cache():
    # Card ids repeat across tests (rolled-back SQLite): never let one test see another's faces.
    clear_face_caches()


def client_of(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="it")
    client.force_login(user)
    return client


def sprint_board_url(board, sprint, name="boards:board-detail") -> str:
    return reverse(name, args=[board.organisation.slug, board.pk]) + f"?sprint={sprint.pk}"


def running_sprint(actor, board, *titles):
    """A started sprint holding `titles`; one more card stays in the product backlog."""
    sprint = make_sprint(board=board)
    for title in titles:
        card = backlog_item_create(
            actor=actor, board=board, title=title, estimate=Decimal(3)
        ).work_item
        sprint_add_item(actor=actor, sprint=sprint, work_item=card)
    backlog_item_create(actor=actor, board=board, title="Rimasta nel backlog")
    return sprint_start(actor=actor, sprint=sprint)


def test_sprint_board_shows_only_the_sprints_cards_in_the_boards_columns(member, actor, board):
    # given
    sprint = running_sprint(actor, board, "Carta di identità", "Cambio di residenza")

    # when
    page = client_of(member).get(sprint_board_url(board, sprint)).content.decode()
    whole = client_of(member).get(
        reverse("boards:board-detail", args=[board.organisation.slug, board.pk])
    )

    # then
    assert "Carta di identità" in page
    assert "Cambio di residenza" in page
    assert "Rimasta nel backlog" not in page
    assert "Rimasta nel backlog" in whole.content.decode()
    for column in board.columns.all():
        assert column.name in page
    # the filter is kept by the filter form, and counted as active
    assert f'name="sprint" value="{sprint.pk}"' in page


def test_sprint_board_body_for_live_refresh_keeps_the_filter(member, actor, board):
    sprint = running_sprint(actor, board, "Carta di identità")

    body = client_of(member).get(sprint_board_url(board, sprint, "boards:board-body"))

    assert body.status_code == 200
    assert "Carta di identità" in body.content.decode()
    assert "Rimasta nel backlog" not in body.content.decode()


def test_a_card_planned_or_taken_out_shows_on_the_sprint_board_at_once(member, actor, board):
    # given: the sprint board seen once (its body is kept per board version)
    sprint = running_sprint(actor, board, "Carta di identità")
    client = client_of(member)
    client.get(sprint_board_url(board, sprint))
    late = WorkItem.objects.get(title="Rimasta nel backlog")

    # when / then
    sprint_add_item(actor=actor, sprint=sprint, work_item=late)
    assert "Rimasta nel backlog" in client.get(sprint_board_url(board, sprint)).content.decode()
    sprint_remove_item(actor=actor, sprint=sprint, work_item=late)
    assert "Rimasta nel backlog" not in client.get(sprint_board_url(board, sprint)).content.decode()


def test_a_move_on_the_sprint_board_moves_the_card(member, actor, board):
    # given
    sprint = running_sprint(actor, board, "Carta di identità")
    card = WorkItem.objects.get(title="Carta di identità")
    doing = board.columns.get(position=1)
    slug = board.organisation.slug

    # when: the page's script moves it (drag and drop, keyboard, "Sposta…")
    response = client_of(member).post(
        reverse("boards:card-move", args=[slug, board.pk, card.number]),
        {"column": doing.pk, "swimlane": card.swimlane_id, "position": 0, "version": card.version},
        HTTP_X_REQUESTED_WITH="fetch",
        HTTP_HX_CURRENT_URL=sprint_board_url(board, sprint),
    )

    # then
    card.refresh_from_db()
    assert response.status_code == 200
    assert card.column == doing
    page = client_of(member).get(sprint_board_url(board, sprint)).content.decode()
    assert page.index(doing.name) < page.index("Carta di identità")


def test_sprint_page_links_to_its_board(member, actor, board):
    sprint = running_sprint(actor, board, "Carta di identità")

    page = client_of(member).get(
        reverse("scrum:sprint-detail", args=[board.organisation.slug, board.pk, sprint.pk])
    )

    assert f'href="{sprint_board_url(board, sprint)}"' in page.content.decode()


def test_a_sprint_of_another_board_shows_no_card(member, actor, board, team):
    # given: the same team's other Scrum board and its sprint
    other = make_scrum_board(team=team, name="Bacheca dello sportello")
    theirs = running_sprint(actor, other, "Altra storia")
    running_sprint(actor, board, "Carta di identità")

    page = client_of(member).get(sprint_board_url(board, theirs)).content.decode()

    assert "Altra storia" not in page
    assert "Carta di identità" not in page


def test_sprint_board_of_another_organisation_answers_404(member, make_employee):
    # given: a board and sprint of another organisation
    elsewhere = OrganisationFactory(slug="altrove")
    board = make_scrum_board(team=TeamFactory(organisation=elsewhere))
    sprint = make_sprint(board=board)

    client = client_of(member)

    assert client.get(sprint_board_url(board, sprint)).status_code == 404
    assert client.get(sprint_board_url(board, sprint, "boards:board-body")).status_code == 404


@pytest.mark.parametrize("cards", [1, 12])
def test_sprint_board_query_count_is_the_board_pages_whatever_the_cards(
    member, actor, board, organisation, cards, session_queries, warm_access
):
    # given
    sprint = running_sprint(actor, board, *[f"Storia {i}" for i in range(cards)])
    client = client_of(member)
    warm_access(member, organisation, board)
    whole = reverse("boards:board-detail", args=[board.organisation.slug, board.pk])

    # when: the sprint board, then the whole board (nothing kept yet for either)
    with CaptureQueriesContext(connection) as sprint_board:
        assert client.get(sprint_board_url(board, sprint)).status_code == 200
    with CaptureQueriesContext(connection) as kept:
        client.get(sprint_board_url(board, sprint))
    clear_face_caches()
    # Clearing the shared caches empties Redis, sessions included (production settings): sign in
    # again, outside the count.
    client.force_login(member)
    with CaptureQueriesContext(connection) as kanban:
        assert client.get(whole).status_code == 200

    # then: the same queries as the board page, a fixed number (shell 3, board 8, faces 3)
    assert len(sprint_board) == len(kanban) == session_queries + 3 + 8 + 3
    assert len(kept) == session_queries + 3 + 1


def test_the_move_page_opened_from_the_sprint_board_returns_to_it(member, actor, board):
    sprint = running_sprint(actor, board, "Carta di identità")
    card = WorkItem.objects.get(title="Carta di identità")
    client = client_of(member)
    board_page = "http://testserver" + sprint_board_url(board, sprint)
    move_url = reverse("boards:card-move", args=[board.organisation.slug, board.pk, card.number])
    doing = board.columns.get(stage="in_progress")

    page = client.get(move_url, HTTP_REFERER=board_page).content.decode()
    moved = client.post(
        move_url,
        {
            "column": doing.pk,
            "swimlane": card.swimlane_id,
            "version": card.version,
            "next": sprint_board_url(board, sprint),
        },
    )
    elsewhere = client.post(
        move_url,
        {"column": doing.pk, "swimlane": card.swimlane_id, "next": "https://example.org/x"},
    )

    assert f'name="next" value="{sprint_board_url(board, sprint)}"' in page
    assert moved.status_code == 302
    assert moved["Location"] == sprint_board_url(board, sprint)
    assert elsewhere["Location"] == reverse(
        "boards:board-detail", args=[board.organisation.slug, board.pk]
    )
