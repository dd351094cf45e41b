"""The admin site asks for two-factor sign-in like the tenant pages: the rule cannot be bypassed,
nor switched off, by an administrator who has not activated it."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.urls import reverse
from django.utils.html import escape

from officina.organisations.models import RoleAssignment
from officina.organisations.tests.factories import (
    OrganisationFactory,
    RoleAssignmentFactory,
    TeamFactory,
    UserFactory,
)
from officina.organisations.two_factor import TWO_FACTOR_REQUIRED

pytestmark = pytest.mark.django_db


@pytest.fixture
def strict_organisation(organisation):
    organisation.require_two_factor_for_admins = True
    organisation.save(update_fields=["require_two_factor_for_admins"])
    return organisation


@pytest.fixture
def it_admin(organisation, employee):
    RoleAssignmentFactory(
        organisation=organisation, user=employee, role=RoleAssignment.Role.IT_ADMIN
    )
    return employee


def _organisation_change(client, organisation):
    """The Organisation change form sent without the two-factor box: it would switch it off."""
    url = reverse("admin:organisations_organisation_change", args=[organisation.pk])
    return client.post(url, {"name": organisation.name, "slug": organisation.slug})


def _admin_urls(organisation):
    team = TeamFactory(organisation=organisation)
    return [
        reverse("admin:index"),
        reverse("admin:app_list", args=["organisations"]),
        reverse("admin:organisations_team_changelist"),
        reverse("admin:organisations_team_change", args=[team.pk]),
        reverse("admin:accounts_user_changelist"),
        reverse("admin:organisations_organisation_change", args=[organisation.pk]),
    ]


def test_it_admin_without_totp_is_sent_from_the_admin_to_activate_it(
    client, strict_organisation, it_admin
):
    # given
    client.force_login(it_admin)

    # when
    response = client.get(reverse("admin:index"), follow=True)

    # then: on the activation path, with the reason in Italian
    assert response.redirect_chain[:1] == [(reverse("mfa_activate_totp"), 302)]
    assert response.redirect_chain[-1][0].startswith("/accounts/")
    assert escape(str(TWO_FACTOR_REQUIRED)) in response.content.decode()
    assert "autenticazione a due fattori" in response.content.decode()


def test_every_admin_page_is_refused_to_an_it_admin_without_totp(
    client, strict_organisation, it_admin
):
    # given
    client.force_login(it_admin)

    for url in _admin_urls(strict_organisation):
        # when
        response = client.get(url)

        # then
        assert (response.status_code, response.get("Location")) == (
            302,
            reverse("mfa_activate_totp"),
        ), url


def test_it_admin_without_totp_cannot_switch_the_requirement_off(
    client, strict_organisation, it_admin
):
    # given
    client.force_login(it_admin)

    # when
    response = _organisation_change(client, strict_organisation)

    # then
    assert response.get("Location") == reverse("mfa_activate_totp")
    strict_organisation.refresh_from_db()
    assert strict_organisation.require_two_factor_for_admins
    page = client.get(response.url, follow=True).content.decode()
    assert escape(str(TWO_FACTOR_REQUIRED)) in page


def test_it_admin_with_totp_uses_the_admin_and_may_switch_the_requirement_off(
    client, strict_organisation, it_admin
):
    # given
    TOTP.activate(it_admin, generate_totp_secret())
    client.force_login(it_admin)

    # when
    index = client.get(reverse("admin:index"))
    response = _organisation_change(client, strict_organisation)

    # then
    assert index.status_code == 200
    assert response.status_code == 302
    assert response.url == reverse("admin:organisations_organisation_changelist")
    strict_organisation.refresh_from_db()
    assert not strict_organisation.require_two_factor_for_admins


def test_it_admin_of_an_organisation_that_does_not_require_it_is_not_gated(
    client, organisation, it_admin
):
    # given
    client.force_login(it_admin)

    for url in _admin_urls(organisation):
        # when
        response = client.get(url)

        # then
        assert response.status_code == 200, url


def test_it_admin_of_two_organisations_is_gated_when_either_requires_it(
    client, organisation, it_admin
):
    # given: the organisation of the fixtures does not require it, a second one does
    strict = OrganisationFactory(require_two_factor_for_admins=True)
    RoleAssignmentFactory(organisation=strict, user=it_admin, role=RoleAssignment.Role.IT_ADMIN)
    client.force_login(it_admin)

    # when
    response = client.get(reverse("admin:organisations_team_changelist"))

    # then
    assert (response.status_code, response.get("Location")) == (
        302,
        reverse("mfa_activate_totp"),
    )


def test_superuser_who_administers_a_strict_organisation_through_a_role_is_gated(
    client, strict_organisation
):
    # given
    operator = UserFactory(is_staff=True, is_superuser=True)
    RoleAssignmentFactory(
        organisation=strict_organisation, user=operator, role=RoleAssignment.Role.IT_ADMIN
    )
    client.force_login(operator)

    # when
    response = _organisation_change(client, strict_organisation)

    # then
    assert (response.status_code, response.get("Location")) == (
        302,
        reverse("mfa_activate_totp"),
    )
    strict_organisation.refresh_from_db()
    assert strict_organisation.require_two_factor_for_admins


def test_superuser_without_a_role_in_a_strict_organisation_is_not_gated(
    client, strict_organisation
):
    # given
    operator = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(operator)

    # when
    response = client.get(reverse("admin:index"))

    # then
    assert response.status_code == 200


def test_person_without_admin_access_still_gets_forbidden_not_the_activation_page(
    client, strict_organisation, employee
):
    # given: HR of a strict organisation may not enter the admin at all
    RoleAssignmentFactory(
        organisation=strict_organisation,
        user=employee,
        role=RoleAssignment.Role.HR,
        ente=employee.employments.get().ente,
    )
    client.force_login(employee)

    # when
    response = client.get(reverse("admin:index"), follow=True)

    # then
    assert response.status_code == 403
