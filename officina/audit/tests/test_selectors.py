"""Who reads which audit events: the DPO of an organisation sees only its own."""

import pytest

from officina.audit.models import AuditEvent
from officina.audit.selectors import audit_event_list_for_actor
from officina.common.exceptions import NotFound
from officina.organisations.tests.factories import (
    EmploymentFactory,
    EnteFactory,
    RoleAssignmentFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def dpo(organisation, make_employee):
    user = make_employee()
    RoleAssignmentFactory(organisation=organisation, user=user, role="dpo")
    return user


@pytest.fixture
def foreign_person():
    ente = EnteFactory()
    user = UserFactory()
    EmploymentFactory(user=user, ente=ente)
    return user


def test_dpo_sees_events_of_the_organisation_and_sign_ins_of_its_people(
    organisation, dpo, employee, foreign_person, actor_of
):
    # given
    role_change = AuditEvent.objects.create(
        action=AuditEvent.Action.ROLE_GRANTED, organisation=organisation
    )
    sign_in = AuditEvent.objects.create(action=AuditEvent.Action.LOGIN_SUCCEEDED, actor=employee)
    failed = AuditEvent.objects.create(
        action=AuditEvent.Action.LOGIN_FAILED, actor_label=employee.email
    )
    foreign_org = foreign_person.employments.get().organisation
    AuditEvent.objects.create(action=AuditEvent.Action.ROLE_GRANTED, organisation=foreign_org)
    AuditEvent.objects.create(action=AuditEvent.Action.LOGIN_SUCCEEDED, actor=foreign_person)
    AuditEvent.objects.create(
        action=AuditEvent.Action.LOGIN_FAILED, actor_label=foreign_person.email
    )
    # when
    events = set(audit_event_list_for_actor(actor=actor_of(dpo, organisation)))
    # then
    assert events == {role_change, sign_in, failed}


def test_plain_member_may_not_read_the_audit_log(organisation, employee, actor_of):
    with pytest.raises(NotFound):
        audit_event_list_for_actor(actor=actor_of(employee, organisation))
