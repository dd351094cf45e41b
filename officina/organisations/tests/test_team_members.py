"""Team leads manage their team's members and guests from the team page."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from officina.audit.models import AuditEvent
from officina.organisations.models import TeamMembership
from officina.organisations.tests.factories import (
    EmploymentFactory,
    EnteFactory,
    RoleAssignmentFactory,
    TeamFactory,
    TeamMembershipFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(organisation):
    return TeamFactory(organisation=organisation, name="Tributi", visibility="organisation")


@pytest.fixture
def lead(make_employee, team):
    user = make_employee(first_name="Marco", last_name="Bertolini")
    TeamMembershipFactory(team=team, user=user, role=TeamMembership.Role.LEAD)
    return user


@pytest.fixture
def colleague(make_employee):
    return make_employee(first_name="Anna", last_name="Neri", email="anna.neri@example.org")


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _team_url(team) -> str:
    return reverse("organisations:team-detail", args=[team.organisation.slug, team.pk])


def _add_url(team) -> str:
    return reverse("organisations:team-member-add", args=[team.organisation.slug, team.pk])


def _role_url(team, user) -> str:
    return reverse(
        "organisations:team-member-role", args=[team.organisation.slug, team.pk, user.pk]
    )


def _remove_url(team, user) -> str:
    return reverse(
        "organisations:team-member-remove", args=[team.organisation.slug, team.pk, user.pk]
    )


def _role_of(team, user) -> str | None:
    return (
        TeamMembership.objects.filter(team=team, user=user).values_list("role", flat=True).first()
    )


def test_lead_finds_a_person_of_the_organisation_by_name(team, lead, colleague):
    response = _signed_in(lead).get(_team_url(team), {"person": "neri"})
    page = response.content.decode()
    assert "Anna Neri" in page
    assert "anna.neri@example.org" in page


def test_the_search_answers_only_its_fragment_to_htmx(team, lead, colleague):
    response = _signed_in(lead).get(
        _team_url(team),
        {"person": "neri"},
        headers={"hx-request": "true", "hx-target": "team-candidates"},
    )
    page = response.content.decode()
    assert page.lstrip().startswith('<div id="team-candidates">')
    assert "Anna Neri" in page


def test_the_search_never_finds_someone_of_another_organisation(team, lead):
    EmploymentFactory(user=UserFactory(last_name="Forestiero"), ente=EnteFactory())
    response = _signed_in(lead).get(_team_url(team), {"person": "Forestiero"})
    assert response.context["candidates"] == []


def test_lead_adds_a_member_audited(team, lead, colleague):
    # when
    response = _signed_in(lead).post(
        _add_url(team), {"user": colleague.pk, "role": "member"}, follow=True
    )
    # then
    assert _role_of(team, colleague) == "member"
    assert "Anna Neri" in response.content.decode()
    event = AuditEvent.objects.get(action=AuditEvent.Action.MEMBERSHIP_ADDED, actor=lead)
    assert event.details["user"] == colleague.pk


def test_lead_adds_a_guest_already_known_to_the_organisation(organisation, team, lead):
    # given an external person, guest of another team of the organisation
    external = UserFactory(first_name="Fornitore", last_name="Esterno")
    TeamMembershipFactory(team=TeamFactory(organisation=organisation), user=external, role="guest")
    # when
    _signed_in(lead).post(_add_url(team), {"user": external.pk, "role": "guest"})
    # then
    assert _role_of(team, external) == "guest"


def test_a_person_of_another_organisation_cannot_be_added(team, lead):
    stranger = EmploymentFactory(ente=EnteFactory()).user
    response = _signed_in(lead).post(_add_url(team), {"user": stranger.pk, "role": "member"})
    assert response.status_code == 404
    assert _role_of(team, stranger) is None


def test_lead_changes_a_role_and_removes_a_person(team, lead, colleague):
    TeamMembershipFactory(team=team, user=colleague)
    client = _signed_in(lead)
    client.post(_role_url(team, colleague), {"role": "lead"})
    assert _role_of(team, colleague) == "lead"
    client.post(_remove_url(team, colleague))
    assert _role_of(team, colleague) is None
    assert AuditEvent.objects.filter(action="membership_removed", actor=lead).exists()


def test_the_last_lead_is_kept_and_told_why(team, lead):
    client = _signed_in(lead)
    demoted = client.post(_role_url(team, lead), {"role": "member"}, follow=True)
    assert _role_of(team, lead) == "lead"
    assert "Tributi ha un solo responsabile, Marco Bertolini" in demoted.content.decode()
    client.post(_remove_url(team, lead))
    assert _role_of(team, lead) == "lead"


def test_a_lead_may_step_down_once_someone_else_leads(team, lead, colleague):
    TeamMembershipFactory(team=team, user=colleague, role="lead")
    _signed_in(lead).post(_role_url(team, lead), {"role": "member"})
    assert _role_of(team, lead) == "member"


@pytest.mark.parametrize("role", ["member", "guest", None])
def test_members_guests_and_others_get_404(team, lead, colleague, make_employee, role):
    # given a member, a guest, or an employee outside the team
    user = make_employee()
    if role:
        TeamMembershipFactory(team=team, user=user, role=role)
    client = _signed_in(user)
    # when
    added = client.post(_add_url(team), {"user": colleague.pk, "role": "member"})
    changed = client.post(_role_url(team, lead), {"role": "guest"})
    removed = client.post(_remove_url(team, lead))
    page = client.get(_team_url(team), {"person": "neri"}).content.decode()
    # then nothing changed, and the page offers no management
    assert added.status_code == changed.status_code == removed.status_code == 404
    assert _role_of(team, colleague) is None
    assert _role_of(team, lead) == "lead"
    assert "Anna Neri" not in page


def test_it_admin_manages_any_team(organisation, team, lead, colleague, make_employee):
    it_admin = make_employee()
    RoleAssignmentFactory(organisation=organisation, user=it_admin, role="it_admin")
    _signed_in(it_admin).post(_add_url(team), {"user": colleague.pk, "role": "member"})
    assert _role_of(team, colleague) == "member"


def test_lead_of_another_organisation_gets_404(team, colleague):
    # given a lead of a team of another organisation
    ente_b = EnteFactory()
    lead_b = EmploymentFactory(ente=ente_b).user
    team_b = TeamFactory(organisation=ente_b.organisation)
    TeamMembershipFactory(team=team_b, user=lead_b, role="lead")
    # when they post to our team, through our address and theirs
    client = _signed_in(lead_b)
    ours = client.post(_add_url(team), {"user": colleague.pk, "role": "member"})
    theirs = client.post(
        reverse("organisations:team-member-add", args=[ente_b.organisation.slug, team.pk]),
        {"user": colleague.pk, "role": "member"},
    )
    # then
    assert ours.status_code == theirs.status_code == 404
    assert _role_of(team, colleague) is None


def test_get_on_an_action_is_refused(team, lead):
    assert _signed_in(lead).get(_add_url(team)).status_code == 405


def test_the_team_page_runs_the_same_queries_for_1_and_15_people_found(
    team, lead, make_employee, warm_access
):
    # given one Bianchi and fifteen Rossi
    make_employee(last_name="Bianchi")
    for index in range(15):
        make_employee(last_name=f"Rossi{index}")
    client = _signed_in(lead)
    warm_access(lead, team.organisation)
    # when
    with CaptureQueriesContext(connection) as one:
        client.get(_team_url(team), {"person": "bianchi"})
    with CaptureQueriesContext(connection) as many:
        response = client.get(_team_url(team), {"person": "rossi"})
    # then
    assert len(response.context["candidates"]) == 15
    assert len(one) == len(many)


@pytest.mark.parametrize(
    ("visibility", "lands_on"), [("team", "team-list"), ("organisation", "team-detail")]
)
def test_a_lead_who_leaves_lands_where_they_can_still_look(
    organisation, make_employee, team, lead, visibility, lands_on
):
    # given a second lead, so that the first may leave, in a team visible as given
    team.visibility = visibility
    team.save(update_fields=["visibility"])
    TeamMembershipFactory(team=team, user=make_employee(), role=TeamMembership.Role.LEAD)
    # when the first lead removes themself
    response = _signed_in(lead).post(_remove_url(team, lead))
    # then a private team sends them to the list; an open one keeps its page in front of them
    args = [organisation.slug] + ([team.pk] if lands_on == "team-detail" else [])
    assert response.status_code == 302
    assert response["Location"] == reverse(f"organisations:{lands_on}", args=args)
    assert _role_of(team, lead) is None
