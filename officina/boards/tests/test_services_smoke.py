"""Cards keep a dense order and an exact history through create and move."""

import pytest

from officina.boards.exceptions import BoardRuleError, EditConflictError
from officina.boards.models import Board, WorkItem, WorkItemEvent
from officina.boards.services.cards import work_item_create, work_item_update
from officina.boards.services.moves import work_item_move
from officina.boards.tests.factories import open_positions
from officina.organisations.actor import Actor


def _order(board: Board) -> list[tuple[str, str, int]]:
    columns = dict(
        WorkItem.objects.filter(board=board).values_list("title", "column__name").order_by()
    )
    return [(columns[title], title, position) for title, position in open_positions(board=board)]


@pytest.mark.django_db
def test_create_then_move_keeps_positions_dense_and_records_events(
    board: Board, member_actor: Actor
) -> None:
    todo, doing, done = board.columns.all()
    a = work_item_create(actor=member_actor, board=board, title="A")
    b = work_item_create(actor=member_actor, board=board, title="B")
    c = work_item_create(actor=member_actor, board=board, title="C")
    assert [a.number, b.number, c.number] == [1, 2, 3]

    work_item_move(actor=member_actor, work_item=b, column=doing)
    work_item_move(actor=member_actor, work_item=c, column=doing, position=0)

    assert _order(board) == [("Da fare", "A", 0), ("In corso", "C", 0), ("In corso", "B", 1)]
    b.refresh_from_db()
    assert b.started_at is not None
    moves = WorkItemEvent.objects.filter(work_item=b, kind="moved")
    assert [(e.from_column_id, e.to_column_id, e.to_stage) for e in moves] == [
        (todo.pk, doing.pk, "in_progress")
    ]
    assert done.stage == "done"


@pytest.mark.django_db
def test_hard_wip_limit_refuses_the_move_and_changes_nothing(
    board: Board, member_actor: Actor
) -> None:
    _todo, doing, _done = board.columns.all()
    doing.wip_limit, doing.wip_policy = 1, "hard"
    doing.save()
    a = work_item_create(actor=member_actor, board=board, title="A")
    b = work_item_create(actor=member_actor, board=board, title="B")
    work_item_move(actor=member_actor, work_item=a, column=doing)
    version = Board.objects.get(pk=board.pk).version

    with pytest.raises(BoardRuleError, match="limite WIP è 1"):
        work_item_move(actor=member_actor, work_item=b, column=doing)

    assert _order(board) == [("Da fare", "B", 0), ("In corso", "A", 0)]
    assert Board.objects.get(pk=board.pk).version == version


@pytest.mark.django_db
def test_edit_keeps_other_peoples_changes_and_refuses_real_conflicts(
    board: Board, member_actor: Actor
) -> None:
    card = work_item_create(actor=member_actor, board=board, title="Titolo")
    base = {"title": "Titolo", "description": ""}
    work_item_update(actor=member_actor, work_item=card, data={"description": "Altro"})

    updated = work_item_update(
        actor=member_actor, work_item=card, data={"title": "Nuovo", "description": ""}, base=base
    )
    assert (updated.title, updated.description) == ("Nuovo", "Altro")

    with pytest.raises(EditConflictError):
        work_item_update(actor=member_actor, work_item=card, data={"description": "Mio"}, base=base)
