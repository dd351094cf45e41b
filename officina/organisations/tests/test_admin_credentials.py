"""An organisation's IT administrator changes the e-mail, password and status only of people who
belong to no organisation they do not administer; anyone else's account is the installation's."""

import html

import pytest
from django.urls import reverse

from officina.organisations.models import RoleAssignment
from officina.organisations.tests.factories import (
    TEST_PASSWORD,
    EmploymentFactory,
    EnteFactory,
    RoleAssignmentFactory,
    TeamFactory,
    TeamMembershipFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Una-Password-Nuova-2026!"
LOCKED = (
    "Questa persona appartiene anche a un'organizzazione che non amministri: solo gli "
    "amministratori dell'installazione possono cambiarne indirizzo e-mail, password e stato."
)


@pytest.fixture
def it_admin(organisation, make_employee):
    user = make_employee(email="it@unione-a.example.org")
    RoleAssignmentFactory(organisation=organisation, user=user, role=RoleAssignment.Role.IT_ADMIN)
    return user


@pytest.fixture
def elsewhere():
    """An ente of another organisation (B)."""
    return EnteFactory(name="Comune di Altrove")


@pytest.fixture(params=["employment", "team_membership", "role_assignment"])
def shared_person(request, make_employee, elsewhere):
    """Employed here, and also employed in B, a member of one of B's teams, or holding a role in
    B without a job there (B's IT administrator, say: the account most worth taking over)."""
    person = make_employee(email="condivisa@example.org", first_name="Carla")
    if request.param == "employment":
        EmploymentFactory(user=person, ente=elsewhere, organisation=elsewhere.organisation)
    elif request.param == "team_membership":
        team = TeamFactory(organisation=elsewhere.organisation)
        TeamMembershipFactory(team=team, user=person)
    else:
        RoleAssignmentFactory(
            organisation=elsewhere.organisation, user=person, role=RoleAssignment.Role.IT_ADMIN
        )
    return person


@pytest.fixture
def own_person(make_employee):
    return make_employee(email="solo-qui@example.org", first_name="Olga")


@pytest.fixture
def superuser():
    return UserFactory(is_staff=True, is_superuser=True)


def _change_url(person):
    return reverse("admin:accounts_user_change", args=[person.pk])


def _password_url(person):
    return reverse("admin:auth_user_password_change", args=[person.pk])


def _change(client, person, **fields):
    """The change form as the admin sends it: is_active left out means "not active"."""
    data = {"first_name": person.first_name, "last_name": person.last_name} | fields
    return client.post(_change_url(person), data)


def _set_password(client, person):
    data = {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"}
    return client.post(_password_url(person), data)


def _text(response):
    return html.unescape(response.content.decode())


def test_it_admin_cannot_change_email_or_status_of_a_person_of_another_organisation(
    client, it_admin, shared_person
):
    # given
    client.force_login(it_admin)

    # when: a hand-made POST with a new address and without "active"
    response = _change(client, shared_person, email="presa@attacker.example.org")

    # then: nothing changed, and the form says why
    shared_person.refresh_from_db()
    assert shared_person.email == "condivisa@example.org"
    assert shared_person.is_active
    assert response.status_code == 200
    assert LOCKED in _text(response)


def test_it_admin_cannot_deactivate_a_person_of_another_organisation(
    client, it_admin, shared_person
):
    # given
    client.force_login(it_admin)

    # when: the form as it was, sent without the "active" box
    response = _change(client, shared_person, email=shared_person.email)

    # then
    shared_person.refresh_from_db()
    assert shared_person.is_active
    assert LOCKED in _text(response)


def test_it_admin_still_changes_the_name_of_a_person_of_another_organisation(
    client, it_admin, shared_person
):
    # given
    client.force_login(it_admin)

    # when: the form as the admin now shows it (no e-mail, no "active" box)
    response = _change(client, shared_person, first_name="Carlotta")

    # then: the name changes, the status does not
    assert response.status_code == 302
    shared_person.refresh_from_db()
    assert shared_person.first_name == "Carlotta"
    assert shared_person.is_active


def test_it_admin_cannot_set_the_password_of_a_person_of_another_organisation(
    client, it_admin, shared_person
):
    # given
    client.force_login(it_admin)

    # when
    page = client.get(_password_url(shared_person))
    response = _set_password(client, shared_person)

    # then
    shared_person.refresh_from_db()
    assert shared_person.check_password(TEST_PASSWORD)
    assert page.status_code == 403
    assert response.status_code == 403
    assert LOCKED in _text(response)


def test_change_form_shows_the_credentials_of_a_shared_person_read_only_with_the_reason(
    client, it_admin, shared_person
):
    # given
    client.force_login(it_admin)

    # when
    response = client.get(_change_url(shared_person))

    # then
    page = _text(response)
    assert response.status_code == 200
    assert LOCKED in page
    assert 'name="email"' not in page
    assert 'name="is_active"' not in page
    assert "../password/" not in page
    assert 'name="first_name"' in page


def test_it_admin_cannot_delete_a_person_of_another_organisation(client, it_admin, shared_person):
    # given
    client.force_login(it_admin)
    url = reverse("admin:accounts_user_delete", args=[shared_person.pk])

    # when
    response = client.post(url, {"post": "yes"})

    # then
    assert type(shared_person).objects.filter(pk=shared_person.pk).exists()
    assert response.status_code == 403


def test_it_admin_changes_email_status_and_password_of_a_person_only_here(
    client, it_admin, own_person
):
    # given
    client.force_login(it_admin)

    # when
    changed = _change(client, own_person, email="olga.nuova@example.org")
    password = _set_password(client, own_person)

    # then
    assert changed.status_code == 302
    assert password.status_code == 302
    own_person.refresh_from_db()
    assert own_person.email == "olga.nuova@example.org"
    assert not own_person.is_active
    assert own_person.check_password(NEW_PASSWORD)


def test_it_admin_of_both_organisations_changes_the_credentials_of_a_shared_person(
    client, it_admin, shared_person, elsewhere
):
    # given
    RoleAssignmentFactory(
        organisation=elsewhere.organisation, user=it_admin, role=RoleAssignment.Role.IT_ADMIN
    )
    client.force_login(it_admin)

    # when
    response = _set_password(client, shared_person)

    # then
    assert response.status_code == 302
    shared_person.refresh_from_db()
    assert shared_person.check_password(NEW_PASSWORD)


def _superuser_changes_everything(client, superuser, person):
    # given
    client.force_login(superuser)

    # when
    changed = _change(client, person, email="cambiata@example.org")
    password = _set_password(client, person)

    # then
    assert changed.status_code == 302
    assert password.status_code == 302
    person.refresh_from_db()
    assert person.email == "cambiata@example.org"
    assert not person.is_active
    assert person.check_password(NEW_PASSWORD)


def test_superuser_changes_the_credentials_of_a_person_of_two_organisations(
    client, superuser, shared_person
):
    _superuser_changes_everything(client, superuser, shared_person)


def test_superuser_changes_the_credentials_of_a_person_of_one_organisation(
    client, superuser, own_person
):
    _superuser_changes_everything(client, superuser, own_person)


@pytest.mark.parametrize(
    "url_name", ["admin:mfa_authenticator_changelist", "admin:account_emailaddress_changelist"]
)
def test_it_admin_cannot_reach_two_factor_devices_or_sign_in_addresses(client, it_admin, url_name):
    # given
    client.force_login(it_admin)

    # when
    response = client.get(reverse(url_name))

    # then
    assert response.status_code == 403
