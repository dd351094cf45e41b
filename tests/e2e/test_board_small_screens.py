"""The board on a phone (390 px), a tablet in portrait (768 px) and a desktop: the page never
scrolls sideways (the columns scroll inside their own area), and the "Sposta…" dialog fits the
screen, every control of it within reach of a finger. Every state passes axe.

Phones and tablets are emulated as mobile browsers: there, content wider than the screen stretches
the layout viewport (`window.innerWidth` grows with it) and fixed elements such as a modal dialog
are centred in that wider area, half off the screen a person sees (the visual viewport)."""

import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, ViewportSize, expect

from officina.boards.models import Board, Stage, WorkItem
from officina.boards.tests.factories import bulk_cards, make_board
from tests.e2e.accessibility import assert_accessible

pytestmark = pytest.mark.e2e

PHONE: ViewportSize = {"width": 390, "height": 844}
TABLET_PORTRAIT: ViewportSize = {"width": 768, "height": 1024}
DESKTOP: ViewportSize = {"width": 1280, "height": 900}

# Five columns are wider than a tablet in portrait: the board must scroll inside its own area.
FIVE_COLUMNS = (
    ("Ricevuta", Stage.NOT_STARTED),
    ("In istruttoria", Stage.IN_PROGRESS),
    ("In attesa", Stage.IN_PROGRESS),
    ("Firma", Stage.IN_PROGRESS),
    ("Conclusa", Stage.DONE),
)

# The controls of the dialog (inputs, selects, buttons) that stick out of what the person sees.
CONTROLS_OUT_OF_SIGHT = """dialog => {
  const view = window.visualViewport;
  const left = view.offsetLeft, top = view.offsetTop;
  const right = left + view.width, bottom = top + view.height;
  return Array.from(dialog.querySelectorAll("input, select, button, textarea"))
    .filter(control => control.type !== "hidden" && control.getClientRects().length > 0)
    .map(control => ({control: control.id || control.textContent.trim(),
                      box: control.getBoundingClientRect().toJSON()}))
    .filter(({box}) => box.left < left || box.top < top
                       || box.right > right + 0.5 || box.bottom > bottom + 0.5);
}"""


def board_with_cards(workplace, *, cards: int = 3) -> Board:
    """A board of Giulia's team with five columns, its cards in the first one, card #1 assigned
    to her (her name, read only by screen readers, sits in the card's face)."""
    board = make_board(team=workplace.team, name="Sportello", columns=FIVE_COLUMNS)
    first = board.columns.get(position=0)
    bulk_cards(board=board, count=cards, column=first, swimlane=board.swimlanes.get())
    WorkItem.objects.get(board=board, number=1).assignees.add(workplace.user)
    return board


@pytest.fixture
def screen(
    request: pytest.FixtureRequest, browser: Browser, browser_problems, workplace, signed_in
) -> Iterator[Page]:
    """A page in a browser of the size in `request.param`: a phone and a tablet are touch
    mobile browsers, the desktop is not; Giulia is signed in."""
    viewport, mobile = request.param
    context: BrowserContext = browser.new_context(
        viewport=viewport, is_mobile=mobile, has_touch=mobile, locale="it-IT"
    )
    browser_problems.watch(context)
    signed_in(workplace.user, context)
    yield context.new_page()
    context.close()


SCREENS: list[Any] = [
    pytest.param((PHONE, True), id="phone"),
    pytest.param((TABLET_PORTRAIT, True), id="tablet"),
    pytest.param((DESKTOP, False), id="desktop"),
]


def assert_page_fits(page: Page) -> None:
    """The page is no wider than its window, and the window no wider than the screen."""
    width, inner, screen_width = page.evaluate(
        "[document.documentElement.scrollWidth, window.innerWidth, window.visualViewport.width]"
    )
    assert width <= inner, f"the page is {width} px wide in a {inner} px window"
    assert inner <= screen_width, (
        f"the window stretched to {inner} px on a {screen_width} px screen"
    )


@pytest.mark.parametrize("screen", SCREENS, indirect=True)
def test_board_fits_the_screen_and_the_move_dialog_is_within_reach(
    screen: Page, live_server, workplace
):
    # given Giulia on her team's board of five columns, on this screen
    page = screen
    board = board_with_cards(workplace)
    page.goto(f"{live_server.url}{workplace.home_path}boards/{board.pk}/")
    expect(page.locator('#board-body .k[data-number="1"]')).to_be_visible()

    # then the page is no wider than the screen, and the columns scroll inside their own area
    assert_page_fits(page)
    assert_accessible(page)

    # when she opens "Sposta…" on card #1
    page.locator('#board-body .k[data-number="1"] [data-move]').click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible()

    # then every control of the dialog is on the screen, and the page still fits
    out_of_sight = dialog.evaluate(CONTROLS_OUT_OF_SIGHT)
    assert not out_of_sight, f"controls of the dialog off the screen: {out_of_sight}"
    assert_page_fits(page)
    assert_accessible(page)

    # and its "Sposta" button moves the card
    dialog.get_by_label(re.compile("Colonna|Column")).select_option(label="In istruttoria")
    dialog.get_by_role("button", name=re.compile("^(Sposta|Move)$")).click()
    second = board.columns.get(position=1)
    expect(
        page.locator(f'#board-body ul.cl[data-column="{second.pk}"] .k[data-number="1"]')
    ).to_be_visible()
    assert WorkItem.objects.get(board=board, number=1).column_id == second.pk


def filters_toggle(page: Page):
    return page.locator("#board-filters > summary")


@pytest.mark.parametrize(
    "screen", [pytest.param((TABLET_PORTRAIT, True), id="tablet")], indirect=True
)
def test_on_a_tablet_the_filters_fold_and_the_first_card_is_on_the_first_screen(
    screen: Page, live_server, workplace
):
    # given Giulia opens her board on a tablet in portrait, one filter already in the address
    page = screen
    board = board_with_cards(workplace)
    WorkItem.objects.filter(board=board, number=3).update(is_blocked=True, blocked_reason="Firma")
    page.goto(f"{live_server.url}{workplace.home_path}boards/{board.pk}/?q=Pratica")

    # then the first card starts on the first screen
    first_card = page.locator("#board-body .k").first
    expect(first_card).to_be_visible()
    box = first_card.bounding_box()
    assert box
    assert box["y"] < 450, f"the first card starts {box['y']:.0f} px down"

    # and the filters are folded into "Filtri", which says one is active
    toggle = filters_toggle(page)
    expect(toggle).to_be_visible()
    expect(toggle).to_have_text(re.compile(r"^(Filtri|Filters) \((attivi|active): 1\)$"))
    filter_form = page.get_by_role("search", name=re.compile("Filtra le schede|Filter the cards"))
    expect(filter_form).to_be_hidden()
    assert_accessible(page)

    # when she opens "Filtri" from the keyboard
    toggle.focus()
    page.keyboard.press("Enter")

    # then the filter form is shown, and a second filter narrows the board and is counted
    expect(filter_form).to_be_visible()
    assert_accessible(page)
    filter_form.get_by_label(re.compile("Solo bloccate|Blocked only")).check()
    expect(page.locator("#board-body .k")).to_have_count(1)
    expect(page).to_have_url(re.compile(r"[?&]blocked=on"))
    expect(toggle).to_have_text(re.compile(r"\((attivi|active): 2\)$"))

    # and closing it gives the screen back to the board
    toggle.click()
    expect(filter_form).to_be_hidden()


@pytest.mark.parametrize("screen", [pytest.param((DESKTOP, False), id="desktop")], indirect=True)
def test_on_a_desktop_the_filters_are_shown_in_full(screen: Page, live_server, workplace):
    # given Giulia opens her board on a desktop
    page = screen
    board = board_with_cards(workplace)
    page.goto(f"{live_server.url}{workplace.home_path}boards/{board.pk}/")

    # then the filter form is there at once, with no "Filtri" control to open
    expect(
        page.get_by_role("search", name=re.compile("Filtra le schede|Filter the cards"))
    ).to_be_visible()
    expect(filters_toggle(page)).to_be_hidden()
    assert_accessible(page)


def test_without_javascript_the_folded_filters_still_filter(
    browser: Browser, browser_problems, live_server, workplace, signed_in
):
    # given a tablet whose browser runs no JavaScript
    context = browser.new_context(
        viewport=TABLET_PORTRAIT,
        is_mobile=True,
        has_touch=True,
        locale="it-IT",
        java_script_enabled=False,
    )
    browser_problems.watch(context)
    signed_in(workplace.user, context)
    board = board_with_cards(workplace)
    page = context.new_page()
    page.goto(f"{live_server.url}{workplace.home_path}boards/{board.pk}/")

    # when Giulia opens "Filtri", types a number and submits
    filters_toggle(page).tap()
    filter_form = page.get_by_role("search", name=re.compile("Filtra le schede|Filter the cards"))
    filter_form.get_by_label(re.compile("Titolo o numero|Title or number")).fill("2")
    filter_form.get_by_role("button", name=re.compile("^(Filtra|Filter)$")).tap()

    # then the page comes back with that card only, and "Filtri" counts the filter
    expect(page).to_have_url(re.compile(r"[?&]q=2"))
    expect(page.locator("#board-body .k")).to_have_count(1)
    expect(filters_toggle(page)).to_have_text(re.compile(r"\((attivi|active): 1\)$"))
    context.close()
