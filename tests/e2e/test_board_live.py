"""Two people on the same board: each sees the other's move without reloading, and who is here.

The server is the ASGI one (tests/e2e/asgi_server.py): it serves the board's WebSocket.
"""

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from playwright.sync_api import Browser, BrowserContext, Page, expect

from officina.boards.models import Board, Column, WorkItem
from officina.boards.services.moves import work_item_move
from officina.boards.tests.factories import bulk_cards, make_board
from officina.organisations.selectors import actor_for_user
from officina.organisations.tests.factories import TeamFactory
from tests.e2e.accessibility import assert_accessible
from tests.e2e.asgi_server import AsgiLiveServer, asgi_live_server, live_server  # noqa: F401

pytestmark = pytest.mark.e2e

LIVE_WITHIN_MS = 2000
# Injected before the page's own scripts (not subject to the page's CSP): records every
# "board changed" event, and lets a test drop the socket and keep it down for a while.
WATCH_LIVE_LINK = """
window.boardChanges = [];
document.addEventListener("officina:board-changed", (event) => {
    window.boardChanges.push(event.detail);
});
(() => {
    const Native = window.WebSocket;
    window.openSockets = [];
    window.blockSockets = false;
    function Watched(url, protocols) {
        if (window.blockSockets) {
            throw new DOMException("blocked by the test", "SecurityError");
        }
        const socket = new Native(url, protocols);
        window.openSockets.push(socket);
        return socket;
    }
    Watched.prototype = Native.prototype;
    for (const name of ["CONNECTING", "OPEN", "CLOSING", "CLOSED"]) {
        Watched[name] = Native[name];
    }
    window.WebSocket = Watched;
})();
"""


def live_path(board: Board) -> str:
    return f"/ws/o/{board.team.organisation.slug}/boards/{board.pk}/"


def stand_in_page(board: Board, version: int) -> str:
    """Only the contract live.js reads on the board page: tests the live link on its own."""
    return f"""<!doctype html><html lang="it"><head><meta charset="utf-8"><title>Bacheca</title>
<link rel="icon" href="data:,"><script src="/static/boards/live.js" defer></script></head>
<body><main><section id="board" data-version="{version}" data-live-url="{live_path(board)}">
</section><div id="board-presence" data-label="Ora sulla bacheca:"></div></main></body></html>"""


def open_stand_in(page: Page, server: AsgiLiveServer, board: Board, version: int) -> None:
    url = server.serve_page(
        f"/__live-stand-in__/{board.pk}/{version}/", stand_in_page(board, version)
    )
    page.add_init_script(WATCH_LIVE_LINK)
    page.goto(url)


def wait_for_change(page: Page, condition: str, timeout: int = LIVE_WITHIN_MS) -> None:
    page.wait_for_function(f"window.boardChanges.some(c => {condition})", timeout=timeout)


def move_card(card: WorkItem, column: Column, user: Any) -> int:
    """What the move endpoint does, run inside the server (see AsgiLiveServer.call)."""
    actor = actor_for_user(user=user, organisation_slug=card.board.team.organisation.slug)
    work_item_move(actor=actor, work_item=card, column=column)
    return Board.objects.values_list("version", flat=True).get(pk=card.board_id)


@pytest.fixture
def sign_in(live_server: AsgiLiveServer) -> Callable[[Any, BrowserContext], None]:  # noqa: F811
    """Like the `signed_in` fixture, with one session per person: the shared test client would
    end the first person's session when it signs in the second."""

    def give_cookie(user: Any, browser_context: BrowserContext) -> None:
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        browser_context.add_cookies(
            [{"name": cookie.key, "value": cookie.value, "url": live_server.url}]
        )

    return give_cookie


@pytest.fixture
def board_with_card(workplace: Any) -> tuple[Board, WorkItem]:
    board = make_board(team=workplace.team, name="Iscrizioni nidi")
    column = board.columns.get(position=0)
    (card,) = bulk_cards(
        board=board, count=1, column=column, swimlane=board.swimlanes.get(), title="Domanda"
    )
    return board, card


@pytest.fixture
def second_context(
    browser: Browser, browser_context_args: dict[str, Any], browser_problems: Any
) -> Iterator[BrowserContext]:
    """A second person's browser, watched for console errors like the first."""
    other = browser.new_context(**browser_context_args)
    browser_problems.watch(other)
    yield other
    other.close()


def test_the_live_link_announces_a_move_and_who_is_looking(
    page: Page,
    second_context: BrowserContext,
    live_server: AsgiLiveServer,  # noqa: F811
    workplace: Any,
    sign_in: Callable[[Any, BrowserContext], None],
    board_with_card: tuple[Board, WorkItem],
) -> None:
    board, card = board_with_card
    # given Giulia and Marco both look at the board
    sign_in(workplace.user, page.context)
    sign_in(workplace.colleague, second_context)
    marco_page = second_context.new_page()
    open_stand_in(page, live_server, board, board.version)
    open_stand_in(marco_page, live_server, board, board.version)

    # then each sees the other in the presence list
    expect(page.locator("#board-presence")).to_have_text("Ora sulla bacheca: Marco Bertolini")
    expect(marco_page.locator("#board-presence")).to_have_text("Ora sulla bacheca: Giulia Ferrari")

    # when Marco moves the card
    target = board.columns.get(position=1)
    version = live_server.call(move_card, card, target, workplace.colleague)

    # then both pages hear of it within 2 seconds, with the card that changed
    for viewer in (page, marco_page):
        wait_for_change(viewer, f"c.version === {version}")
    detail = page.evaluate("window.boardChanges[window.boardChanges.length - 1]")
    assert detail == {
        "version": version,
        "cards": [card.pk],
        "structure": False,
        "reconnected": False,
    }

    # when Marco leaves, Giulia no longer sees him
    marco_page.close()
    expect(page.locator("#board-presence")).to_have_text("")


def test_a_dropped_connection_comes_back_and_catches_up(
    page: Page,
    live_server: AsgiLiveServer,  # noqa: F811
    workplace: Any,
    sign_in: Callable[[Any, BrowserContext], None],
    board_with_card: tuple[Board, WorkItem],
) -> None:
    board, card = board_with_card
    sign_in(workplace.user, page.context)
    open_stand_in(page, live_server, board, board.version)
    page.wait_for_function("window.openSockets[0]?.readyState === WebSocket.OPEN")

    # when the connection drops and the card moves while Giulia is away
    page.evaluate("window.blockSockets = true; window.openSockets[0].close()")
    version = live_server.call(move_card, card, board.columns.get(position=1), workplace.colleague)
    page.wait_for_timeout(300)
    page.evaluate("window.blockSockets = false")

    # then the page reconnects on its own and learns it must reload the board
    wait_for_change(page, f"c.reconnected && c.version === {version}", timeout=10_000)
    assert page.evaluate("window.openSockets.length") == 2


def test_a_page_rendered_before_a_change_catches_up_at_once(
    page: Page,
    live_server: AsgiLiveServer,  # noqa: F811
    workplace: Any,
    sign_in: Callable[[Any, BrowserContext], None],
    board_with_card: tuple[Board, WorkItem],
) -> None:
    board, card = board_with_card
    rendered_at = board.version
    version = live_server.call(move_card, card, board.columns.get(position=1), workplace.colleague)
    sign_in(workplace.user, page.context)

    open_stand_in(page, live_server, board, rendered_at)

    wait_for_change(page, f"c.reconnected && c.version === {version}")


def test_a_board_someone_may_not_see_gets_no_live_link_and_no_retries(
    page: Page,
    live_server: AsgiLiveServer,  # noqa: F811
    workplace: Any,
    sign_in: Callable[[Any, BrowserContext], None],
) -> None:
    hidden = make_board(team=TeamFactory(organisation=workplace.organisation), name="Riservata")
    sign_in(workplace.user, page.context)

    open_stand_in(page, live_server, hidden, hidden.version)

    # the server closes the socket as "not found"; the page stays quiet and does not insist
    page.wait_for_function("window.openSockets[0]?.readyState === WebSocket.CLOSED")
    page.wait_for_timeout(1500)
    assert page.evaluate("window.openSockets.length") == 1
    assert page.evaluate("window.boardChanges.length") == 0
    expect(page.locator("#board-presence")).to_have_text("")


# --- The journey on the real board page ---


def board_url(server: AsgiLiveServer, board: Board) -> str:
    path = reverse(
        "boards:board-detail",
        kwargs={"org_slug": board.team.organisation.slug, "board_id": board.pk},
    )
    return f"{server.url}{path}"


def test_two_people_on_the_board_page_see_each_others_moves(
    page: Page,
    second_context: BrowserContext,
    live_server: AsgiLiveServer,  # noqa: F811
    workplace: Any,
    sign_in: Callable[[Any, BrowserContext], None],
    board_with_card: tuple[Board, WorkItem],
) -> None:
    board, card = board_with_card
    url = board_url(live_server, board)
    target = board.columns.get(position=1)
    # given Giulia and Marco have the board open
    sign_in(workplace.user, page.context)
    sign_in(workplace.colleague, second_context)
    marco_page = second_context.new_page()
    page.goto(url)
    marco_page.goto(url)
    for viewer in (page, marco_page):
        expect(
            viewer.locator(f"[data-column='{card.column_id}'] [data-number='{card.number}']")
        ).to_be_visible()
        expect(viewer.locator("#board-presence")).to_contain_text("Ora sulla bacheca:")
    expect(page.locator("#board-presence")).to_contain_text("Marco Bertolini")
    expect(marco_page.locator("#board-presence")).to_contain_text("Giulia Ferrari")
    assert_accessible(page)

    # when Giulia moves the card to "In corso" through the move endpoint
    marco_page.evaluate("window.officinaSamePage = true")
    fetched: list[str] = []
    marco_page.on("request", lambda request: fetched.append(request.url))
    csrf = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    move_path = reverse(
        "boards:card-move",
        kwargs={
            "org_slug": workplace.organisation.slug,
            "board_id": board.pk,
            "number": card.number,
        },
    )
    response = page.request.post(
        f"{live_server.url}{move_path}",
        form={
            "column": str(target.pk),
            "swimlane": str(card.swimlane_id),
            "position": "0",
            "version": str(card.version),
        },
        headers={"X-CSRFToken": csrf, "HX-Request": "true", "Referer": url},
    )
    assert response.ok, response.text()

    # then Marco sees it in the new column within 2 seconds, without reloading
    moved = marco_page.locator(f"[data-column='{target.pk}'] [data-number='{card.number}']")
    expect(moved).to_be_visible(timeout=LIVE_WITHIN_MS)
    assert marco_page.evaluate("window.officinaSamePage === true"), "the page reloaded"
    assert re.search(str(card.number), moved.inner_text())
    # with a small patch for that card, not the whole board again (decision 0030)
    assert [url for url in fetched if "/patch/" in url], fetched
    assert not [url for url in fetched if "/body/" in url], fetched
    expect(marco_page.locator(f"#board-body .ch[data-column='{target.pk}'] .wc")).to_contain_text(
        "1"
    )
    assert_accessible(marco_page)
