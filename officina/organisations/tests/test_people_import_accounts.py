"""Addresses of existing accounts in an import: nobody is linked to the importing organisation
without their consent, and the preview tells an account elsewhere from an unknown address in no way.
"""

import html
import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from officina.accounts.models import User
from officina.audit.models import AuditEvent
from officina.organisations.models import (
    Employment,
    OrganisationInvitation,
    RoleAssignment,
    TeamMembership,
)
from officina.organisations.tests.factories import (
    EmploymentFactory,
    EnteFactory,
    RoleAssignmentFactory,
    TeamFactory,
    TeamMembershipFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

HEADER = "nome;cognome;email;ente;ufficio;qualifica;team"
# The same length, so that nothing but the address itself differs between two files.
ELSEWHERE = "mario.gallo@altrove.example.org"
NOWHERE = "mario.gallo@nessuno.example.org"
# Values that differ on every page or with the file's bytes, whoever is imported.
_RANDOM_PARTS = (
    re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]+'),
    re.compile(r'("X-CSRFToken": ")[^"]+'),
    re.compile(r'(name="file_hash" value=")[^"]+'),
)


@pytest.fixture
def it_admin(organisation, make_employee):
    user = make_employee(email="it@unione.example.org")
    RoleAssignmentFactory(organisation=organisation, user=user, role=RoleAssignment.Role.IT_ADMIN)
    return user


@pytest.fixture
def hr_of_ente(organisation, ente, make_employee):
    user = make_employee(email="personale@scandiano.example.org")
    RoleAssignmentFactory(
        organisation=organisation, user=user, role=RoleAssignment.Role.HR, ente=ente
    )
    return user


@pytest.fixture
def team(organisation):
    return TeamFactory(organisation=organisation, name="Educatrici infanzia")


def _employed_elsewhere():
    ente = EnteFactory(name="Comune di Altrove")
    person = UserFactory(email=ELSEWHERE, first_name="Mario", last_name="Gallo")
    EmploymentFactory(user=person, ente=ente, organisation=ente.organisation)
    return person


def _guest_elsewhere():
    person = UserFactory(email=ELSEWHERE, first_name="Mario", last_name="Gallo")
    TeamMembershipFactory(team=TeamFactory(), user=person)
    return person


def _installation_operator():
    return UserFactory(email=ELSEWHERE, is_staff=True, is_superuser=True)


def _account_of_no_organisation():
    return UserFactory(email=ELSEWHERE)


ACCOUNTS_ELSEWHERE = pytest.mark.parametrize(
    "make_account",
    [_employed_elsewhere, _guest_elsewhere, _installation_operator, _account_of_no_organisation],
    ids=["employed-elsewhere", "guest-elsewhere", "operator", "no-organisation"],
)


def _line(email, teams="Educatrici infanzia"):
    return f"Mario;Gallo;{email};Comune di Scandiano;;Istruttore;{teams}"


def _preview(client, organisation, email):
    content = "\r\n".join([HEADER, _line(email)]).encode("utf-8-sig")
    file = SimpleUploadedFile("persone.csv", content, content_type="text/csv")
    url = reverse("organisations:person-import", kwargs={"org_slug": organisation.slug})
    return client.post(url, {"file": file})


def _confirm(client, organisation, preview, **kwargs):
    url = reverse("organisations:person-import", kwargs={"org_slug": organisation.slug})
    file_hash = preview.context["confirm_form"]["file_hash"].value()
    return client.post(url, {"file_hash": file_hash}, **kwargs)


def _page_without(response, email):
    """The page with the address and the per-request random values blanked."""
    page = response.content.decode().replace(email, "ADDRESS")
    for pattern in _RANDOM_PARTS:
        page = pattern.sub(r"\1RANDOM", page)
    return page


def _import_and_tell(client, organisation, email):
    """Preview and confirm a one-row file; return the page, the message and the audit details."""
    preview = _preview(client, organisation, email)
    response = _confirm(client, organisation, preview, follow=True)
    message = [str(m) for m in response.context["messages"]]
    event = AuditEvent.objects.filter(action=AuditEvent.Action.PEOPLE_IMPORTED).latest("pk")
    details = {key: value for key, value in event.details.items() if key != "file"}
    return _page_without(preview, email), message, details


@ACCOUNTS_ELSEWHERE
@pytest.mark.parametrize("importer", ["it_admin", "hr_of_ente"])
def test_preview_of_an_account_elsewhere_is_the_preview_of_an_unknown_address(
    client, organisation, team, make_account, importer, request
):
    # given
    make_account()
    client.force_login(request.getfixturevalue(importer))

    # when
    elsewhere = _preview(client, organisation, ELSEWHERE)
    nowhere = _preview(client, organisation, NOWHERE)

    # then: byte for byte the same page, but for the address
    assert _page_without(elsewhere, ELSEWHERE) == _page_without(nowhere, NOWHERE)
    assert "Ha già un account" not in html.unescape(elsewhere.content.decode())


@ACCOUNTS_ELSEWHERE
def test_confirmed_import_never_links_an_account_elsewhere(
    client, organisation, team, it_admin, make_account
):
    # given
    person = make_account()
    client.force_login(it_admin)
    preview = _preview(client, organisation, ELSEWHERE)

    # when
    _confirm(client, organisation, preview)

    # then: no job and no team here until the person says yes
    assert not Employment.objects.filter(organisation=organisation, user=person).exists()
    assert not TeamMembership.objects.filter(organisation=organisation, user=person).exists()


@ACCOUNTS_ELSEWHERE
def test_import_of_an_account_elsewhere_reports_what_a_new_address_reports(
    client, organisation, team, it_admin, make_account
):
    # given
    make_account()
    client.force_login(it_admin)

    # when
    elsewhere = _import_and_tell(client, organisation, ELSEWHERE)
    nowhere = _import_and_tell(client, organisation, NOWHERE)

    # then: the same preview, the same confirmation message, the same audit details
    assert elsewhere == nowhere
    assert elsewhere[1] == [
        "Importazione completata: 1 persone aggiunte, 0 aggiornate, 1 iscrizioni ai team aggiunte."
    ]


# --- What each person receives -----------------------------------------------------------


def _import_by_mail(client, organisation, email, capture):
    """Preview and confirm, running what waits for the commit (the e-mail tasks)."""
    preview = _preview(client, organisation, email)
    with capture(execute=True):
        _confirm(client, organisation, preview)
    return [message for message in mail.outbox if message.to == [email]]


def test_new_person_is_welcomed_with_a_link_that_sets_a_password(
    client, organisation, team, it_admin, django_capture_on_commit_callbacks
):
    # given
    client.force_login(it_admin)

    # when
    sent = _import_by_mail(client, organisation, NOWHERE, django_capture_on_commit_callbacks)

    # then: one e-mail, in Italian, whose link lets the person choose a password
    assert len(sent) == 1
    assert sent[0].subject == "Il tuo account Officina per Unione Tresinaro Secchia"
    link = re.search(r"http://testserver(/accounts/password/reset/key/\S+/)", sent[0].body)
    assert link is not None, sent[0].body
    assert "Password dimenticata?" in sent[0].body
    client.logout()
    form = client.get(link.group(1), follow=True)
    done = client.post(
        form.redirect_chain[-1][0],
        {"password1": "Tresinaro-Secchia-2026!", "password2": "Tresinaro-Secchia-2026!"},
    )
    assert done.status_code == 302
    person = User.objects.get(email=NOWHERE)
    assert person.check_password("Tresinaro-Secchia-2026!")


@ACCOUNTS_ELSEWHERE
def test_account_elsewhere_gets_an_invitation_by_email_and_nothing_else(
    client, organisation, team, it_admin, make_account, django_capture_on_commit_callbacks
):
    # given
    person = make_account()
    client.force_login(it_admin)

    # when
    sent = _import_by_mail(client, organisation, ELSEWHERE, django_capture_on_commit_callbacks)

    # then
    assert len(sent) == 1
    assert sent[0].subject == "Invito a far parte di Unione Tresinaro Secchia su Officina"
    assert "http://testserver/invitations/" in sent[0].body
    assert "/accounts/password/reset/key/" not in sent[0].body
    invitation = OrganisationInvitation.objects.get(user=person)
    assert invitation.is_pending
    assert (invitation.ente.name, invitation.job_title) == ("Comune di Scandiano", "Istruttore")
    assert list(invitation.teams.all()) == [team]


def test_accepted_invitation_gives_what_the_import_gives_a_new_person(
    client, organisation, team, it_admin, django_capture_on_commit_callbacks
):
    # given: the same row imported for a new address and for an account elsewhere
    person = _employed_elsewhere()
    client.force_login(it_admin)
    _import_by_mail(client, organisation, NOWHERE, django_capture_on_commit_callbacks)
    _import_by_mail(client, organisation, ELSEWHERE, django_capture_on_commit_callbacks)

    # when
    client.force_login(person)
    invitation = OrganisationInvitation.objects.get(user=person)
    client.post(reverse("invitations:invitation-accept", args=[invitation.pk]))

    # then
    def place(email):
        employment = Employment.objects.get(organisation=organisation, user__email=email)
        teams = TeamMembership.objects.filter(organisation=organisation, user__email=email)
        return (
            (employment.ente_id, employment.org_unit_id, employment.job_title),
            set(teams.values_list("team_id", "role")),
        )

    assert place(ELSEWHERE) == place(NOWHERE)


def test_importing_a_pending_invitee_again_updates_the_invitation_without_a_second_email(
    client, organisation, team, it_admin, django_capture_on_commit_callbacks
):
    # given
    person = _employed_elsewhere()
    other_team = TeamFactory(organisation=organisation, name="Servizi demografici")
    client.force_login(it_admin)
    _import_by_mail(client, organisation, ELSEWHERE, django_capture_on_commit_callbacks)
    content = "\r\n".join([HEADER, _line(ELSEWHERE, teams="Servizi demografici")])
    file = SimpleUploadedFile("persone.csv", content.encode(), content_type="text/csv")
    url = reverse("organisations:person-import", kwargs={"org_slug": organisation.slug})

    # when
    with django_capture_on_commit_callbacks(execute=True):
        _confirm(client, organisation, client.post(url, {"file": file}))

    # then
    invitation = OrganisationInvitation.objects.get(user=person)
    assert set(invitation.teams.all()) == {team, other_team}
    assert len([m for m in mail.outbox if m.to == [ELSEWHERE]]) == 1


def test_guest_of_a_team_here_is_linked_directly_with_a_note_that_says_so(
    client, organisation, team, it_admin
):
    # given: someone already in one of this organisation's teams, as a guest
    person = UserFactory(email=ELSEWHERE)
    TeamMembershipFactory(team=team, user=person, role=TeamMembership.Role.GUEST)
    client.force_login(it_admin)

    # when
    preview = _preview(client, organisation, ELSEWHERE)
    _confirm(client, organisation, preview)

    # then
    assert "Già ospite di un team dell'organizzazione" in html.unescape(preview.content.decode())
    assert Employment.objects.filter(organisation=organisation, user=person).exists()
    assert not OrganisationInvitation.objects.filter(user=person).exists()


def test_installation_operator_in_a_team_here_is_still_only_invited(
    client, organisation, team, it_admin
):
    # given
    operator = UserFactory(email=ELSEWHERE, is_staff=True, is_superuser=True)
    TeamMembershipFactory(team=team, user=operator, role=TeamMembership.Role.GUEST)
    client.force_login(it_admin)

    # when
    _confirm(client, organisation, _preview(client, organisation, ELSEWHERE))

    # then
    assert not Employment.objects.filter(user=operator).exists()
    assert OrganisationInvitation.objects.filter(user=operator, organisation=organisation).exists()


def test_employee_here_who_also_works_elsewhere_is_updated_as_before(
    client, organisation, ente, team, it_admin
):
    # given
    person = _employed_elsewhere()
    EmploymentFactory(user=person, ente=ente, organisation=organisation, job_title="Vecchio")
    client.force_login(it_admin)

    # when
    preview = _preview(client, organisation, ELSEWHERE)
    _confirm(client, organisation, preview)

    # then
    assert "Aggiornamento" in html.unescape(preview.content.decode())
    assert Employment.objects.get(organisation=organisation, user=person).job_title == "Istruttore"
    assert not OrganisationInvitation.objects.filter(user=person).exists()
