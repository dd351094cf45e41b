"""People moving and editing cards on one board at the same moment, on PostgreSQL.

Each test starts its threads together on a barrier; every thread works through its own database
connection, as separate requests would, and closes it at the end. Afterwards the board must be
exactly what the event log says, with nothing lost, duplicated or out of order.
"""

import random
import threading
from collections import Counter, defaultdict
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from officina.accounts.models import User
from officina.boards.exceptions import BoardRuleError, EditConflictError
from officina.boards.models import Board, Column, WorkItem, WorkItemEvent
from officina.boards.selectors.cards import with_position
from officina.boards.services.cards import work_item_create, work_item_update
from officina.boards.services.moves import work_item_move
from officina.boards.services.structure import column_update, swimlane_create
from officina.organisations.actor import Actor
from officina.organisations.models import Organisation

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="Row locks and real parallel transactions need PostgreSQL (SQLite runs one writer).",
    ),
    # Restores the built-in board templates (a data migration) that the flush after a
    # transactional test would otherwise leave out for the tests that follow.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

THREADS = 8
MOVES_PER_THREAD = 12

Cell = tuple[int, int]
POSITION_EVENTS = (
    WorkItemEvent.Kind.MOVED,
    WorkItemEvent.Kind.REORDERED,
    WorkItemEvent.Kind.READY,
    WorkItemEvent.Kind.NOT_READY,
)


def run_together(count: int, work: Callable[[int], Any]) -> list[Any]:
    """Run `work(index)` in `count` threads released at once; each result or raised error."""
    barrier = threading.Barrier(count)
    results: list[Any] = [None] * count

    def thread_body(index: int) -> None:
        try:
            barrier.wait()
            results[index] = work(index)
        except Exception as error:  # noqa: BLE001 - the test inspects what each thread met
            results[index] = error
        finally:
            connection.close()  # this thread's own connection

    threads = [threading.Thread(target=thread_body, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    return results


def board_order(board: Board) -> dict[Cell, list[int]]:
    """Card ids of each cell in the order the board shows them."""
    cells: dict[Cell, list[int]] = defaultdict(list)
    cards = WorkItem.objects.filter(board=board, archived_at=None).order_by("is_ready", "rank")
    for card in cards:
        cells[(card.column_id, card.swimlane_id)].append(card.pk)
    return dict(cells)


def replay(board: Board) -> dict[Cell, list[int]]:
    """The order the event log implies, event after event in the order they were written."""
    cells: dict[Cell, list[int]] = defaultdict(list)
    where: dict[int, Cell] = {}
    for event in WorkItemEvent.objects.filter(board=board).order_by("pk"):
        card = event.work_item_id
        if event.kind == WorkItemEvent.Kind.CREATED:
            where[card] = (event.to_column_id, event.to_swimlane_id)  # type: ignore[assignment]
            cells[where[card]].append(card)
        elif event.kind in POSITION_EVENTS:
            cells[where[card]].remove(card)
            where[card] = (event.to_column_id, event.to_swimlane_id)  # type: ignore[assignment]
            cells[where[card]].insert(event.data["position"], card)
    return {cell: cards for cell, cards in cells.items() if cards}


def assert_dense(board: Board) -> None:
    """Each cell in a strict order (no two cards share a rank in a part), whose positions count
    0, 1, 2… from the top."""
    for cell, cards in board_order(board).items():
        rows = list(
            with_position(WorkItem.objects.filter(pk__in=cards))  # type: ignore[misc]
            .order_by("is_ready", "rank")
            .values_list("is_ready", "rank", "position")
        )
        assert len({(ready, rank) for ready, rank, _ in rows}) == len(rows), cell
        assert [position for _, _, position in rows] == list(range(len(cards))), cell


@pytest.fixture
def lead_actor(lead: User, organisation: Organisation, actor_of: Callable[..., Actor]) -> Actor:
    """The team's lead, who manages its boards (decision 0039) and so changes their structure."""
    return actor_of(lead, organisation)


@pytest.fixture
def two_lane_board(board: Board, member_actor: Actor, lead_actor: Actor) -> Board:
    swimlane_create(actor=lead_actor, board=board, name="Urgente")
    for number in range(24):
        work_item_create(actor=member_actor, board=board, title=f"Pratica {number}")
    return board


def test_concurrent_moves_lose_duplicate_and_misorder_nothing(
    two_lane_board: Board, member_actor: Actor
) -> None:
    board = two_lane_board
    columns = list(board.columns.all())
    lanes = list(board.swimlanes.all())
    card_ids = list(WorkItem.objects.filter(board=board).values_list("pk", flat=True))

    def mover(index: int) -> Counter[str]:
        chance = random.Random(index)  # noqa: S311 - a reproducible mix of moves
        outcome: Counter[str] = Counter()
        # Each thread has cards of its own, and all share the first four (drags of one card).
        mine = card_ids[4 + index * 2 : 6 + index * 2] + card_ids[:4]
        for _move in range(MOVES_PER_THREAD):
            card = WorkItem.objects.select_related("board").get(pk=chance.choice(mine))
            if chance.random() < 0.3:  # reorder within the same column and lane
                column, lane = card.column, card.swimlane
            else:
                column = chance.choice([c for c in columns if c.pk != card.column_id])
                lane = chance.choice(lanes)
            position = chance.choice([None, 0, 1, 2, 5])
            try:
                moved = work_item_move(
                    actor=member_actor,
                    work_item=card,
                    column=column,
                    swimlane=lane,
                    position=position,
                    expected_version=card.version,
                )
            except EditConflictError:
                outcome["conflict"] += 1
            else:
                # A move onto the card's own place changes nothing and writes no event.
                outcome["applied" if moved.version != card.version else "unchanged"] += 1
        return outcome

    results = run_together(THREADS, mover)

    errors = [result for result in results if isinstance(result, Exception)]
    assert errors == []
    total: Counter[str] = sum(results, Counter())
    assert total["applied"] > THREADS * MOVES_PER_THREAD // 3  # about two thirds get through
    assert total["conflict"] > 0  # the shared cards were really fought over
    cards = list(WorkItem.objects.filter(board=board).values_list("pk", flat=True))
    assert sorted(cards) == sorted(card_ids)
    assert_dense(board)
    move_events = WorkItemEvent.objects.filter(
        board=board, kind__in=[WorkItemEvent.Kind.MOVED, WorkItemEvent.Kind.REORDERED]
    )
    assert move_events.count() == total["applied"]
    assert board_order(board) == replay(board)


def test_concurrent_moves_in_and_out_of_a_ready_part_keep_each_cell_in_order(
    two_lane_board: Board, member_actor: Actor, lead_actor: Actor
) -> None:
    # given: the middle column split into "in corso" and "pronto"
    board = two_lane_board
    columns = list(board.columns.all())
    column_update(actor=lead_actor, column=columns[1], is_split=True)
    columns = list(board.columns.all())
    lanes = list(board.swimlanes.all())
    card_ids = list(WorkItem.objects.filter(board=board).values_list("pk", flat=True))

    def mover(index: int) -> int:
        chance = random.Random(100 + index)  # noqa: S311 - a reproducible mix of moves
        mine = card_ids[4 + index * 2 : 6 + index * 2] + card_ids[:4]
        applied = 0
        for _move in range(MOVES_PER_THREAD):
            card = WorkItem.objects.select_related("board").get(pk=chance.choice(mine))
            column = chance.choice([columns[1], columns[1], *columns])
            ready = chance.choice([True, False, None]) if column.is_split else None
            try:
                work_item_move(
                    actor=member_actor,
                    work_item=card,
                    column=column,
                    swimlane=chance.choice(lanes),
                    position=chance.choice([None, 0, 1, 3]),
                    ready=ready,
                )
            except BoardRuleError:
                continue
            applied += 1
        return applied

    # when: eight people move cards at once, in and out of the ready part
    results = run_together(THREADS, mover)

    # then: every move went through, cells are strictly ordered and match the history, and
    # only the split column has ready cards
    assert all(isinstance(result, int) for result in results), results
    assert sum(results) > THREADS * MOVES_PER_THREAD // 2
    assert_dense(board)
    assert board_order(board) == replay(board)
    assert (
        WorkItem.objects.filter(board=board, is_ready=True).exclude(column=columns[1]).count() == 0
    )


def test_two_concurrent_edits_from_the_same_base_one_wins_one_is_told(
    board: Board, member_actor: Actor
) -> None:
    card = work_item_create(actor=member_actor, board=board, title="Titolo")
    base = {"title": "Titolo"}

    def editor(index: int) -> WorkItem:
        mine = WorkItem.objects.select_related("board").get(pk=card.pk)
        return work_item_update(
            actor=member_actor, work_item=mine, data={"title": f"Titolo di {index}"}, base=base
        )

    results = run_together(2, editor)

    winners = [r for r in results if isinstance(r, WorkItem)]
    conflicts = [r for r in results if isinstance(r, EditConflictError)]
    assert (len(winners), len(conflicts)) == (1, 1)
    assert f"#{card.number}" in conflicts[0].message  # the message names the card
    card.refresh_from_db()
    assert card.title == winners[0].title
    assert card.version == 2
    edits = WorkItemEvent.objects.filter(work_item=card, kind=WorkItemEvent.Kind.EDITED)
    assert [e.data["title"] for e in edits] == [["Titolo", winners[0].title]]


def test_a_hard_wip_limit_holds_under_concurrent_moves(board: Board, member_actor: Actor) -> None:
    limit = 3
    doing = board.columns.get(position=1)
    Column.objects.filter(pk=doing.pk).update(wip_limit=limit, wip_policy=Column.WipPolicy.HARD)
    cards = [
        work_item_create(actor=member_actor, board=board, title=f"Pratica {n}")
        for n in range(THREADS)
    ]

    def mover(index: int) -> WorkItem:
        card = WorkItem.objects.select_related("board").get(pk=cards[index].pk)
        column = Column.objects.get(pk=doing.pk)
        return work_item_move(actor=member_actor, work_item=card, column=column, position=0)

    results = run_together(THREADS, mover)

    refused = [r for r in results if isinstance(r, BoardRuleError)]
    assert len([r for r in results if isinstance(r, WorkItem)]) == limit
    assert len(refused) == THREADS - limit
    message = str(refused[0].messages[0])  # names the column and its limit
    assert doing.name in message
    assert str(limit) in message
    assert WorkItem.objects.filter(column=doing, archived_at=None).count() == limit
    assert WorkItemEvent.objects.filter(board=board, kind=WorkItemEvent.Kind.MOVED).count() == 3
    assert_dense(board)
    assert board_order(board) == replay(board)
