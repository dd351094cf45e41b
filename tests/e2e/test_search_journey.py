"""Finding a card without knowing its board: the search box of the boards list, at the widths
people use, with axe on the results."""

import pytest
from playwright.sync_api import Page, expect

from officina.boards.services.cards import work_item_create
from officina.boards.tests.factories import make_board
from officina.organisations.selectors import actor_for_user
from tests.e2e.accessibility import assert_accessible

pytestmark = pytest.mark.e2e

WIDTHS = {"desktop": (1280, 900), "tablet": (768, 1024), "phone": (390, 844)}


@pytest.mark.parametrize("width", list(WIDTHS))
def test_search_the_cards_of_every_board_and_open_one(
    page: Page, live_server, workplace, signed_in, width: str
):
    page_width, page_height = WIDTHS[width]
    page.set_viewport_size({"width": page_width, "height": page_height})
    actor = actor_for_user(user=workplace.user, organisation_slug=workplace.organisation.slug)
    for name, title in (("Iscrizioni nidi", "Graduatoria provvisoria"), ("Mensa", "Menu")):
        board = make_board(team=workplace.team, name=name)
        work_item_create(actor=actor, board=board, title=title, description="Da pubblicare")
    signed_in(workplace.user)

    # when Giulia searches from the boards list
    page.goto(f"{live_server.url}/o/{workplace.organisation.slug}/boards/")
    page.get_by_label("Cerca tra le schede di tutte le bacheche che puoi vedere").fill("pubblicare")
    page.get_by_role("button", name="Cerca", exact=True).click()

    # then both cards are listed with their boards, and the page is accessible at this width
    expect(page.get_by_role("status")).to_contain_text("2 schede trovate")
    results = page.locator(".officina-search-results")
    expect(results).to_contain_text("Graduatoria provvisoria")
    expect(results).to_contain_text("Iscrizioni nidi")
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= page_width

    # and a result opens the card
    results.get_by_role("link", name="Graduatoria provvisoria").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Graduatoria provvisoria")
