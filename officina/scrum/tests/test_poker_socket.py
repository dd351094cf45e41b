"""The live estimation over its WebSocket: everyone looking sees who voted at once, never what
until the reveal; a late joiner gets the state as it is; another organisation is refused."""

import pytest
from channels.db import database_sync_to_async
from pytest_asyncio import fixture as async_fixture

from officina.accounts.models import User
from officina.boards.models import Board
from officina.boards.tests.factories import make_board
from officina.boards.tests.sockets import Connect, closed_with, next_of_type, sockets
from officina.organisations.tests.factories import OrganisationFactory, TeamFactory
from officina.scrum.services.backlog import backlog_item_create
from officina.scrum.services.poker import poker_open, poker_pick_story, poker_reveal, poker_vote

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]


@async_fixture
async def connect():
    async for open_socket in sockets():
        yield open_socket


def poker_path(board: Board, org_slug: str | None = None) -> str:
    return f"/ws/o/{org_slug or board.team.organisation.slug}/boards/{board.pk}/poker/"


@database_sync_to_async
def _round_on_a_story(actor, board):
    story = backlog_item_create(actor=actor, board=board, title="Cambio di residenza").work_item
    poker_open(actor=actor, board_id=board.pk)
    poker_pick_story(actor=actor, board_id=board.pk, work_item=story)


async def test_a_vote_reaches_everyone_hidden_and_the_reveal_shows_it(
    connect: Connect, board: Board, member: User, lead: User, actor, lead_actor
) -> None:
    await _round_on_a_story(actor, board)
    giulia = await connect(member, poker_path(board))
    marco = await connect(lead, poker_path(board))
    for socket in (giulia, marco):  # each learns the state on connecting
        assert (await next_of_type(socket, "poker"))["state"]["round"]["voted"] == []

    await database_sync_to_async(poker_vote)(actor=lead_actor, board_id=board.pk, value="8")

    for socket in (giulia, marco):
        round_ = (await next_of_type(socket, "poker"))["state"]["round"]
        assert [person["name"] for person in round_["voted"]] == ["Marco Bertolini"]
        assert "votes" not in round_
        assert all(set(person) == {"id", "name"} for person in round_["voted"])  # no value

    await database_sync_to_async(poker_reveal)(actor=actor, board_id=board.pk)

    revealed = (await next_of_type(giulia, "poker"))["state"]["round"]
    assert [(vote["name"], vote["value"]) for vote in revealed["votes"]] == [
        ("Marco Bertolini", "8")
    ]


async def test_a_late_joiner_finds_the_round_as_it_is(
    connect: Connect, board: Board, member: User, lead: User, actor, lead_actor
) -> None:
    await _round_on_a_story(actor, board)
    await database_sync_to_async(poker_vote)(actor=actor, board_id=board.pk, value="3")

    late = await connect(lead, poker_path(board))

    state = (await next_of_type(late, "poker"))["state"]
    assert state["round"]["story"]["title"] == "Cambio di residenza"
    assert [person["name"] for person in state["round"]["voted"]] == ["Giulia Ferrari"]
    assert "votes" not in state["round"]


@database_sync_to_async
def _foreign_board() -> Board:
    return make_board(team=TeamFactory(organisation=OrganisationFactory(name="Altra Unione")))


async def test_another_organisations_estimation_is_not_found(
    connect: Connect, board: Board, member: User
) -> None:
    foreign = await _foreign_board()

    socket = await connect(member, poker_path(foreign, board.team.organisation.slug))

    assert await closed_with(socket) == 4404
