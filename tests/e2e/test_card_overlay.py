"""A card opens over its board, at its own address: Back (or Esc) closes it, and the focus and
the scroll come back to the card. On a phone and on a desktop; every state passes axe."""

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from officina.boards.models import Board
from officina.boards.tests.factories import bulk_cards, make_board
from tests.e2e.accessibility import assert_accessible

pytestmark = pytest.mark.e2e

PHONE = ({"width": 390, "height": 844}, True)
DESKTOP = ({"width": 1280, "height": 900}, False)


@pytest.fixture
def screen(request, browser: Browser, browser_problems, workplace, signed_in) -> Iterator[Page]:
    """A signed-in page on a phone (touch, mobile) or a desktop."""
    viewport, mobile = request.param
    context = browser.new_context(
        viewport=viewport, is_mobile=mobile, has_touch=mobile, locale="it-IT"
    )
    browser_problems.watch(context)
    signed_in(workplace.user, context)
    yield context.new_page()
    context.close()


def board_with_cards(workplace) -> Board:
    board = make_board(team=workplace.team, name="Sportello")
    todo = board.columns.get(position=0)
    bulk_cards(board=board, count=8, column=todo, swimlane=board.swimlanes.get())
    return board


@pytest.mark.parametrize(
    "screen", [pytest.param(PHONE, id="phone"), pytest.param(DESKTOP, id="desktop")], indirect=True
)
def test_a_card_opens_over_the_board_and_back_returns_to_it(screen: Page, live_server, workplace):
    # given Giulia on her board, scrolled down to card #7
    page = screen
    board = board_with_cards(workplace)
    board_url = f"{live_server.url}{workplace.home_path}boards/{board.pk}/"
    page.goto(board_url)
    title_link = page.locator('#board-body .k[data-number="7"] .kt a')
    title_link.scroll_into_view_if_needed()
    scrolled = page.evaluate("window.scrollY")

    # when she opens the card by its title
    title_link.click()

    # then the card is shown over the board, at its own address, within the screen
    overlay = page.get_by_role("dialog", name=re.compile("#7 Pratica 7"))
    expect(overlay).to_be_visible()
    expect(overlay.get_by_role("heading", level=1)).to_be_focused()
    expect(page).to_have_url(re.compile(r"/cards/7/$"))
    fits = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert fits, "the page is wider than the screen"
    box = overlay.bounding_box()
    screen_size = page.viewport_size
    assert box
    assert screen_size
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= screen_size["width"]
    assert_accessible(page)

    # and its forms work in place: a comment is added without leaving the board
    page.evaluate("window.officinaSamePage = true")
    overlay.get_by_label(re.compile("Aggiungi un commento|Add a comment")).fill("Manca la firma")
    overlay.get_by_role("button", name=re.compile("^(Commenta|Comment)$")).click()
    expect(overlay.locator("#comments")).to_contain_text("Manca la firma")
    assert page.evaluate("window.officinaSamePage === true"), "the page reloaded"

    # when she goes Back
    page.go_back()

    # then the board is there again, the focus on card #7, the page where it was
    expect(overlay).to_be_hidden()
    expect(page).to_have_url(board_url)
    expect(title_link).to_be_focused()
    assert abs(page.evaluate("window.scrollY") - scrolled) <= 1

    # and Esc, or "Torna alla bacheca", closes the card the same way
    title_link.click()
    expect(overlay).to_be_visible()
    page.keyboard.press("Escape")
    expect(overlay).to_be_hidden()
    expect(page).to_have_url(board_url)
    expect(title_link).to_be_focused()
    title_link.click()
    overlay.get_by_role("button", name=re.compile("Torna alla bacheca|Back to the board")).click()
    expect(overlay).to_be_hidden()
    expect(page).to_have_url(board_url)
    expect(title_link).to_be_focused()
    assert_accessible(page)


def test_a_card_address_opened_directly_shows_the_card_page(
    page: Page, live_server, workplace, signed_in
):
    # given the address of a card, shared by a colleague
    board = board_with_cards(workplace)
    signed_in(workplace.user)

    # when Giulia opens it
    page.goto(f"{live_server.url}{workplace.home_path}boards/{board.pk}/cards/3/")

    # then she sees the card's own page, with no board around it
    expect(page.get_by_role("heading", level=1)).to_contain_text("Pratica 3")
    expect(page.locator("#board")).to_have_count(0)
    assert_accessible(page)
