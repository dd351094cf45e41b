"""Work a sprint on its board, close it with carry-over and read the report: desktop and tablet."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from officina.boards.models import Stage
from officina.boards.services.moves import work_item_move
from officina.organisations.selectors import actor_for_user
from officina.scrum.services.backlog import backlog_item_create
from officina.scrum.services.sprints import sprint_add_item, sprint_start
from officina.scrum.tests.factories import make_scrum_board, make_sprint
from tests.e2e.accessibility import assert_accessible

pytestmark = pytest.mark.e2e

WIDTHS = {"desktop": (1280, 900), "tablet": (768, 1024)}


def fits(page: Page, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("width", list(WIDTHS))
def test_close_a_sprint_with_carry_over_and_read_the_report(
    page: Page, live_server, workplace, signed_in, width: str
):
    # given: a running sprint of three stories, one done, and the next sprint planned
    page_width, page_height = WIDTHS[width]
    page.set_viewport_size({"width": page_width, "height": page_height})
    board = make_scrum_board(team=workplace.team, name="Iscrizioni nidi")
    actor = actor_for_user(user=workplace.user, organisation_slug=workplace.organisation.slug)
    today = timezone.localdate()
    sprint = make_sprint(
        board=board,
        goal="Iscrizioni online aperte",
        start_date=today - timedelta(days=4),
        end_date=today,
    )
    make_sprint(
        board=board,
        name="Sprint 2",
        start_date=today + timedelta(days=1),
        end_date=today + timedelta(days=14),
    )
    cards = {}
    for title, points in (("Modulo online", 5), ("Graduatoria", 3), ("Avviso ai genitori", 2)):
        card = backlog_item_create(
            actor=actor, board=board, title=title, estimate=Decimal(points)
        ).work_item
        sprint_add_item(actor=actor, sprint=sprint, work_item=card)
        cards[title] = card
    backlog_item_create(actor=actor, board=board, title="Rette del nido", estimate=Decimal(8))
    sprint_start(actor=actor, sprint=sprint)
    done = board.columns.get(stage=Stage.DONE)
    work_item_move(actor=actor, work_item=cards["Avviso ai genitori"], column=done)
    signed_in(workplace.user)
    sprint_page = (
        f"{live_server.url}/o/{workplace.organisation.slug}/boards/{board.pk}/scrum/sprints/"
        f"{sprint.pk}/"
    )

    # when Giulia opens the sprint's board: only the sprint's stories, in the board's columns
    page.goto(sprint_page)
    page.get_by_role("link", name="Bacheca dello sprint").click()
    expect(page.locator("#board-body")).to_contain_text("Modulo online")
    expect(page.locator("#board-body")).to_contain_text("Avviso ai genitori")
    expect(page.locator("#board-body")).not_to_contain_text("Rette del nido")
    assert_accessible(page)

    # and closes the sprint: the timetable back to the backlog, the form into Sprint 2
    page.goto(sprint_page)
    page.get_by_label("#2 Graduatoria").select_option(label="Torna nel backlog di prodotto")
    page.get_by_label("#1 Modulo online").select_option(label="Nello sprint successivo")
    page.get_by_label("Sprint successivo").select_option(label="Sprint 2")
    assert_accessible(page)
    fits(page, page_width)
    page.get_by_role("button", name="Chiudi lo sprint").click()

    # then the report shows committed, completed and carried over
    expect(page.get_by_role("status")).to_contain_text("è chiuso")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Resoconto")
    facts = page.locator(".scrum-facts")
    expect(facts).to_contain_text("Impegnati all'inizio")
    expect(facts).to_contain_text("10 punti, 3 schede")
    expect(facts).to_contain_text("2 punti, 1 scheda")
    expect(facts).to_contain_text("8 punti, 2 schede")
    carried = page.locator("#carry-over")
    expect(carried.get_by_role("row", name="#1 Modulo online")).to_contain_text("Sprint 2")
    expect(carried.get_by_role("row", name="#2 Graduatoria")).to_contain_text("Backlog di prodotto")
    expect(page.get_by_role("link", name="PDF")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="PDF").click()
    assert download.value.suggested_filename.endswith(".pdf")
    assert_accessible(page)
    fits(page, page_width)

    # and the sprint list draws the velocity: the chart, its summary, its definition and table
    page.get_by_role("link", name="Torna allo sprint").click()
    page.get_by_role("navigation", name="Scrum").get_by_role("link", name="Sprint").click()
    expect(
        page.get_by_role("img", name="Velocità: punti impegnati e completati per sprint")
    ).to_be_visible()
    expect(page.locator("#velocity-summary")).to_contain_text("completato 2 punti, il 20 %")
    expect(page.get_by_role("heading", name="Come si conta")).to_be_visible()
    assert_accessible(page)
    fits(page, page_width)
