"""Writes of the organisations app: who may do what, and what the audit log keeps."""

import pytest
from django.core.exceptions import PermissionDenied

from officina.audit.models import AuditEvent
from officina.organisations.models import OrgUnit, RoleAssignment, TeamMembership
from officina.organisations.services.teams import (
    org_unit_create,
    role_grant,
    role_revoke,
    team_create,
    team_membership_remove,
    team_membership_set,
)
from officina.organisations.tests.factories import (
    EnteFactory,
    OrgUnitFactory,
    RoleAssignmentFactory,
    TeamFactory,
    TeamMembershipFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def it_admin(organisation, make_employee):
    user = make_employee()
    RoleAssignmentFactory(organisation=organisation, user=user, role="it_admin")
    return user


def test_it_admin_creates_a_team_and_becomes_its_lead(organisation, it_admin, actor_of):
    team = team_create(actor=actor_of(it_admin, organisation), name="Nidi d'infanzia")

    assert team.organisation == organisation
    assert list(team.memberships.values_list("user", "role")) == [(it_admin.pk, "lead")]


def test_manager_creates_a_team_with_another_lead(organisation, ente, make_employee, actor_of):
    manager, lead = make_employee(), make_employee()
    RoleAssignmentFactory(
        organisation=organisation,
        user=manager,
        role="manager",
        org_unit=OrgUnitFactory(ente=ente, organisation=organisation),
    )
    team = team_create(actor=actor_of(manager, organisation), name="Polizia locale", lead=lead)

    assert list(team.memberships.values_list("user", "role")) == [(lead.pk, "lead")]


def test_plain_member_may_not_create_a_team(organisation, employee, actor_of):
    with pytest.raises(PermissionDenied):
        team_create(actor=actor_of(employee, organisation), name="Abusivo")


def test_adding_a_member_is_audited(organisation, it_admin, make_employee, actor_of):
    # given
    team = TeamFactory(organisation=organisation)
    colleague = make_employee()
    # when
    team_membership_set(
        actor=actor_of(it_admin, organisation), team=team, user=colleague, role="member"
    )
    # then
    event = AuditEvent.objects.get(action=AuditEvent.Action.MEMBERSHIP_ADDED)
    assert event.organisation == organisation
    assert event.actor == it_admin
    assert event.details == {
        "team": team.pk,
        "user": colleague.pk,
        "role": "member",
        "previous_role": "",
    }


def test_changing_a_member_s_role_is_audited_with_the_previous_role(
    organisation, employee, make_employee, actor_of
):
    team = TeamFactory(organisation=organisation)
    TeamMembershipFactory(team=team, user=employee, role="lead")
    colleague = make_employee()
    TeamMembershipFactory(team=team, user=colleague, role="member")

    team_membership_set(
        actor=actor_of(employee, organisation), team=team, user=colleague, role="guest"
    )

    event = AuditEvent.objects.get(action=AuditEvent.Action.MEMBERSHIP_CHANGED)
    assert event.details["previous_role"] == "member"
    assert TeamMembership.objects.get(team=team, user=colleague).role == "guest"


def test_setting_the_same_role_again_records_nothing(organisation, it_admin, actor_of):
    team = TeamFactory(organisation=organisation)
    TeamMembershipFactory(team=team, user=it_admin, role="member")

    team_membership_set(
        actor=actor_of(it_admin, organisation), team=team, user=it_admin, role="member"
    )

    assert not AuditEvent.objects.exists()


def test_plain_member_may_not_change_a_team_s_members(
    organisation, employee, make_employee, actor_of
):
    team = TeamFactory(organisation=organisation)
    TeamMembershipFactory(team=team, user=employee, role="member")
    with pytest.raises(PermissionDenied):
        team_membership_set(
            actor=actor_of(employee, organisation), team=team, user=make_employee(), role="member"
        )


def test_team_of_another_organisation_cannot_be_changed_even_by_an_it_admin(
    organisation, it_admin, actor_of
):
    foreign = TeamFactory(organisation=EnteFactory().organisation)
    with pytest.raises(PermissionDenied):
        team_membership_set(
            actor=actor_of(it_admin, organisation), team=foreign, user=it_admin, role="lead"
        )
    assert not foreign.memberships.exists()


def test_removing_a_member_is_audited(organisation, it_admin, employee, actor_of):
    team = TeamFactory(organisation=organisation)
    TeamMembershipFactory(team=team, user=employee)

    team_membership_remove(actor=actor_of(it_admin, organisation), team=team, user=employee)

    assert not team.memberships.exists()
    event = AuditEvent.objects.get(action=AuditEvent.Action.MEMBERSHIP_REMOVED)
    assert event.details["user"] == employee.pk


def test_it_admin_grants_a_role_and_it_is_audited(organisation, it_admin, employee, actor_of):
    assignment = role_grant(actor=actor_of(it_admin, organisation), user=employee, role="dpo")

    assert assignment.organisation == organisation
    event = AuditEvent.objects.get(action=AuditEvent.Action.ROLE_GRANTED)
    assert event.organisation == organisation
    assert event.actor == it_admin
    assert event.details == {"user": employee.pk, "role": "dpo"}


def test_only_it_admins_grant_roles(organisation, ente, employee, make_employee, actor_of):
    RoleAssignmentFactory(organisation=organisation, user=employee, role="hr", ente=ente)
    with pytest.raises(PermissionDenied):
        role_grant(actor=actor_of(employee, organisation), user=make_employee(), role="it_admin")
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.ROLE_GRANTED).exists()


def test_revoking_a_role_is_audited(organisation, it_admin, employee, actor_of):
    assignment = RoleAssignmentFactory(organisation=organisation, user=employee, role="dpo")

    role_revoke(actor=actor_of(it_admin, organisation), assignment=assignment)

    assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()
    assert AuditEvent.objects.get(action=AuditEvent.Action.ROLE_REVOKED).details == {
        "user": employee.pk,
        "role": "dpo",
    }


def test_org_unit_create_sets_the_tree_path(organisation, ente):
    settore = org_unit_create(
        organisation=organisation, ente=ente, name="Settore 1", kind="settore"
    )
    ufficio = org_unit_create(
        organisation=organisation, ente=ente, name="Anagrafe", kind="ufficio", parent=settore
    )

    assert settore.path == f"/{settore.pk}/"
    assert ufficio.path == f"/{settore.pk}/{ufficio.pk}/"
    assert list(OrgUnit.objects.filter(path__startswith=settore.path)) == [settore, ufficio]


def test_org_unit_create_refuses_a_parent_of_another_ente(organisation, ente, other_ente):
    parent = OrgUnitFactory(ente=other_ente, organisation=organisation)
    with pytest.raises(ValueError, match="ente"):
        org_unit_create(
            organisation=organisation, ente=ente, name="Ufficio", kind="ufficio", parent=parent
        )
