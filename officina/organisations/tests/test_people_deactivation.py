"""A person who leaves: HR (of their ente) or IT deactivates them from their page."""

import pytest
from django.test import Client
from django.urls import reverse

from officina.accounts.models import User
from officina.accounts.tokens import token_create
from officina.audit.models import AuditEvent
from officina.common.exceptions import DomainError, NotFound
from officina.organisations.models import Employment, RoleAssignment, TeamMembership
from officina.organisations.services.people import person_deactivate
from officina.organisations.tests.factories import (
    EmploymentFactory,
    EnteFactory,
    RoleAssignmentFactory,
    TeamFactory,
    TeamMembershipFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def hr(make_employee, organisation, ente):
    user = make_employee(first_name="Rita", last_name="Personale")
    RoleAssignmentFactory(organisation=organisation, user=user, role="hr", ente=ente)
    return user


@pytest.fixture
def leaver(make_employee):
    return make_employee(first_name="Paolo", last_name="Uscente")


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _deactivate_url(organisation, user) -> str:
    return reverse("organisations:person-deactivate", args=[organisation.slug, user.pk])


def _employment(user, organisation) -> Employment:
    return Employment.objects.get(user=user, organisation=organisation)


def test_hr_deactivates_a_person_of_their_ente_and_reads_the_outcome(organisation, hr, leaver):
    # given
    client = _signed_in(hr)
    # when
    response = client.post(_deactivate_url(organisation, leaver), {"confirm": "on"}, follow=True)
    # then
    page = response.content.decode()
    assert "Profilo di Paolo Uscente disattivato" in page
    assert not _employment(leaver, organisation).is_active
    leaver.refresh_from_db()
    assert not leaver.is_active


def test_deactivation_needs_the_confirmation(organisation, hr, leaver):
    response = _signed_in(hr).post(_deactivate_url(organisation, leaver), {})
    assert response.status_code == 200
    assert _employment(leaver, organisation).is_active


def test_the_leaver_is_signed_out_everywhere(organisation, hr, leaver, actor_of):
    # given the leaver is signed in in a browser
    browser = _signed_in(leaver)
    home = reverse("organisations:home", args=[organisation.slug])
    assert browser.get(home).status_code == 200
    # when HR deactivates them
    person_deactivate(
        actor=actor_of(hr, organisation),
        employment=_employment(leaver, organisation),
        successor=None,
    )
    # then their next request finds them signed out
    response = browser.get(home)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_a_person_still_employed_elsewhere_keeps_the_account_but_not_the_session(
    organisation, hr, leaver, actor_of
):
    # given the leaver also works for another organisation
    elsewhere = EnteFactory()
    EmploymentFactory(user=leaver, ente=elsewhere)
    browser = _signed_in(leaver)
    other_home = reverse("organisations:home", args=[elsewhere.organisation.slug])
    our_home = reverse("organisations:home", args=[organisation.slug])
    assert browser.get(other_home).status_code == 200
    assert browser.get(our_home).status_code == 200  # their actor here is now cached
    # when
    done = person_deactivate(
        actor=actor_of(hr, organisation),
        employment=_employment(leaver, organisation),
        successor=None,
    )
    # then the account stays (the other organisation holds it), every session ends
    leaver.refresh_from_db()
    assert leaver.is_active
    assert not done.account_closed
    assert browser.get(other_home).status_code == 302
    again = _signed_in(leaver)
    assert again.get(other_home).status_code == 200
    assert again.get(our_home).status_code == 404


def test_the_leaver_s_api_token_is_refused(client, organisation, hr, leaver, actor_of):
    # given
    secret = token_create(user=leaver, name="Script")[1]
    url = reverse("organisations-api:team-list", kwargs={"org_slug": organisation.slug})
    assert client.get(url, headers={"authorization": f"Bearer {secret}"}).status_code == 200
    # when
    done = person_deactivate(
        actor=actor_of(hr, organisation),
        employment=_employment(leaver, organisation),
        successor=None,
    )
    # then
    assert done.tokens_revoked == 1
    assert client.get(url, headers={"authorization": f"Bearer {secret}"}).status_code == 401
    assert leaver.access_tokens.get().revoked_at is not None


def test_the_leaver_leaves_every_team_and_role_audited(organisation, ente, hr, leaver, actor_of):
    # given
    team = TeamFactory(organisation=organisation, name="Tributi")
    TeamMembershipFactory(team=team, user=leaver, role=TeamMembership.Role.MEMBER)
    RoleAssignmentFactory(organisation=organisation, user=leaver, role="hr", ente=ente)
    # when
    person_deactivate(
        actor=actor_of(hr, organisation),
        employment=_employment(leaver, organisation),
        successor=None,
    )
    # then
    assert not TeamMembership.objects.filter(user=leaver).exists()
    assert not RoleAssignment.objects.filter(user=leaver).exists()
    actions = set(AuditEvent.objects.filter(actor=hr).values_list("action", flat=True))
    assert {"membership_removed", "role_revoked", "person_deactivated"} <= actions
    event = AuditEvent.objects.get(action="person_deactivated")
    assert event.details["teams"] == ["Tributi"]
    assert event.details["user"] == leaver.pk


def test_the_last_lead_leaves_and_hr_is_told_the_team_has_no_lead(
    organisation, hr, leaver, actor_of
):
    # given
    team = TeamFactory(organisation=organisation, name="Tributi")
    TeamMembershipFactory(team=team, user=leaver, role=TeamMembership.Role.LEAD)
    # when
    done = person_deactivate(
        actor=actor_of(hr, organisation),
        employment=_employment(leaver, organisation),
        successor=None,
    )
    # then
    assert done.teams_without_lead == ["Tributi"]
    assert not team.memberships.exists()


@pytest.mark.parametrize("who", ["employee", "hr_of_another_ente", "dpo", "manager"])
def test_only_hr_of_the_ente_and_it_reach_the_page_and_the_deactivation(
    organisation, other_ente, make_employee, leaver, who
):
    # given
    user = make_employee()
    if who == "hr_of_another_ente":
        RoleAssignmentFactory(organisation=organisation, user=user, role="hr", ente=other_ente)
    elif who == "dpo":
        RoleAssignmentFactory(organisation=organisation, user=user, role="dpo")
    client = _signed_in(user)
    # when
    page = client.get(reverse("organisations:person-detail", args=[organisation.slug, leaver.pk]))
    form = client.get(_deactivate_url(organisation, leaver))
    posted = client.post(_deactivate_url(organisation, leaver), {"confirm": "on"})
    # then
    assert page.status_code == form.status_code == posted.status_code == 404
    assert _employment(leaver, organisation).is_active


def test_it_admin_may_deactivate_anybody_of_the_organisation(
    organisation, other_ente, make_employee, actor_of
):
    it_admin = make_employee()
    RoleAssignmentFactory(organisation=organisation, user=it_admin, role="it_admin")
    leaver = make_employee(ente=other_ente)
    response = _signed_in(it_admin).post(_deactivate_url(organisation, leaver), {"confirm": "on"})
    assert response.status_code == 302
    assert not _employment(leaver, organisation).is_active


def test_hr_of_another_organisation_gets_404(organisation, leaver):
    # given HR of another organisation, looking at our person through their own address
    ente_b = EnteFactory()
    hr_b = EmploymentFactory(ente=ente_b).user
    RoleAssignmentFactory(organisation=ente_b.organisation, user=hr_b, role="hr", ente=ente_b)
    client = _signed_in(hr_b)
    # when
    own_address = client.get(_deactivate_url(ente_b.organisation, leaver))
    our_address = client.post(_deactivate_url(organisation, leaver), {"confirm": "on"})
    # then
    assert own_address.status_code == our_address.status_code == 404
    assert _employment(leaver, organisation).is_active


def test_the_service_refuses_someone_outside_the_actor_s_scope(
    organisation, other_ente, hr, make_employee, actor_of
):
    leaver = make_employee(ente=other_ente)
    with pytest.raises(NotFound):
        person_deactivate(
            actor=actor_of(hr, organisation),
            employment=_employment(leaver, organisation),
            successor=None,
        )


def test_hr_cannot_deactivate_themselves(organisation, hr, actor_of):
    with pytest.raises(DomainError):
        person_deactivate(
            actor=actor_of(hr, organisation),
            employment=_employment(hr, organisation),
            successor=None,
        )
    assert User.objects.get(pk=hr.pk).is_active
