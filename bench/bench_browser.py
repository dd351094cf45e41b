"""The 500-card board as a person's browser gets it: Debian's Chromium driven by Playwright.

`officina serve` with `config.settings.production` as installed (DEBUG off, static files
collected into compressed, hashed files, HTTPS redirect off as behind a proxy), signed in as a
team member with a real session cookie. Two set-ups, each printed with its prefix:
- embedded_: SQLite, 1 worker (a throw-away OFFICINA_VAR_DIR, no Redis);
- pg_: PostgreSQL + Redis, 2 workers (as bench_load_pages.py; database officina_bench_browser,
  Redis database 12, BENCH_DATABASE_URL / BENCH_REDIS_URL override), only when both answer on
  127.0.0.1; otherwise stderr says why and nothing is printed for it.
The board has 500 open cards in 6 columns and 3 lanes (bench/seed_boards.py). Each figure is the
median of 20 navigations (BENCH_NAVIGATIONS) to the board page, each in a fresh browser context
(empty cache: a first visit), at 1280×900, Italian browser, after two navigations of warm-up:
- board_load: navigation start → end of the load event;
- board_fcp: navigation start → first contentful paint;
- board_last_card: navigation start → the last card in the DOM (a MutationObserver installed
  before the page's own scripts notes when the page's count of cards is reached; the page shows
  fewer than 500: a column shows its first cards and a "show more" link);
- board_cards: cards on the page;
- board_html_transfer / board_html_decoded: the page's HTML body as sent (encodedBodySize, i.e.
  compressed when the server compresses it) and once decoded, in KB (1,024 bytes);
- board_dom_elements, board_dom_nodes: elements, and nodes of every kind, in the loaded page;
- board_elements_per_card: elements of one card (its <li>, its <article> and what is inside);
- board_requests: requests of the page (the document and every resource; not the WebSocket);
- board_static_transfer / board_static_decoded: bytes of /static/ files (CSS, JS, fonts, icons)
  as sent and once decoded, in KB;
- board_warm_load, board_warm_fcp: the same navigation again in a context that has just loaded
  the page (HTTP cache filled: the second visit of the day), median of 20.
BENCH_SET_UPS=embedded (or pg) runs one set-up only. Static files are collected once
(compressing them takes from 10 s to a minute) and shared by both set-ups.
"""

import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.seed_boards import (  # noqa: E402 - after the path set-up above
    REPO,
    bench_environment,
    log,
    median,
    served,
    setup_django,
)

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
NAVIGATIONS = int(os.environ.get("BENCH_NAVIGATIONS", "20"))
CARDS = 500
DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://officina:officina@127.0.0.1:5432/officina_bench_browser"
)
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/12")
SET_UPS = os.environ.get("BENCH_SET_UPS", "embedded,pg").split(",")

# The production settings exactly as installed (compressed manifest storage included).
SETTINGS = "from config.settings.production import *  # noqa: F403\n"

# Runs before the page's own scripts: notes when the last card enters the DOM.
LAST_CARD_WATCH = """
(() => {
  const cards = document.getElementsByTagName("article");
  const observer = new MutationObserver(() => {
    if (cards.length >= %d) { window.__lastCard = performance.now(); observer.disconnect(); }
  });
  observer.observe(document, { childList: true, subtree: true });
})();
"""

MEASURE = """
() => {
  const nav = performance.getEntriesByType("navigation")[0];
  const paint = performance.getEntriesByName("first-contentful-paint")[0];
  const resources = performance.getEntriesByType("resource");
  const statics = resources.filter((entry) => new URL(entry.name).pathname.startsWith("/static/"));
  const sum = (entries, key) => entries.reduce((total, entry) => total + entry[key], 0);
  let nodes = 0;
  const walker = document.createTreeWalker(document, NodeFilter.SHOW_ALL);
  while (walker.nextNode()) nodes += 1;
  const cards = document.querySelectorAll("article.k");
  let cardElements = 0;
  for (const card of cards) cardElements += card.getElementsByTagName("*").length + 2;
  return {
    load: nav.loadEventEnd,
    fcp: paint ? paint.startTime : null,
    last_card: window.__lastCard ?? null,
    html_transfer: nav.encodedBodySize,
    html_decoded: nav.decodedBodySize,
    dom_elements: document.getElementsByTagName("*").length,
    dom_nodes: nodes,
    cards: cards.length,
    elements_per_card: cards.length ? cardElements / cards.length : 0,
    requests: resources.length + 1,
    static_transfer: sum(statics, "encodedBodySize"),
    static_decoded: sum(statics, "decodedBodySize"),
  };
}
"""


def settings_environment(var_dir: str, **overrides: str) -> dict[str, str]:
    """A production installation in `var_dir` (SQLite unless `overrides` name a database)."""
    (Path(var_dir) / "bench_browser_settings.py").write_text(SETTINGS)
    return bench_environment(
        var_dir,
        DJANGO_SETTINGS_MODULE="bench_browser_settings",
        PYTHONPATH=os.pathsep.join([var_dir, str(REPO)]),
        SECRET_KEY="bench-only-" + "x" * 50,
        SECURE_SSL_REDIRECT="false",
        **overrides,
    )


def collect_static(var_dir: str) -> Path:
    """Collect (and compress) the static files once; return the folder."""
    environment = settings_environment(var_dir)
    subprocess.run(
        [sys.executable, str(REPO / "manage.py"), "collectstatic", "--noinput", "-v0"],
        env=environment,
        cwd=REPO,
        check=True,
    )
    return Path(var_dir) / "static"


def navigate(
    browser: Any, url: str, cookie: dict[str, str], *, warm: bool, cards: int
) -> dict[str, Any]:
    """One navigation in a fresh context (after a first one that fills the cache when `warm`);
    `cards` is how many cards the page shows (the done column shows only its latest)."""
    context = browser.new_context(
        locale="it-IT", timezone_id="Europe/Rome", viewport={"width": 1280, "height": 900}
    )
    try:
        context.add_cookies([{**cookie, "url": url}])
        context.add_init_script(LAST_CARD_WATCH % max(cards, 1))
        page = context.new_page()
        if warm:
            page.goto(url, wait_until="load")
        response = page.goto(url, wait_until="load")
        if response is None or response.status != 200:
            raise RuntimeError(f"the board answered {response and response.status}")
        page.wait_for_function("performance.getEntriesByName('first-contentful-paint').length")
        figures: dict[str, Any] = page.evaluate(MEASURE)
        if cards and figures["cards"] != cards:
            raise RuntimeError(f"{figures['cards']} cards on the page, not {cards}")
        return figures
    finally:
        context.close()


def measure(url: str, cookie_value: str) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    cookie = {"name": "sessionid", "value": cookie_value}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        cards = navigate(browser, url, cookie, warm=False, cards=0)["cards"]
        navigate(browser, url, cookie, warm=False, cards=cards)
        cold = [navigate(browser, url, cookie, warm=False, cards=cards) for _ in range(NAVIGATIONS)]
        warm = [navigate(browser, url, cookie, warm=True, cards=cards) for _ in range(NAVIGATIONS)]
        browser.close()
    missed = sum(run["last_card"] is None for run in cold)
    if missed:
        log(f"the last card was not seen arriving in {missed} of {len(cold)} navigations")
    figures = {key: median([run[key] for run in cold if run[key] is not None]) for key in cold[0]}
    figures["warm_load"] = median([run["load"] for run in warm])
    figures["warm_fcp"] = median([run["fcp"] for run in warm])
    return figures


def report(prefix: str, figures: dict[str, float]) -> None:
    kb = 1024
    lines = [
        ("board_cards", figures["cards"], "count"),
        ("board_load", figures["load"], "ms"),
        ("board_fcp", figures["fcp"], "ms"),
        ("board_last_card", figures["last_card"], "ms"),
        ("board_html_transfer", figures["html_transfer"] / kb, "KB"),
        ("board_html_decoded", figures["html_decoded"] / kb, "KB"),
        ("board_dom_elements", figures["dom_elements"], "count"),
        ("board_dom_nodes", figures["dom_nodes"], "count"),
        ("board_elements_per_card", figures["elements_per_card"], "count"),
        ("board_requests", figures["requests"], "count"),
        ("board_static_transfer", figures["static_transfer"] / kb, "KB"),
        ("board_static_decoded", figures["static_decoded"] / kb, "KB"),
        ("board_warm_load", figures["warm_load"], "ms"),
        ("board_warm_fcp", figures["warm_fcp"], "ms"),
    ]
    for name, value, unit in lines:
        print(f"{prefix}_{name}: {value:.1f} {unit}", flush=True)


def run_set_up(name: str, static_root: str) -> None:
    """One set-up, in this (child) process: seed, serve, drive the browser, print."""
    from bench.bench_load_pages import empty_redis, recreate_database, services_missing

    postgres = name == "pg"
    if postgres:
        missing = services_missing(DATABASE_URL, REDIS_URL)
        if missing:
            log(f"pg skipped: {missing}")  # no figure rather than a wrong one
            return
    try:
        with tempfile.TemporaryDirectory(prefix="officina-bench-") as var_dir:
            (Path(var_dir) / "static").symlink_to(static_root)
            overrides = {"DATABASE_URL": DATABASE_URL, "REDIS_URL": REDIS_URL} if postgres else {}
            environment = settings_environment(var_dir, **overrides)
            setup_django(environment)
            from django.db import connections

            from bench.seed_boards import board_url, make_big_board, make_world, session_cookie

            log(f"{name}: seeding…")
            (world,) = make_world()
            board = make_big_board(world, name="Bacheca 500", open_cards=CARDS)
            cookie = session_cookie(world.people[1])
            path = board_url(board)
            connections.close_all()
            workers = 2 if postgres else 1
            with served(environment, workers=workers) as host:
                log(f"{name}: serve --workers {workers}; {NAVIGATIONS} navigations…")
                report("pg" if postgres else "embedded", measure(f"{host}{path}", cookie))
    finally:
        if postgres:
            empty_redis(REDIS_URL)
            recreate_database(DATABASE_URL, drop_only=True)


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--set-up":
        run_set_up(sys.argv[2], sys.argv[3])
        return
    with tempfile.TemporaryDirectory(prefix="officina-bench-static-") as static_dir:
        log("collecting and compressing static files…")
        static_root = collect_static(static_dir)
        for name in SET_UPS:
            subprocess.run(
                [sys.executable, __file__, "--set-up", name, str(static_root)],
                cwd=REPO,
                check=True,
            )


if __name__ == "__main__":
    main()
