"""A split column: a card finished in "In corso" goes to its "pronto" part by drag and drop or by
keyboard, is announced there, and comes back. The page passes axe."""

import re

import pytest
from playwright.sync_api import Page, expect

from officina.boards.models import WorkItem
from officina.boards.tests.factories import bulk_cards, make_board
from tests.e2e.accessibility import assert_accessible
from tests.e2e.test_board_journeys import board_path, card, drag

pytestmark = pytest.mark.e2e


def test_a_finished_card_goes_to_the_ready_part_by_drag_and_by_keyboard(
    page: Page, live_server, workplace, signed_in, browser_problems
):
    # given "In corso" split into "in corso" and "pronto", with two cards in progress
    board = make_board(team=workplace.team, name="Sportello")
    doing = board.columns.get(position=1)
    doing.is_split = True
    doing.save()
    bulk_cards(board=board, count=2, column=doing, swimlane=board.swimlanes.get())
    signed_in(workplace.user)
    page.goto(f"{live_server.url}{board_path(workplace, board)}")
    part = '#board-body ul.cl[data-column="{}"][data-part="{}"]'
    in_progress = page.locator(part.format(doing.pk, "doing"))
    ready = page.locator(part.format(doing.pk, "ready"))
    expect(ready).to_have_attribute("aria-label", re.compile("In corso – pronto"))
    assert_accessible(page)

    # when I drag card #1 into the "pronto" part
    with page.expect_response(lambda response: "/move/" in response.url) as moved:
        drag(page, card(page, 1), ready)

    # then it waits there, and the board says so
    assert moved.value.status == 200
    expect(ready.locator('.k[data-number="1"]')).to_be_visible()
    assert WorkItem.objects.get(board=board, number=1).is_ready

    # when I press "]" on card #2: it goes to "pronto" too, below #1, and I hear where it went
    card(page, 2).locator(".kt a").focus()
    page.keyboard.press("]")
    expect(ready.locator('.k[data-number="2"]')).to_be_visible()
    expect(page.locator("#board-status")).to_contain_text("In corso – pronto")
    assert list(
        WorkItem.objects.filter(board=board, is_ready=True)
        .order_by("rank")
        .values_list("number", flat=True)
    ) == [1, 2]

    # and "[" brings it back in progress
    page.keyboard.press("[")
    expect(in_progress.locator('.k[data-number="2"]')).to_be_visible()
    assert not WorkItem.objects.get(board=board, number=2).is_ready
    assert_accessible(page)
