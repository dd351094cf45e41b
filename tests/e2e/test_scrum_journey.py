"""Plan a sprint from the product backlog, start it, and read its report: desktop and tablet."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from officina.boards.services.cards import work_item_create
from officina.boards.tests.factories import make_board
from officina.organisations.selectors import actor_for_user
from officina.scrum.services.backlog import backlog_item_create
from officina.scrum.tests.factories import make_scrum_board
from tests.e2e.accessibility import assert_accessible

pytestmark = pytest.mark.e2e

WIDTHS = {"desktop": (1280, 900), "tablet": (768, 1024)}


def fits(page: Page, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("width", list(WIDTHS))
def test_plan_a_sprint_from_the_backlog_start_it_and_read_its_report(
    page: Page, live_server, workplace, signed_in, width: str
):
    page_width, page_height = WIDTHS[width]
    page.set_viewport_size({"width": page_width, "height": page_height})
    board = make_scrum_board(team=workplace.team, name="Iscrizioni nidi")
    actor = actor_for_user(user=workplace.user, organisation_slug=workplace.organisation.slug)
    for title, points in (("Modulo online", 5), ("Graduatoria", 3), ("Avviso ai genitori", 2)):
        backlog_item_create(actor=actor, board=board, title=title, estimate=Decimal(points))
    signed_in(workplace.user)

    # when Giulia opens the backlog from the board and moves the notice to the top
    page.goto(f"{live_server.url}/o/{workplace.organisation.slug}/boards/{board.pk}/")
    page.get_by_role("link", name="Scrum", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Backlog di prodotto")
    page.get_by_role("button", name="Sposta #3 in cima").click()
    backlog = page.locator(".scrum-backlog")
    expect(backlog.locator("li").first).to_contain_text("Avviso ai genitori")
    assert_accessible(page)
    fits(page, page_width)

    # and plans a sprint of this week and the next
    page.get_by_role("navigation", name="Scrum").get_by_role("link", name="Sprint").click()
    start = timezone.localdate()
    page.get_by_label("Nome").fill("Sprint 1")
    page.get_by_label("Obiettivo dello sprint").fill("Iscrizioni online aperte")
    page.get_by_label("Inizio").fill(start.isoformat())
    page.get_by_label("Fine").fill((start + timedelta(days=13)).isoformat())
    page.get_by_role("button", name="Pianifica lo sprint").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sprint 1")
    assert_accessible(page)

    # and plans the two top items in it from the backlog
    page.get_by_role("navigation", name="Scrum").get_by_role(
        "link", name="Backlog di prodotto"
    ).click()
    page.get_by_role("button", name="Pianifica #3 nello sprint").click()
    expect(page.get_by_role("status")).to_contain_text("pianificata in «Sprint 1»")
    page.get_by_role("button", name="Pianifica #1 nello sprint").click()
    expect(backlog).not_to_contain_text("Modulo online")

    # then the sprint holds 7 points, and she starts it
    page.get_by_role("navigation", name="Scrum").get_by_role("link", name="Sprint").click()
    page.get_by_role("link", name="Sprint 1").click()
    expect(page.locator(".scrum-facts")).to_contain_text("7 punti")
    fits(page, page_width)
    page.get_by_role("button", name="Avvia lo sprint").click()
    expect(page.get_by_role("status")).to_contain_text("il suo impegno è fissato")
    assert_accessible(page)

    # and reads the report: the burndown, its table and the summary in words
    page.get_by_role("link", name="Resoconto dello sprint").click()
    expect(page.get_by_role("img", name="Burndown in punti")).to_be_visible()
    expect(page.get_by_role("img", name="Burnup in punti")).to_be_visible()
    expect(page.locator("#report-summary")).to_contain_text("Impegnati 7 punti, completati 0")
    expect(page.get_by_role("table").first).to_contain_text("Fine del giorno")
    assert_accessible(page)
    fits(page, page_width)


def test_switch_scrum_on_for_a_kanban_board(page: Page, live_server, workplace, signed_in):
    board = make_board(team=workplace.team, name="Protocollo")
    board.managers.add(workplace.user)  # a manager of the board switches Scrum on (0039)
    actor = actor_for_user(user=workplace.user, organisation_slug=workplace.organisation.slug)
    work_item_create(actor=actor, board=board, title="Registrare la posta")
    signed_in(workplace.user)

    # when Giulia follows the board's Scrum link, she learns what Scrum is and switches it on
    page.goto(f"{live_server.url}/o/{workplace.organisation.slug}/boards/{board.pk}/")
    page.get_by_role("link", name="Scrum", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Scrum")
    assert_accessible(page)
    page.get_by_role("link", name="Attiva Scrum").click()
    page.get_by_label("Scala delle stime").select_option("tshirt")
    page.get_by_label("Definition of Done (quando una storia è fatta)").fill("Revisionato")
    assert_accessible(page)
    page.get_by_role("button", name="Attiva Scrum").click()

    # then the board's card is its product backlog
    expect(page.get_by_role("heading", level=1)).to_have_text("Backlog di prodotto")
    expect(page.locator(".scrum-backlog")).to_contain_text("Registrare la posta")
    assert_accessible(page)
