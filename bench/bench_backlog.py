"""Scrum (issue 11): the backlog page of 2,000 items (p50 ≤ 50 ms, queries that do not grow),
a reorder (p50 ≤ 10 ms) and the statistics of a sprint of 100 stories (p50 ≤ 20 ms).

Throw-away installation (own SQLite database, DEBUG off, embedded settings; or PostgreSQL with
`BENCH_DATABASE_URL`). One Scrum board with 2,000 open cards in its backlog (estimates on the
Fibonacci scale, five epics), and a second board with a running sprint of 100 stories whose
history has a week of work in it: 60 done, 10 re-estimated, 10 added and 5 removed after the
start. Medians of 20 (pages) or 50 (reorders) runs through Django's test client after a warm-up:
- backlog_page_p50 / backlog_search_p50: GET the first page (50 items) / a title search;
- backlog_page_queries_200 / _2000: the queries of one page with 200 and with 2,000 items;
- reorder_p50: POST "above card N" (the form of the page, answered by a redirect);
- reorder_service_p50: the service call alone (`backlog_item_move`);
- sprint_stats_p50: `sprint_report_for` (burndown, burnup, totals, say/do) for 100 stories;
- sprint_report_page_p50: GET of the report page (SVG, table, summary).
"""

import os
import random
import sys
import tempfile
import time
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.seed_boards import (  # noqa: E402 - after the path set-up above
    bench_environment,
    median,
    setup_django,
)

BACKLOG_ITEMS = 2000
SPRINT_STORIES = 100
RUNS = 20
REORDERS = 50
FIBONACCI = (1, 2, 3, 5, 8, 13)


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="officina-bench-") as var_dir:
        overrides = {}
        if os.environ.get("BENCH_DATABASE_URL"):
            overrides["DATABASE_URL"] = os.environ["BENCH_DATABASE_URL"]
        setup_django(bench_environment(var_dir, **overrides))
        run()


def timed(call, runs: int) -> float:
    call()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return median(times)


def run() -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from bench.seed_boards import make_big_board, make_world, signed_in_client
    from officina.boards.models import WorkItem
    from officina.organisations.selectors import actor_for_user
    from officina.scrum.models import BacklogItem, Epic
    from officina.scrum.selectors import sprint_report_for
    from officina.scrum.services.backlog import backlog_item_move
    from officina.scrum.services.settings import scrum_settings_save

    (world,) = make_world(slug="scrum")
    person = world.people[1]
    actor = actor_for_user(user=person, organisation_slug=world.organisation.slug)
    # The team's lead manages the boards (decision 0039): it switches Scrum on.
    lead = actor_for_user(user=world.people[0], organisation_slug=world.organisation.slug)
    chance = random.Random(11)  # noqa: S311 - reproducible data, not security
    client = client_of_person = signed_in_client(person)
    slug = world.organisation.slug

    def page_queries(board) -> int:
        url = reverse("scrum:backlog", args=[slug, board.pk])
        client_of_person.get(url)
        with CaptureQueriesContext(connection) as queries:
            client_of_person.get(url)
        return len(queries.captured_queries)

    small = make_big_board(world, name="Piccolo", open_cards=200, one_column=True)
    scrum_settings_save(actor=lead, board=small)
    queries_200 = page_queries(small)
    board = make_big_board(world, name="Backlog", open_cards=BACKLOG_ITEMS, one_column=True)
    scrum_settings_save(actor=lead, board=board)  # the open cards become its backlog
    page_url = reverse("scrum:backlog", args=[slug, board.pk])
    epics = Epic.objects.bulk_create(
        Epic(organisation=world.organisation, board=board, name=f"Epica {n}") for n in range(5)
    )
    for item in BacklogItem.objects.filter(board=board).select_related("work_item"):
        item.epic = chance.choice(epics)
        item.work_item.estimate = Decimal(chance.choice(FIBONACCI))
        item.work_item.save(update_fields=["estimate"])
        item.save(update_fields=["epic"])
    assert BacklogItem.objects.filter(board=board).count() == BACKLOG_ITEMS  # noqa: S101
    queries_2000 = page_queries(board)
    page_p50 = timed(lambda: client.get(page_url), RUNS)
    search_p50 = timed(lambda: client.get(page_url, {"q": "certificato"}), RUNS)

    numbers = list(WorkItem.objects.filter(board=board).values_list("number", flat=True))

    def reorder_http() -> None:
        moved, above = chance.sample(numbers, 2)
        url = reverse("scrum:item-move", args=[slug, board.pk, moved])
        response = client.post(url, {"before": above})
        assert response.status_code == 302  # noqa: S101

    cards = {card.number: card for card in WorkItem.objects.filter(board=board)}

    def reorder_service() -> None:
        moved, above = chance.sample(numbers, 2)
        backlog_item_move(actor=actor, work_item=cards[moved], before=above)

    reorder_p50 = timed(reorder_http, REORDERS)
    reorder_service_p50 = timed(reorder_service, REORDERS)

    sprint = _sprint_with_history(world, actor, lead, chance)
    stats_p50 = timed(lambda: sprint_report_for(sprint=sprint), RUNS)
    report_url = reverse("scrum:sprint-report", args=[slug, sprint.board_id, sprint.pk])
    report_p50 = timed(lambda: client.get(report_url), RUNS)

    print(f"backlog_items: {BACKLOG_ITEMS} count")
    print(f"backlog_page_p50: {page_p50:.1f} ms")
    print(f"backlog_search_p50: {search_p50:.1f} ms")
    print(f"backlog_page_queries_200: {queries_200} count")
    print(f"backlog_page_queries_2000: {queries_2000} count")
    print(f"reorder_p50: {reorder_p50:.1f} ms")
    print(f"reorder_service_p50: {reorder_service_p50:.1f} ms")
    print(f"sprint_stories: {SPRINT_STORIES} count")
    print(f"sprint_stats_p50: {stats_p50:.1f} ms")
    print(f"sprint_report_page_p50: {report_p50:.1f} ms")


def _sprint_with_history(world, actor, lead, chance):
    """A running sprint of 100 stories with a week of work in the cards' history."""
    from django.utils import timezone

    from bench.seed_boards import make_big_board
    from officina.boards.models import Stage
    from officina.boards.services.moves import work_item_move
    from officina.scrum.models import Sprint
    from officina.scrum.services.backlog import backlog_item_update
    from officina.scrum.services.settings import scrum_settings_save
    from officina.scrum.services.sprints import sprint_add_item, sprint_remove_item, sprint_start

    board = make_big_board(world, name="Sprint", open_cards=SPRINT_STORIES + 10, one_column=True)
    scrum_settings_save(actor=lead, board=board)
    cards = list(board.work_items.order_by("number"))
    for card in cards:
        card.estimate = Decimal(chance.choice(FIBONACCI))
        card.save(update_fields=["estimate"])
    today = timezone.localdate()
    start = today - timedelta(days=7)

    def at(day: int, hour: int = 10) -> datetime:
        moment = datetime.combine(start + timedelta(days=day), datetime.min.time())
        return timezone.make_aware(moment.replace(hour=hour))

    sprint = Sprint.objects.create(
        organisation=world.organisation,
        board=board,
        name="Sprint 1",
        start_date=start,
        end_date=today + timedelta(days=6),
    )
    for card in cards[: SPRINT_STORIES - 10]:
        sprint_add_item(actor=actor, sprint=sprint, work_item=card, at=at(0, 8))
    sprint_start(actor=actor, sprint=sprint, at=at(0, 9))
    for index, card in enumerate(cards[SPRINT_STORIES - 10 : SPRINT_STORIES]):
        sprint_add_item(actor=actor, sprint=sprint, work_item=card, at=at(1 + index % 5))
    done = board.columns.get(stage=Stage.DONE)
    for index, card in enumerate(cards[:60]):
        work_item_move(actor=actor, work_item=card, column=done, at=at(1 + index % 6, 14))
    for index, card in enumerate(cards[60:70]):
        backlog_item_update(actor=actor, work_item=card, estimate=Decimal(8), at=at(2 + index % 4))
    for index, card in enumerate(cards[70:75]):
        sprint_remove_item(actor=actor, sprint=sprint, work_item=card, at=at(3 + index % 3, 16))
    sprint.refresh_from_db()
    return sprint


if __name__ == "__main__":
    main()
