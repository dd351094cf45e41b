"""A retrospective from start to action: Giulia opens a Start-Stop-Continue retrospective, writes
a note anonymously, puts a dot on it, turns it into an action owned by Marco, and finds the action
in the product backlog. Desktop, tablet and phone, axe on every page.

The locators are ids and roles rather than texts, so the journey reads the same before and after
the Italian strings are merged."""

import pytest
from playwright.sync_api import Page, ViewportSize, expect

from officina.organisations.selectors import actor_for_user
from officina.scrum.models import RetroAction, RetroNote
from officina.scrum.services.backlog import backlog_item_create
from officina.scrum.tests.factories import make_scrum_board
from tests.e2e.accessibility import assert_accessible

pytestmark = pytest.mark.e2e

SIZES: dict[str, ViewportSize] = {
    "desktop": {"width": 1280, "height": 900},
    "tablet": {"width": 768, "height": 1024},
    "phone": {"width": 390, "height": 844},
}


def fits(page: Page, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("size", list(SIZES))
def test_an_anonymous_note_voted_becomes_an_owned_action_in_the_backlog(
    page: Page, live_server, workplace, signed_in, size: str
):
    # given a Scrum board with a story in its backlog, and Giulia signed in
    board = make_scrum_board(team=workplace.team, name="Iscrizioni nidi")
    actor = actor_for_user(user=workplace.user, organisation_slug=workplace.organisation.slug)
    backlog_item_create(actor=actor, board=board, title="Modulo online")
    page.set_viewport_size(SIZES[size])
    width = SIZES[size]["width"]
    signed_in(workplace.user)
    scrum = f"{live_server.url}/o/{workplace.organisation.slug}/boards/{board.pk}/scrum/"

    # when she opens the retrospectives from the Scrum navigation
    page.goto(scrum)
    page.locator(f'.scrum-nav a[href$="/boards/{board.pk}/scrum/retrospectives/"]').click()
    expect(page.locator("details.scrum-guide")).to_be_visible()  # what a retrospective is for
    assert_accessible(page)
    fits(page, width)

    # and opens a Start-Stop-Continue retrospective
    page.locator("#id_title").fill("Sprint 3")
    page.locator("#id_format").select_option("start_stop_continue")
    page.locator("#retro-open").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sprint 3")
    expect(page.locator(".retro-column")).to_have_count(3)
    assert_accessible(page)
    fits(page, width)

    # and writes a note in "stop" anonymously
    stop = page.locator("#column-stop")
    stop.locator("#retro-text-stop").fill("Troppe riunioni il lunedì")
    stop.locator('label[for="retro-anonymous-stop"]').click()
    expect(stop.locator("#retro-anonymous-stop")).to_be_checked()
    stop.locator("form.retro-add button[type=submit]").click()
    note = page.locator(".retro-note", has_text="Troppe riunioni il lunedì")
    expect(note).to_be_visible()
    expect(note.locator(".retro-author")).not_to_contain_text("Giulia")
    assert RetroNote.objects.get().author_id is None

    # and puts a dot on it: the button turns into "take back", the count shows 1
    note.locator("button.retro-vote").click()
    note = page.locator(".retro-note", has_text="Troppe riunioni il lunedì")
    expect(note.locator("button.retro-take-back")).to_be_visible()
    expect(note.locator(".retro-dots")).to_contain_text("1")
    assert_accessible(page)
    fits(page, width)

    # and makes it an action owned by Marco
    page.locator("#retro-action-note").select_option(str(RetroNote.objects.get().pk))
    page.locator("#retro-action-owner").select_option(str(workplace.colleague.pk))
    page.locator("#retro-action-create").click()
    actions = page.locator("#retro-actions")
    expect(actions).to_contain_text("Troppe riunioni il lunedì")
    expect(actions).to_contain_text("Marco Bertolini")
    assert_accessible(page)
    fits(page, width)

    # then the action is a card of the product backlog
    number = RetroAction.objects.get().work_item.number
    page.locator(f'.scrum-nav a[href$="/boards/{board.pk}/scrum/"]').click()
    backlog = page.locator(".scrum-backlog")
    expect(backlog).to_contain_text("Troppe riunioni il lunedì")
    expect(backlog).to_contain_text(f"#{number}")
    assert_accessible(page)
