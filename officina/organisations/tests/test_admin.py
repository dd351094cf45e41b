"""The admin, scoped per organisation: an IT administrator sees and edits only their own."""

import pytest
from django.urls import reverse

from officina.audit.models import AuditEvent
from officina.organisations.models import Employment, OrgUnit, RoleAssignment, Team
from officina.organisations.tests.factories import (
    EmploymentFactory,
    EnteFactory,
    OrgUnitFactory,
    RoleAssignmentFactory,
    TeamFactory,
    TeamMembershipFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def it_admin(organisation, employee):
    RoleAssignmentFactory(organisation=organisation, user=employee, role="it_admin")
    return employee


@pytest.fixture
def foreign_ente():
    return EnteFactory(name="Comune di Altrove")


@pytest.fixture
def admin_client(client, it_admin):
    client.force_login(it_admin)
    return client


def test_it_admin_without_staff_flag_enters_the_admin(admin_client, it_admin):
    response = admin_client.get(reverse("admin:index"))
    assert not it_admin.is_staff
    assert response.status_code == 200
    assert reverse("admin:organisations_team_changelist") in response.text


def test_plain_member_cannot_enter_the_admin(client, employee):
    client.force_login(employee)
    response = client.get(reverse("admin:index"), follow=True)
    assert response.status_code == 403


def test_anonymous_visitor_is_sent_to_the_normal_login_page(client):
    response = client.get(reverse("admin:index"), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("account_login"))


def test_team_changelist_shows_only_teams_of_my_organisation(
    admin_client, organisation, foreign_ente
):
    TeamFactory(organisation=organisation, name="Educatori nidi")
    TeamFactory(organisation=foreign_ente.organisation, name="Squadra straniera")
    response = admin_client.get(reverse("admin:organisations_team_changelist"))
    assert "Educatori nidi" in response.text
    assert "Squadra straniera" not in response.text


def test_people_changelist_shows_only_people_of_my_organisation(
    admin_client, make_employee, foreign_ente
):
    make_employee(last_name="Bertolini")
    stranger = UserFactory(last_name="Forestieri")
    EmploymentFactory(user=stranger, ente=foreign_ente)
    UserFactory(last_name="Operatore", is_staff=True, is_superuser=True)
    response = admin_client.get(reverse("admin:accounts_user_changelist"))
    assert "Bertolini" in response.text
    assert "Forestieri" not in response.text
    assert "Operatore" not in response.text


def test_organisation_changelist_lists_only_mine_and_offers_no_add(
    admin_client, organisation, foreign_ente
):
    response = admin_client.get(reverse("admin:organisations_organisation_changelist"))
    assert organisation.name in response.text
    assert foreign_ente.organisation.name not in response.text
    assert admin_client.get(reverse("admin:organisations_organisation_add")).status_code == 403


def test_change_page_of_a_team_of_another_organisation_is_not_reachable(admin_client, foreign_ente):
    foreign = TeamFactory(organisation=foreign_ente.organisation)
    url = reverse("admin:organisations_team_change", args=[foreign.pk])
    response = admin_client.get(url, follow=True)
    # Django's admin answers a missing object with a redirect to the index and a message.
    assert response.redirect_chain[-1][0] == reverse("admin:index")
    assert foreign.name not in response.text
    assert admin_client.post(url, {"name": "Preso"}).status_code in {302, 403, 404}
    foreign.refresh_from_db()
    assert foreign.name != "Preso"


def test_foreign_key_choices_exclude_other_organisations(admin_client, ente, foreign_ente):
    response = admin_client.get(reverse("admin:organisations_employment_add"))
    assert ente.name in response.text
    assert foreign_ente.name not in response.text


def test_a_choice_of_another_organisation_is_refused(
    admin_client, organisation, foreign_ente, employee
):
    response = admin_client.post(
        reverse("admin:organisations_team_add"),
        {
            "organisation": organisation.pk,
            "name": "Team misto",
            "visibility": Team.Visibility.ENTI,
            "shared_with_enti": [foreign_ente.pk],
            "memberships-TOTAL_FORMS": 0,
            "memberships-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 200
    assert list(response.context["adminform"].form.errors) == ["shared_with_enti"]
    assert not Team.objects.filter(name="Team misto").exists()


def test_admin_change_is_audited_with_the_organisation(admin_client, organisation, it_admin):
    team = TeamFactory(organisation=organisation, name="Prima")
    response = admin_client.post(
        reverse("admin:organisations_team_change", args=[team.pk]),
        {
            "name": "Seconda",
            "description": "",
            "visibility": Team.Visibility.TEAM,
            "memberships-TOTAL_FORMS": 0,
            "memberships-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(action=AuditEvent.Action.ADMIN_CHANGED)
    assert event.organisation == organisation
    assert event.actor == it_admin
    assert event.target_label == "Seconda"


def test_adding_a_member_in_the_admin_is_audited_as_a_membership_change(
    admin_client, organisation, make_employee
):
    team = TeamFactory(organisation=organisation)
    colleague = make_employee()
    response = admin_client.post(
        reverse("admin:organisations_team_change", args=[team.pk]),
        {
            "name": team.name,
            "visibility": Team.Visibility.TEAM,
            "memberships-TOTAL_FORMS": 1,
            "memberships-INITIAL_FORMS": 0,
            "memberships-0-user": colleague.pk,
            "memberships-0-role": "member",
        },
    )
    assert response.status_code == 302
    membership = team.memberships.get()
    assert membership.organisation == organisation
    event = AuditEvent.objects.get(action=AuditEvent.Action.MEMBERSHIP_ADDED)
    assert event.organisation == organisation
    assert event.details["user"] == colleague.pk


def test_granting_a_role_in_the_admin_is_audited(admin_client, organisation, make_employee):
    colleague = make_employee()
    response = admin_client.post(
        reverse("admin:organisations_roleassignment_add"),
        {"organisation": organisation.pk, "user": colleague.pk, "role": "dpo"},
    )
    assert response.status_code == 302
    assert RoleAssignment.objects.filter(user=colleague, role="dpo").exists()
    event = AuditEvent.objects.get(action=AuditEvent.Action.ROLE_GRANTED)
    assert event.organisation == organisation
    assert event.details["role"] == "dpo"


def test_it_admin_creates_a_person_with_their_job(admin_client, organisation, ente):
    response = admin_client.post(
        reverse("admin:accounts_user_add"),
        {
            "email": "nuova.persona@example.org",
            "first_name": "Nuova",
            "last_name": "Persona",
            "usable_password": "false",
            "ente": ente.pk,
            "job_title": "Educatrice",
        },
    )
    assert response.status_code == 302
    employment = Employment.objects.get(user__email="nuova.persona@example.org")
    assert employment.organisation == organisation
    assert employment.job_title == "Educatrice"


def test_it_admin_cannot_make_anyone_superuser(admin_client, make_employee):
    colleague = make_employee()
    admin_client.post(
        reverse("admin:accounts_user_change", args=[colleague.pk]),
        {
            "email": colleague.email,
            "first_name": colleague.first_name,
            "last_name": colleague.last_name,
            "is_active": "on",
            "is_superuser": "on",
            "is_staff": "on",
        },
    )
    colleague.refresh_from_db()
    assert not colleague.is_superuser
    assert not colleague.is_staff


def test_moving_a_unit_updates_its_path_and_those_below(admin_client, organisation, ente):
    settore = OrgUnitFactory(ente=ente, organisation=organisation)
    other = OrgUnitFactory(ente=ente, organisation=organisation)
    ufficio = OrgUnitFactory(ente=ente, organisation=organisation, parent=settore)
    below = OrgUnitFactory(ente=ente, organisation=organisation, parent=ufficio)
    response = admin_client.post(
        reverse("admin:organisations_orgunit_change", args=[ufficio.pk]),
        {"ente": ente.pk, "parent": other.pk, "kind": "ufficio", "name": ufficio.name},
    )
    assert response.status_code == 302
    ufficio.refresh_from_db()
    below.refresh_from_db()
    assert ufficio.path == f"/{other.pk}/{ufficio.pk}/"
    assert below.path == f"/{other.pk}/{ufficio.pk}/{below.pk}/"


def test_new_unit_gets_its_path(admin_client, organisation, ente):
    settore = OrgUnitFactory(ente=ente, organisation=organisation)
    response = admin_client.post(
        reverse("admin:organisations_orgunit_add"),
        {
            "organisation": organisation.pk,
            "ente": ente.pk,
            "parent": settore.pk,
            "kind": "ufficio",
            "name": "Ufficio protocollo",
        },
    )
    assert response.status_code == 302
    unit = OrgUnit.objects.get(name="Ufficio protocollo")
    assert unit.path == f"/{settore.pk}/{unit.pk}/"


def test_audit_log_in_the_admin_is_view_only_and_scoped(admin_client, organisation, foreign_ente):
    mine = AuditEvent.objects.create(
        action=AuditEvent.Action.ROLE_GRANTED, organisation=organisation, target_label="Mio"
    )
    AuditEvent.objects.create(
        action=AuditEvent.Action.ROLE_GRANTED,
        organisation=foreign_ente.organisation,
        target_label="Altrui",
    )
    changelist = admin_client.get(reverse("admin:audit_auditevent_changelist"))
    assert "Mio" in changelist.text
    assert "Altrui" not in changelist.text
    change = admin_client.post(
        reverse("admin:audit_auditevent_change", args=[mine.pk]), {"target_label": "X"}
    )
    assert change.status_code == 403


def test_team_member_of_another_organisation_is_not_offered(admin_client, foreign_ente):
    outsider = UserFactory(last_name="Esterni")
    TeamMembershipFactory(team=TeamFactory(organisation=foreign_ente.organisation), user=outsider)
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "organisations",
            "model_name": "employment",
            "field_name": "user",
            "term": "Esterni",
        },
    )
    assert response.status_code == 200
    assert response.json()["results"] == []
