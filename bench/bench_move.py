"""Server time of a card move on the 500-card board (6 columns, 3 lanes).

Throw-away installation (own SQLite database, DEBUG off, embedded settings), cards from
bench/seed_boards.py. A card goes back and forth between two columns, to the top of the cell,
carrying the version it last saw, as drag and drop does:
- move_p50: median of 100 POSTs to `boards:card-move` through Django's test client, sent as
  board.js sends them (`X-Requested-With: fetch`, answered with the page's patch): request,
  permission checks, the move itself under the board lock, its event, the version bump and
  the patch;
- move_service_p50: median of 100 calls of the `work_item_move` service alone.
"""

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

MOVES = 100


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="officina-bench-") as var_dir:
        setup_django(bench_environment(var_dir))
        from django.urls import reverse

        from bench.seed_boards import make_big_board, make_world, signed_in_client
        from officina.boards.models import WorkItem
        from officina.boards.services.moves import work_item_move
        from officina.organisations.selectors import actor_for_user

        (world,) = make_world()
        board = make_big_board(world, name="Bacheca 500", open_cards=500)
        mover = world.people[1]
        columns = list(board.columns.all())
        lane = board.swimlanes.first()
        assert lane is not None  # noqa: S101
        card = WorkItem.objects.filter(
            board=board, column=columns[2], swimlane=lane, archived_at=None
        ).order_by("rank")[3]
        url = reverse(
            "boards:card-move",
            kwargs={
                "org_slug": board.organisation.slug,
                "board_id": board.pk,
                "number": card.number,
            },
        )
        client = signed_in_client(mover)
        version = card.version
        times = []
        for move in range(MOVES + 1):
            data = {
                "column": columns[3 if move % 2 == 0 else 2].pk,
                "swimlane": lane.pk,
                "position": 0,
                "version": version,
            }
            started = time.perf_counter()
            response = client.post(url, data, headers={"X-Requested-With": "fetch"})
            elapsed = (time.perf_counter() - started) * 1000
            assert response.status_code == 200, response.content  # noqa: S101
            version = int(response["X-Card-Version"])
            if move:  # the first one warms the process up
                times.append(elapsed)
        print(f"move_p50: {median(times):.1f} ms", flush=True)

        actor = actor_for_user(user=mover, organisation_slug=board.organisation.slug)
        card = WorkItem.objects.select_related("board").get(pk=card.pk)
        times = []
        for move in range(MOVES):
            column = columns[3 if move % 2 == 0 else 2]
            started = time.perf_counter()
            card = work_item_move(actor=actor, work_item=card, column=column, position=0)
            times.append((time.perf_counter() - started) * 1000)
        print(f"move_service_p50: {median(times):.1f} ms")


if __name__ == "__main__":
    main()
