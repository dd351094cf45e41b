"""A card from opening to conversation: edit it, comment with a mention, and the colleague
mentioned sees the badge and the notification that leads back to the comment."""

import json
import re
import urllib.request

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect

from officina.accounts.tokens import token_create
from officina.boards.services.cards import work_item_create
from officina.boards.services.moves import work_item_move
from officina.boards.tests.factories import make_board
from officina.organisations.selectors import actor_for_user
from tests.e2e.accessibility import assert_accessible

pytestmark = pytest.mark.e2e


@pytest.fixture
def card(workplace):
    board = make_board(team=workplace.team, name="Iscrizioni nidi")
    actor = actor_for_user(user=workplace.user, organisation_slug=workplace.organisation.slug)
    return work_item_create(
        actor=actor,
        board=board,
        title="Graduatoria provvisoria",
        description="Pubblicare entro **venerdì**.",
        assignee_ids=[workplace.user.pk],
    )


def card_path(workplace, card) -> str:
    return f"/o/{workplace.organisation.slug}/boards/{card.board_id}/cards/{card.number}/"


def test_edit_a_card_and_mention_a_colleague_who_sees_the_notification(
    page: Page, browser: Browser, live_server, workplace, signed_in, card, browser_problems
):
    # given Giulia is signed in and finds the card in "Il mio lavoro"
    signed_in(workplace.user)
    page.goto(f"{live_server.url}{workplace.home_path}")
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("Graduatoria provvisoria")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Graduatoria provvisoria")
    expect(page.locator(".officina-markdown strong")).to_have_text("venerdì")
    assert_accessible(page)

    # when she edits the title
    page.locator(f'a[href="{card_path(workplace, card)}edit/"]').click()
    assert_accessible(page)
    page.locator("#id_title").fill("Graduatoria definitiva")
    page.locator("form.officina-card-form button[type=submit]").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Graduatoria definitiva")

    # and comments mentioning Marco
    page.locator("#id_body").fill("@marco.bertolini puoi controllare i punteggi?")
    page.locator("#comments form button[type=submit]").click()
    expect(page.locator("#comments .officina-comments li")).to_contain_text("puoi controllare")
    expect(page.locator("#timeline")).to_contain_text("Giulia Ferrari")
    assert_accessible(page)

    # then Marco, in his own browser, sees one unread notification in the header
    marco_context = browser.new_context(locale="it-IT", timezone_id="Europe/Rome")
    browser_problems.watch(marco_context)
    signed_in(workplace.colleague, marco_context)
    marco = marco_context.new_page()
    marco.goto(f"{live_server.url}{workplace.home_path}")
    bell = marco.locator("a.officina-notifications-link")
    expect(bell.locator(".officina-unread-badge")).to_have_text("1")
    assert_accessible(marco)
    bell.click()
    expect(marco.get_by_role("heading", level=1)).to_be_visible()
    notification = marco.get_by_role("link", name=re.compile("Giulia Ferrari"))
    expect(notification).to_contain_text("#1")
    assert_accessible(marco)

    # and opening it leads to the comment, and the badge is gone
    notification.click()
    expect(marco).to_have_url(re.compile(r"/cards/1/#comment-\d+$"))
    expect(marco.locator(".officina-unread-badge")).to_have_count(0)
    assert_accessible(marco)
    marco_context.close()


def test_checklist_block_and_attachment_from_the_card_page(
    page: Page, live_server, workplace, signed_in, card, tmp_path, settings
):
    # given Giulia is on her card
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    signed_in(workplace.user)
    page.goto(f"{live_server.url}{card_path(workplace, card)}")

    # when she adds a checklist item and ticks it (HTMX swaps only the checklist)
    page.evaluate("window.officinaSamePage = true")
    page.locator("#id_text").fill("Verificare le autocertificazioni")
    page.locator("#checklist form button[type=submit]").last.click()
    expect(page.locator("#checklist li")).to_contain_text("Verificare le autocertificazioni")
    expect(page.locator("#id_text")).to_be_focused()
    page.locator("#checklist li button").first.click()
    expect(page.locator("#checklist h2")).to_contain_text("1")
    expect(page.locator("#card-status")).to_contain_text("Verificare le autocertificazioni")
    assert page.evaluate("window.officinaSamePage === true"), "the page reloaded"

    # and blocks the card with a reason
    page.locator("#id_reason").fill("Manca il parere dell'ufficio legale")
    page.locator("button[name=action][value=block]").click()
    expect(page.locator("#blocked-banner")).to_contain_text("ufficio legale")

    # and attaches a text file
    upload = tmp_path / "elenco.txt"
    upload.write_text("Rossi\nBianchi\n")
    page.locator("#id_file").set_input_files(str(upload))
    page.locator("#attachments form button[type=submit]").click()

    # then the page lists the file with a download link and stays accessible
    expect(page.locator("#attachments").get_by_role("link", name="elenco.txt")).to_be_visible()
    assert_accessible(page)

    # when she deletes the checklist item but answers "no" to the question, it stays
    questions: list[str] = []

    def answer(dialog, accept: bool) -> None:
        questions.append(dialog.message)
        dialog.accept() if accept else dialog.dismiss()

    delete_item = page.locator("#checklist").get_by_role("button", name=re.compile("^Elimina"))
    page.once("dialog", lambda dialog: answer(dialog, accept=False))
    delete_item.click()
    expect(page.locator("#checklist li")).to_contain_text("Verificare le autocertificazioni")
    assert questions == ["Eliminare la voce “Verificare le autocertificazioni”?"]

    # and when she answers "yes", the item goes
    page.once("dialog", lambda dialog: answer(dialog, accept=True))
    delete_item.click()
    expect(page.locator("#checklist li", has_text="autocertificazioni")).to_have_count(0)

    # and the attachment, asked the same way, goes too
    page.once("dialog", lambda dialog: answer(dialog, accept=True))
    page.locator("#attachments").get_by_role("button", name=re.compile("^Elimina")).click()
    expect(page.locator("#attachments").get_by_role("link", name="elenco.txt")).to_have_count(0)
    assert questions[-1].startswith("Eliminare l’allegato “elenco.txt”?")


@pytest.mark.parametrize("width", [1280, 768, 390])
def test_a_new_card_from_the_top_of_the_board_with_its_lane_and_checklist(
    page: Page, live_server, workplace, signed_in, width
):
    # given a board with two lanes, open on a desktop, a tablet or a phone
    page.set_viewport_size({"width": width, "height": 900})
    board = make_board(team=workplace.team, name="Sportello", lanes=("Ordinarie", "Urgenti"))
    signed_in(workplace.user)
    page.goto(f"{live_server.url}/o/{workplace.organisation.slug}/boards/{board.pk}/")

    # when I choose "Nuova scheda" at the top and fill in the whole form
    new_card = page.get_by_role("link", name="Nuova scheda")
    expect(new_card).to_be_in_viewport()
    new_card.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nuova scheda")
    assert_accessible(page)
    page.get_by_label("Titolo").fill("Richiesta di accesso agli atti")
    page.get_by_label("Corsia").select_option(label="Urgenti")
    page.get_by_label("Checklist").fill("Protocollare la richiesta\nAvvisare i controinteressati")
    page.locator("form.officina-card-form button[type=submit]").click()

    # then the card page shows it with its checklist, and the board has it in "Urgenti"
    expect(page.get_by_role("heading", level=1)).to_contain_text("Richiesta di accesso agli atti")
    expect(page.locator("body")).to_contain_text("Avvisare i controinteressati")
    assert_accessible(page)
    page.goto(f"{live_server.url}/o/{workplace.organisation.slug}/boards/{board.pk}/")
    urgent = board.swimlanes.get(name="Urgenti")
    expect(
        page.locator(f'#board-body ul.cl[data-lane="{urgent.pk}"] .k', has_text="accesso agli atti")
    ).to_have_count(1)


def test_follow_a_card_and_hear_that_a_colleague_moved_it(
    page: Page, live_server, workplace, signed_in, card
):
    # given Giulia is on her card and follows it
    signed_in(workplace.user)
    page.goto(f"{live_server.url}{card_path(workplace, card)}")
    page.get_by_role("button", name="Segui questa scheda").click()
    expect(page.get_by_role("button", name="Non seguire più questa scheda")).to_be_visible()
    expect(page.locator("body")).to_contain_text("le sue modifiche ti arrivano tra le notifiche")
    assert_accessible(page)

    # when Marco moves it to "In corso"
    marco = actor_for_user(user=workplace.colleague, organisation_slug=workplace.organisation.slug)
    card.refresh_from_db()
    work_item_move(actor=marco, work_item=card, column=card.board.columns.get(position=1))

    # then the bell says so, and the notification leads back to the card
    page.goto(f"{live_server.url}{workplace.home_path}")
    bell = page.locator("a.officina-notifications-link")
    expect(bell.locator(".officina-unread-badge")).to_have_text("1")
    bell.click()
    notification = page.get_by_role("link", name=re.compile("spostata in In corso"))
    expect(notification).to_contain_text("#1 Graduatoria provvisoria")
    assert_accessible(page)
    notification.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Graduatoria provvisoria")


def test_the_card_page_shows_a_colleagues_change_live_and_keeps_what_i_am_writing(
    page: Page, live_server, workplace, signed_in, card
):
    # given Giulia reads her card, and the page is connected to its board
    signed_in(workplace.user)
    page.goto(f"{live_server.url}{card_path(workplace, card)}")
    page.evaluate("window.officinaSamePage = true")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Graduatoria provvisoria")
    page.wait_for_timeout(500)  # the socket opens after the load
    _token, secret = token_create(user=workplace.colleague, name="Script di Marco")
    api = reverse(
        "boards-api:card-detail",
        kwargs={
            "org_slug": workplace.organisation.slug,
            "board_id": card.board_id,
            "number": card.number,
        },
    )

    def marco_renames(title: str) -> None:
        # from Marco's own script, through the REST API: another client, another person
        request = urllib.request.Request(  # noqa: S310 - the test's own server
            f"{live_server.url}{api}",
            data=json.dumps({"title": title}).encode(),
            method="PATCH",
            headers={"Authorization": f"Bearer {secret}", "Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=10) as answer:  # noqa: S310
            assert answer.status == 200

    # when Marco renames it
    marco_renames("Graduatoria definitiva")

    # then her page shows the new title without a reload, and says so
    expect(page.get_by_role("heading", level=1)).to_contain_text("Graduatoria definitiva")
    assert page.evaluate("window.officinaSamePage === true"), "the page reloaded"
    expect(page.locator("#card-status")).to_contain_text("modificata da altri")
    assert_accessible(page)

    # and while she writes a comment, a change does not wipe it: a notice offers to show it
    page.locator("#id_body").fill("Sto verificando i punteggi")
    marco_renames("Graduatoria approvata")
    expect(page.locator("#card-live")).to_be_visible()
    expect(page.locator("#id_body")).to_have_value("Sto verificando i punteggi")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Graduatoria definitiva")
    assert_accessible(page)
