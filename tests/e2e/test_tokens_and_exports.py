"""Two pages a team lead reaches from the board and from the account menu: exporting a board in
open formats, and creating and revoking a personal access token for the API."""

import re

import pytest
from playwright.sync_api import Page, expect

from officina.boards.models import Label
from officina.boards.services.cards import work_item_create
from officina.boards.tests.factories import make_board
from officina.organisations.selectors import actor_for_user
from tests.e2e.accessibility import assert_accessible

pytestmark = pytest.mark.e2e


def test_export_a_board_from_its_page(page: Page, live_server, workplace, signed_in):
    # given a board with a labelled card
    board = make_board(team=workplace.team, name="Sportello")
    label = Label.objects.create(organisation=workplace.organisation, board=board, name="Urgente")
    actor = actor_for_user(user=workplace.user, organisation_slug=workplace.organisation.slug)
    work_item_create(actor=actor, board=board, title="Richiesta accesso atti", label_ids=[label.pk])
    signed_in(workplace.user)
    page.goto(f"{live_server.url}/o/{workplace.organisation.slug}/boards/{board.pk}/")
    # when Giulia opens "Esporta" from the board
    page.get_by_role("link", name="Esporta").click()
    # then every open format is offered, and the CSV of the cards downloads with the card in it
    expect(page.get_by_role("heading", level=1)).to_have_text("Esporta la bacheca")
    expect(page.get_by_role("main")).to_contain_text("Sportello")
    assert_accessible(page)
    for extension in ("CSV", "ODS", "XLSX"):
        expect(page.get_by_role("link", name=re.compile(extension)).first).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("CSV")).first.click()
    content = open(download.value.path(), encoding="utf-8-sig").read()  # noqa: PTH123, SIM115
    assert "Richiesta accesso atti" in content
    assert "Urgente" in content


def test_create_and_revoke_an_api_token(page: Page, live_server, workplace, signed_in):
    # given Giulia is signed in
    signed_in(workplace.user)
    page.goto(f"{live_server.url}{workplace.home_path}")
    # when she opens her account menu and the token page
    page.locator("summary", has_text="Giulia Ferrari").click()
    page.get_by_role("link", name="Token di accesso alle API").click()
    assert_accessible(page)
    page.get_by_label("Nome").fill("Report settimanale")
    page.get_by_role("button", name="Crea token").click()
    # then the secret is shown once, and the token can be revoked
    assert page.get_by_label("Il tuo nuovo token").input_value().startswith("off_")
    assert_accessible(page)
    page.get_by_role("button", name="Revoca Report settimanale").click()
    expect(page.get_by_text("Revocato", exact=True)).to_be_visible()
    assert_accessible(page)
