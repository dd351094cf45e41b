"""A team with a member, a lead and a guest, and its basic board."""

from collections.abc import AsyncIterator, Callable

import pytest
import pytest_asyncio

from officina.accounts.models import User
from officina.boards.models import Board
from officina.boards.tests.factories import make_board
from officina.boards.tests.sockets import Connect, sockets
from officina.organisations.actor import Actor
from officina.organisations.models import Ente, Organisation, Team, TeamMembership
from officina.organisations.tests.factories import TeamFactory, TeamMembershipFactory, UserFactory


@pytest.fixture
def team(organisation: Organisation) -> Team:
    return TeamFactory(organisation=organisation, name="Ufficio relazioni con il pubblico")


@pytest.fixture
def member(make_employee: Callable[..., User], team: Team) -> User:
    user = make_employee(first_name="Giulia", last_name="Ferrari")
    TeamMembershipFactory(team=team, user=user, role=TeamMembership.Role.MEMBER)
    return user


@pytest.fixture
def lead(make_employee: Callable[..., User], team: Team) -> User:
    user = make_employee(first_name="Marco", last_name="Bertolini")
    TeamMembershipFactory(team=team, user=user, role=TeamMembership.Role.LEAD)
    return user


@pytest.fixture
def guest(team: Team) -> User:
    """An external supplier: in the team as a guest, employed nowhere here."""
    user = UserFactory(first_name="Fornitore", last_name="Esterno")
    TeamMembershipFactory(team=team, user=user, role=TeamMembership.Role.GUEST)
    return user


@pytest.fixture
def outsider(make_employee: Callable[..., User], other_ente: Ente) -> User:
    """An employee of another comune, in no team."""
    return make_employee(ente=other_ente, first_name="Luca", last_name="Rossi")


@pytest.fixture
def board(team: Team) -> Board:
    return make_board(team=team)


@pytest.fixture
def member_actor(member: User, organisation: Organisation, actor_of: Callable[..., Actor]) -> Actor:
    return actor_of(member, organisation)


@pytest_asyncio.fixture
async def connect() -> AsyncIterator[Connect]:
    """Open a board's socket as a person (None: anonymous), as their browser would."""
    async for open_socket in sockets():
        yield open_socket
