"""Invitations to join an organisation: only the invited person sees and answers them."""

import html

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from officina.audit.models import AuditEvent
from officina.organisations.models import Employment, OrganisationInvitation, TeamMembership
from officina.organisations.tests.factories import (
    EmploymentFactory,
    EnteFactory,
    OrganisationInvitationFactory,
    OrgUnitFactory,
    TeamFactory,
    TeamMembershipFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

LIST_URL = "/invitations/"
NOT_FOUND = "La pagina richiesta non esiste oppure non hai il permesso di vederla."


@pytest.fixture
def invited(make_employee, other_ente):
    """A person employed elsewhere (B), invited into the fixtures' organisation (A)."""
    elsewhere = EnteFactory(name="Comune di Altrove")
    person = UserFactory(first_name="Mario", last_name="Gallo")
    EmploymentFactory(user=person, ente=elsewhere, organisation=elsewhere.organisation)
    return person


@pytest.fixture
def invitation(organisation, ente, invited, make_employee):
    unit = OrgUnitFactory(ente=ente, organisation=organisation, name="Anagrafe")
    teams = [
        TeamFactory(organisation=organisation, name="Servizi demografici"),
        TeamFactory(organisation=organisation, name="Educatrici infanzia"),
    ]
    return OrganisationInvitationFactory(
        ente=ente,
        user=invited,
        org_unit=unit,
        job_title="Ufficiale d'anagrafe",
        teams=teams,
        invited_by=make_employee(first_name="Irene", last_name="Tecnica"),
    )


def _text(response):
    return html.unescape(response.content.decode())


def _accept_url(invitation):
    return reverse("invitations:invitation-accept", args=[invitation.pk])


def _decline_url(invitation):
    return reverse("invitations:invitation-decline", args=[invitation.pk])


def test_invitation_page_shows_what_each_invitation_offers(client, invitation, invited):
    # given
    client.force_login(invited)

    # when
    response = client.get(reverse("invitations:invitation-list"))

    # then
    page = _text(response)
    assert response.status_code == 200
    assert reverse("invitations:invitation-list") == LIST_URL
    assert "<title>Inviti · Officina</title>" in page
    assert "Unione Tresinaro Secchia" in page
    assert "Comune di Scandiano" in page
    assert "Anagrafe" in page
    assert "Ufficiale d'anagrafe" in page
    assert "Educatrici infanzia, Servizi demografici" in page
    assert "Irene Tecnica" in page
    assert _accept_url(invitation) in page
    assert _decline_url(invitation) in page


def test_invitation_page_lists_neither_answered_invitations_nor_those_of_others(
    client, invitation, invited, organisation
):
    # given
    someone_else = OrganisationInvitationFactory(ente=invitation.ente)
    OrganisationInvitationFactory(ente=EnteFactory(), user=invited, declined_at="2026-11-01T10:00Z")
    client.force_login(invited)

    # when
    page = _text(client.get(LIST_URL))

    # then
    assert _accept_url(invitation) in page
    assert _accept_url(someone_else) not in page
    assert page.count("invitation-accept") == 0  # URL names never leak into the page
    assert page.count('action="/invitations/') == 2  # accept and decline of one invitation


def test_invitation_page_without_invitations_says_so(client, employee):
    client.force_login(employee)

    response = client.get(LIST_URL)

    assert "Nessun invito attende la tua risposta." in _text(response)


def test_invitation_page_runs_the_same_queries_for_one_and_five_invitations(
    client, invited, django_assert_num_queries, session_queries
):
    # given
    client.force_login(invited)
    OrganisationInvitationFactory(user=invited, teams=[TeamFactory()])

    # then: session, user, invitations with what they point to, their teams
    with django_assert_num_queries(3 + session_queries):
        client.get(LIST_URL)
    for _ in range(4):
        OrganisationInvitationFactory(user=invited, teams=[TeamFactory(), TeamFactory()])
    with django_assert_num_queries(3 + session_queries):
        response = client.get(LIST_URL)
    assert _text(response).count('action="/invitations/') == 10


def test_accepting_creates_the_job_and_teams_asked_for_and_lands_in_the_organisation(
    client, invitation, invited, organisation, ente
):
    # given
    client.force_login(invited)

    # when
    response = client.post(_accept_url(invitation), follow=True)

    # then
    home = reverse("organisations:home", args=[organisation.slug])
    assert response.redirect_chain == [(home, 302)]
    assert "Ora fai parte di Unione Tresinaro Secchia." in _text(response)
    employment = Employment.objects.get(organisation=organisation, user=invited)
    assert (employment.ente, employment.org_unit, employment.job_title) == (
        ente,
        invitation.org_unit,
        "Ufficiale d'anagrafe",
    )
    assert set(
        TeamMembership.objects.filter(organisation=organisation, user=invited).values_list(
            "team__name", "role"
        )
    ) == {("Servizi demografici", "member"), ("Educatrici infanzia", "member")}
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None


def test_accepting_is_audited_in_the_organisation_joined(client, invitation, invited, organisation):
    # given
    client.force_login(invited)

    # when
    client.post(_accept_url(invitation))

    # then
    event = AuditEvent.objects.get(action=AuditEvent.Action.INVITATION_ACCEPTED)
    assert (event.organisation, event.actor) == (organisation, invited)
    assert event.details["invited_by"] == invitation.invited_by_id
    assert len(event.details["teams"]) == 2


def test_accepting_keeps_an_existing_team_role(client, invitation, invited, organisation):
    # given: since the invitation, a team lead added the person as a guest to one of the teams
    team = invitation.teams.get(name="Educatrici infanzia")
    TeamMembershipFactory(team=team, user=invited, role=TeamMembership.Role.GUEST)
    client.force_login(invited)

    # when
    client.post(_accept_url(invitation))

    # then
    assert TeamMembership.objects.get(team=team, user=invited).role == TeamMembership.Role.GUEST
    assert TeamMembership.objects.filter(organisation=organisation, user=invited).count() == 2


def test_declining_changes_nothing_and_stays_out_of_the_inviting_organisations_log(
    client, invitation, invited, organisation
):
    # given
    client.force_login(invited)

    # when
    response = client.post(_decline_url(invitation), follow=True)

    # then
    assert response.redirect_chain == [(LIST_URL, 302)]
    assert "Invito di Unione Tresinaro Secchia rifiutato: per te non è cambiato nulla." in (
        _text(response)
    )
    assert not Employment.objects.filter(organisation=organisation, user=invited).exists()
    assert not TeamMembership.objects.filter(organisation=organisation, user=invited).exists()
    invitation.refresh_from_db()
    assert invitation.declined_at is not None
    event = AuditEvent.objects.get(action=AuditEvent.Action.INVITATION_DECLINED)
    assert (event.organisation, event.actor) == (None, invited)
    assert event.details == {"invitation": invitation.pk}


@pytest.mark.parametrize("answer", [_accept_url, _decline_url], ids=["accept", "decline"])
def test_someone_elses_invitation_is_not_found(client, invitation, employee, answer, organisation):
    # given: a colleague of the same organisation tries the invited person's invitation
    client.force_login(employee)

    # when
    response = client.post(answer(invitation))

    # then
    assert response.status_code == 404
    assert NOT_FOUND in _text(response)
    invitation.refresh_from_db()
    assert invitation.is_pending
    assert not TeamMembership.objects.filter(user=employee).exists()


@pytest.mark.parametrize("answer", [_accept_url, _decline_url], ids=["accept", "decline"])
def test_an_answered_invitation_cannot_be_answered_again(client, invitation, invited, answer):
    # given
    client.force_login(invited)
    client.post(_decline_url(invitation))

    # when
    response = client.post(answer(invitation))

    # then
    assert response.status_code == 404
    assert NOT_FOUND in _text(response)
    assert not Employment.objects.filter(
        organisation=invitation.organisation, user=invited
    ).exists()


def test_answers_are_posted_forms_only(client, invitation, invited):
    client.force_login(invited)

    assert client.get(_accept_url(invitation)).status_code == 405
    assert client.get(_decline_url(invitation)).status_code == 405
    invitation.refresh_from_db()
    assert invitation.is_pending


def test_anonymous_visitor_is_sent_to_sign_in_first(client, invitation):
    response = client.get(LIST_URL)

    assert response.status_code == 302
    assert response.url == f"{reverse('account_login')}?next={LIST_URL}"


def test_one_pending_invitation_per_person_and_organisation(invitation):
    with pytest.raises(IntegrityError), transaction.atomic():
        OrganisationInvitationFactory(ente=invitation.ente, user=invitation.user)
    assert OrganisationInvitation.objects.filter(user=invitation.user).count() == 1


# --- Where the person learns of them ---------------------------------------------------------


def test_home_of_my_organisation_tells_me_of_a_pending_invitation(client, invitation, invited):
    # given
    elsewhere = invited.employments.get().organisation
    client.force_login(invited)

    # when
    response = client.get(reverse("organisations:home", args=[elsewhere.slug]))

    # then
    page = _text(response)
    assert "Hai ricevuto un invito a far parte di un'altra organizzazione" in page
    assert f'href="{LIST_URL}"' in page


def test_home_says_nothing_without_pending_invitations(client, employee, organisation):
    client.force_login(employee)

    response = client.get(reverse("organisations:home", args=[organisation.slug]))

    assert "far parte di un'altra organizzazione" not in _text(response)


def test_root_sends_a_person_of_no_organisation_to_their_invitations(client, ente):
    # given
    person = UserFactory()
    OrganisationInvitationFactory(ente=ente, user=person)
    client.force_login(person)

    # when
    response = client.get(reverse("home"))

    # then
    assert (response.status_code, response.url) == (302, LIST_URL)
