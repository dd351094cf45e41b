"""200 people working on 40 boards at once: a bounded locust run on 127.0.0.1.

Production set-up as bench_load_pages.py: PostgreSQL (throw-away BENCH_DATABASE_URL, default
postgres://officina:officina@127.0.0.1:5432/officina_bench_locust), Redis (BENCH_REDIS_URL,
default database 13, emptied before and after), `officina serve --workers 2` with
`config.settings.production` (a pool of PostgreSQL connections per worker).
40 teams of 5, each with a board of 120 open cards (6 columns, 3 lanes, bench/seed_boards.py).
Headless locust, 200 users (10 started per second, BENCH_LOCUST_SPAWN_RATE; statistics reset
once all run), 60 s, the mix
of bench/locustfile.py (board 70 %, move 20 %, card 10 %, a pause of 2-8 s between two
actions of one person, BENCH_LOCUST_WAIT):
- load_errors: failed requests (must be 0); load_p95: 95th percentile of every request;
- load_rps: requests per second; load_requests: requests in all.
"""

import csv
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from officina.boards.models import WorkItem

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_load_pages import empty_redis, recreate_database, services_missing  # noqa: E402
from bench.seed_boards import (  # noqa: E402 - after the path set-up above
    REPO,
    log,
    production_environment,
    served,
    setup_django,
)

USERS, BOARDS, CARDS_PER_BOARD = 200, 40, 120
SECONDS = 60
DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://officina:officina@127.0.0.1:5432/officina_bench_locust"
)
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13")


def write_plan(path: Path) -> None:
    """Every person's cookie, board, cards to move and cards to open, for the locustfile."""
    from bench.seed_boards import board_url, make_big_board, make_world, session_cookie
    from officina.boards.models import WorkItem

    plan = []
    for number, world in enumerate(make_world(people=USERS // BOARDS, teams=BOARDS)):
        board = make_big_board(
            world, name=f"Bacheca {number}", open_cards=CARDS_PER_BOARD, seed=number
        )
        columns = list(board.columns.all())
        cards = list(WorkItem.objects.filter(board=board).select_related("organisation"))
        for index, person in enumerate(world.people):
            mine = cards[index :: len(world.people)][:5]  # each moves cards of their own
            plan.append(
                {
                    "cookie": session_cookie(person),
                    "board": board_url(board),
                    "moves": [
                        {
                            "url": card_url(card, "boards:card-move"),
                            "columns": [column.pk for column in columns[:5]],
                            "swimlane": card.swimlane_id,
                        }
                        for card in mine
                    ],
                    "cards": [card_url(card, "boards:card-detail") for card in cards[:40]],
                }
            )
    path.write_text(json.dumps(plan))


def card_url(card: "WorkItem", name: str) -> str:
    from django.urls import reverse

    kwargs = {"org_slug": card.organisation.slug, "board_id": card.board_id, "number": card.number}
    return reverse(name, kwargs=kwargs)


def aggregated(stats_csv: Path) -> dict[str, str]:
    with stats_csv.open() as stats:
        return next(row for row in csv.DictReader(stats) if row["Name"] == "Aggregated")


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
            from django.db import connections

            log("migrated; collecting static files…")
            call_command("collectstatic", "--noinput", verbosity=0)
            plan = Path(var_dir) / "plan.json"
            log(f"seeding {BOARDS} boards and {USERS} people…")
            write_plan(plan)
            connections.close_all()
            with served(environment, workers=2) as host:
                log(f"locust: {USERS} users for {SECONDS} s on {host}")
                subprocess.run(
                    [
                        str(Path(sys.executable).parent / "locust"),
                        "-f",
                        str(REPO / "bench" / "locustfile.py"),
                        "--headless",
                        "--users",
                        str(USERS),
                        "--spawn-rate",
                        os.environ.get("BENCH_LOCUST_SPAWN_RATE", "10"),
                        "--run-time",
                        f"{SECONDS}s",
                        "--host",
                        host,
                        "--csv",
                        str(Path(var_dir) / "load"),
                        "--only-summary",
                        "--reset-stats",  # steady state: the ramp-up is not measured
                        "--loglevel",
                        "WARNING",
                    ],
                    env={**os.environ, "BENCH_LOCUST_PLAN": str(plan)},
                    cwd=REPO,
                    stdout=sys.stderr,
                    check=False,  # locust exits 1 when a request failed: report it
                )
            with (Path(var_dir) / "load_stats.csv").open() as stats:
                for row in csv.DictReader(stats):  # per kind of request, for the reader
                    log(
                        f"{row['Name']}: {row['Request Count']} requests, p50 {row['50%']} ms, "
                        f"p95 {row['95%']} ms, {row['Failure Count']} failures"
                    )
            total = aggregated(Path(var_dir) / "load_stats.csv")
            print(f"load_errors: {int(total['Failure Count'])} count")
            print(f"load_p95: {float(total['95%']):.0f} ms")
            print(f"load_rps: {float(total['Requests/s']):.1f} req/s")
            print(f"load_requests: {int(total['Request Count'])} count")
    finally:
        empty_redis(REDIS_URL)
        recreate_database(DATABASE_URL, drop_only=True)


if __name__ == "__main__":
    main()
