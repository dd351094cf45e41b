"""HR's export of the staff directory: CSV, ODS and Excel, with the directory's filters."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from officina.common.tests.readers import read_table
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

FORMATS = ("csv", "ods", "xlsx")
HEADERS = ["Surname", "Name", "E-mail", "Public body", "Unit", "Job title", "Active", "Teams"]


@pytest.fixture
def hr(make_employee, organisation, ente):
    user = make_employee(first_name="Rita", last_name="Amati", email="rita@example.org")
    RoleAssignmentFactory(organisation=organisation, user=user, role="hr", ente=ente)
    return user


@pytest.fixture
def people(organisation, ente, other_ente, make_employee):
    """Paolo Verdi in two teams of Scandiano; Luca Rossi at Viano; a stranger elsewhere."""
    paolo = make_employee(first_name="Paolo", last_name="Verdi", email="paolo@example.org")
    employment = paolo.employments.get()
    employment.org_unit = OrgUnitFactory(ente=ente, name="Tributi")
    employment.job_title = "Istruttore"
    employment.save()
    for name in ("Riscossione", "Bilancio"):
        TeamMembershipFactory(team=TeamFactory(organisation=organisation, name=name), user=paolo)
    make_employee(ente=other_ente, first_name="Luca", last_name="Rossi")
    stranger = UserFactory(first_name="Estraneo", last_name="Altrove")
    EmploymentFactory(user=stranger, ente=EnteFactory(name="Comune di Fuori"))
    return paolo


def _export(user, organisation, fmt: str, **filters) -> list[list[str]]:
    client = Client(headers={"accept-language": "en"})
    client.force_login(user)
    client.cookies["django_language"] = "en"
    response = client.get(
        reverse(f"organisations:person-export-{fmt}", args=[organisation.slug]), filters
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="persone-')
    return read_table(fmt, response.content)


@pytest.mark.parametrize("fmt", FORMATS)
def test_hr_exports_the_people_of_their_ente_with_their_teams(organisation, hr, people, fmt):
    rows = _export(hr, organisation, fmt)
    assert rows[0] == HEADERS
    assert [row[0] for row in rows[1:]] == ["Amati", "Verdi"]  # not Viano's, not another org's
    verdi = rows[2]
    assert verdi[:6] == [
        "Verdi",
        "Paolo",
        "paolo@example.org",
        "Comune di Scandiano",
        "Tributi",
        "Istruttore",
    ]
    assert verdi[6] == "yes"
    assert verdi[7] == "Bilancio; Riscossione"


@pytest.mark.parametrize("fmt", FORMATS)
def test_it_admin_exports_everybody_of_the_organisation_and_nobody_else(
    organisation, make_employee, people, fmt
):
    it_admin = make_employee(last_name="Zeta")
    RoleAssignmentFactory(organisation=organisation, user=it_admin, role="it_admin")
    rows = _export(it_admin, organisation, fmt)
    surnames = [row[0] for row in rows[1:]]
    assert surnames == ["Rossi", "Verdi", "Zeta"]
    assert "Altrove" not in surnames


def test_the_export_follows_the_directory_s_search_and_ente(
    organisation, ente, make_employee, people
):
    it_admin = make_employee(last_name="Zeta")
    RoleAssignmentFactory(organisation=organisation, user=it_admin, role="it_admin")
    assert [r[0] for r in _export(it_admin, organisation, "csv", q="verdi")[1:]] == ["Verdi"]
    by_ente = _export(it_admin, organisation, "csv", ente=str(ente.pk))
    assert [r[0] for r in by_ente[1:]] == ["Verdi", "Zeta"]


@pytest.mark.parametrize("role", [None, "dpo"])
def test_others_get_404(organisation, make_employee, people, role):
    user = make_employee()
    if role == "dpo":
        RoleAssignmentFactory(organisation=organisation, user=user, role="dpo")
    client = Client()
    client.force_login(user)
    for fmt in FORMATS:
        url = reverse(f"organisations:person-export-{fmt}", args=[organisation.slug])
        assert client.get(url).status_code == 404


def test_the_directory_offers_the_export_to_hr(organisation, hr):
    client = Client()
    client.force_login(hr)
    html = client.get(reverse("organisations:person-list", args=[organisation.slug])).content
    assert b"export.ods" in html


def test_the_export_runs_the_same_queries_for_1_and_40_people(
    organisation, ente, make_employee, warm_access
):
    # given an IT administrator and one person, then forty, each in a team
    it_admin = make_employee(last_name="Zeta")
    RoleAssignmentFactory(organisation=organisation, user=it_admin, role="it_admin")
    team = TeamFactory(organisation=organisation)
    client = Client()
    client.force_login(it_admin)
    warm_access(it_admin, organisation)
    url = reverse("organisations:person-export-xlsx", args=[organisation.slug])

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    TeamMembershipFactory(team=team, user=make_employee())
    one = count()
    for _ in range(39):
        TeamMembershipFactory(team=team, user=make_employee())
    assert count() == one


def test_hr_exports_the_people_who_left(organisation, hr, people):
    employment = people.employments.get()
    employment.is_active = False
    employment.save()
    rows = _export(hr, organisation, "csv", former="1")
    assert [row[:2] + row[6:7] for row in rows[1:]] == [["Verdi", "Paolo", "no"]]
