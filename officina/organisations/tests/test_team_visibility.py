"""Who sees which team: members, sharing with enti and organisation, managers, guests, strangers."""

import pytest

from officina.common.exceptions import NotFound
from officina.organisations.models import RoleAssignment, Team, TeamMembership
from officina.organisations.selectors import team_get_for_actor, team_list_for_actor
from officina.organisations.tests.factories import (
    EmploymentFactory,
    EnteFactory,
    OrgUnitFactory,
    RoleAssignmentFactory,
    TeamFactory,
    TeamMembershipFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_member_sees_own_private_team(organisation, employee, actor_of):
    # given
    team = TeamFactory(organisation=organisation)
    TeamMembershipFactory(team=team, user=employee)
    # when
    found = team_get_for_actor(actor=actor_of(employee, organisation), team_id=team.pk)
    # then
    assert found == team


def test_non_member_gets_not_found_for_private_team(organisation, employee, actor_of):
    team = TeamFactory(organisation=organisation)
    with pytest.raises(NotFound):
        team_get_for_actor(actor=actor_of(employee, organisation), team_id=team.pk)


def test_team_shared_with_my_ente_is_visible_but_not_with_another(
    organisation, ente, other_ente, make_employee, actor_of
):
    shared = TeamFactory(organisation=organisation, visibility=Team.Visibility.ENTI)
    shared.shared_with_enti.add(ente)
    me = make_employee(ente=ente)
    colleague_elsewhere = make_employee(ente=other_ente)

    assert team_get_for_actor(actor=actor_of(me, organisation), team_id=shared.pk) == shared
    with pytest.raises(NotFound):
        team_get_for_actor(actor=actor_of(colleague_elsewhere, organisation), team_id=shared.pk)


def test_organisation_wide_team_is_visible_to_every_employee(organisation, employee, actor_of):
    team = TeamFactory(organisation=organisation, visibility=Team.Visibility.ORGANISATION)
    assert list(team_list_for_actor(actor=actor_of(employee, organisation))) == [team]


def test_guest_sees_only_teams_they_are_invited_to(organisation, actor_of):
    guest = UserFactory()
    invited = TeamFactory(organisation=organisation)
    TeamMembershipFactory(team=invited, user=guest, role=TeamMembership.Role.GUEST)
    TeamFactory(organisation=organisation, visibility=Team.Visibility.ORGANISATION)

    assert list(team_list_for_actor(actor=actor_of(guest, organisation))) == [invited]


def test_manager_sees_teams_of_units_below_the_one_they_lead(
    organisation, ente, employee, actor_of
):
    settore = OrgUnitFactory(ente=ente, organisation=organisation)
    ufficio = OrgUnitFactory(ente=ente, organisation=organisation, parent=settore)
    elsewhere = OrgUnitFactory(ente=ente, organisation=organisation)
    below = TeamFactory(organisation=organisation, org_unit=ufficio)
    TeamFactory(organisation=organisation, org_unit=elsewhere)
    RoleAssignmentFactory(
        organisation=organisation, user=employee, role=RoleAssignment.Role.MANAGER, org_unit=settore
    )

    assert list(team_list_for_actor(actor=actor_of(employee, organisation))) == [below]


def test_user_of_another_organisation_cannot_act_there(organisation, actor_of):
    stranger_ente = EnteFactory()
    stranger = UserFactory()
    EmploymentFactory(user=stranger, ente=stranger_ente, organisation=stranger_ente.organisation)
    with pytest.raises(NotFound):
        actor_of(stranger, organisation)


def test_team_of_another_organisation_is_not_found_even_for_its_it_admin(
    organisation, employee, actor_of
):
    RoleAssignmentFactory(organisation=organisation, user=employee)
    foreign = TeamFactory()
    with pytest.raises(NotFound):
        team_get_for_actor(actor=actor_of(employee, organisation), team_id=foreign.pk)
