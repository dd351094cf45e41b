"""The region run (issue 9): 1,000 people at work on an installation serving a whole region.

Production set-up as bench_load_locust.py: PostgreSQL, Redis (BENCH_REDIS_URL, default database
9, emptied before and after), `officina serve --workers 2` with `config.settings.production`.
Two databases, kept between runs because seeding the region takes minutes:
- the region, BENCH_REGION_URL (default .../officina_region): bench/region_seed.py at scale 1
  (60 organisations, 300 enti, 50,000 people, 5,000 boards, 1,000,000 cards, ~5,000,000 events);
- the demo's size, BENCH_SMALL_URL (default .../officina_region_small): the same at scale 0.01.
`--seed` (re)creates both first (region_seed.py prints its own figures); otherwise they must
exist.

Figures, the same board shape measured in both databases: a probe board of 6 columns and 3 lanes
with 300 open and 200 done cards (bench/seed_boards.py), added to a new organisation of each
database and read in-process through Django's test client (production settings, warm):
- small_board_p50, region_board_p50: median of 30 board pages, the board unchanged (the page's
  parts come from the cache);
- small_move_p50, region_move_p50: median of 100 moves sent as board.js sends them, one card back
  and forth between two columns;
- small_board_changed_p50, region_board_changed_p50: median of 100 board pages, each after a
  move (the board re-read from the database), and `_queries`, the SQL queries of one;
- small_card_p50, region_card_p50: median of 30 card pages of the moved card;
- region_explain_max: the slowest single SELECT of a changed board page, a move and a card page
  at region size, by EXPLAIN ANALYZE (the plans go to stderr, so a query that reads more rows as
  the installation grows shows up).
The load (skipped with `--no-load`): headless locust with bench/locustfile.py, 1,000 people
(BENCH_REGION_USERS) drawn at random among the region's team members, each on a board of their
team, moving 5 open cards of it and opening 40; a pause of 5-15 s between two actions
(BENCH_LOCUST_WAIT), 20 people started per second, statistics reset once all run, then 180 s
(BENCH_REGION_SECONDS) measured:
- region_load_p50/_p95/_p99: percentiles of every request; region_load_errors: failed requests;
- region_load_rps, region_load_requests; region_board_load_p95, region_move_load_p95,
  region_card_load_p95: the 95th percentile of each kind of request;
- region_locust_cpu: CPU seconds locust itself used (it shares the two cores with the server
  and PostgreSQL); the machine's busy share during the run goes to stderr;
- region_server_cpu_per_request, region_postgres_cpu_per_request: CPU time of the server's
  processes (its workers and task worker) and of PostgreSQL's backends of the region database,
  over the measured run and the ramp-up, divided by the requests measured (an upper bound: the
  ramp-up's requests are not counted), what sizing an installation starts from.

    python bench/bench_region.py [--seed] [--no-load | --no-probe]
"""

import argparse
import csv
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_load_pages import empty_redis  # noqa: E402 - after the path set-up above
from bench.seed_boards import (  # noqa: E402
    REPO,
    log,
    median,
    production_environment,
    served,
    setup_django,
)

BASE = "postgres://officina:officina@127.0.0.1:5432/"
REGION_URL = os.environ.get("BENCH_REGION_URL", BASE + "officina_region")
SMALL_URL = os.environ.get("BENCH_SMALL_URL", BASE + "officina_region_small")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/9")
USERS = int(os.environ.get("BENCH_REGION_USERS", "1000"))
SECONDS = int(os.environ.get("BENCH_REGION_SECONDS", "180"))
SPAWN_RATE = 20
PAGES, MOVES = 30, 100


# --- The same board in both databases, in-process -------------------------------------------


def probe(prefix: str, explain: bool) -> None:
    """Board page, move and card page on a new probe board of this process's database."""
    from django.urls import reverse

    from bench.seed_boards import board_url, make_big_board, make_world, signed_in_client
    from officina.boards.models import WorkItem

    slug = f"probe-{int(time.time())}"
    (world,) = make_world(slug=slug, people=8)
    board = make_big_board(world, name="Bacheca sonda", open_cards=300, done_cards=200)
    client = signed_in_client(world.people[1])
    url = board_url(board)
    for _ in range(3):  # warm: templates, cached card faces
        timed(client.get, url)
    page = [timed(client.get, url)[0] for _ in range(PAGES)]
    print(f"{prefix}_board_p50: {median(page):.1f} ms", flush=True)

    columns = list(board.columns.all())
    lane = board.swimlanes.first()
    card = WorkItem.objects.filter(board=board, column=columns[2], swimlane=lane).first()
    assert card is not None  # noqa: S101
    assert lane is not None  # noqa: S101
    kwargs = {"org_slug": slug, "board_id": board.pk, "number": card.number}
    move_url = reverse("boards:card-move", kwargs=kwargs)
    card_url = reverse("boards:card-detail", kwargs=kwargs)
    moves, changed = [], []
    for move in range(MOVES + 1):
        data = {"column": columns[3 if move % 2 == 0 else 2].pk, "swimlane": lane.pk, "position": 0}
        took, move_queries = timed(
            client.post, move_url, data, headers={"X-Requested-With": "fetch"}, status=204
        )
        again, page_queries = timed(client.get, url)
        if move:  # the first one warms the process up
            moves.append(took)
            changed.append(again)
    print(f"{prefix}_move_p50: {median(moves):.1f} ms", flush=True)
    print(f"{prefix}_board_changed_p50: {median(changed):.1f} ms", flush=True)
    print(f"{prefix}_board_changed_queries: {len(page_queries)} count", flush=True)
    card_times = [timed(client.get, card_url) for _ in range(PAGES + 1)][1:]
    print(f"{prefix}_card_p50: {median([took for took, _ in card_times]):.1f} ms", flush=True)
    if explain:
        queries = page_queries + move_queries + card_times[-1][1]
        print(f"{prefix}_explain_max: {max(explain_all(queries)):.2f} ms", flush=True)


def timed(
    send: Any, url: str, *args: Any, status: int = 200, **kwargs: Any
) -> tuple[float, list[dict[str, str]]]:
    """Milliseconds of one request through the test client, and its SQL."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        response = send(url, *args, **kwargs)
        elapsed = (time.perf_counter() - started) * 1000
    assert response.status_code == status, response.status_code  # noqa: S101 - a 404 misleads
    return elapsed, list(captured.captured_queries)


def explain_all(queries: list[dict[str, str]]) -> list[float]:
    """EXPLAIN ANALYZE each SELECT (plans on stderr); return their execution times."""
    from django.db import connection

    times = []
    with connection.cursor() as cursor:
        for query in queries:
            sql = query["sql"]
            if not sql.lstrip().upper().startswith("SELECT") or "FOR UPDATE" in sql.upper():
                continue
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
            plan = [row[0] for row in cursor.fetchall()]
            took = float(plan[-1].split(":")[1].split()[0])  # "Execution Time: 0.123 ms"
            times.append(took)
            log(f"{took:.2f} ms  {sql[:300]}\n    " + "\n    ".join(plan))
    return times


# --- 1,000 people on the region ---------------------------------------------------------------


def write_plan(path: Path, chance: random.Random) -> int:
    """People drawn among the region's team members: cookie, board, cards to move and open."""
    from django.urls import reverse

    from bench.seed_boards import board_url, session_cookie
    from officina.boards.models import Board, WorkItem
    from officina.organisations.models import TeamMembership

    boards_of: dict[int, list[Board]] = {}
    for board in Board.objects.select_related("organisation").exclude(
        organisation__slug__startswith="probe"
    ):
        boards_of.setdefault(board.team_id, []).append(board)
    memberships = list(TeamMembership.objects.filter(team_id__in=boards_of).select_related("user"))
    chosen = chance.sample(memberships, min(USERS, len(memberships)))
    open_cards: dict[int, list[WorkItem]] = {}
    plan = []
    for membership in chosen:
        board = chance.choice(boards_of[membership.team_id])
        if board.pk not in open_cards:
            open_cards[board.pk] = list(
                WorkItem.objects.filter(board=board, archived_at=None).order_by("?")[:40]
            )
        cards = open_cards[board.pk]
        columns = list(board.columns.order_by("position").values_list("pk", flat=True))

        def card_url(card: WorkItem, name: str, board: Board = board) -> str:
            kwargs = {"org_slug": board.organisation.slug, "board_id": board.pk}
            return reverse(name, kwargs={**kwargs, "number": card.number})

        plan.append(
            {
                "cookie": session_cookie(membership.user),
                "board": board_url(board),
                "moves": [
                    {
                        "url": card_url(card, "boards:card-move"),
                        "columns": columns[:5],
                        "swimlane": card.swimlane_id,
                    }
                    for card in chance.sample(cards, min(5, len(cards)))
                ],
                "cards": [card_url(card, "boards:card-detail") for card in cards],
            }
        )
    path.write_text(json.dumps(plan))
    return len(open_cards)


def busy_share(before: list[int], after: list[int]) -> float:
    """Share of the machine's CPU time not idle between two readings of /proc/stat."""
    spent = [b - a for a, b in zip(before, after, strict=True)]
    idle = spent[3] + spent[4]
    return 1 - idle / sum(spent)


def cpu_times() -> list[int]:
    with Path("/proc/stat").open() as stat:
        return [int(value) for value in stat.readline().split()[1:]]


def cpu_by_part(port: str) -> dict[str, dict[int, float]]:
    """CPU seconds so far of each process of the server on `port` (its session: workers and
    task worker) and of each PostgreSQL backend of the region's database, by pid."""
    ticks = os.sysconf("SC_CLK_TCK")
    region = REGION_URL.rsplit("/", 1)[1]
    stats = {}
    for folder in Path("/proc").glob("[0-9]*"):
        try:
            fields = (folder / "stat").read_text().rsplit(")", 1)[1].split()
            command = (folder / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:  # the process ended meanwhile
            continue
        stats[int(folder.name)] = (
            int(fields[3]),
            (int(fields[11]) + int(fields[12])) / ticks,
            command,
        )
    leaders = [pid for pid, (_, _, command) in stats.items() if f"--port {port}" in command]
    session = stats[leaders[0]][0] if leaders else -1
    return {
        "server": {pid: cpu for pid, (sid, cpu, _) in stats.items() if sid == session},
        "postgres": {
            pid: cpu
            for pid, (_, cpu, command) in stats.items()
            if command.startswith("postgres:") and f" {region} " in command
        },
    }


def load(var_dir: str, environment: dict[str, str]) -> None:
    from django.db import connections

    plan = Path(var_dir) / "plan.json"
    boards = write_plan(plan, random.Random(9))
    log(f"{USERS} people on {boards} boards")
    connections.close_all()
    with served(environment, workers=2) as host:
        log(f"locust: {USERS} users, {SECONDS} s measured after the ramp-up, on {host}")
        port = host.rsplit(":", 1)[1]
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        machine, before = cpu_times(), cpu_by_part(port)
        subprocess.run(
            [
                str(Path(sys.executable).parent / "locust"),
                "-f",
                str(REPO / "bench" / "locustfile.py"),
            ]
            + ["--headless", "--users", str(USERS), "--spawn-rate", str(SPAWN_RATE)]
            + ["--run-time", f"{SECONDS + USERS // SPAWN_RATE}s", "--host", host]
            + ["--csv", str(Path(var_dir) / "load"), "--only-summary", "--reset-stats"]
            + ["--loglevel", "WARNING"],
            env={
                **os.environ,
                "BENCH_LOCUST_PLAN": str(plan),
                "BENCH_LOCUST_WAIT": os.environ.get("BENCH_LOCUST_WAIT", "5,15"),
            },
            cwd=REPO,
            stdout=sys.stderr,
            check=False,  # locust exits 1 when a request failed: report it
        )
        busy, after = busy_share(machine, cpu_times()), cpu_by_part(port)
        used = resource.getrusage(resource.RUSAGE_CHILDREN)
    locust_cpu = (used.ru_utime - children.ru_utime) + (used.ru_stime - children.ru_stime)
    log(f"machine busy {busy:.0%} of its 2 cores during the run")
    with (Path(var_dir) / "load_stats.csv").open() as stats:
        rows = {row["Name"]: row for row in csv.DictReader(stats)}
    for name, row in rows.items():
        log(
            f"{name}: {row['Request Count']} requests, p50 {row['50%']} ms, p95 {row['95%']} ms, "
            f"p99 {row['99%']} ms, {row['Failure Count']} failures"
        )
    total = rows["Aggregated"]
    print(f"region_load_p50: {float(total['50%']):.0f} ms")
    print(f"region_load_p95: {float(total['95%']):.0f} ms")
    print(f"region_load_p99: {float(total['99%']):.0f} ms")
    print(f"region_load_errors: {int(total['Failure Count'])} count")
    print(f"region_load_rps: {float(total['Requests/s']):.1f} req/s")
    print(f"region_load_requests: {int(total['Request Count'])} count")
    for kind in ("board", "move", "card"):
        if kind in rows:
            print(f"region_{kind}_load_p95: {float(rows[kind]['95%']):.0f} ms")
    print(f"region_locust_cpu: {locust_cpu:.0f} s")
    requests = int(total["Request Count"])
    for part in ("server", "postgres"):
        spent = sum(after[part].get(pid, 0) - before[part].get(pid, 0) for pid in after[part])
        print(f"region_{part}_cpu_per_request: {spent * 1000 / max(requests, 1):.1f} ms")


# --- Main -------------------------------------------------------------------------------------


def in_production(database_url: str, var_dir: str) -> dict[str, str]:
    """Django set up in this process on `database_url` with the production settings."""
    environment = production_environment(var_dir, database_url=database_url, redis_url=REDIS_URL)
    setup_django(environment)
    from django.core.management import call_command

    call_command("collectstatic", "--noinput", verbosity=0)
    return environment


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seed", action="store_true", help="(re)create both databases first")
    parser.add_argument("--no-load", action="store_true", help="only the in-process probes")
    parser.add_argument("--no-probe", action="store_true", help="only the load")
    parser.add_argument("--probe", choices=("small", "region"), help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="officina-region-") as var_dir:
        if arguments.probe:  # a child process: Django is set up once per process
            in_production(SMALL_URL if arguments.probe == "small" else REGION_URL, var_dir)
            probe(arguments.probe, explain=arguments.probe == "region")
            return
        if arguments.seed:
            for url, scale in ((SMALL_URL, "0.01"), (REGION_URL, "1")):
                command = [sys.executable, str(REPO / "bench" / "region_seed.py")]
                command += ["--scale", scale, "--database-url", url]
                subprocess.run(command, check=True)
        empty_redis(REDIS_URL)
        try:
            for size in () if arguments.no_probe else ("small", "region"):
                log(f"probe board in the {size} database")
                command = [sys.executable, __file__, "--probe", size]
                subprocess.run(command, check=True)
                empty_redis(REDIS_URL)
            if not arguments.no_load:
                load(var_dir, in_production(REGION_URL, var_dir))
        finally:
            empty_redis(REDIS_URL)


if __name__ == "__main__":
    main()
