"""Order the product backlog by keyboard, act on several items at once, and read an epic's
progress: on a desktop, a tablet and a phone, with axe."""

from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from officina.organisations.selectors import actor_for_user
from officina.scrum.services.backlog import backlog_item_create, epic_create
from officina.scrum.tests.factories import make_scrum_board
from tests.e2e.accessibility import assert_accessible

pytestmark = pytest.mark.e2e

WIDTHS = {"desktop": (1280, 900), "tablet": (768, 1024), "phone": (390, 844)}


@pytest.mark.parametrize("width", list(WIDTHS))
def test_order_the_backlog_by_keyboard_and_mark_two_items_ready(
    page: Page, live_server, workplace, signed_in, width: str
):
    page_width, page_height = WIDTHS[width]
    page.set_viewport_size({"width": page_width, "height": page_height})
    board = make_scrum_board(team=workplace.team, name="Iscrizioni nidi")
    actor = actor_for_user(user=workplace.user, organisation_slug=workplace.organisation.slug)
    epic = epic_create(actor=actor, board=board, name="Iscrizioni online")
    for title in ("Modulo online", "Graduatoria", "Avviso ai genitori"):
        backlog_item_create(actor=actor, board=board, title=title, estimate=Decimal(3), epic=epic)
    signed_in(workplace.user)
    address = f"{live_server.url}/o/{workplace.organisation.slug}/boards/{board.pk}/scrum/"

    # when Giulia picks up the notice with Space, carries it up twice and puts it down
    page.goto(address)
    backlog = page.locator(".scrum-backlog")
    grab = page.get_by_role("button", name="Riordina #3")
    grab.focus()
    page.keyboard.press("Space")
    expect(page.locator("#reorder-status")).to_contain_text("Preso #3, posizione 3 di 3.")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("Space")
    expect(page.locator("#reorder-status")).to_contain_text("#3 ora è in posizione 1 di 3.")
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= page_width

    # then the order holds after a reload
    page.reload()
    expect(backlog.locator("li").first).to_contain_text("Avviso ai genitori")

    # and she ticks two items and marks them ready together
    page.get_by_label("Seleziona #1").check()
    page.get_by_label("Seleziona #2").check()
    page.get_by_label("Azione", exact=True).select_option(label="Segna come pronti")
    page.get_by_role("button", name="Applica agli elementi selezionati").click()
    expect(page.locator(".alert-success")).to_contain_text("2 elementi modificati.")
    expect(backlog.locator("#item-1")).to_contain_text("Pronta")
    expect(backlog.locator("#item-3")).to_contain_text("Non pronta")
    expect(page.locator(".scrum-epics")).to_contain_text("0 di 3 elementi fatti, 0 di 9 punti")
    assert_accessible(page)
