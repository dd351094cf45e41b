"""Split columns: a card finished in a column waits in its "ready" part until it is pulled on.

In each cell of a split column the cards in progress come first, then the ready ones; the
history records when a card became ready and when it went back, so the wait is measurable."""

import pytest

from officina.boards.exceptions import BoardRuleError
from officina.boards.models import Board, Column, WorkItem, WorkItemEvent
from officina.boards.selectors.boards import board_get_for_actor
from officina.boards.services.boards import board_create, structure_of_board
from officina.boards.services.cards import work_item_create, work_item_set_archived
from officina.boards.services.moves import work_item_move
from officina.boards.services.structure import column_update
from officina.boards.tests.factories import make_board, open_positions
from officina.organisations.actor import Actor
from officina.organisations.models import Team

pytestmark = pytest.mark.django_db


@pytest.fixture
def split_board(team: Team, member_actor: Actor) -> Board:
    board = make_board(team=team, name="Sportello")
    board.managers.add(member_actor.user)  # a manager splits the column
    doing = board.columns.get(position=1)
    column_update(actor=member_actor, column=doing, is_split=True)
    return board


def _cell(board: Board, column: Column) -> list[tuple[str, bool]]:
    """Titles in cell order, each with its ready mark."""
    return list(
        WorkItem.objects.filter(column=column, archived_at=None)
        .order_by("is_ready", "rank")
        .values_list("title", "is_ready")
    )


def _positions(column: Column) -> list[int]:
    return [position for _title, position in open_positions(column=column)]


def _cards(board: Board, actor: Actor, titles: str, column: Column) -> list[WorkItem]:
    return [
        work_item_create(actor=actor, board=board, title=title, column=column) for title in titles
    ]


def test_marking_ready_puts_the_card_at_the_bottom_of_the_ready_part(
    split_board: Board, member_actor: Actor
):
    doing = split_board.columns.get(position=1)
    a, b, c = _cards(split_board, member_actor, "ABC", doing)

    work_item_move(actor=member_actor, work_item=a, column=doing, ready=True)
    work_item_move(actor=member_actor, work_item=c, column=doing, ready=True)

    assert _cell(split_board, doing) == [("B", False), ("A", True), ("C", True)]
    assert _positions(doing) == [0, 1, 2]
    event = a.events.get(kind=WorkItemEvent.Kind.READY)
    assert (event.from_column, event.to_column) == (doing, doing)
    assert event.data == {"position": 2, "ready": True}  # below B and C, then C came below


def test_a_position_is_taken_within_the_part_the_card_goes_to(
    split_board: Board, member_actor: Actor
):
    doing = split_board.columns.get(position=1)
    a, b, c, d = _cards(split_board, member_actor, "ABCD", doing)
    work_item_move(actor=member_actor, work_item=c, column=doing, ready=True)
    work_item_move(actor=member_actor, work_item=d, column=doing, ready=True)
    # B A | C D -> ask for the top while marking ready: the top of the ready part
    work_item_move(actor=member_actor, work_item=b, column=doing, ready=True, position=0)
    assert _cell(split_board, doing) == [("A", False), ("B", True), ("C", True), ("D", True)]

    # and the bottom while going back in progress: the bottom of the part in progress
    work_item_move(actor=member_actor, work_item=d, column=doing, ready=False, position=99)
    assert _cell(split_board, doing) == [("A", False), ("D", False), ("B", True), ("C", True)]
    assert d.events.filter(kind=WorkItemEvent.Kind.NOT_READY).count() == 1
    assert _positions(doing) == [0, 1, 2, 3]


def test_a_new_or_restored_card_joins_the_cards_in_progress_above_the_ready_ones(
    split_board: Board, member_actor: Actor
):
    doing = split_board.columns.get(position=1)
    (a,) = _cards(split_board, member_actor, "A", doing)
    work_item_move(actor=member_actor, work_item=a, column=doing, ready=True)

    (b,) = _cards(split_board, member_actor, "B", doing)
    assert _cell(split_board, doing) == [("B", False), ("A", True)]

    work_item_set_archived(actor=member_actor, work_item=a, archived=True, resolution="wont_do")
    work_item_set_archived(actor=member_actor, work_item=a, archived=False)
    assert _cell(split_board, doing) == [("B", False), ("A", False)]
    assert _positions(doing) == [0, 1]


def test_pulling_a_ready_card_into_the_next_column_starts_it_there_in_progress(
    split_board: Board, member_actor: Actor
):
    doing, done = split_board.columns.get(position=1), split_board.columns.get(position=2)
    (a,) = _cards(split_board, member_actor, "A", doing)
    work_item_move(actor=member_actor, work_item=a, column=doing, ready=True)

    moved = work_item_move(actor=member_actor, work_item=a, column=done)

    assert moved.is_ready is False
    event = a.events.filter(kind=WorkItemEvent.Kind.MOVED).latest("pk")
    assert event.data == {"position": 0, "ready": False}


def test_moving_within_the_ready_part_keeps_it_ready(split_board: Board, member_actor: Actor):
    doing = split_board.columns.get(position=1)
    a, b = _cards(split_board, member_actor, "AB", doing)
    work_item_move(actor=member_actor, work_item=a, column=doing, ready=True)
    work_item_move(actor=member_actor, work_item=b, column=doing, ready=True)

    work_item_move(actor=member_actor, work_item=b, column=doing, position=0)

    assert _cell(split_board, doing) == [("B", True), ("A", True)]
    assert b.events.latest("pk").kind == WorkItemEvent.Kind.REORDERED


def test_a_column_without_a_ready_part_refuses_a_ready_card(
    split_board: Board, member_actor: Actor
):
    todo = split_board.columns.get(position=0)
    (a,) = _cards(split_board, member_actor, "A", todo)

    with pytest.raises(BoardRuleError, match='"Da fare" non ha una parte "pronto"'):
        work_item_move(actor=member_actor, work_item=a, column=todo, ready=True)
    a.refresh_from_db()
    assert (a.is_ready, a.version) == (False, 1)


def test_only_a_column_in_progress_can_be_split(split_board: Board, member_actor: Actor):
    todo = split_board.columns.get(position=0)
    with pytest.raises(BoardRuleError, match="Solo una colonna in corso"):
        column_update(actor=member_actor, column=todo, is_split=True)
    todo.refresh_from_db()
    assert todo.is_split is False


def test_unsplitting_a_column_sends_its_ready_cards_back_in_progress_with_their_events(
    split_board: Board, member_actor: Actor
):
    doing = split_board.columns.get(position=1)
    a, b = _cards(split_board, member_actor, "AB", doing)
    work_item_move(actor=member_actor, work_item=b, column=doing, ready=True)
    version = WorkItem.objects.get(pk=b.pk).version

    column_update(actor=member_actor, column=doing, stage="done")

    doing.refresh_from_db()
    assert doing.is_split is False
    assert _cell(split_board, doing) == [("A", False), ("B", False)]
    # back in progress (the wait ends), then done with its column: one event and version each
    assert WorkItem.objects.get(pk=b.pk).version == version + 2
    kinds = list(b.events.order_by("-pk").values_list("kind", "from_stage", "to_stage")[:2])
    # the wait ended while the card was still in progress; only then did it go done
    assert kinds == [
        (WorkItemEvent.Kind.RESTAGED, "in_progress", "done"),
        (WorkItemEvent.Kind.NOT_READY, "in_progress", "in_progress"),
    ]


def test_a_hard_limit_counts_both_parts(split_board: Board, member_actor: Actor):
    todo, doing = split_board.columns.get(position=0), split_board.columns.get(position=1)
    column_update(actor=member_actor, column=doing, wip_limit=2, wip_policy="hard")
    a, b = _cards(split_board, member_actor, "AB", doing)
    work_item_move(actor=member_actor, work_item=b, column=doing, ready=True)
    (c,) = _cards(split_board, member_actor, "C", todo)

    with pytest.raises(BoardRuleError, match="limite WIP è 2"):
        work_item_move(actor=member_actor, work_item=c, column=doing)


def test_a_copied_board_keeps_its_split_columns(
    split_board: Board, member_actor: Actor, team: Team
):
    seen = board_get_for_actor(actor=member_actor, board_id=split_board.pk)
    assert [c["is_split"] for c in structure_of_board(seen)["columns"]] == [
        False,
        True,
        False,
    ]
    copy = board_create(actor=member_actor, team=team, name="Copia", copy_from=seen)
    assert list(copy.columns.values_list("is_split", flat=True)) == [False, True, False]
