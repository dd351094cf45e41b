"""Search across every board a person may see: number, title, description and comments,
ranked, and never a card of a board they may not see."""

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from officina.accounts.models import User
from officina.boards.models import Board
from officina.boards.selectors.search import work_item_search_for_actor
from officina.boards.services.cards import work_item_create
from officina.boards.services.comments import comment_create
from officina.boards.tests.factories import bulk_cards, make_board
from officina.organisations.actor import Actor
from officina.organisations.models import Organisation, Team
from officina.organisations.tests.factories import TeamFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def boards(team: Team, member_actor: Actor, organisation: Organisation) -> dict[str, Board]:
    """The team's board and a private board of another team, each with cards about deliberations."""
    mine = make_board(team=team, name="Sportello")
    secret = make_board(team=TeamFactory(organisation=organisation), name="Giunta")
    work_item_create(actor=member_actor, board=mine, title="Pubblicare la delibera di giunta")
    card = work_item_create(
        actor=member_actor,
        board=mine,
        title="Albo pretorio",
        description="Controllare la delibera 12 prima della pubblicazione.",
    )
    comment_create(actor=member_actor, work_item=card, body="Manca la firma sulla delibera")
    other = work_item_create(actor=member_actor, board=mine, title="Ferie estive")
    comment_create(actor=member_actor, work_item=other, body="Ne parliamo con il segretario")
    Board.objects.filter(pk=secret.pk).update(team=secret.team)
    secret.refresh_from_db()
    return {"mine": mine, "secret": secret}


def _titles(actor: Actor, query: str) -> list[str]:
    return [card.title for card in work_item_search_for_actor(actor=actor, query=query).cards]


def test_title_description_and_comments_are_searched_title_first(
    boards: dict[str, Board], member_actor: Actor
):
    assert _titles(member_actor, "delibera") == [
        "Pubblicare la delibera di giunta",
        "Albo pretorio",
    ]
    assert _titles(member_actor, "segretario") == ["Ferie estive"]


def test_the_description_ranks_above_the_comments(boards: dict[str, Board], member_actor: Actor):
    # given a newer card that names the deliberation only in a comment
    newer = work_item_create(actor=member_actor, board=boards["mine"], title="Protocollo")
    comment_create(actor=member_actor, work_item=newer, body="Allegare la delibera al protocollo")
    # then the title comes first, then the description, then the comment alone
    assert _titles(member_actor, "delibera") == [
        "Pubblicare la delibera di giunta",
        "Albo pretorio",
        "Protocollo",
    ]


def test_a_number_finds_its_card_first(boards: dict[str, Board], member_actor: Actor):
    assert _titles(member_actor, "#3")[0] == "Ferie estive"


def test_cards_of_boards_the_actor_cannot_see_are_never_found(
    boards: dict[str, Board], member_actor: Actor, outsider: User, actor_of
):
    # given: the same words on a board of another team, private to it
    secret_card_title = "Delibera riservata della giunta"
    from officina.boards.models import WorkItem

    WorkItem.objects.create(
        organisation=boards["secret"].organisation,
        board=boards["secret"],
        number=1,
        title=secret_card_title,
        column=boards["secret"].columns.get(position=0),
        swimlane=boards["secret"].swimlanes.get(),
    )

    # then
    assert secret_card_title not in _titles(member_actor, "delibera")
    assert _titles(actor_of(outsider, member_actor.organisation), "delibera") == []


def test_the_search_page_lists_the_results_with_their_board(boards, member: User):
    client = Client(HTTP_ACCEPT_LANGUAGE="it")
    client.force_login(member)
    url = reverse("boards:card-search", kwargs={"org_slug": boards["mine"].organisation.slug})

    page = client.get(url, {"q": "delibera"}).content.decode()

    assert "2 schede trovate" in page
    assert "Pubblicare la delibera di giunta" in page
    assert "Sportello" in page
    assert client.get(url).status_code == 200


def test_the_search_spends_the_same_queries_for_few_and_many_cards(
    boards, member: User, session_queries: int, django_assert_num_queries, warm_access
):
    client = Client(HTTP_ACCEPT_LANGUAGE="it")
    client.force_login(member)
    url = reverse("boards:card-search", kwargs={"org_slug": boards["mine"].organisation.slug})
    warm_access(member, boards["mine"].organisation)
    # session and user, access generation, unread notifications (the header), and the ranked
    # cards with their board, team, column and the count of all matches, in one query
    expected = session_queries + 1 + 1 + 1 + 1
    with django_assert_num_queries(expected):
        client.get(url, {"q": "pratica"})
    board = Board.objects.get(pk=boards["mine"].pk)  # its next number, after the fixture
    bulk_cards(
        board=board, count=80, column=board.columns.get(position=0), swimlane=board.swimlanes.get()
    )
    with django_assert_num_queries(expected):
        response = client.get(url, {"q": "pratica"})
    assert "50" in response.content.decode()


def test_words_match_their_italian_forms_on_postgresql_and_as_written_on_sqlite(
    boards, member_actor: Actor
):
    found = _titles(member_actor, "deliberazioni")
    if connection.vendor == "postgresql":
        assert found[:2] == ["Pubblicare la delibera di giunta", "Albo pretorio"]
    else:
        assert found == []
        assert _titles(member_actor, "delib")[:1] == ["Pubblicare la delibera di giunta"]
