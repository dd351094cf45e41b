"""Real time as people see it: two browsers on one board, one moves a card by keyboard.

`officina serve` on the embedded default (SQLite, in-memory channel layer, 1 worker, DEBUG off),
the 500-card board of bench/seed_boards.py, two people signed in with real session cookies, each
in their own Debian Chromium context (Playwright), both pages open with their live link.
The mover focuses a card of "In corso" and presses "]" (next column), then "[" (back), 50 moves
in all (BENCH_REALTIME_MOVES). Clocks: both pages run in one browser on one machine, and
`performance.timeOrigin + performance.now()` is the same clock in both.
- realtime_p50 / _p95 / _max: from the mover's keydown (a capturing listener notes it) to the
  moment the card is in its new column in the other person's page (a MutationObserver notes it);
- mover_p50 / _max: from the same keydown to the card in its new column in the mover's own page
  (the move's answer carries the patch: one round trip).
"""

import os
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.seed_boards import (  # noqa: E402 - after the path set-up above
    bench_environment,
    log,
    median,
    served,
    setup_django,
)

CHROMIUM = "/usr/bin/chromium"
MOVES = int(os.environ.get("BENCH_REALTIME_MOVES", "50"))

# Installed before the page's scripts: when does card `number` appear in column `column`?
ARRIVAL_WATCH = """
window.__arrival = null;
window.__watchArrival = (number, column) => {
  window.__arrival = null;
  const selector = `#board-body ul.cl[data-column="${column}"] .k[data-number="${number}"]`;
  const seen = () => {
    if (document.querySelector(selector)) {
      window.__arrival = performance.timeOrigin + performance.now();
      observer.disconnect();
    }
  };
  const observer = new MutationObserver(seen);
  observer.observe(document.body, { childList: true, subtree: true });
  seen();
};
window.__keydown = null;
document.addEventListener("keydown", () => {
  window.__keydown = performance.timeOrigin + performance.now();
}, true);
"""


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def drive(url: str, mover_cookie: str, viewer_cookie: str, card: int, columns: list[int]) -> None:
    from playwright.sync_api import sync_playwright

    root = url.split("/o/", 1)[0] + "/"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        pages = []
        for cookie in (mover_cookie, viewer_cookie):
            context = browser.new_context(
                locale="it-IT", viewport={"width": 1280, "height": 900}, bypass_csp=True
            )
            # for the whole site: the live link (/ws/…) needs the session too
            context.add_cookies([{"name": "sessionid", "value": cookie, "url": root}])
            context.add_init_script(ARRIVAL_WATCH)
            page = context.new_page()
            page.goto(url, wait_until="load")
            pages.append(page)
        mover, viewer = pages
        # both live links open: each page lists the other person as looking at the board
        for page in pages:
            page.wait_for_function(
                "document.querySelector('#board-presence').textContent.trim() !== ''"
            )
        others: list[float] = []
        own: list[float] = []
        for index in range(MOVES):
            target = columns[1] if index % 2 == 0 else columns[0]
            for page in pages:
                page.evaluate("([n, c]) => window.__watchArrival(n, c)", [card, target])
            mover.locator(f'#board-body .k[data-number="{card}"] .kt a').focus()
            mover.keyboard.press("]" if index % 2 == 0 else "[")
            for page in pages:
                page.wait_for_function("window.__arrival !== null", timeout=10_000)
            pressed = mover.evaluate("window.__keydown")
            own.append(mover.evaluate("window.__arrival") - pressed)
            others.append(viewer.evaluate("window.__arrival") - pressed)
            mover.wait_for_timeout(150)  # as a person would, before the next move
        browser.close()
    print(f"realtime_p50: {median(others):.1f} ms", flush=True)
    print(f"realtime_p95: {percentile(others, 0.95):.1f} ms", flush=True)
    print(f"realtime_max: {max(others):.1f} ms", flush=True)
    print(f"mover_p50: {median(own):.1f} ms", flush=True)
    print(f"mover_max: {max(own):.1f} ms", flush=True)


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="officina-bench-") as var_dir:
        environment = bench_environment(var_dir)
        setup_django(environment)
        from django.db import connections

        from bench.seed_boards import board_url, make_big_board, make_world, session_cookie
        from officina.boards.models import WorkItem

        log("seeding…")
        (world,) = make_world()
        board = make_big_board(world, name="Bacheca 500", open_cards=500)
        columns = [column.pk for column in board.columns.all()]
        lane = board.swimlanes.order_by("position").first()
        card: Any = (
            WorkItem.objects.filter(board=board, column_id=columns[2], swimlane=lane)
            .order_by("is_ready", "rank")
            .first()
        )
        mover, viewer = session_cookie(world.people[1]), session_cookie(world.people[2])
        path = board_url(board)
        connections.close_all()
        with served(environment, workers=1) as host:
            log(f"{MOVES} moves of card #{card.number}…")
            drive(f"{host}{path}", mover, viewer, card.number, [columns[2], columns[3]])


if __name__ == "__main__":
    main()
