"""An educator's day on a phone and on a tablet, by touch only: she creates a card from the top of
the board, opens it over the board, closes it and finds the focus back on it, then moves it with
the "Sposta…" dialog, all within the screen and every state passing axe."""

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, ViewportSize, expect

from officina.boards.models import WorkItem
from officina.boards.tests.factories import make_board
from tests.e2e.accessibility import assert_accessible

pytestmark = pytest.mark.e2e

PHONE: ViewportSize = {"width": 390, "height": 844}
TABLET: ViewportSize = {"width": 768, "height": 1024}


@pytest.fixture
def screen(request, browser: Browser, browser_problems, workplace, signed_in) -> Iterator[Page]:
    """A signed-in touch screen of the given size."""
    context = browser.new_context(
        viewport=request.param, is_mobile=request.param == PHONE, has_touch=True, locale="it-IT"
    )
    browser_problems.watch(context)
    signed_in(workplace.user, context)
    yield context.new_page()
    context.close()


def page_fits(page: Page) -> bool:
    """No sideways scrolling, and nothing of the header past the screen's edge, once the page
    has loaded (its fonts and scripts: before, a fallback font may be wider for a moment)."""
    page.wait_for_load_state("load")
    return bool(
        page.evaluate(
            """() => document.documentElement.scrollWidth <= window.innerWidth
            && [...document.querySelectorAll("header *")].every(
                (e) => e.getBoundingClientRect().right <= document.documentElement.clientWidth + 0.5
            )"""
        )
    )


@pytest.mark.parametrize(
    "screen", [pytest.param(PHONE, id="phone"), pytest.param(TABLET, id="tablet")], indirect=True
)
def test_create_open_close_and_move_a_card_by_touch(screen: Page, live_server, workplace):
    # given Giulia's team board, on her phone or tablet, with her whole long name in the header
    page = screen
    workplace.user.first_name = "Giulia Maria Antonietta"
    workplace.user.last_name = "Ferrari Bertolini de' Medici"
    workplace.user.save(update_fields=["first_name", "last_name"])
    board = make_board(team=workplace.team, name="Sezione primavera")
    board_url = f"{live_server.url}{workplace.home_path}boards/{board.pk}/"
    page.goto(board_url)
    assert page_fits(page)
    assert_accessible(page)

    # when she taps "Nuova scheda", at the top of the board, and fills in the form
    new_card = page.get_by_role("link", name="Nuova scheda")
    expect(new_card).to_be_in_viewport()
    new_card.tap()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nuova scheda")
    assert page_fits(page)
    page.get_by_label("Titolo").fill("Uscita didattica al parco")
    page.locator("form.officina-card-form button[type=submit]").tap()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Uscita didattica al parco")
    card = WorkItem.objects.get(board=board, title="Uscita didattica al parco")

    # and back on the board she taps the card's title
    page.goto(board_url)
    title = page.locator(f'#board-body .k[data-number="{card.number}"] .kt a')
    title.tap()

    # then the card opens over the board, at its own address, within the screen
    overlay = page.get_by_role("dialog", name=re.compile("Uscita didattica al parco"))
    expect(overlay).to_be_visible()
    expect(page).to_have_url(re.compile(rf"/cards/{card.number}/$"))
    assert page_fits(page)
    assert_accessible(page)

    # when she closes it, the board is back with the focus on her card
    overlay.get_by_role("button", name=re.compile("Torna alla bacheca")).tap()
    expect(overlay).to_be_hidden()
    expect(page).to_have_url(board_url)
    expect(title).to_be_focused()

    # when she taps "Sposta…" and chooses the next column
    page.locator(f'#board-body .k[data-number="{card.number}"] [data-move]').tap()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible()
    assert page_fits(page)
    assert_accessible(page)
    second = board.columns.get(position=1)
    dialog.get_by_label("Colonna", exact=True).select_option(value=str(second.pk))
    dialog.get_by_role("button", name=re.compile("^Sposta$")).tap()

    # then the card stands in that column, says so, and keeps the focus
    moved = page.locator(
        f'#board-body ul.cl[data-column="{second.pk}"] .k[data-number="{card.number}"]'
    )
    expect(moved).to_be_visible()
    expect(page.locator("#board-status")).to_contain_text(second.name)
    expect(moved.locator("[data-move]")).to_be_focused()
    assert WorkItem.objects.get(pk=card.pk).column_id == second.pk
    assert page_fits(page)
    assert_accessible(page)
