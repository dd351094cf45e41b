"""HR's page of a person, linked from the staff directory for those who may open it."""

import pytest
from django.test import Client
from django.urls import reverse

from officina.organisations.models import TeamMembership
from officina.organisations.tests.factories import (
    OrgUnitFactory,
    RoleAssignmentFactory,
    TeamFactory,
    TeamMembershipFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def hr(make_employee, organisation, ente):
    user = make_employee(first_name="Rita", last_name="Personale")
    RoleAssignmentFactory(organisation=organisation, user=user, role="hr", ente=ente)
    return user


@pytest.fixture
def person(make_employee, organisation, ente):
    user = make_employee(first_name="Paolo", last_name="Verdi")
    employment = user.employments.get()
    employment.org_unit = OrgUnitFactory(ente=ente, name="Ufficio tributi")
    employment.job_title = "Istruttore contabile"
    employment.save()
    team = TeamFactory(organisation=organisation, name="Riscossione")
    TeamMembershipFactory(team=team, user=user, role=TeamMembership.Role.LEAD)
    RoleAssignmentFactory(
        organisation=organisation, user=user, role="manager", org_unit=employment.org_unit
    )
    return user


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _person_url(organisation, user) -> str:
    return reverse("organisations:person-detail", args=[organisation.slug, user.pk])


def test_hr_reads_the_job_teams_and_roles(organisation, hr, person):
    response = _signed_in(hr).get(_person_url(organisation, person))
    page = response.content.decode()
    assert response.status_code == 200
    for text in ("Paolo Verdi", "Comune di Scandiano", "Ufficio tributi", "Istruttore contabile"):
        assert text in page
    assert "Riscossione" in page
    assert "Riscossione</a> – Responsabile del team" in page
    assert "Dirigente – Ufficio tributi" in page


def test_the_directory_links_the_people_hr_manages_only(
    organisation, other_ente, hr, person, make_employee
):
    elsewhere = make_employee(ente=other_ente, first_name="Luca", last_name="Rossi")
    page = _signed_in(hr).get(reverse("organisations:person-list", args=[organisation.slug]))
    html = page.content.decode()
    assert _person_url(organisation, person) in html
    assert _person_url(organisation, elsewhere) not in html


def test_an_employee_sees_the_directory_without_links_or_exports(
    organisation, person, make_employee
):
    employee = make_employee()
    html = (
        _signed_in(employee)
        .get(reverse("organisations:person-list", args=[organisation.slug]))
        .content.decode()
    )
    assert "Paolo" in html
    assert _person_url(organisation, person) not in html
    assert "export.csv" not in html
    assert _signed_in(employee).get(_person_url(organisation, person)).status_code == 404


def test_a_guest_gets_404(organisation, person):
    guest = UserFactory()
    TeamMembershipFactory(
        team=TeamFactory(organisation=organisation), user=guest, role=TeamMembership.Role.GUEST
    )
    assert _signed_in(guest).get(_person_url(organisation, person)).status_code == 404


def test_the_page_of_a_person_who_left_still_opens(organisation, hr, person):
    employment = person.employments.get()
    employment.is_active = False
    employment.save()
    response = _signed_in(hr).get(_person_url(organisation, person))
    assert response.status_code == 200
    assert "Questa persona è stata disattivata" in response.content.decode()


def test_the_person_page_runs_a_fixed_number_of_queries(
    organisation, hr, person, warm_access, django_assert_max_num_queries, session_queries
):
    client = _signed_in(hr)
    warm_access(hr, organisation)
    client.get(_person_url(organisation, person))
    # session, access generation, user, employment, memberships, roles, open cards (count),
    # plus the shell's own (notifications badge, invitations)
    with django_assert_max_num_queries(10 + session_queries):
        client.get(_person_url(organisation, person))


def _leave(user) -> None:
    employment = user.employments.get()
    employment.is_active = False
    employment.save()


def test_hr_finds_the_people_who_left_their_ente(
    organisation, other_ente, hr, person, make_employee
):
    # given Paolo (Scandiano) and Luca (Viano) left, Anna stays
    luca = make_employee(ente=other_ente, first_name="Luca", last_name="Rossi")
    make_employee(first_name="Anna", last_name="Neri")
    _leave(person)
    _leave(luca)
    url = reverse("organisations:person-list", args=[organisation.slug])
    # when
    response = _signed_in(hr).get(url, {"former": "1"})
    # then only the former staff of HR's ente are listed, each linked to their page
    names = [employment.user.last_name for employment in response.context["page"]]
    assert names == ["Verdi"]
    assert _person_url(organisation, person) in response.content.decode()


def test_an_employee_asking_for_former_staff_gets_the_directory(
    organisation, person, make_employee
):
    employee = make_employee(last_name="Zanetti")
    _leave(person)
    url = reverse("organisations:person-list", args=[organisation.slug])
    response = _signed_in(employee).get(url, {"former": "1"})
    names = [employment.user.last_name for employment in response.context["page"]]
    assert names == ["Zanetti"]
    assert 'name="former"' not in response.content.decode()
