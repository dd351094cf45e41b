"""A team with a member and a read-only colleague, and its Scrum board."""

from collections.abc import Callable

import pytest

from officina.accounts.models import User
from officina.boards.models import Board
from officina.organisations.actor import Actor
from officina.organisations.models import Organisation, Team, TeamMembership
from officina.organisations.tests.factories import TeamFactory, TeamMembershipFactory
from officina.scrum.tests.factories import make_scrum_board


@pytest.fixture
def team(organisation: Organisation) -> Team:
    return TeamFactory(organisation=organisation, name="Servizi demografici")


@pytest.fixture
def member(make_employee: Callable[..., User], team: Team) -> User:
    user = make_employee(first_name="Giulia", last_name="Ferrari")
    TeamMembershipFactory(team=team, user=user, role=TeamMembership.Role.MEMBER)
    return user


@pytest.fixture
def lead(make_employee: Callable[..., User], team: Team) -> User:
    """The team's lead: manages its boards (decision 0039), so switches Scrum on."""
    user = make_employee(first_name="Marco", last_name="Bertolini")
    TeamMembershipFactory(team=team, user=user, role=TeamMembership.Role.LEAD)
    return user


@pytest.fixture
def lead_actor(lead: User, organisation: Organisation, actor_of: Callable[..., Actor]) -> Actor:
    return actor_of(lead, organisation)


@pytest.fixture
def viewer(make_employee: Callable[..., User]) -> User:
    """A colleague of the organisation outside the team: sees the board, read-only."""
    return make_employee(first_name="Luca", last_name="Rossi")


@pytest.fixture
def board(team: Team) -> Board:
    return make_scrum_board(team=team, visibility=Board.Visibility.ORGANISATION)


@pytest.fixture
def actor(member: User, organisation: Organisation, actor_of: Callable[..., Actor]) -> Actor:
    return actor_of(member, organisation)


@pytest.fixture
def viewer_actor(viewer: User, organisation: Organisation, actor_of: Callable[..., Actor]) -> Actor:
    return actor_of(viewer, organisation)
