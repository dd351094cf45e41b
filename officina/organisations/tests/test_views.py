"""Pages of the organisations app: what a person sees, HTMX fragments, constant query counts."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from officina.organisations.models import RoleAssignment, Team, TeamMembership
from officina.organisations.tests.factories import (
    EmploymentFactory,
    OrganisationFactory,
    OrgUnitFactory,
    RoleAssignmentFactory,
    TeamFactory,
    TeamMembershipFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _count_queries(client: Client, url: str, **kwargs) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **kwargs)
    assert response.status_code == 200
    return len(queries)


def _add_team_with_members(organisation, ente, me, members: int, name: str) -> Team:
    team = TeamFactory(organisation=organisation, name=name)
    TeamMembershipFactory(team=team, user=me, role=TeamMembership.Role.LEAD)
    for _ in range(members):
        colleague = UserFactory()
        EmploymentFactory(user=colleague, ente=ente, organisation=organisation)
        TeamMembershipFactory(team=team, user=colleague)
    return team


def test_home_shows_my_teams_with_members_roles_and_ente(organisation, ente, make_employee):
    # given
    me = make_employee(first_name="Anna", last_name="Bianchi")
    colleague = make_employee(first_name="Carlo", last_name="Verdi")
    team = TeamFactory(organisation=organisation, name="Educatrici nidi")
    TeamMembershipFactory(team=team, user=me, role=TeamMembership.Role.LEAD)
    TeamMembershipFactory(team=team, user=colleague)
    # when
    response = _client_for(me).get(reverse("organisations:home", args=[organisation.slug]))
    # then
    page = response.content.decode()
    assert response.status_code == 200
    assert "Educatrici nidi" in page
    assert "Carlo Verdi" in page
    assert "Comune di Scandiano" in page
    assert 'aria-current="page"' in page
    assert page.count("<h1") == 1


def test_home_without_teams_explains_what_to_do(organisation, employee):
    response = _client_for(employee).get(reverse("organisations:home", args=[organisation.slug]))
    assert response.status_code == 200
    assert "callout" in response.content.decode()
    assert reverse("organisations:team-list", args=[organisation.slug]) in response.content.decode()


def test_home_query_count_does_not_grow_with_teams_and_members(
    organisation, ente, employee, session_queries
):
    # given
    client = _client_for(employee)
    url = reverse("organisations:home", args=[organisation.slug])
    _add_team_with_members(organisation, ente, employee, members=1, name="Primo")
    one = _count_queries(client, url)
    # when
    for index in range(3):
        _add_team_with_members(organisation, ente, employee, members=6, name=f"Altro {index}")
    many = _count_queries(client, url)
    # then: session, user, the access generation and the actor (2: new teams and members
    # changed it), my teams, memberships, employments, my open cards, unread notifications,
    # pending invitations
    assert one == many == 10 + session_queries


def test_team_list_shows_visible_teams_with_visibility(organisation, employee):
    # given
    TeamFactory(organisation=organisation, name="Aperto", visibility=Team.Visibility.ORGANISATION)
    TeamFactory(organisation=organisation, name="Riservato")
    # when
    response = _client_for(employee).get(
        reverse("organisations:team-list", args=[organisation.slug])
    )
    # then
    page = response.content.decode()
    assert "Aperto" in page
    assert "Riservato" not in page
    assert escape(str(Team.Visibility.ORGANISATION.label)) in page


def test_team_list_query_count_does_not_grow_with_teams(
    organisation, ente, employee, session_queries
):
    client = _client_for(employee)
    url = reverse("organisations:team-list", args=[organisation.slug])
    unit = OrgUnitFactory(ente=ente)
    TeamFactory(organisation=organisation, visibility=Team.Visibility.ORGANISATION, org_unit=unit)
    one = _count_queries(client, url)
    for _ in range(5):
        TeamFactory(
            organisation=organisation, visibility=Team.Visibility.ORGANISATION, org_unit=unit
        )
    # the access generation and the actor (2) included: the new teams changed the generation
    assert _count_queries(client, url) == one == 6 + session_queries


def test_team_detail_lists_members_with_role_ente_unit_and_job_title(organisation, ente, employee):
    # given
    unit = OrgUnitFactory(ente=ente, name="Servizi sociali")
    colleague = UserFactory(first_name="Maria", last_name="Neri")
    EmploymentFactory(
        user=colleague,
        ente=ente,
        organisation=organisation,
        org_unit=unit,
        job_title="Assistente sociale",
    )
    team = TeamFactory(organisation=organisation, name="Sociale")
    TeamMembershipFactory(team=team, user=employee, role=TeamMembership.Role.LEAD)
    TeamMembershipFactory(team=team, user=colleague)
    # when
    url = reverse("organisations:team-detail", args=[organisation.slug, team.pk])
    response = _client_for(employee).get(url)
    # then
    page = response.content.decode()
    assert "Maria Neri" in page
    assert "Servizi sociali" in page
    assert "Assistente sociale" in page
    assert str(TeamMembership.Role.LEAD.label) in page
    assert '<th scope="col">' in page


def test_team_detail_of_another_organisation_is_not_found(organisation, employee):
    foreign = TeamFactory(
        organisation=OrganisationFactory(), visibility=Team.Visibility.ORGANISATION
    )
    url = reverse("organisations:team-detail", args=[organisation.slug, foreign.pk])
    response = _client_for(employee).get(url)
    assert response.status_code == 404
    assert "Traceback" not in response.content.decode()


def test_team_detail_query_count_does_not_grow_with_members(
    organisation, ente, employee, session_queries
):
    team = _add_team_with_members(organisation, ente, employee, members=1, name="Uno")
    client = _client_for(employee)
    url = reverse("organisations:team-detail", args=[organisation.slug, team.pk])
    one = _count_queries(client, url)
    for _ in range(8):
        colleague = UserFactory()
        EmploymentFactory(
            user=colleague, ente=ente, organisation=organisation, org_unit=OrgUnitFactory(ente=ente)
        )
        TeamMembershipFactory(team=team, user=colleague)
    # 9 of the team page (the new members changed the access generation, so the actor is read
    # again), 2 of its boards section (h1), 1 unread-notifications count (h2)
    assert _count_queries(client, url) == one == 11 + session_queries


@pytest.fixture
def hr_person(organisation, ente, make_employee):
    person = make_employee()
    RoleAssignmentFactory(
        organisation=organisation, user=person, role=RoleAssignment.Role.HR, ente=ente
    )
    return person


def test_people_list_full_page_has_labelled_search_form_and_results(organisation, hr_person):
    response = _client_for(hr_person).get(
        reverse("organisations:person-list", args=[organisation.slug])
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert '<label for="people-search"' in page
    assert '<label for="people-ente"' in page
    assert 'id="people-results"' in page
    assert 'hx-target="#people-results"' in page
    assert "<html" in page


def test_people_list_htmx_request_gets_only_the_results_fragment(
    organisation, ente, hr_person, make_employee
):
    # given
    make_employee(first_name="Giuseppina", last_name="Ferrari")
    make_employee(first_name="Luca", last_name="Romano")
    url = reverse("organisations:person-list", args=[organisation.slug])
    # when
    response = _client_for(hr_person).get(url, {"q": "ferrari"}, headers={"HX-Request": "true"})
    # then
    fragment = response.content.decode()
    assert "<html" not in fragment
    assert fragment.strip().startswith('<div id="people-results">')
    assert "Ferrari" in fragment
    assert "Romano" not in fragment


def test_the_next_page_of_people_replaces_the_results_instead_of_nesting_in_them(
    organisation, ente, hr_person, make_employee
):
    # given more people than one page holds
    for number in range(55):
        make_employee(first_name=f"Persona{number:02}", last_name="Rossi")
    url = reverse("organisations:person-list", args=[organisation.slug])
    # when HTMX asks for the second page through the pagination link
    first = _client_for(hr_person).get(url, headers={"HX-Request": "true"}).content.decode()
    second = _client_for(hr_person).get(url, {"page": 2}, headers={"HX-Request": "true"})
    # then the link swaps the whole results element, which is what the answer is
    assert 'hx-target="#people-results" hx-swap="outerHTML"' in first
    assert second.content.decode().strip().startswith('<div id="people-results">')


def test_people_list_is_not_found_for_an_external_guest(organisation):
    guest = UserFactory()
    TeamMembershipFactory(
        team=TeamFactory(organisation=organisation), user=guest, role=TeamMembership.Role.GUEST
    )
    response = _client_for(guest).get(
        reverse("organisations:person-list", args=[organisation.slug])
    )
    assert response.status_code == 404


def test_people_list_query_count_does_not_grow_with_people(
    organisation, ente, hr_person, session_queries
):
    client = _client_for(hr_person)
    url = reverse("organisations:person-list", args=[organisation.slug])
    unit = OrgUnitFactory(ente=ente)
    EmploymentFactory(ente=ente, organisation=organisation, org_unit=unit)
    one = _count_queries(client, url)
    for _ in range(60):  # more than one page
        EmploymentFactory(ente=ente, organisation=organisation, org_unit=unit)
    # the new employments changed the access generation: the actor is read again (2 queries)
    assert _count_queries(client, url) == one == 8 + session_queries
    # the fragment has no header, so no unread-notifications count; nothing changed since the
    # last request, so the actor comes from the access cache
    assert _count_queries(client, url, headers={"HX-Request": "true"}) == 5 + session_queries
