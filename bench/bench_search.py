"""Server time of a search across every board a person may see (issue 10: 40 boards, 20,000
cards, p50 ≤ 50 ms).

Throw-away installation (own SQLite database, DEBUG off, embedded settings; or PostgreSQL with
`BENCH_DATABASE_URL`), 40 boards of 500 cards each from bench/seed_boards.py, realistic titles;
one person works on every board. For each of several queries (a common word, a rare word, two
words, a card number), the median of 20 GETs of `boards:card-search` through Django's test
client, after one warm-up:
- search_p50: the median over all queries; search_max_query_p50: the slowest query's median;
- search_queries: the queries one search spends (the same whatever the number of cards).
"""

import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.seed_boards import (  # noqa: E402 - after the path set-up above
    bench_environment,
    median,
    setup_django,
)

BOARDS = 40
CARDS_PER_BOARD = 500
RUNS = 20
QUERIES = ("pratica", "firewall", "rinnovo certificato", "#123")


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="officina-bench-") as var_dir:
        overrides = {}
        if os.environ.get("BENCH_DATABASE_URL"):
            overrides["DATABASE_URL"] = os.environ["BENCH_DATABASE_URL"]
        setup_django(bench_environment(var_dir, **overrides))
        from django.db import connection
        from django.test.utils import CaptureQueriesContext
        from django.urls import reverse

        from bench.seed_boards import make_big_board, make_world, signed_in_client
        from officina.organisations.models import TeamMembership

        (world,) = make_world(slug="ricerca")
        for number in range(BOARDS):
            make_big_board(
                world, name=f"Bacheca {number + 1}", open_cards=CARDS_PER_BOARD, seed=number
            )
        # A live database has its statistics (autovacuum); a freshly filled one must be told.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        person = world.people[1]
        assert TeamMembership.objects.filter(user=person).exists()  # noqa: S101
        client = signed_in_client(person)
        url = reverse("boards:card-search", kwargs={"org_slug": world.organisation.slug})
        medians = []
        for query in QUERIES:
            client.get(url, {"q": query})
            times = []
            for _ in range(RUNS):
                started = time.perf_counter()
                response = client.get(url, {"q": query})
                times.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200  # noqa: S101
            medians.append(median(times))
        with CaptureQueriesContext(connection) as queries:
            client.get(url, {"q": QUERIES[0]})
        print(f"search_p50: {median(medians):.1f} ms")
        print(f"search_max_query_p50: {max(medians):.1f} ms")
        print(f"search_queries: {len(queries.captured_queries)} count")
        print(f"search_cards: {BOARDS * CARDS_PER_BOARD} count")


if __name__ == "__main__":
    main()
