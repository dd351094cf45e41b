"""Card services: the rules a person meets, and the history analytics will read."""

from datetime import timedelta

import pytest

from officina.accounts.models import User
from officina.boards.exceptions import BoardRuleError, EditConflictError
from officina.boards.models import BlockedInterval, Board, WorkItem, WorkItemEvent
from officina.boards.selectors.boards import board_get_for_actor, board_template_list_for_actor
from officina.boards.services.boards import board_create
from officina.boards.services.cards import (
    work_item_create,
    work_item_set_archived,
    work_item_set_blocked,
    work_item_update,
)
from officina.boards.services.moves import work_item_move
from officina.boards.services.structure import column_update
from officina.boards.tests.factories import make_board, open_positions
from officina.organisations.actor import Actor
from officina.organisations.models import Team
from officina.organisations.tests.factories import TeamFactory


def _titles(board: Board, column_name: str) -> list[str]:
    return list(
        WorkItem.objects.filter(board=board, column__name=column_name, archived_at=None)
        .order_by("swimlane__position", "is_ready", "rank")
        .values_list("title", flat=True)
    )


@pytest.mark.django_db
def test_built_in_templates_make_the_columns_the_issue_names(
    member_actor: Actor, team: Team
) -> None:
    templates = {t.name: t for t in board_template_list_for_actor(actor=member_actor)}
    assert set(templates) == {"Kanban di base", "Servizio al cittadino", "Sprint"}
    board = board_create(
        actor=member_actor, team=team, name="URP", template=templates["Servizio al cittadino"]
    )
    assert [(c.name, c.stage) for c in board.columns.all()] == [
        ("Ricevuta", "not_started"),
        ("In lavorazione", "in_progress"),
        ("In attesa", "in_progress"),
        ("Conclusa", "done"),
    ]
    assert list(board.swimlanes.values_list("name", flat=True)) == ["Urgente", "Ordinarie"]
    seen = board_get_for_actor(actor=member_actor, board_id=board.pk)
    copy = board_create(actor=member_actor, team=team, name="URP 2", copy_from=seen)
    assert list(copy.columns.values_list("name", flat=True)) == [
        "Ricevuta",
        "In lavorazione",
        "In attesa",
        "Conclusa",
    ]


@pytest.mark.django_db
def test_move_within_and_across_lanes_keeps_every_cell_dense(
    team: Team, member_actor: Actor
) -> None:
    board = make_board(team=team, lanes=("Urgente", "Ordinarie"))
    todo = board.columns.get(name="Da fare")
    urgent, ordinary = board.swimlanes.all()
    cards = [work_item_create(actor=member_actor, board=board, title=t) for t in "ABCD"]
    work_item_move(actor=member_actor, work_item=cards[3], column=todo, position=0)
    work_item_move(actor=member_actor, work_item=cards[1], column=todo, swimlane=ordinary)
    assert _titles(board, "Da fare") == ["D", "A", "C", "B"]
    positions = [position for _title, position in open_positions(board=board, swimlane=urgent)]
    assert positions == [0, 1, 2]
    assert WorkItemEvent.objects.filter(work_item=cards[3], kind="reordered").count() == 1
    moved = WorkItemEvent.objects.get(work_item=cards[1], kind="moved")
    assert (moved.from_swimlane_id, moved.to_swimlane_id) == (urgent.pk, ordinary.pk)


@pytest.mark.django_db
def test_moving_back_before_the_start_erases_the_start_point(
    board: Board, member_actor: Actor
) -> None:
    todo, doing, done = board.columns.all()
    card = work_item_create(actor=member_actor, board=board, title="Pratica")
    work_item_move(actor=member_actor, work_item=card, column=doing)
    first_start = WorkItem.objects.get(pk=card.pk).started_at
    work_item_move(actor=member_actor, work_item=card, column=todo)
    assert WorkItem.objects.get(pk=card.pk).started_at is None
    work_item_move(actor=member_actor, work_item=card, column=done)
    finished = WorkItem.objects.get(pk=card.pk)
    assert finished.started_at is not None
    assert finished.started_at >= first_start  # type: ignore[operator]
    assert finished.finished_at is not None
    kinds = list(WorkItemEvent.objects.filter(work_item=card).values_list("kind", "to_stage"))
    assert kinds == [
        ("created", "not_started"),
        ("moved", "in_progress"),
        ("moved", "not_started"),
        ("moved", "done"),
    ]


@pytest.mark.django_db
def test_refused_moves_say_why_and_change_nothing(
    board: Board, member_actor: Actor, organisation: object
) -> None:
    board.managers.add(member_actor.user)  # a manager closes the column
    todo, doing, _done = board.columns.all()
    card = work_item_create(actor=member_actor, board=board, title="Pratica")
    other_board = make_board(team=board.team, name="Altra")
    foreign_column = other_board.columns.first()
    assert foreign_column is not None
    column_update(actor=member_actor, column=doing, is_closed=True)
    version = Board.objects.get(pk=board.pk).version

    with pytest.raises(BoardRuleError, match="altra bacheca"):
        work_item_move(actor=member_actor, work_item=card, column=foreign_column)
    with pytest.raises(BoardRuleError, match="chiusa"):
        work_item_move(actor=member_actor, work_item=card, column=doing)
    with pytest.raises(EditConflictError):
        work_item_move(
            actor=member_actor, work_item=card, column=todo, position=0, expected_version=99
        )

    assert Board.objects.get(pk=board.pk).version == version
    assert WorkItem.objects.get(pk=card.pk).column_id == todo.pk


@pytest.mark.django_db
def test_blocking_records_an_interval_and_needs_a_reason(board: Board, member_actor: Actor) -> None:
    card = work_item_create(actor=member_actor, board=board, title="Pratica")
    with pytest.raises(BoardRuleError):
        work_item_set_blocked(actor=member_actor, work_item=card, blocked=True, reason=" ")
    work_item_set_blocked(
        actor=member_actor, work_item=card, blocked=True, reason="Attesa parere legale"
    )
    work_item_set_blocked(actor=member_actor, work_item=card, blocked=False)
    interval = BlockedInterval.objects.get(work_item=card)
    assert interval.reason == "Attesa parere legale"
    assert interval.ended_at is not None
    assert interval.ended_at - interval.started_at < timedelta(seconds=5)
    assert list(WorkItemEvent.objects.filter(work_item=card).values_list("kind", flat=True)) == [
        "created",
        "blocked",
        "unblocked",
    ]


@pytest.mark.django_db
def test_archive_closes_the_gap_and_restore_puts_the_card_back_at_the_bottom(
    board: Board, member_actor: Actor
) -> None:
    a, b, c = (work_item_create(actor=member_actor, board=board, title=t) for t in "ABC")
    work_item_set_archived(actor=member_actor, work_item=a, archived=True, resolution="wont_do")
    assert _titles(board, "Da fare") == ["B", "C"]
    assert open_positions(board=board) == [("B", 0), ("C", 1)]
    work_item_set_archived(actor=member_actor, work_item=a, archived=False)
    assert _titles(board, "Da fare") == ["B", "C", "A"]
    work_item_set_archived(actor=member_actor, work_item=b, archived=True, resolution="wont_do")
    with pytest.raises(BoardRuleError, match="archiviata"):
        work_item_move(actor=member_actor, work_item=b, column=board.columns.all()[1])
    assert c.number == 3


@pytest.mark.django_db
def test_assignees_must_be_members_and_changes_are_events(
    board: Board, member_actor: Actor, member: User, outsider: User, lead: User
) -> None:
    card = work_item_create(
        actor=member_actor, board=board, title="Pratica", assignee_ids=[member.pk]
    )
    with pytest.raises(BoardRuleError, match="persone del team"):
        work_item_update(actor=member_actor, work_item=card, data={"assignees": [outsider.pk]})
    work_item_update(
        actor=member_actor, work_item=card, data={"assignees": [lead.pk], "estimate": "3"}
    )
    events = {e.kind: e.data for e in WorkItemEvent.objects.filter(work_item=card)}
    assert events["unassigned"] == {"removed": [[member.pk, "Giulia Ferrari"]]}
    assert events["assigned"] == {"added": [[lead.pk, "Marco Bertolini"]]}
    assert events["estimated"] == {"estimate": [None, "3.0"]}


@pytest.mark.django_db
def test_events_cannot_be_changed_or_deleted(board: Board, member_actor: Actor) -> None:
    work_item_create(actor=member_actor, board=board, title="Pratica")
    event = WorkItemEvent.objects.get()
    event.kind = "moved"
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        event.delete()
    with pytest.raises(TypeError):
        WorkItemEvent.objects.update(kind="moved")
    with pytest.raises(TypeError):
        WorkItemEvent.objects.all().delete()


@pytest.mark.django_db
def test_a_team_member_cannot_create_a_board_for_another_team(member_actor: Actor) -> None:
    other_team = TeamFactory(organisation=member_actor.organisation)
    template = board_template_list_for_actor(actor=member_actor).first()
    from officina.common.exceptions import PermissionDeniedError

    with pytest.raises(PermissionDeniedError):
        board_create(actor=member_actor, team=other_team, name="Intrusa", template=template)
    assert not Board.objects.filter(name="Intrusa").exists()
