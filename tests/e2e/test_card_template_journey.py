"""A board's manager writes a card template in the settings, and a member of the team starts a
new card from it: the card gets its title, labels and checklist. On a desktop and a phone."""

import re

import pytest
from playwright.sync_api import Page, expect

from officina.boards.models import Label, WorkItem
from officina.boards.tests.factories import make_board
from tests.e2e.accessibility import assert_accessible

pytestmark = pytest.mark.e2e

WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}


@pytest.mark.parametrize("width", list(WIDTHS))
def test_a_manager_writes_a_card_template_and_a_member_starts_a_card_from_it(
    page: Page, live_server, workplace, signed_in, browser_problems, width: str
):
    page_width, page_height = WIDTHS[width]
    page.set_viewport_size({"width": page_width, "height": page_height})
    board = make_board(team=workplace.team, name="Protocollo")
    Label.objects.create(organisation=workplace.organisation, board=board, name="Atti")
    board.managers.add(workplace.user)  # Giulia manages the board; Marco is a member
    base = f"{live_server.url}/o/{workplace.organisation.slug}/boards/{board.pk}"

    # given Giulia, a manager, adds a card template in the board's settings
    signed_in(workplace.user)
    page.goto(f"{base}/settings/")
    section = page.locator("#card-templates")
    section.get_by_text("Aggiungi un modello di scheda").click()
    section.get_by_label("Nome del modello").fill("Accesso agli atti")
    section.get_by_label("Titolo della scheda").fill("Richiesta di accesso agli atti")
    section.locator("label", has_text="Atti").click()  # Bootstrap Italia styles the label
    section.get_by_label("Checklist").fill("Verificare l'identità\nProtocollare")
    section.get_by_role("button", name="Aggiungi il modello").click()
    expect(page.locator(".alert-success")).to_contain_text("Modello di scheda aggiunto")
    assert_accessible(page)

    # when Marco, a member, starts a new card from it
    page.context.clear_cookies()
    signed_in(workplace.colleague)
    page.goto(f"{base}/cards/new/")
    page.get_by_label("Parti da un modello").select_option(label="Accesso agli atti")
    page.get_by_role("button", name="Usa il modello").click()
    expect(page.get_by_label(re.compile(r"^Titolo\b"))).to_have_value(
        "Richiesta di accesso agli atti"
    )
    assert_accessible(page)
    page.get_by_role("button", name="Crea la scheda").click()

    # then the card has the template's title, label and checklist
    expect(page.get_by_role("heading", level=1)).to_contain_text("Richiesta di accesso agli atti")
    card = WorkItem.objects.get(board=board)
    assert list(card.labels.values_list("name", flat=True)) == ["Atti"]
    assert list(card.checklist.values_list("text", flat=True)) == [
        "Verificare l'identità",
        "Protocollare",
    ]
    # and Marco, who is no manager, finds no settings link on the board
    page.goto(f"{base}/")
    expect(page.get_by_role("link", name="Impostazioni della bacheca")).to_have_count(0)
