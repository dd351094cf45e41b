"""Board pages per second under load, in the production set-up.

PostgreSQL (a throw-away database, created and dropped here: BENCH_DATABASE_URL, default
postgres://officina:officina@127.0.0.1:5432/officina_bench) + Redis (BENCH_REDIS_URL, default
database 14 of 127.0.0.1:6379, emptied before and after) for cache, sessions and the channel
layer; `officina serve --workers 2` with `config.settings.production` (DEBUG off, static files
collected, HTTPS redirect off as behind a proxy, a pool of PostgreSQL connections per worker;
BENCH_WORKERS changes the number of workers). The board has 500 open cards in 6 columns and 3 lanes
(bench/seed_boards.py). 16 connections (BENCH_CONNECTIONS) ask for the whole board page as
fast as they can for 20 s, after 5 s of warm-up, with `wrk` when it is installed (Debian: `apt-get
install wrk`), otherwise with as many Python threads (keep-alive connections):
- board_pages_per_s: pages answered per second;
- board_p50_ms, board_p95_ms: latency of one page, as the client sees it;
- board_errors: answers other than 200 (must be 0);
- board_prod_server_p50: server time of the same page in this process (Django's test client,
  same settings, PostgreSQL and Redis), median of 20 warm requests, before the load.
"""

import http.client
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.seed_boards import (  # noqa: E402 - after the path set-up above
    log,
    median,
    percentile,
    production_environment,
    served,
    setup_django,
)

CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
SECONDS = 20
WARM_UP_SECONDS = 5
DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://officina:officina@127.0.0.1:5432/officina_bench"
)
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")

WRK_REPORT = """
done = function(summary, latency, requests)
  io.write(string.format("requests %d\\n", summary.requests))
  io.write(string.format("duration_us %d\\n", summary.duration))
  io.write(string.format("errors %d\\n", summary.errors.status + summary.errors.connect
    + summary.errors.read + summary.errors.write + summary.errors.timeout))
  io.write(string.format("p50_us %d\\n", latency:percentile(50)))
  io.write(string.format("p95_us %d\\n", latency:percentile(95)))
end
"""


def recreate_database(url: str, *, drop_only: bool = False) -> None:
    import psycopg

    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    admin_url = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not drop_only:
            connection.execute(f'CREATE DATABASE "{name}"')


def services_missing(database_url: str, redis_url: str) -> str:
    """Why the production set-up cannot run here ("" when PostgreSQL and Redis answer)."""
    import psycopg
    import redis

    try:
        recreate_database(database_url)
    except psycopg.OperationalError as error:
        return f"PostgreSQL is not reachable ({error})"
    try:
        empty_redis(redis_url)
    except redis.exceptions.ConnectionError as error:
        recreate_database(database_url, drop_only=True)
        return f"Redis is not reachable ({error})"
    return ""


def empty_redis(url: str) -> None:
    import redis

    redis.Redis.from_url(url).flushdb()


def with_wrk(url: str, cookie: str, seconds: int) -> dict[str, float]:
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        script.write(WRK_REPORT)
        script.flush()
        result = subprocess.run(
            [
                "wrk",
                f"-t{min(2, CONNECTIONS)}",
                f"-c{CONNECTIONS}",
                f"-d{seconds}s",
                "--timeout",
                "10s",
                "-s",
                script.name,
                "-H",
                f"Cookie: sessionid={cookie}",
                url,
            ],
            capture_output=True,
            text=True,
            check=True,
        )
    figures = dict(line.split() for line in result.stdout.splitlines() if line.count(" ") == 1)
    duration = float(figures["duration_us"]) / 1_000_000
    return {
        "pages_per_s": float(figures["requests"]) / duration,
        "p50_ms": float(figures["p50_us"]) / 1000,
        "p95_ms": float(figures["p95_us"]) / 1000,
        "errors": float(figures["errors"]),
    }


def with_threads(url: str, cookie: str, seconds: int) -> dict[str, float]:
    """The same load from Python threads, one keep-alive connection each."""
    parts = urllib.parse.urlsplit(url)
    stop_at = time.perf_counter() + seconds
    latencies: list[float] = []
    errors = [0]

    def client() -> None:
        connection = http.client.HTTPConnection(
            parts.hostname or "127.0.0.1", parts.port, timeout=10
        )
        while time.perf_counter() < stop_at:
            started = time.perf_counter()
            connection.request("GET", parts.path, headers={"Cookie": f"sessionid={cookie}"})
            response = connection.getresponse()
            response.read()
            latencies.append((time.perf_counter() - started) * 1000)
            if response.status != 200:
                errors[0] += 1
        connection.close()

    threads = [threading.Thread(target=client) for _ in range(CONNECTIONS)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    duration = time.perf_counter() - started
    return {
        "pages_per_s": len(latencies) / duration,
        "p50_ms": median(latencies),
        "p95_ms": percentile(latencies, 0.95),
        "errors": float(errors[0]),
    }


def in_process_p50(user: Any, path: str) -> float:
    """Median server time of the page in this process (test client, same settings), warm."""
    from bench.seed_boards import signed_in_client

    client = signed_in_client(user)
    assert client.get(path).status_code == 200  # noqa: S101 - warm-up; a 404 misleads
    times = []
    for _request in range(20):
        started = time.perf_counter()
        client.get(path)
        times.append((time.perf_counter() - started) * 1000)
    return median(times)


def main() -> None:
    missing = services_missing(DATABASE_URL, REDIS_URL)
    if missing:
        log(f"skipped: {missing}")  # no figure rather than a wrong one (`make bench` goes on)
        return
    try:
        with tempfile.TemporaryDirectory(prefix="officina-bench-") as var_dir:
            environment = production_environment(
                var_dir,
                database_url=DATABASE_URL,
                redis_url=REDIS_URL,
            )
            setup_django(environment)
            from django.core.management import call_command

            from bench.seed_boards import board_url, make_big_board, make_world, session_cookie

            log("migrated; collecting static files…")
            call_command("collectstatic", "--noinput", verbosity=0)
            log("seeding…")
            (world,) = make_world(people=max(8, CONNECTIONS))
            board = make_big_board(world, name="Bacheca 500", open_cards=500)
            cookie = session_cookie(world.people[1])
            server_time = in_process_p50(world.people[1], board_url(board))
            load = with_wrk if shutil.which("wrk") else with_threads
            log(f"serve --workers {WORKERS}; load with {load.__name__}")
            from django.db import connections

            connections.close_all()
            with served(environment, workers=WORKERS) as host:
                url = f"{host}{board_url(board)}"
                load(url, cookie, WARM_UP_SECONDS)
                figures = load(url, cookie, SECONDS)
            print(f"board_pages_per_s: {figures['pages_per_s']:.1f} req/s")
            print(f"board_p50_ms: {figures['p50_ms']:.1f} ms")
            print(f"board_p95_ms: {figures['p95_ms']:.1f} ms")
            print(f"board_errors: {figures['errors']:.0f} count")
            print(f"board_prod_server_p50: {server_time:.1f} ms")
    finally:
        empty_redis(REDIS_URL)
        recreate_database(DATABASE_URL, drop_only=True)


if __name__ == "__main__":
    main()
