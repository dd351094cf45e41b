"""A mention with autocomplete that sends an e-mail: Giulia types "@ma" in the comment box,
chooses Marco from the suggestions (by keyboard on a desktop, by touch on a phone), posts, and
Marco's e-mail arrives; the comment shows the mention highlighted. Then the e-mail preferences
page, reached from the notification centre, and the e-mail's unsubscribe link."""

import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from playwright.sync_api import Browser, BrowserContext, Page, ViewportSize, expect

from officina.boards.services.cards import work_item_create
from officina.boards.tests.factories import make_board
from officina.organisations.selectors import actor_for_user
from tests.e2e.accessibility import assert_accessible

pytestmark = pytest.mark.e2e

PHONE: ViewportSize = {"width": 390, "height": 844}
DESKTOP: ViewportSize = {"width": 1280, "height": 900}


@pytest.fixture
def card(workplace):
    board = make_board(team=workplace.team, name="Iscrizioni nidi")
    actor = actor_for_user(user=workplace.user, organisation_slug=workplace.organisation.slug)
    return work_item_create(actor=actor, board=board, title="Graduatoria provvisoria")


@pytest.fixture
def screen(
    request: pytest.FixtureRequest, browser: Browser, browser_problems, workplace, signed_in
) -> Iterator[tuple[Page, bool]]:
    """Giulia's browser: a touch phone or a desktop with a keyboard."""
    viewport, mobile = request.param
    context: BrowserContext = browser.new_context(
        viewport=viewport,
        is_mobile=mobile,
        has_touch=mobile,
        locale="it-IT",
        timezone_id="Europe/Rome",
    )
    browser_problems.watch(context)
    signed_in(workplace.user, context)
    yield context.new_page(), mobile
    context.close()


SCREENS: list[Any] = [
    pytest.param((DESKTOP, False), id="desktop"),
    pytest.param((PHONE, True), id="phone"),
]


def _fits(page: Page) -> None:
    width, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width <= inner, f"the page is {width} px wide in a {inner} px window"


@pytest.mark.parametrize("screen", SCREENS, indirect=True)
def test_a_mention_chosen_from_the_suggestions_sends_an_email(
    screen: tuple[Page, bool], live_server, workplace, card
):
    page, touch = screen
    org = workplace.organisation.slug
    page.goto(f"{live_server.url}/o/{org}/boards/{card.board_id}/cards/{card.number}/")
    box = page.locator("#id_body")
    expect(box).to_have_attribute("role", "combobox")
    assert_accessible(page)

    # when Giulia types "@ma" the board's people who match are listed
    box.click()
    box.press_sequentially("Ciao @ma")
    listbox = page.get_by_role("listbox", name="Persone da menzionare")
    expect(listbox).to_be_visible()
    option = listbox.get_by_role("option", name=re.compile("Marco Bertolini"))
    expect(option).to_have_count(1)
    expect(box).to_have_attribute("aria-expanded", "true")
    expect(box).to_have_attribute("aria-activedescendant", re.compile("id_body-mention-0"))
    expect(page.locator("#id_body-mention-status")).to_contain_text("Corrisponde una persona")
    assert_accessible(page)
    _fits(page)

    # and Escape closes the list without touching what she wrote
    box.press("Escape")
    expect(listbox).to_be_hidden()
    expect(box).to_have_attribute("aria-expanded", "false")
    box.press_sequentially("r")
    expect(option).to_be_visible()

    # she chooses Marco: by keyboard on the desktop, by a tap on the phone
    if touch:
        option.tap()
    else:
        box.press("ArrowDown")
        box.press("ArrowUp")
        box.press("Enter")
    expect(box).to_have_value("Ciao @marco.bertolini ")
    expect(listbox).to_be_hidden()
    expect(box).to_be_focused()
    box.press_sequentially("puoi controllare i punteggi?")
    page.locator("#comments form button[type=submit]").click()

    # then the comment shows the mention highlighted, and Marco's e-mail arrived
    mention = page.locator("#comments .officina-comments .mention")
    expect(mention).to_have_text("@marco.bertolini")
    assert_accessible(page)
    assert [message.to for message in mail.outbox] == [[workplace.colleague.email]]
    message = mail.outbox[0]
    assert isinstance(message, EmailMultiAlternatives)
    assert "Graduatoria provvisoria" in message.subject
    assert f"/o/{org}/boards/{card.board_id}/cards/{card.number}/#comment-" in message.body
    assert message.alternatives[0][1] == "text/html"
    unsubscribe = message.extra_headers["List-Unsubscribe"].strip("<>")

    # and her e-mail preferences are a click away from the notification centre
    page.goto(f"{live_server.url}/o/{org}/notifications/")
    page.get_by_role("link", name="Preferenze e-mail").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Preferenze di notifica")
    assert_accessible(page)
    _fits(page)
    mentions = page.get_by_role("group", name="Quando qualcuno ti menziona")
    mentions.locator("label", has_text="In un riepilogo giornaliero").click()
    expect(mentions.get_by_label("In un riepilogo giornaliero")).to_be_checked()
    page.get_by_role("button", name="Salva le preferenze").click()
    expect(page.locator(".alert-success")).to_contain_text("preferenze di notifica sono salvate")
    expect(
        page.get_by_role("group", name="Quando qualcuno ti menziona").get_by_label(
            "In un riepilogo giornaliero"
        )
    ).to_be_checked()

    # and the e-mail's unsubscribe link, followed in a browser, asks first, then stops mentions
    page.goto(unsubscribe.replace("http://localhost:8000", live_server.url))
    expect(page.get_by_role("heading", level=1)).to_have_text("Interrompi le e-mail")
    assert_accessible(page)
    page.get_by_role("button", name="Interrompi queste e-mail").click()
    expect(page.get_by_role("status")).to_contain_text("Non riceverai più e-mail di questo tipo")
    assert_accessible(page)
