"""The patch an open board page applies after a change to a few cards (decision 0030)."""

import pytest

from officina.boards.models import Board
from officina.boards.rendering import clear_face_caches
from officina.boards.services.moves import work_item_move
from officina.boards.tests.factories import bulk_cards, make_board
from officina.boards.tests.test_board_views import board_url, client_for
from officina.organisations.tests.factories import OrganisationFactory, TeamFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_face_cache():
    clear_face_caches()


def _patch(client, board: Board, ids: str, slug: str | None = None):
    url = board_url(board, "boards:board-patch")
    if slug is not None:
        url = url.replace(f"/o/{board.organisation.slug}/", f"/o/{slug}/")
    return client.get(url, {"cards": ids})


def test_a_moved_card_comes_with_its_new_place_and_the_counts(board, member, member_actor):
    todo, doing = board.columns.all()[:2]
    lane = board.swimlanes.get()
    first, second, third = bulk_cards(board=board, count=3, column=todo, swimlane=lane)
    work_item_move(actor=member_actor, work_item=third, column=todo, before=first.number)

    patch = _patch(client_for(member), board, f"{third.pk}").json()

    assert patch["version"] == Board.objects.get(pk=board.pk).version
    [card] = patch["cards"]
    assert (card["column"], card["lane"], card["before"]) == (todo.pk, lane.pk, first.number)
    assert f'data-number="{third.number}"' in card["html"]
    assert f'id="col-{todo.pk}"' in patch["headers"]
    assert f'id="col-{doing.pk}"' in patch["headers"]
    assert patch["lanes"] == {str(lane.pk): 3}
    assert patch["gone"] == []
    assert second.number not in {card["before"] for card in patch["cards"]}


def test_an_archived_card_or_one_of_another_board_is_gone_and_shows_nothing(
    board, member, member_actor, team
):
    todo = board.columns.all()[0]
    lane = board.swimlanes.get()
    [card] = bulk_cards(board=board, count=1, column=todo, swimlane=lane, title="Riservata")
    other = make_board(team=team, name="Altra")
    [elsewhere] = bulk_cards(
        board=other, count=1, column=other.columns.all()[0], swimlane=other.swimlanes.get()
    )

    response = _patch(client_for(member), board, f"{card.pk},{elsewhere.pk}")

    assert response.status_code == 200
    assert [found["id"] for found in response.json()["cards"]] == [card.pk]
    assert response.json()["gone"] == [elsewhere.pk]
    assert elsewhere.title not in response.content.decode()


def test_another_organisations_board_is_not_found_by_either_address(board, member):
    foreign = make_board(team=TeamFactory(organisation=OrganisationFactory(name="Val d'Enza")))
    [card] = bulk_cards(
        board=foreign, count=1, column=foreign.columns.all()[0], swimlane=foreign.swimlanes.get()
    )
    client = client_for(member)

    assert _patch(client, foreign, str(card.pk)).status_code == 404
    assert _patch(client, foreign, str(card.pk), slug=board.organisation.slug).status_code == 404


def test_ids_that_are_not_numbers_get_a_message(board, member):
    response = _patch(client_for(member), board, "12,abc")

    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")
    assert response.content.decode() == (
        "Indica le schede con i loro identificativi, separati da virgole."
    )


def test_the_patch_reads_the_same_whatever_the_size_of_the_board(
    board, member, django_assert_num_queries, session_queries, warm_access
):
    todo = board.columns.all()[0]
    lane = board.swimlanes.get()
    cards = bulk_cards(board=board, count=5, column=todo, swimlane=lane)
    client = client_for(member)
    warm_access(member, board.organisation, board)
    _patch(client, board, str(cards[0].pk))  # the faces and the board's parts are cached

    # the access generation, the board, the counts, the rows, the labels
    with django_assert_num_queries(session_queries + 1 + 5):
        _patch(client, board, str(cards[0].pk))
    bulk_cards(board=board, count=400, column=todo, swimlane=lane)
    with django_assert_num_queries(session_queries + 1 + 5):
        response = _patch(client, board, str(cards[0].pk))
    assert response.json()["lanes"] == {str(lane.pk): 405}
