"""Importing people from CSV/XLSX: preview, Italian row errors, rights, all-or-nothing, speed.

One module past 400 lines: every test reads a file through the same preview and import pages
(test_people_import_accounts.py holds those about accounts of other organisations)."""

import html as html_lib
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from officina.accounts.models import User
from officina.audit.models import AuditEvent
from officina.organisations.models import (
    Employment,
    OrganisationInvitation,
    RoleAssignment,
    TeamMembership,
)
from officina.organisations.people_files import ImportRow
from officina.organisations.services.people_import import PeopleImportError, people_import_apply
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

HEADER = "nome;cognome;email;ente;ufficio;qualifica;team"
SITE = "https://officina.example.org"


@pytest.fixture
def it_admin(organisation, make_employee):
    user = make_employee(email="it@unione.example.org")
    RoleAssignmentFactory(organisation=organisation, user=user, role=RoleAssignment.Role.IT_ADMIN)
    return user


@pytest.fixture
def hr_of_ente(organisation, ente, make_employee):
    user = make_employee(ente=ente, email="personale@scandiano.example.org")
    RoleAssignmentFactory(
        organisation=organisation, user=user, role=RoleAssignment.Role.HR, ente=ente
    )
    return user


@pytest.fixture
def anagrafe(organisation, ente):
    return OrgUnitFactory(ente=ente, organisation=organisation, name="Anagrafe")


@pytest.fixture
def team(organisation):
    return TeamFactory(organisation=organisation, name="Educatrici infanzia")


def import_url(organisation, name="person-import"):
    return reverse(f"organisations:{name}", kwargs={"org_slug": organisation.slug})


def csv_upload(*lines, name="persone.csv", encoding="utf-8-sig"):
    return SimpleUploadedFile(name, "\r\n".join(lines).encode(encoding), content_type="text/csv")


def upload(client, organisation, file):
    return client.post(import_url(organisation), {"file": file})


def confirm(client, organisation, preview):
    file_hash = preview.context["confirm_form"]["file_hash"].value()
    return client.post(import_url(organisation), {"file_hash": file_hash})


def page_text(response):
    return html_lib.unescape(response.content.decode())


def row(line=2, **values):
    data = {
        "line": line,
        "first_name": "Giulia",
        "last_name": "Ferrari",
        "email": f"nuovo{line}@scandiano.example.org",
        "ente": "Comune di Scandiano",
        "org_unit": "",
        "job_title": "Istruttore amministrativo",
        "teams": "",
    }
    return ImportRow(**(data | values))  # type: ignore[typeddict-item]


# --- Reading files and the preview ---------------------------------------------------------


def test_csv_with_semicolons_and_bom_shows_each_row_as_new_and_saves_nothing(
    client, organisation, it_admin, anagrafe, team
):
    # given
    client.force_login(it_admin)
    file = csv_upload(
        HEADER,
        "Giulia;Ferrari;giulia.ferrari@scandiano.example.org;Comune di Scandiano;Anagrafe;"
        "Istruttore;Educatrici infanzia",
        "Luca;Bertolini;LUCA.BERTOLINI@scandiano.example.org;scandiano;;;",
    )
    # when
    response = upload(client, organisation, file)
    # then
    content = page_text(response)
    assert response.status_code == 200
    assert [r.status for r in response.context["results"]] == ["new", "new"]
    assert "luca.bertolini@scandiano.example.org" in content
    assert "2 nuove persone" in content
    assert "Conferma importazione" in content
    assert "disabled" not in content.split("Conferma importazione")[0].rsplit("<button", 1)[1]
    assert (
        not User.objects.filter(email__endswith="@scandiano.example.org")
        .exclude(pk=it_admin.pk)
        .exists()
    )


def test_confirming_the_preview_creates_people_employments_and_team_memberships(
    client, organisation, ente, it_admin, anagrafe, team
):
    # given
    client.force_login(it_admin)
    preview = upload(
        client,
        organisation,
        csv_upload(
            HEADER,
            "Giulia;Ferrari;giulia.ferrari@scandiano.example.org;Comune di Scandiano;Anagrafe;"
            "Istruttore;Educatrici infanzia",
        ),
    )
    # when
    response = confirm(client, organisation, preview)
    # then
    assert response.status_code == 302
    assert response.url == import_url(organisation, "person-list")
    person = User.objects.get(email="giulia.ferrari@scandiano.example.org")
    assert (person.first_name, person.last_name) == ("Giulia", "Ferrari")
    assert not person.has_usable_password()
    employment = Employment.objects.get(user=person, organisation=organisation)
    assert (employment.ente, employment.org_unit, employment.job_title) == (
        ente,
        anagrafe,
        "Istruttore",
    )
    assert TeamMembership.objects.get(user=person, team=team).role == "member"
    event = AuditEvent.objects.get(action=AuditEvent.Action.PEOPLE_IMPORTED)
    assert event.details["created"] == 1
    assert event.details["memberships_added"] == 1
    followed = client.get(response.url)
    assert "Importazione completata: 1 persone aggiunte" in page_text(followed)


def test_xlsx_file_is_read_like_a_csv(client, organisation, it_admin):
    # given
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Nome e cognome", "E-mail", "Ente", "Qualifica"])
    sheet.append(["Anna Maria De Luca", "anna.deluca@scandiano.example.org", "Scandiano", 42])
    buffer = io.BytesIO()
    workbook.save(buffer)
    file = SimpleUploadedFile("persone.xlsx", buffer.getvalue())
    client.force_login(it_admin)
    # when
    response = upload(client, organisation, file)
    # then
    [result] = response.context["results"]
    assert result.status == "new"
    assert (result.row["first_name"], result.row["last_name"]) == ("Anna Maria", "De Luca")
    assert result.row["job_title"] == "42"


def test_windows_1252_csv_with_commas_keeps_accented_names(client, organisation, it_admin):
    client.force_login(it_admin)
    file = csv_upload(
        "Nome,Cognome,Email,Ente",
        "Niccolò,Fanò,niccolo.fano@scandiano.example.org,Comune di Scandiano",
        encoding="cp1252",
    )

    response = upload(client, organisation, file)

    [result] = response.context["results"]
    assert result.status == "new"
    assert result.full_name == "Niccolò Fanò"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("persone.pdf", b"%PDF-1.4", "Si possono importare solo file CSV (.csv) ed Excel (.xlsx)"),
        ("persone.xlsx", b"not a zip file", "non è un file Excel (.xlsx) valido"),
        ("persone.csv", b"nome;cognome\r\nAnna;Rossi", "Colonne mancanti: email; ente."),
    ],
)
def test_unusable_file_is_refused_with_a_message_linked_to_the_file_field(
    client, organisation, it_admin, name, content, message
):
    client.force_login(it_admin)

    response = upload(client, organisation, SimpleUploadedFile(name, content))

    html = page_text(response)
    assert message in html
    assert 'aria-describedby="id_file-help id_file-errors"' in html
    assert 'id="id_file-errors"' in html
    assert "results" not in response.context


def test_file_with_too_many_rows_is_refused(client, organisation, it_admin):
    client.force_login(it_admin)
    lines = [f"A;B;p{n}@example.org;Scandiano" for n in range(5001)]

    response = upload(client, organisation, csv_upload("nome;cognome;email;ente", *lines))

    assert "Il file ha più di 5000 righe" in page_text(response)


# --- Row errors, in Italian ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (";Ferrari;g.ferrari@scandiano.example.org;Scandiano;;;", "Nome o cognome mancante."),
        ("Giulia;Ferrari;giulia@;Scandiano;;;", "Indirizzo e-mail non valido: giulia@."),
        ("Giulia;Ferrari;g.ferrari@scandiano.example.org;Comune di Carpi;;;", "Ente sconosciuto"),
        (
            "Giulia;Ferrari;g.ferrari@scandiano.example.org;Scandiano;Tributi;;",
            "Ufficio sconosciuto nell'ente Comune di Scandiano: Tributi.",
        ),
        (
            "Giulia;Ferrari;g.ferrari@scandiano.example.org;Scandiano;;;Scacchi",
            "Team sconosciuto: Scacchi.",
        ),
    ],
)
def test_each_row_error_is_shown_in_italian_and_blocks_the_import(
    client, organisation, it_admin, line, message
):
    # given
    client.force_login(it_admin)
    # when
    response = upload(client, organisation, csv_upload(HEADER, line))
    # then
    html = page_text(response)
    assert message in html
    assert "Errore" in html
    assert "non verrà importato nulla finché non sarà corretto" in html
    button = html.split("Conferma importazione")[0].rsplit("<button", 1)[1]
    assert "disabled" in button


def test_repeated_email_is_reported_on_its_second_line(client, organisation, it_admin):
    client.force_login(it_admin)
    file = csv_upload(
        HEADER,
        "Giulia;Ferrari;g.ferrari@scandiano.example.org;Scandiano;;;",
        "Gino;Ferrari;G.Ferrari@scandiano.example.org;Scandiano;;;",
    )

    response = upload(client, organisation, file)

    first, second = response.context["results"]
    assert first.errors == []
    assert second.errors == ["Indirizzo e-mail ripetuto nel file (compare già alla riga 2)."]


def test_unit_named_twice_in_an_ente_needs_its_path(client, organisation, ente, it_admin):
    # given: two "Segreteria" offices, under two settori
    for settore_name in ("Affari generali", "Servizi sociali"):
        settore = OrgUnitFactory(ente=ente, organisation=organisation, name=settore_name)
        OrgUnitFactory(ente=ente, organisation=organisation, parent=settore, name="Segreteria")
    client.force_login(it_admin)
    file = csv_upload(
        HEADER,
        "Anna;Rossi;a.rossi@scandiano.example.org;Scandiano;Segreteria;;",
        "Bruno;Rossi;b.rossi@scandiano.example.org;Scandiano;Servizi sociali > Segreteria;;",
    )
    # when
    response = upload(client, organisation, file)
    # then
    ambiguous, by_path = response.context["results"]
    assert "ci sono più uffici chiamati «Segreteria»" in ambiguous.errors[0]
    assert by_path.unit.label == "Servizi sociali > Segreteria"


# --- Who may import, and into which ente ---------------------------------------------------


def test_hr_of_one_ente_cannot_import_into_another(
    client, organisation, ente, other_ente, hr_of_ente
):
    # given
    client.force_login(hr_of_ente)
    file = csv_upload(
        HEADER,
        "Anna;Rossi;a.rossi@scandiano.example.org;Comune di Scandiano;;;",
        "Bruno;Bianchi;b.bianchi@viano.example.org;Comune di Viano;;;",
    )
    # when
    response = upload(client, organisation, file)
    # then
    own, other = response.context["results"]
    assert own.status == "new"
    assert other.errors == ["Non è autorizzato a importare persone nell'ente Comune di Viano."]


def test_hr_service_call_for_another_ente_imports_nothing(
    organisation, other_ente, hr_of_ente, actor_of
):
    rows = [row(2), row(3, ente="Comune di Viano")]

    with pytest.raises(PeopleImportError):
        people_import_apply(actor=actor_of(hr_of_ente, organisation), rows=rows, site_url=SITE)

    assert not User.objects.filter(email__startswith="nuovo").exists()


def test_hr_cannot_move_an_employee_of_an_ente_they_do_not_manage(
    client, organisation, other_ente, hr_of_ente, make_employee
):
    make_employee(ente=other_ente, email="c.verdi@viano.example.org")
    client.force_login(hr_of_ente)

    response = upload(
        client, organisation, csv_upload(HEADER, "Carla;Verdi;c.verdi@viano.example.org;Scandiano")
    )

    [result] = response.context["results"]
    assert result.errors == [
        "Questa persona lavora per l'ente Comune di Viano, di cui non gestisce il personale."
    ]


@pytest.mark.parametrize("url_name", ["person-import", "person-import-template-csv"])
def test_plain_employee_gets_not_found(client, organisation, employee, url_name):
    client.force_login(employee)

    assert client.get(import_url(organisation, url_name)).status_code == 404
    assert client.post(import_url(organisation, url_name)).status_code == 404


def test_guest_gets_not_found(client, organisation, team):
    guest = UserFactory()
    TeamMembershipFactory(team=team, user=guest, role=TeamMembership.Role.GUEST)
    client.force_login(guest)

    assert client.get(import_url(organisation)).status_code == 404


def test_hr_downloads_the_models_with_the_header_row(client, organisation, hr_of_ente):
    client.force_login(hr_of_ente)

    csv_response = client.get(import_url(organisation, "person-import-template-csv"))
    xlsx_response = client.get(import_url(organisation, "person-import-template-xlsx"))

    assert csv_response.content.decode("utf-8-sig").strip() == HEADER
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx_response.content)).worksheets[0]
    assert ";".join(cell.value for cell in sheet[1]) == HEADER


# --- All or nothing, updates, other organisations ------------------------------------------


def test_row_invalid_between_preview_and_confirm_imports_nothing(
    client, organisation, it_admin, team
):
    # given: a valid preview, then the team is deleted
    client.force_login(it_admin)
    preview = upload(
        client,
        organisation,
        csv_upload(
            HEADER,
            "Anna;Rossi;a.rossi@scandiano.example.org;Scandiano;;;",
            "Bruno;Rossi;b.rossi@scandiano.example.org;Scandiano;;;Educatrici infanzia",
        ),
    )
    team.delete()
    # when
    response = confirm(client, organisation, preview)
    # then
    html = page_text(response)
    assert "Qualcosa è cambiato dopo l'anteprima: non è stato importato nulla." in html
    assert "Team sconosciuto: Educatrici infanzia." in html
    assert not User.objects.filter(email__endswith="@scandiano.example.org").exists()
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.PEOPLE_IMPORTED).exists()


def test_confirm_without_a_matching_preview_imports_nothing(client, organisation, it_admin):
    client.force_login(it_admin)

    response = client.post(import_url(organisation), {"file_hash": "0" * 64}, follow=True)

    assert "L'anteprima è scaduta: carichi di nuovo il file." in page_text(response)
    assert Employment.objects.filter(organisation=organisation).count() == 1


def test_existing_employee_is_updated_not_duplicated(
    client, organisation, ente, it_admin, anagrafe, team, make_employee
):
    # given
    person = make_employee(email="giulia.ferrari@scandiano.example.org", first_name="Giulia")
    other_team = TeamFactory(organisation=organisation)
    TeamMembershipFactory(team=other_team, user=person, role=TeamMembership.Role.LEAD)
    client.force_login(it_admin)
    line = "Giulia;Ferrari;Giulia.Ferrari@scandiano.example.org;Scandiano;Anagrafe;;"
    preview = upload(client, organisation, csv_upload(HEADER, line + "Educatrici infanzia"))
    assert "Aggiornamento" in page_text(preview)
    # when
    confirm(client, organisation, preview)
    # then
    employment = Employment.objects.get(user=person)
    assert employment.org_unit == anagrafe
    assert employment.job_title == "Istruttore amministrativo"  # empty cell: unchanged
    assert set(person.team_memberships.values_list("team__name", "role")) == {
        (team.name, "member"),
        (other_team.name, "lead"),
    }
    assert User.objects.filter(email__iexact=person.email).count() == 1


def test_employee_of_another_organisation_is_invited_not_given_a_job_here(
    organisation, it_admin, actor_of
):
    # given
    elsewhere = EnteFactory()
    person = UserFactory(email="m.gallo@altrove.example.org", first_name="Mario")
    EmploymentFactory(user=person, ente=elsewhere, organisation=elsewhere.organisation)
    # when
    summary = people_import_apply(
        actor=actor_of(it_admin, organisation),
        rows=[row(email="m.gallo@altrove.example.org", first_name="Marione")],
        site_url=SITE,
    )
    # then: counted as a new person, but only invited; the account is untouched
    assert summary.created == 1
    assert list(person.employments.values_list("organisation", flat=True)) == [
        elsewhere.organisation_id
    ]
    invitation = OrganisationInvitation.objects.get(user=person)
    assert (invitation.organisation, invitation.invited_by) == (organisation, it_admin)
    person.refresh_from_db()
    assert person.first_name == "Mario"
    assert person.has_usable_password()


# --- Efficiency ----------------------------------------------------------------------------


def _rows(count, team_name):
    return [
        row(line, org_unit="Anagrafe", teams=team_name, email=f"p{line}@scandiano.example.org")
        for line in range(2, count + 2)
    ]


def test_import_runs_the_same_queries_for_5_and_50_rows(
    organisation, it_admin, anagrafe, team, actor_of
):
    # given
    actor = actor_of(it_admin, organisation)
    # when
    with CaptureQueriesContext(connection) as five:
        people_import_apply(actor=actor, rows=_rows(5, team.name), site_url=SITE)
    User.objects.filter(email__startswith="p").delete()
    with CaptureQueriesContext(connection) as fifty:
        people_import_apply(actor=actor, rows=_rows(50, team.name), site_url=SITE)
    # then
    # 14 with the access generation replaced after each bulk write of people, jobs and teams
    assert len(five) == len(fifty) <= 14
    assert TeamMembership.objects.filter(team=team).count() == 50


def test_550_people_import_in_a_bounded_number_of_queries(
    organisation, it_admin, anagrafe, team, actor_of
):
    actor = actor_of(it_admin, organisation)

    with CaptureQueriesContext(connection) as queries:
        summary = people_import_apply(actor=actor, rows=_rows(550, team.name), site_url=SITE)

    assert summary.created == 550
    # SQLite inserts about a hundred rows per statement (its 999-parameter limit; a person has
    # 11 columns since `session_generation`).
    assert len(queries) <= 26


def test_htmx_upload_gets_only_the_form_and_preview_fragment(client, organisation, it_admin):
    client.force_login(it_admin)
    file = csv_upload(HEADER, "Anna;Rossi;a.rossi@scandiano.example.org;Scandiano;;;")

    response = client.post(import_url(organisation), {"file": file}, HTTP_HX_REQUEST="true")

    html = page_text(response)
    assert html.lstrip().startswith('<div id="person-import-content">')
    assert "<html" not in html
    assert "Conferma importazione" in html
