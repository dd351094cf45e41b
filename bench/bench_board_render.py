"""Server time, size and queries of the board page with 500, 3,000 and 10,000 cards.

Throw-away installation (own SQLite database, DEBUG off, embedded settings); cards inserted in
bulk by bench/seed_boards.py with realistic titles, labels, assignees and due dates. Timed
through Django's test client (server time, no network), signed in as a team member:
- board_500_cold: the first request of the process to the 500-card board (6 columns, 3 lanes);
- board_500_p50: median of 30 further requests (warm); board_500_html_per_card: bytes of the
  page (uncompressed) divided by 500; board_500_queries: SQL queries of one request;
- board_3000_one_column_p50: 3,000 open cards in one column (median of 15);
- board_10000_mostly_done_p50: 9,500 cards in the done column, 500 open elsewhere (median of 15);
  and the query count of both, which must equal the 500-card figure.
"""

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.seed_boards import (  # noqa: E402 - after the path set-up above
    bench_environment,
    log,
    median,
    setup_django,
)


def timed_get(client: object, url: str) -> tuple[float, bytes]:
    started = time.perf_counter()
    response = client.get(url)  # type: ignore[attr-defined]
    elapsed = (time.perf_counter() - started) * 1000
    assert response.status_code == 200, response.status_code  # noqa: S101 - a 404 misleads
    return elapsed, bytes(response.content)


def queries_of(client: object, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        client.get(url)  # type: ignore[attr-defined]
    return len(queries)


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="officina-bench-") as var_dir:
        setup_django(bench_environment(var_dir))
        from bench.seed_boards import board_url, make_big_board, make_world, signed_in_client

        (world,) = make_world()
        log("seeding 500, 3,000 and 10,000 cards…")
        board_500 = make_big_board(world, name="Bacheca 500", open_cards=500)
        board_3000 = make_big_board(world, name="Bacheca 3000", open_cards=3000, one_column=True)
        board_10000 = make_big_board(world, name="Bacheca 10000", open_cards=500, done_cards=9500)
        client = signed_in_client(world.people[1])

        url = board_url(board_500)
        cold, _page = timed_get(client, url)
        times, page = [], b""
        for _request in range(30):
            elapsed, page = timed_get(client, url)
            times.append(elapsed)
        print(f"board_500_cold: {cold:.1f} ms")
        print(f"board_500_p50: {median(times):.1f} ms")
        print(f"board_500_html_per_card: {len(page) / 500:.0f} bytes")
        print(f"board_500_queries: {queries_of(client, url)} count", flush=True)

        for name, board in (
            ("board_3000_one_column", board_3000),
            ("board_10000_mostly_done", board_10000),
        ):
            url = board_url(board)
            timed_get(client, url)  # warm-up
            times = [timed_get(client, url)[0] for _request in range(15)]
            print(f"{name}_p50: {median(times):.1f} ms")
            print(f"{name}_queries: {queries_of(client, url)} count", flush=True)


if __name__ == "__main__":
    main()
