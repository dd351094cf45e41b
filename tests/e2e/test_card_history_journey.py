"""A team lead renames a column and closes a card that will not be done: the card says how it
left the board, and the board's history page shows the change, at every width people use."""

import re

import pytest
from playwright.sync_api import Page, expect

from officina.boards.services.cards import work_item_create
from officina.boards.tests.factories import make_board
from officina.organisations.selectors import actor_for_user
from tests.e2e.accessibility import assert_accessible

pytestmark = pytest.mark.e2e

WIDTHS = {"desktop": (1280, 900), "tablet": (768, 1024), "phone": (390, 844)}


@pytest.mark.parametrize("width", list(WIDTHS))
def test_archive_a_card_saying_why_and_read_the_boards_history(
    page: Page, live_server, workplace, signed_in, width: str
):
    page_width, page_height = WIDTHS[width]
    page.set_viewport_size({"width": page_width, "height": page_height})
    board = make_board(team=workplace.team, name="Iscrizioni nidi")
    board.managers.add(workplace.user)  # Giulia manages the board (decision 0039)
    actor = actor_for_user(user=workplace.user, organisation_slug=workplace.organisation.slug)
    card = work_item_create(actor=actor, board=board, title="Domanda doppia")
    base = f"{live_server.url}/o/{workplace.organisation.slug}/boards/{board.pk}"
    signed_in(workplace.user)

    # when Giulia renames a column in the board's settings
    page.goto(f"{base}/settings/")
    first_column = page.locator("details.settings-item").first
    first_column.locator("summary").click()
    first_column.get_by_label("Nome").fill("Da valutare")
    first_column.get_by_role("button", name="Salva la colonna").click()
    expect(page.get_by_role("alert").or_(page.locator(".alert-success"))).to_be_visible()

    # and archives the card as a duplicate
    page.goto(f"{base}/cards/{card.number}/")
    assert_accessible(page)
    page.get_by_label("Come esce la scheda dalla bacheca?").select_option("duplicate")
    page.get_by_role("button", name="Archivia", exact=True).click()

    # then the card says how it left, and its history too
    expect(page.locator("header .badge").filter(has_text="Archiviata")).to_contain_text("Duplicata")
    expect(page.locator("#timeline")).to_contain_text(
        re.compile("archiviato la scheda .duplicata.")
    )
    assert_accessible(page)

    # and the board's history shows the rename, with who did it
    page.goto(f"{base}/")
    page.get_by_role("link", name="Cronologia", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Cronologia di Iscrizioni nidi")
    expect(page.locator(".officina-timeline")).to_contain_text(
        "Colonna rinominata: Da fare → Da valutare"
    )
    expect(page.locator(".officina-timeline")).to_contain_text("Giulia Ferrari")
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTHS[width][0]
