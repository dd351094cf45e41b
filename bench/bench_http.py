"""Speed as people feel it (issue 9): a running server, spoken to over HTTP as a browser does.

Two set-ups, each in its own process and on its own throw-away data (bench/seed_boards.py:
a 500-card board of 6 columns and 3 lanes, and a board with 3,000 cards in one column):
- `embedded_*`: `config.settings.production` on SQLite (no DATABASE_URL, no REDIS_URL: local
  memory caches, database sessions), `officina serve --workers 1`;
- `pg_*`: the same settings on PostgreSQL (BENCH_HTTP_DATABASE_URL, default database
  `officina_bench_http` of role officina/officina, created and dropped here) and Redis
  (BENCH_HTTP_REDIS_URL, default database 12, emptied), `officina serve --workers 2`. Skipped,
  with the reason on stderr, when either does not answer on 127.0.0.1.
Static files are collected (manifest storage, not compressed), HTTPS redirect off as behind a
proxy, no access log. Every request opens a fresh TCP connection (http.client) and carries the
session cookie that the real login form set (GET the form, POST e-mail, password and CSRF
token); script requests carry `X-CSRFToken` as board.js sends it. Figures (median of the
requests named, after one warm-up request each):
- board_500_page_p50: GET of the 500-card board page (50 requests);
- column_3000_page_p50: GET of the page of the board with 3,000 cards in one column (30);
- api_move_p50: POST to the REST API's card move with a personal access token (JSON, back and
  forth between two columns, to the top, with the version last seen; 100 moves);
- api_move_queries: SQL queries of one such move, counted in this process (transaction
  control statements, BEGIN and COMMIT, not counted)
  (CaptureQueriesContext around DRF's test client with the same token and settings);
- drag_move_p50: a drop as board.js sends it (multipart POST to `boards:card-move`,
  `X-Requested-With: fetch`, `X-CSRFToken`) until the page can show it: when the answer is 204,
  plus the GET of the body board.js then makes (`data-body-url`, no If-None-Match); when the
  answer is 200 with content, the POST alone (100 moves);
- move_into_3000_p50: the same, each drop to the top of the 3,000-card column (the card goes
  back out between two timed drops, untimed; 30 moves);
- page_after_move_p50/_p95/_max: GET of the whole 500-card board page right after each of 100
  drops (the drop's POST alone, untimed: the body the page shows is not rendered yet);
- pages_per_s: 500-card board pages answered per second to 16 connections (BENCH_CONNECTIONS)
  for 10 s after 3 s of warm-up, `wrk` with the session cookie (keep-alive connections, as a
  browser keeps them); pages_errors: answers other than 200 in that run.
`python bench/bench_http.py [embedded|pg]` runs one set-up only; with BENCH_HTTP_HOLD=<file>,
each set-up writes its server's address, cookies and boards there once signed in, and waits
until the file is deleted (to profile the running server).
"""

import http.client
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.seed_boards import (  # noqa: E402 - after the path set-up above
    BENCH_PRODUCTION_SETTINGS,
    PASSWORD,
    bench_environment,
    log,
    median,
    percentile,
    production_environment,
    served,
    setup_django,
)

DATABASE_URL = os.environ.get(
    "BENCH_HTTP_DATABASE_URL", "postgres://officina:officina@127.0.0.1:5432/officina_bench_http"
)
REDIS_URL = os.environ.get("BENCH_HTTP_REDIS_URL", "redis://127.0.0.1:6379/12")
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
SET_UPS = {"embedded": 1, "pg": 2}
# For profiling: once signed in, write the server's address, the cookies and the boards to this
# file and wait until it is deleted before measuring.
HOLD = os.environ.get("BENCH_HTTP_HOLD", "")  # name: web server processes
WRK_REPORT = """
done = function(summary, latency, requests)
  io.write(string.format("requests %d\\n", summary.requests))
  io.write(string.format("duration_us %d\\n", summary.duration))
  io.write(string.format("errors %d\\n", summary.errors.status + summary.errors.connect
    + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
"""


class Browser:
    """Cookies and CSRF token of one signed-in person; a fresh connection for every request."""

    def __init__(self, base_url: str) -> None:
        parts = urllib.parse.urlsplit(base_url)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.origin = base_url
        self.cookies: dict[str, str] = {}

    def request(
        self,
        method: str,
        path: str,
        *,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, http.client.HTTPMessage, bytes]:
        connection = http.client.HTTPConnection(self.host, self.port, timeout=60)
        try:
            sent = {"Accept-Language": "it", **(headers or {})}
            if self.cookies:
                sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            content = response.read()
            for header in response.headers.get_all("Set-Cookie") or ():
                name, _, rest = header.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
            return response.status, response.headers, content
        finally:
            connection.close()

    def sign_in(self, email: str, password: str) -> None:
        """Through the real login form: its CSRF cookie and token, then the session cookie."""
        status, _, page = self.request("GET", "/accounts/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert status == 200, status  # noqa: S101 - a bench on a broken page misleads
        assert token, "no CSRF token in the login form"  # noqa: S101
        form = urllib.parse.urlencode(
            {"login": email, "password": password, "csrfmiddlewaretoken": token[1].decode()}
        ).encode()
        status, _, _ = self.request(
            "POST",
            "/accounts/login/",
            body=form,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": self.origin,
                "Referer": f"{self.origin}/accounts/login/",
            },
        )
        assert status == 302, status  # noqa: S101
        assert "sessionid" in self.cookies, self.cookies  # noqa: S101

    def timed(
        self, method: str, path: str, **options: Any
    ) -> tuple[float, int, http.client.HTTPMessage]:
        started = time.perf_counter()
        status, headers, content = self.request(method, path, **options)
        elapsed = (time.perf_counter() - started) * 1000
        assert status < 400, (status, content[:300])  # noqa: S101
        return elapsed, status, headers


def multipart(fields: dict[str, str]) -> tuple[bytes, str]:
    """A multipart/form-data body, as `fetch` sends a FormData."""
    boundary = "----officinabench7MA4YWxkTrZu0gW"
    lines = []
    for name, value in fields.items():
        lines += [f"--{boundary}", f'Content-Disposition: form-data; name="{name}"', "", value]
    lines += [f"--{boundary}--", ""]
    return "\r\n".join(lines).encode(), f"multipart/form-data; boundary={boundary}"


class Drag:
    """Drops of one card as board.js makes them, each timed until the page can show it."""

    def __init__(self, browser: Browser, *, move_url: str, body_url: str, version: int) -> None:
        self.browser, self.move_url, self.body_url, self.version = (
            browser,
            move_url,
            body_url,
            version,
        )

    def drop(self, *, column: int, lane: int, position: int = 0, refresh: bool = True) -> float:
        body, content_type = multipart(
            {
                "column": str(column),
                "swimlane": str(lane),
                "position": str(position),
                "version": str(self.version),
            }
        )
        headers = {
            "Content-Type": content_type,
            "X-Requested-With": "fetch",
            "X-CSRFToken": self.browser.cookies["csrftoken"],
            "Origin": self.browser.origin,
        }
        elapsed, status, answer = self.browser.timed(
            "POST", self.move_url, body=body, headers=headers
        )
        version = answer["X-Card-Version"]
        assert version, (status, answer["Location"])  # noqa: S101 - a 302 means: signed out
        self.version = int(version)
        if status == 204 and refresh:  # board.js then fetches the body (refresh({force: true}))
            refreshed, _, _ = self.browser.timed(
                "GET", self.body_url, headers={"X-Requested-With": "fetch"}
            )
            elapsed += refreshed
        return elapsed


def timed_gets(browser: Browser, path: str, count: int) -> list[float]:
    browser.timed("GET", path)
    return [browser.timed("GET", path)[0] for _ in range(count)]


def with_wrk(url: str, cookies: dict[str, str], seconds: int) -> tuple[float, float]:
    """Pages per second and errors of `CONNECTIONS` keep-alive connections for `seconds`."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        script.write(WRK_REPORT)
        script.flush()
        cookie = "; ".join(f"{k}={v}" for k, v in cookies.items())
        result = subprocess.run(
            ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", "--timeout", "10s"]
            + ["-s", script.name, "-H", f"Cookie: {cookie}", "-H", "Accept-Language: it", url],
            capture_output=True,
            text=True,
            check=True,
        )
    figures = dict(line.split() for line in result.stdout.splitlines() if line.count(" ") == 1)
    seconds_taken = float(figures["duration_us"]) / 1_000_000
    return float(figures["requests"]) / seconds_taken, float(figures["errors"])


def api_move_queries(token: str, url: str, columns: list[int], lane: int) -> int:
    """Queries of one API move in this process (the second: the first warms the caches)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from rest_framework.test import APIClient

    client = APIClient(HTTP_AUTHORIZATION=f"Bearer {token}")
    count = 0
    for column in columns:
        with CaptureQueriesContext(connection) as queries:
            answer = client.post(url, {"column": column, "swimlane": lane, "position": 0})
        assert answer.status_code == 200, answer.content  # noqa: S101
        # statements of the transaction's own (BEGIN IMMEDIATE, COMMIT on SQLite) are not reads
        # or writes of the move
        count = sum(
            not query["sql"].startswith(("BEGIN", "COMMIT", "SAVEPOINT", "RELEASE"))
            for query in queries.captured_queries
        )
    return count


def measure(name: str, host: str, world: Any, boards: dict[str, Any], token: str) -> None:
    from django.urls import reverse

    def out(figure: str, value: float, unit: str = "ms") -> None:
        print(f"{name}_{figure}: {value:.1f} {unit}", flush=True)

    browser = Browser(host)
    browser.sign_in(world.people[1].email, PASSWORD)
    slug = world.organisation.slug
    big, tall = boards["big"], boards["tall"]
    if HOLD:  # for profiling: the server, the boards and the cookies, until the file goes
        Path(HOLD).write_text(json.dumps({"host": host, "cookies": browser.cookies, **boards}))
        while Path(HOLD).exists():
            time.sleep(1)
    out("board_500_page_p50", median(timed_gets(browser, big["url"], 50)))
    out("column_3000_page_p50", median(timed_gets(browser, tall["url"], 30)))

    card = big["card"]
    api_url = reverse(
        "boards-api:card-move", kwargs={"org_slug": slug, "board_id": big["id"], "number": card}
    )
    version, times = big["version"], []
    for move in range(101):
        payload = {"column": big["columns"][3 - move % 2], "swimlane": big["lane"]}
        elapsed, version = api_move(browser, api_url, token, {**payload, "version": version})
        times.append(elapsed)
    out("api_move_p50", median(times[1:]))

    def move_url(board: dict[str, Any], number: int) -> str:
        kwargs = {"org_slug": slug, "board_id": board["id"], "number": number}
        return reverse("boards:card-move", kwargs=kwargs)

    def body_url(board: dict[str, Any]) -> str:
        return reverse("boards:board-body", kwargs={"org_slug": slug, "board_id": board["id"]})

    drag = Drag(browser, move_url=move_url(big, card), body_url=body_url(big), version=version)
    times = [
        drag.drop(column=big["columns"][3 - move % 2], lane=big["lane"]) for move in range(101)
    ]
    out("drag_move_p50", median(times[1:]))

    into = Drag(
        browser,
        move_url=move_url(tall, tall["card"]),
        body_url=body_url(tall),
        version=tall["version"],
    )
    times = []
    for _move in range(31):
        into.drop(column=tall["columns"][2], lane=tall["lane"])  # out again, untimed
        times.append(into.drop(column=tall["columns"][1], lane=tall["lane"]))
    out("move_into_3000_p50", median(times[1:]))

    times = []
    for move in range(100):
        drag.drop(column=big["columns"][2 + move % 2], lane=big["lane"], refresh=False)
        times.append(browser.timed("GET", big["url"])[0])
    out("page_after_move_p50", median(times))
    out("page_after_move_p95", percentile(times, 0.95))
    out("page_after_move_max", max(times))

    if shutil.which("wrk"):
        with_wrk(f"{host}{big['url']}", browser.cookies, 3)
        pages, errors = with_wrk(f"{host}{big['url']}", browser.cookies, 10)
        out("pages_per_s", pages, "req/s")
        print(f"{name}_pages_errors: {errors:.0f} count", flush=True)
    else:
        log("no wrk (apt-get install wrk): pages_per_s not measured")


def api_move(browser: Browser, url: str, token: str, payload: dict[str, Any]) -> tuple[float, int]:
    """One API move with the token (no cookie, as an integration calls it), to the top of the
    cell: its time and the card's new version."""
    connection = http.client.HTTPConnection(browser.host, browser.port, timeout=60)
    try:
        started = time.perf_counter()
        connection.request(
            "POST",
            url,
            body=json.dumps({**payload, "position": 0}).encode(),
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        )
        response = connection.getresponse()
        content = response.read()
        elapsed = (time.perf_counter() - started) * 1000
    finally:
        connection.close()
    assert response.status == 200, content[:300]  # noqa: S101
    return elapsed, int(json.loads(content)["version"])


def seed() -> tuple[Any, dict[str, Any], str, int]:
    """People, the two boards (what the requests need of them) and a token; the API move's
    query count, taken before the server starts."""
    from django.core.management import call_command
    from django.db import connections
    from django.urls import reverse

    from bench.seed_boards import board_url, make_big_board, make_world
    from officina.accounts.tokens import token_create
    from officina.boards.models import WorkItem

    call_command("collectstatic", "--noinput", verbosity=0)
    (world,) = make_world(people=max(8, CONNECTIONS))
    boards: dict[str, Any] = {}
    for key, board in (
        ("big", make_big_board(world, name="Bacheca 500", open_cards=500)),
        ("tall", make_big_board(world, name="Colonna 3000", open_cards=3000, one_column=True)),
    ):
        columns = [column.pk for column in board.columns.all()]
        lane = board.swimlanes.first()
        assert lane is not None  # noqa: S101
        position = 3 if key == "big" else 2999
        card = WorkItem.objects.filter(
            board=board,
            column_id=columns[2 if key == "big" else 1],
            swimlane=lane,
            archived_at=None,
        ).order_by("is_ready", "rank")[position]
        boards[key] = {
            "id": board.pk,
            "url": board_url(board),
            "columns": columns,
            "lane": lane.pk,
            "card": card.number,
            "version": card.version,
        }
    _, token = token_create(user=world.people[1], name="bench")
    big: dict[str, Any] = boards["big"]
    other = WorkItem.objects.filter(
        board_id=big["id"], column_id=big["columns"][2], swimlane_id=big["lane"], archived_at=None
    ).order_by("is_ready", "rank")[4]
    url = reverse(
        "boards-api:card-move",
        kwargs={"org_slug": world.organisation.slug, "board_id": big["id"], "number": other.number},
    )
    queries = api_move_queries(token, url, [big["columns"][4], big["columns"][2]], big["lane"])
    connections.close_all()
    return world, boards, token, queries


def run_set_up(name: str) -> None:
    var_dir = tempfile.mkdtemp(prefix="officina-bench-http-")
    try:
        if name == "pg":
            environment = production_environment(
                var_dir, database_url=DATABASE_URL, redis_url=REDIS_URL
            )
        else:
            (Path(var_dir) / "bench_settings.py").write_text(BENCH_PRODUCTION_SETTINGS)
            environment = bench_environment(
                var_dir,
                DJANGO_SETTINGS_MODULE="bench_settings",
                PYTHONPATH=os.pathsep.join([var_dir, str(Path(__file__).resolve().parent.parent)]),
                SECRET_KEY="bench-only-" + "x" * 50,
                SECURE_SSL_REDIRECT="false",
            )
            for variable in ("DATABASE_URL", "REDIS_URL"):
                environment.pop(variable, None)
                os.environ.pop(variable, None)
        setup_django(environment)
        log(f"{name}: migrated; seeding…")
        world, boards, token, queries = seed()
        print(f"{name}_api_move_queries: {queries} count", flush=True)
        with served(environment, workers=SET_UPS[name]) as host:
            log(f"{name}: serving at {host} with {SET_UPS[name]} worker(s)")
            measure(name, host, world, boards, token)
    finally:
        shutil.rmtree(var_dir, ignore_errors=True)


def services_missing() -> str:
    """Why the PostgreSQL set-up cannot run ("" when PostgreSQL and Redis answer)."""
    from bench.bench_load_pages import empty_redis, recreate_database

    try:
        recreate_database(DATABASE_URL)
        empty_redis(REDIS_URL)
    except Exception as error:  # noqa: BLE001 - any failure means: no PostgreSQL part
        return f"PostgreSQL or Redis is not reachable ({error})"
    return ""


def in_child(name: str) -> None:
    """Django is set up once per process: each set-up runs in a child of its own."""
    result = subprocess.run([sys.executable, __file__, "--set-up", name], check=False)
    if result.returncode:
        raise SystemExit(f"the {name} set-up failed (exit code {result.returncode})")


def main(arguments: list[str]) -> None:
    if arguments[:1] == ["--set-up"]:
        run_set_up(arguments[1])
        return
    chosen = arguments or list(SET_UPS)
    for name in chosen:
        if name == "pg":
            missing = services_missing()
            if missing:
                log(f"pg skipped: {missing}")
                continue
            from bench.bench_load_pages import empty_redis, recreate_database

            try:
                in_child(name)
            finally:
                empty_redis(REDIS_URL)
                recreate_database(DATABASE_URL, drop_only=True)
        else:
            in_child(name)


if __name__ == "__main__":
    main(sys.argv[1:])
