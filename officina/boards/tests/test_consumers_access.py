"""An open board socket follows its person's access: when it ends, the socket closes (issue 8,
point 5). Before, it went on carrying the board's changes and who was looking."""

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.db import connection

from officina.accounts.models import User
from officina.boards.models import Board
from officina.boards.tests.sockets import Connect, board_path, presence_names
from officina.boards.tests.test_consumers import _move_first_card
from officina.organisations.models import Organisation, Team, TeamMembership
from officina.organisations.selectors import actor_for_user
from officina.organisations.services.teams import team_membership_remove

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]

# The notice of an access change is followed by a re-check 0.2 s later (consumers.py).
CLOSE_WITHIN = 2.0


async def closes_with(communicator: WebsocketCommunicator) -> int:
    """The close code the socket ends with, skipping what it still sent before."""
    while True:
        output = await communicator.receive_output(timeout=CLOSE_WITHIN)
        if output["type"] == "websocket.close":
            code: int = output["code"]
            return code


@database_sync_to_async
def _remove(team: Team, user: User, by: User, organisation: Organisation) -> None:
    actor = actor_for_user(user=by, organisation_slug=organisation.slug)
    team_membership_remove(actor=actor, team=team, user=user)


async def test_a_member_removed_from_the_team_has_their_open_board_closed(
    connect: Connect, board: Board, team: Team, member: User, lead: User, organisation: Organisation
) -> None:
    # given: both look at the board, each seeing the other
    giulia = await connect(member, board_path(board))
    marco = await connect(lead, board_path(board))
    await presence_names(marco, ["Giulia Ferrari", "Marco Bertolini"])

    # when: the lead removes Giulia from the team, without her page asking anything
    await _remove(team, member, lead, organisation)

    # then: her socket closes as "not found", and she is no longer among those looking
    assert await closes_with(giulia) == 4404
    assert await presence_names(marco, ["Marco Bertolini"]) == ["Marco Bertolini"]


async def test_a_closed_view_hears_no_later_change(
    connect: Connect, board: Board, team: Team, member: User, lead: User, organisation: Organisation
) -> None:
    giulia = await connect(member, board_path(board))
    await _remove(team, member, lead, organisation)
    assert await closes_with(giulia) == 4404

    await _move_first_card(board, lead)

    assert await giulia.receive_nothing(timeout=0.3)


@database_sync_to_async
def _make_private(board: Board) -> None:
    Board.objects.filter(pk=board.pk).update(visibility=Board.Visibility.TEAM)
    board.refresh_from_db()
    board.save(update_fields=["visibility"])  # as the settings page saves it


async def test_a_viewer_of_a_board_made_private_has_it_closed(
    connect: Connect, board: Board, outsider: User
) -> None:
    await database_sync_to_async(Board.objects.filter(pk=board.pk).update)(
        visibility=Board.Visibility.ORGANISATION
    )
    reader = await connect(outsider, board_path(board))

    await _make_private(board)

    assert await closes_with(reader) == 4404


@database_sync_to_async
def _remove_behind_the_applications_back(team: Team, user: User) -> None:
    """A change made by another process of the embedded default (the task worker, a command):
    its notice reaches no socket of this one, whose in-memory layer it cannot see."""
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM organisations_teammembership WHERE team_id = %s AND user_id = %s",
            [team.pk, user.pk],
        )
        cursor.execute(
            "UPDATE organisations_accessgeneration SET token = %s WHERE id = 1", ["elsewhere"]
        )


async def test_a_change_made_elsewhere_closes_the_view_at_its_next_heartbeat(
    connect: Connect, board: Board, team: Team, member: User
) -> None:
    giulia = await connect(member, board_path(board))
    await _remove_behind_the_applications_back(team, member)

    await giulia.send_json_to({"type": "ping"})

    assert await closes_with(giulia) == 4404


async def test_a_change_of_someone_elses_access_leaves_the_view_open(
    connect: Connect, board: Board, team: Team, member: User, lead: User, organisation: Organisation
) -> None:
    giulia = await connect(member, board_path(board))
    other = await database_sync_to_async(User.objects.create)(email="altro@example.org")
    await database_sync_to_async(TeamMembership.objects.create)(
        organisation=organisation, team=team, user=other, role="member"
    )
    await _remove(team, other, lead, organisation)

    version = await _move_first_card(board, lead)

    message = await giulia.receive_json_from(timeout=CLOSE_WITHIN)
    while message["type"] != "changed":
        message = await giulia.receive_json_from(timeout=CLOSE_WITHIN)
    assert message["version"] == version
