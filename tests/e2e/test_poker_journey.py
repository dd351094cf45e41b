"""Live estimation in two browsers: Giulia runs the round, Marco votes from his own screen; the
votes stay hidden until the reveal, a reload keeps Marco's card, and the agreed estimate goes to
the story. Desktop and tablet, axe on both screens."""

from decimal import Decimal

import pytest
from playwright.sync_api import Browser, Page, ViewportSize, expect

from officina.boards.models import WorkItem
from officina.organisations.selectors import actor_for_user
from officina.scrum.services.backlog import backlog_item_create
from officina.scrum.tests.factories import make_scrum_board
from tests.e2e.accessibility import assert_accessible

pytestmark = pytest.mark.e2e

SIZES: dict[str, ViewportSize] = {
    "desktop": {"width": 1280, "height": 900},
    "tablet": {"width": 768, "height": 1024},
}


def deck_card(page: Page, value: str):
    return page.locator(f'.poker-deck button[name="value"][value="{value}"]')


@pytest.mark.parametrize("size", list(SIZES))
def test_a_poker_round_in_two_browsers_writes_the_agreed_estimate(
    page: Page, browser: Browser, live_server, workplace, signed_in, browser_problems, size: str
):
    # given a Scrum board with a story to estimate, Giulia and Marco each on the estimation page
    board = make_scrum_board(team=workplace.team, name="Iscrizioni nidi")
    actor = actor_for_user(user=workplace.user, organisation_slug=workplace.organisation.slug)
    story = backlog_item_create(actor=actor, board=board, title="Modulo online")
    url = f"{live_server.url}/o/{workplace.organisation.slug}/boards/{board.pk}/scrum/poker/"
    page.set_viewport_size(SIZES[size])
    signed_in(workplace.user)
    page.goto(url)
    marco_context = browser.new_context(viewport=SIZES[size], locale="it-IT")
    browser_problems.watch(marco_context)
    signed_in(workplace.colleague, marco_context)
    marco = marco_context.new_page()
    marco.goto(url)

    # when Giulia starts the estimation and picks the story
    page.get_by_role("button", name="Avvia una stima").click()
    card = WorkItem.objects.get(pk=story.work_item_id)
    page.locator("#poker-story").select_option(value=str(card.number))
    page.get_by_role("button", name="Stima questa storia").click()
    expect(page.locator("#poker-story-title")).to_contain_text("Modulo online")
    assert_accessible(page)

    # then Marco's screen shows the story and the deck without a reload
    expect(marco.locator("#poker-story-title")).to_contain_text("Modulo online")
    assert_accessible(marco)

    # when Marco plays 5 and Giulia 3, each sees who voted, never what
    deck_card(marco, "5").click()
    expect(deck_card(marco, "5")).to_have_attribute("aria-pressed", "true")
    deck_card(page, "3").click()
    expect(page.locator("#poker-voted")).to_contain_text("Marco Bertolini")
    expect(marco.locator("#poker-voted")).to_contain_text("Giulia Ferrari")
    expect(marco.locator("#poker-summary")).to_have_count(0)

    # and Marco reloads: his card is still his
    marco.reload()
    expect(deck_card(marco, "5")).to_have_attribute("aria-pressed", "true")

    # when Giulia reveals the cards, both see the result
    page.get_by_role("button", name="Scopri le carte").click()
    expect(page.locator("#poker-summary")).to_contain_text("3")
    expect(marco.locator("#poker-summary")).to_contain_text("5")
    assert_accessible(marco)

    # and she accepts 5: the story has its estimate, in its history too
    page.locator("#poker-accept-value").select_option(value="5")
    page.get_by_role("button", name="Accetta la stima").click()
    expect(page.locator(".poker-story")).to_contain_text("Stima accettata: 5")
    expect(marco.locator(".poker-story")).to_contain_text("Stima accettata: 5")
    card.refresh_from_db()
    assert card.estimate == Decimal(5)
    assert card.events.filter(kind="estimated").exists()
    assert_accessible(page)
    marco_context.close()
