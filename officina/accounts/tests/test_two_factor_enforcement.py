"""Organisations may require two-factor sign-in of their administrators (IT admin, HR, DPO)."""

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.urls import reverse
from django.utils.html import escape

from officina.organisations.models import RoleAssignment
from officina.organisations.tests.factories import OrgUnitFactory, RoleAssignmentFactory
from officina.organisations.two_factor import TWO_FACTOR_REQUIRED

ADMIN_ROLES = [RoleAssignment.Role.IT_ADMIN, RoleAssignment.Role.HR, RoleAssignment.Role.DPO]


@pytest.fixture
def strict_organisation(organisation):
    organisation.require_two_factor_for_admins = True
    organisation.save(update_fields=["require_two_factor_for_admins"])
    return organisation


def _give_role(user, role, ente):
    extra = {"ente": ente} if role == RoleAssignment.Role.HR else {}
    if role == RoleAssignment.Role.MANAGER:
        extra = {"org_unit": OrgUnitFactory(ente=ente, organisation=ente.organisation)}
    RoleAssignmentFactory(user=user, organisation=ente.organisation, role=role, **extra)


def _home(organisation):
    return reverse("organisations:home", kwargs={"org_slug": organisation.slug})


@pytest.mark.parametrize("role", ADMIN_ROLES)
def test_admin_without_totp_is_sent_to_activate_it(
    client, strict_organisation, ente, employee, role
):
    # given
    _give_role(employee, role, ente)
    client.force_login(employee)

    # when
    response = client.get(_home(strict_organisation))

    # then
    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")


def test_redirect_explains_why_and_does_not_loop(client, strict_organisation, ente, employee):
    # given
    _give_role(employee, RoleAssignment.Role.IT_ADMIN, ente)
    client.force_login(employee)

    # when
    response = client.get(_home(strict_organisation), follow=True)

    # then: it ends on an /accounts/ page (password confirmation before activation)
    final_url = response.redirect_chain[-1][0]
    assert response.status_code == 200
    assert len(response.redirect_chain) <= 2
    assert final_url.startswith("/accounts/")
    assert escape(str(TWO_FACTOR_REQUIRED)) in response.content.decode()


@pytest.mark.parametrize("role", [None, RoleAssignment.Role.MANAGER])
def test_people_without_admin_role_are_not_redirected(
    client, strict_organisation, ente, employee, role
):
    # given
    if role:
        _give_role(employee, role, ente)
    client.force_login(employee)

    # when
    response = client.get(_home(strict_organisation))

    # then
    assert response.status_code == 200


def test_admin_with_totp_goes_on(client, strict_organisation, ente, employee):
    # given
    _give_role(employee, RoleAssignment.Role.IT_ADMIN, ente)
    TOTP.activate(employee, generate_totp_secret())
    client.force_login(employee)

    # when
    response = client.get(_home(strict_organisation))

    # then
    assert response.status_code == 200


def test_admin_is_not_redirected_when_the_organisation_does_not_require_it(
    client, organisation, ente, employee
):
    # given
    _give_role(employee, RoleAssignment.Role.IT_ADMIN, ente)
    client.force_login(employee)

    # when
    response = client.get(_home(organisation))

    # then
    assert response.status_code == 200
    assert not Authenticator.objects.filter(user=employee).exists()


@pytest.mark.parametrize(
    "url_name",
    ["mfa_index", "account_email", "account_change_password", "account_reauthenticate"],
)
def test_admin_without_totp_still_reaches_account_pages(
    client, strict_organisation, ente, employee, url_name
):
    # given
    _give_role(employee, RoleAssignment.Role.IT_ADMIN, ente)
    client.force_login(employee)

    # when
    response = client.get(reverse(url_name))

    # then
    assert response.status_code == 200


def test_htmx_request_of_admin_without_totp_gets_a_client_redirect(
    client, strict_organisation, ente, employee
):
    # given
    _give_role(employee, RoleAssignment.Role.IT_ADMIN, ente)
    client.force_login(employee)

    # when
    response = client.get(_home(strict_organisation), headers={"HX-Request": "true"})

    # then
    assert response.headers["HX-Redirect"] == reverse("mfa_activate_totp")


def test_api_request_of_admin_without_totp_is_refused_not_redirected(
    client, strict_organisation, ente, employee
):
    # given
    _give_role(employee, RoleAssignment.Role.IT_ADMIN, ente)
    client.force_login(employee)

    # when
    response = client.get(
        reverse("organisations-api:team-list", kwargs={"org_slug": strict_organisation.slug})
    )

    # then
    assert response.status_code == 403
    assert response.json() == {"detail": str(TWO_FACTOR_REQUIRED)}
