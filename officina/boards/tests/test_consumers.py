"""The board's WebSocket: who may connect, change notices for everyone looking, who is here."""

import pytest
from channels.db import database_sync_to_async

from officina.accounts.models import User
from officina.boards.models import Board
from officina.boards.services.moves import work_item_move
from officina.boards.tests.factories import bulk_cards, make_board
from officina.boards.tests.sockets import (
    TIMEOUT,
    Connect,
    board_path,
    closed_with,
    next_of_type,
    presence_names,
)
from officina.organisations.models import Organisation, Team, TeamMembership
from officina.organisations.selectors import actor_for_user
from officina.organisations.tests.factories import (
    EmploymentFactory,
    EnteFactory,
    OrganisationFactory,
    TeamFactory,
)

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]


# --- Who may connect ---


async def test_an_anonymous_visitor_is_refused(connect: Connect, board: Board) -> None:
    communicator = await connect(None, board_path(board))

    assert await closed_with(communicator) == 4401


async def test_a_team_member_connects_and_learns_the_current_version(
    connect: Connect, board: Board, member: User
) -> None:
    communicator = await connect(member, board_path(board))
    await communicator.send_json_to({"type": "hello", "version": 0})

    state = await next_of_type(communicator, "state")

    assert state == {"type": "state", "version": board.version}


@database_sync_to_async
def _foreign_board() -> Board:
    other = OrganisationFactory(name="Unione Val d'Enza")
    return make_board(team=TeamFactory(organisation=other))


async def test_another_organisations_board_is_not_found(
    connect: Connect, board: Board, member: User
) -> None:
    foreign = await _foreign_board()

    through_my_organisation = await connect(
        member, board_path(foreign, board.team.organisation.slug)
    )
    through_its_organisation = await connect(member, board_path(foreign))

    assert await closed_with(through_my_organisation) == 4404
    assert await closed_with(through_its_organisation) == 4404


@database_sync_to_async
def _other_teams_board(organisation: Organisation) -> Board:
    return make_board(team=TeamFactory(organisation=organisation), visibility="team")


async def test_a_team_only_board_of_another_team_is_not_found(
    connect: Connect, organisation: Organisation, member: User
) -> None:
    board = await _other_teams_board(organisation)

    communicator = await connect(member, board_path(board))

    assert await closed_with(communicator) == 4404


async def test_a_missing_board_looks_like_a_forbidden_one(
    connect: Connect, organisation: Organisation, member: User
) -> None:
    communicator = await connect(member, f"/ws/o/{organisation.slug}/boards/999999/")

    assert await closed_with(communicator) == 4404


async def test_a_guest_sees_only_the_boards_they_are_invited_to(
    connect: Connect, board: Board, guest: User
) -> None:
    refused = await connect(guest, board_path(board))
    assert await closed_with(refused) == 4404

    await database_sync_to_async(board.guests.add)(guest)
    invited = await connect(guest, board_path(board))

    assert await presence_names(invited, ["Fornitore Esterno"]) == ["Fornitore Esterno"]


# --- Change notices ---


@database_sync_to_async
def _move_first_card(board: Board, user: User) -> int:
    column, target = list(board.columns.order_by("position"))[:2]
    (card,) = bulk_cards(board=board, count=1, column=column, swimlane=board.swimlanes.get())
    actor = actor_for_user(user=user, organisation_slug=board.organisation.slug)
    work_item_move(actor=actor, work_item=card, column=target)
    version: int = Board.objects.values_list("version", flat=True).get(pk=board.pk)
    return version


async def test_a_move_reaches_everyone_looking_at_the_board(
    connect: Connect, board: Board, member: User, lead: User
) -> None:
    giulia = await connect(member, board_path(board))
    marco = await connect(lead, board_path(board))

    version = await _move_first_card(board, lead)

    for communicator in (giulia, marco):
        changed = await next_of_type(communicator, "changed")
        assert changed["version"] == version
        assert changed["structure"] is False
        assert len(changed["cards"]) == 1


async def test_a_reconnecting_view_learns_it_missed_a_change(
    connect: Connect, board: Board, member: User, lead: User
) -> None:
    version_seen = board.version
    version = await _move_first_card(board, lead)

    communicator = await connect(member, board_path(board))
    await communicator.send_json_to({"type": "hello", "version": version_seen})

    assert (await next_of_type(communicator, "state"))["version"] == version > version_seen


async def test_a_view_whose_person_lost_access_is_closed_when_it_asks(
    connect: Connect, board: Board, member: User
) -> None:
    communicator = await connect(member, board_path(board))
    await database_sync_to_async(TeamMembership.objects.filter(user=member).delete)()

    await communicator.send_json_to({"type": "hello", "version": board.version})

    output = await communicator.receive_output(timeout=TIMEOUT)
    while output["type"] != "websocket.close":
        output = await communicator.receive_output(timeout=TIMEOUT)
    assert output["code"] == 4404


async def test_a_view_of_another_board_hears_nothing(
    connect: Connect, board: Board, team: Team, member: User, lead: User
) -> None:
    other_board = await database_sync_to_async(make_board)(team=team, name="Altra bacheca")
    elsewhere = await connect(member, board_path(other_board))
    await presence_names(elsewhere, ["Giulia Ferrari"])

    await _move_first_card(board, lead)

    assert await elsewhere.receive_nothing(timeout=0.3)


# --- Presence ---


async def test_people_see_each_other_and_a_leaving_one_disappears(
    connect: Connect, board: Board, member: User, lead: User
) -> None:
    giulia = await connect(member, board_path(board))
    assert await presence_names(giulia, ["Giulia Ferrari"]) == ["Giulia Ferrari"]

    marco = await connect(lead, board_path(board))

    both = ["Giulia Ferrari", "Marco Bertolini"]
    assert await presence_names(giulia, both) == both
    assert await presence_names(marco, both) == both

    await marco.disconnect()

    assert await presence_names(giulia, ["Giulia Ferrari"]) == ["Giulia Ferrari"]


async def test_a_person_with_two_tabs_counts_once(
    connect: Connect, board: Board, member: User, lead: User
) -> None:
    await connect(member, board_path(board))
    second_tab = await connect(member, board_path(board))
    marco = await connect(lead, board_path(board))

    message = await next_of_type(marco, "presence")
    while len(message["people"]) < 2:
        message = await next_of_type(marco, "presence")

    assert message["people"] == [
        {"id": member.pk, "name": "Giulia Ferrari", "initials": "GF"},
        {"id": lead.pk, "name": "Marco Bertolini", "initials": "MB"},
    ]
    assert message["you"] == lead.pk
    await second_tab.disconnect()
    # Giulia still has a tab open: the list does not change, so nothing is sent.
    assert await marco.receive_nothing(timeout=0.3)


async def test_a_heartbeat_is_answered(connect: Connect, board: Board, member: User) -> None:
    communicator = await connect(member, board_path(board))

    await communicator.send_json_to({"type": "ping"})

    assert await next_of_type(communicator, "pong") == {"type": "pong"}


async def test_garbage_from_a_client_is_ignored(
    connect: Connect, board: Board, member: User
) -> None:
    communicator = await connect(member, board_path(board))

    await communicator.send_to(text_data="{not json")
    await communicator.send_to(bytes_data=b"\x00\x01")
    await communicator.send_json_to(["hello"])
    await communicator.send_json_to({"type": "hello", "version": 0})

    assert (await next_of_type(communicator, "state"))["version"] == board.version


@database_sync_to_async
def _employee_of_another_ente(organisation: Organisation) -> User:
    user = User.objects.create(email="anna.verdi@example.org", first_name="Anna", last_name="Verdi")
    ente = EnteFactory(organisation=organisation)
    EmploymentFactory(user=user, ente=ente, organisation=organisation)
    return user


async def test_a_read_only_viewer_of_an_organisation_board_follows_it_live(
    connect: Connect, organisation: Organisation, team: Team, lead: User
) -> None:
    board = await database_sync_to_async(make_board)(team=team, visibility="organisation")
    viewer = await connect(await _employee_of_another_ente(organisation), board_path(board))

    version = await _move_first_card(board, lead)

    assert (await next_of_type(viewer, "changed"))["version"] == version
