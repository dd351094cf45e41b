"""The audit page /o/<slug>/audit/: the DPO reads it, everyone else gets 404."""

import pytest
from django.urls import reverse

from officina.audit.models import AuditEvent
from officina.organisations.tests.factories import RoleAssignmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def dpo(organisation, make_employee):
    user = make_employee()
    RoleAssignmentFactory(organisation=organisation, user=user, role="dpo")
    return user


def _url(organisation):
    return reverse("audit:event-list", kwargs={"org_slug": organisation.slug})


def test_dpo_reads_the_events_of_the_organisation(client, organisation, dpo):
    AuditEvent.objects.create(
        action=AuditEvent.Action.ROLE_GRANTED, organisation=organisation, target_label="Ruolo X"
    )
    client.force_login(dpo)
    response = client.get(_url(organisation))
    assert response.status_code == 200
    assert "Ruolo X" in response.text


def test_plain_member_gets_404_for_the_audit_page(client, organisation, employee):
    client.force_login(employee)
    assert client.get(_url(organisation)).status_code == 404


def test_audit_page_query_count_does_not_grow_with_events(
    client, organisation, dpo, django_assert_max_num_queries
):
    def create_events(count):
        for _ in range(count):
            AuditEvent.objects.create(
                action=AuditEvent.Action.LOGIN_SUCCEEDED, organisation=organisation, actor=dpo
            )

    client.force_login(dpo)
    create_events(2)
    with django_assert_max_num_queries(50) as few:
        client.get(_url(organisation))
    create_events(30)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(_url(organisation))
    assert response.status_code == 200
