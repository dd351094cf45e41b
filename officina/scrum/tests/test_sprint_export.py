"""The sprint report's carry-over and its export in CSV, ODS, XLSX and PDF, read back."""

import io
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from officina.boards.models import Stage
from officina.boards.services.moves import work_item_move
from officina.common.tests.readers import read_table
from officina.organisations.tests.factories import OrganisationFactory, TeamFactory
from officina.scrum.services.backlog import backlog_item_create
from officina.scrum.services.sprints import (
    sprint_add_item,
    sprint_close,
    sprint_remove_item,
    sprint_start,
)
from officina.scrum.tests.factories import make_scrum_board, make_sprint

pytestmark = pytest.mark.django_db

ROME = ZoneInfo("Europe/Rome")


def at(day: int, hour: int = 10) -> datetime:
    return datetime(2024, 3, day, hour, tzinfo=ROME)


def client_of(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="it")
    client.force_login(user)
    return client


def url(name, board, sprint) -> str:
    return reverse(f"scrum:{name}", args=[board.organisation.slug, board.pk, sprint.pk])


@pytest.fixture
def closed_sprint(actor, board):
    """Sprint 1, Mon 4 - Fri 8 March 2024: A 3, B 5, C 2 committed; D 8 added and C removed on
    the 5th; A done on the 6th; closed on the 8th with B into Sprint 2 and D to the backlog."""
    sprint = make_sprint(board=board, goal="Residenze online", start_date=date(2024, 3, 4))
    following = make_sprint(
        board=board, name="Sprint 2", start_date=date(2024, 3, 11), end_date=date(2024, 3, 15)
    )
    cards = {
        title: backlog_item_create(
            actor=actor, board=board, title=title, estimate=Decimal(points)
        ).work_item
        for title, points in (("A", 3), ("B", 5), ("C", 2), ("D", 8))
    }
    for title in "ABC":
        sprint_add_item(actor=actor, sprint=sprint, work_item=cards[title])
    sprint_start(actor=actor, sprint=sprint, at=at(4, 9))
    sprint_add_item(actor=actor, sprint=sprint, work_item=cards["D"], at=at(5))
    sprint_remove_item(actor=actor, sprint=sprint, work_item=cards["C"], at=at(5))
    done = board.columns.get(stage=Stage.DONE)
    work_item_move(actor=actor, work_item=cards["A"], column=done, at=at(6))
    sprint_close(
        actor=actor,
        sprint=sprint,
        carry_over={cards["B"].pk: "next", cards["D"].pk: "backlog"},
        next_sprint=following,
        at=at(8, 17),
    )
    return sprint


def test_the_report_says_what_was_carried_over_and_where(member, board, closed_sprint):
    page = client_of(member).get(url("sprint-report", board, closed_sprint)).content.decode()

    assert "Riportate alla chiusura" in page
    assert "13 punti, 2 schede" in page
    carried = page[page.index('id="carry-over"') :]
    assert carried.index("#2 B") < carried.index("Sprint 2")
    assert carried.index("#4 D") < carried.index("Backlog di prodotto")


@pytest.mark.parametrize("fmt", ["csv", "ods", "xlsx"])
def test_the_table_export_holds_goal_totals_and_the_burndown_by_day(
    member, board, closed_sprint, fmt
):
    # when
    response = client_of(member).get(url(f"sprint-export-{fmt}", board, closed_sprint))

    # then
    assert response.status_code == 200
    assert f'filename="sprint-{closed_sprint.pk}-' in response["Content-Disposition"]
    rows = read_table(fmt, response.content)
    assert rows[0][:2] == ["Resoconto dello sprint", "Sprint 1"]
    by_label = {row[0]: row[1:] for row in rows if row and row[0]}
    assert by_label["Obiettivo dello sprint"][0] == "Residenze online"
    totals = {
        label: [Decimal(value) for value in by_label[label][:2]]
        for label in (
            "Impegnati all'inizio",
            "Completati",
            "Aggiunti dopo l'inizio",
            "Tolti dopo l'inizio",
            "Riportate alla chiusura",
        )
    }
    assert totals == {
        "Impegnati all'inizio": [10, 3],
        "Completati": [3, 1],
        "Aggiunti dopo l'inizio": [8, 1],
        "Tolti dopo l'inizio": [2, 1],
        "Riportate alla chiusura": [13, 2],
    }
    # the burndown: a header row, the start, then Monday to Friday
    header = next(i for i, row in enumerate(rows) if row and row[0] == "Fine del giorno")
    series = rows[header + 1 : header + 7]
    assert series[0][0] == "Inizio"
    assert [row[0][:10] for row in series[1:]] == [f"2024-03-0{d}" for d in range(4, 9)]
    remaining = [Decimal(row[6]) for row in series]
    assert remaining == [10, 10, 16, 13, 13, 13]


def test_the_pdf_export_holds_goal_totals_and_the_burndown(member, board, closed_sprint):
    response = client_of(member).get(url("sprint-export-pdf", board, closed_sprint))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Resoconto dello sprint: Sprint 1" in text
    assert "Residenze online" in text
    assert "Riportate alla chiusura" in text
    assert "Fine del giorno" in text
    assert "06/03/2024" in text
    assert "Sprint 2" in text


def test_the_pdf_draws_the_euro_sign_dashes_and_apostrophes_of_the_goal(
    member, board, closed_sprint
):
    closed_sprint.goal = "Rimborsi fino a 500 € – entro l’estate"
    closed_sprint.save(update_fields=["goal"])

    response = client_of(member).get(url("sprint-export-pdf", board, closed_sprint))

    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Rimborsi fino a 500 € – entro l’estate" in text


def test_a_sprint_export_of_another_organisation_answers_404(member):
    elsewhere = make_scrum_board(team=TeamFactory(organisation=OrganisationFactory(slug="x")))
    sprint = make_sprint(board=elsewhere)
    for fmt in ("csv", "ods", "xlsx", "pdf"):
        response = client_of(member).get(url(f"sprint-export-{fmt}", elsewhere, sprint))
        assert response.status_code == 404


def test_a_read_only_viewer_downloads_the_export(viewer, board, closed_sprint):
    response = client_of(viewer).get(url("sprint-export-csv", board, closed_sprint))
    assert response.status_code == 200


def test_the_export_reads_a_fixed_number_of_queries(member, board, closed_sprint, warm_access):
    client = client_of(member)
    client.get(url("sprint-export-csv", board, closed_sprint))
    with CaptureQueriesContext(connection) as queries:
        client.get(url("sprint-export-ods", board, closed_sprint))
    # session, user, access generation; board; sprint; ledger; cards' events; carry-over + names;
    # the review, its outcomes and its stories
    assert len(queries) <= 13
