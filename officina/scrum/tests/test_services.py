"""The backlog and the sprint life cycle through the services: what a planner sees change."""

from datetime import date
from decimal import Decimal

import pytest

from officina.boards.models import Board, Stage, WorkItem
from officina.boards.services.cards import work_item_create
from officina.boards.services.moves import work_item_move
from officina.boards.tests.factories import make_board
from officina.common.exceptions import NotFound, PermissionDeniedError
from officina.organisations.tests.factories import TeamFactory
from officina.scrum.exceptions import ScrumRuleError
from officina.scrum.models import BacklogItem, EstimateScale, ItemType, Sprint, SprintEvent
from officina.scrum.services.backlog import (
    backlog_item_create,
    backlog_item_move,
    backlog_item_update,
    epic_create,
)
from officina.scrum.services.settings import scrum_settings_save
from officina.scrum.services.sprints import (
    sprint_add_item,
    sprint_close,
    sprint_create,
    sprint_remove_item,
    sprint_start,
)
from officina.scrum.tests.factories import make_scrum_board, make_sprint

pytestmark = pytest.mark.django_db


def backlog_titles(board: Board) -> list[str]:
    return list(
        BacklogItem.objects.filter(board=board, sprint=None)
        .order_by("rank")
        .values_list("work_item__title", flat=True)
    )


def items(actor, board, *titles, estimate=Decimal(3)):
    return [
        backlog_item_create(actor=actor, board=board, title=title, estimate=estimate).work_item
        for title in titles
    ]


def events(sprint):
    return list(
        SprintEvent.objects.filter(sprint=sprint).values_list("kind", "work_item__title", "points")
    )


# --- Backlog ----------------------------------------------------------------------------------


def test_a_new_backlog_item_is_a_card_at_the_bottom_of_the_backlog(actor, board):
    items(actor, board, "Carta d'identità", "Cambio di residenza")
    item = backlog_item_create(
        actor=actor,
        board=board,
        title="Certificati online",
        item_type=ItemType.BUG,
        estimate=Decimal(5),
        acceptance_criteria="Il PDF è firmato",
        is_ready=True,
    )
    assert backlog_titles(board) == [
        "Carta d'identità",
        "Cambio di residenza",
        "Certificati online",
    ]
    card = item.work_item
    assert (card.board_id, card.estimate, card.column.stage) == (
        board.pk,
        Decimal(5),
        Stage.NOT_STARTED,
    )
    assert card.events.filter(kind="estimated").exists()  # one history, the card's


def test_an_estimate_off_the_scale_is_refused_and_nothing_is_created(actor, board):
    with pytest.raises(ScrumRuleError, match="0, 1, 2, 3, 5, 8, 13, 21"):
        backlog_item_create(actor=actor, board=board, title="Storia", estimate=Decimal(4))
    assert not WorkItem.objects.filter(board=board).exists()


def test_t_shirt_sizes_are_stored_as_their_numbers(actor, team):
    board = make_scrum_board(team=team, name="Magliette", scale=EstimateScale.TSHIRT)
    item = backlog_item_create(actor=actor, board=board, title="Storia", estimate=Decimal(3))
    assert item.work_item.estimate == 3  # M
    with pytest.raises(ScrumRuleError, match="XS, S, M, L, XL"):
        backlog_item_update(actor=actor, work_item=item.work_item, estimate=Decimal(13))


def test_reorder_to_top_bottom_and_above_another_card(actor, board):
    a, b, c, d = items(actor, board, "A", "B", "C", "D")
    backlog_item_move(actor=actor, work_item=c, to="top")
    assert backlog_titles(board) == ["C", "A", "B", "D"]
    backlog_item_move(actor=actor, work_item=c, to="bottom")
    assert backlog_titles(board) == ["A", "B", "D", "C"]
    backlog_item_move(actor=actor, work_item=c, before=b.number)
    assert backlog_titles(board) == ["A", "C", "B", "D"]
    backlog_item_move(actor=actor, work_item=a, position=2)
    assert backlog_titles(board) == ["C", "B", "A", "D"]


def test_reorder_keeps_working_when_ranks_touch(actor, board):
    a, b, c = items(actor, board, "A", "B", "C")
    for _ in range(20):  # halve the gap above B until it is gone
        backlog_item_move(actor=actor, work_item=c, before=b.number)
        backlog_item_move(actor=actor, work_item=b, before=c.number)
    assert backlog_titles(board)[0] == "A"
    assert sorted(backlog_titles(board)) == ["A", "B", "C"]


def test_cards_made_on_the_board_page_join_the_backlog_in_number_order(actor, board):
    a = items(actor, board, "A")[0]
    work_item_create(actor=actor, board=board, title="Dalla bacheca 1")
    work_item_create(actor=actor, board=board, title="Dalla bacheca 2")
    backlog_item_move(actor=actor, work_item=a, to="bottom")
    assert backlog_titles(board) == ["Dalla bacheca 1", "Dalla bacheca 2", "A"]


def test_switching_scrum_on_makes_the_open_cards_the_backlog(actor, lead_actor, team):
    kanban = make_board(team=team, name="Kanban")
    work_item_create(actor=actor, board=kanban, title="Prima")
    work_item_create(actor=actor, board=kanban, title="Seconda")
    scrum_settings_save(actor=lead_actor, board=kanban, definition_of_done="Revisionato")
    assert backlog_titles(kanban) == ["Prima", "Seconda"]


def test_only_the_boards_managers_switch_scrum_on(actor, team):
    kanban = make_board(team=team, name="Kanban")
    with pytest.raises(PermissionDeniedError):
        scrum_settings_save(actor=actor, board=kanban)


def test_epics_belong_to_one_board(actor, board, team):
    epic = epic_create(actor=actor, board=board, name="Anagrafe digitale")
    other = make_scrum_board(team=team, name="Altra")
    card = items(actor, other, "Storia")[0]
    with pytest.raises(ScrumRuleError, match="altra bacheca"):
        backlog_item_update(actor=actor, work_item=card, epic=epic)
    with pytest.raises(ScrumRuleError, match="ha già un.epica"):
        epic_create(actor=actor, board=board, name="Anagrafe digitale")


# --- Sprint life cycle ------------------------------------------------------------------------


def test_starting_a_sprint_fixes_its_commitment(actor, board):
    a, b = items(actor, board, "A", "B")
    sprint = sprint_create(
        actor=actor,
        board_id=board.pk,
        name="Sprint 1",
        goal="Residenze online",
        start_date=date(2024, 3, 4),
        end_date=date(2024, 3, 15),
    )
    sprint_add_item(actor=actor, sprint=sprint, work_item=a)
    sprint_add_item(actor=actor, sprint=sprint, work_item=b)
    assert events(sprint) == []  # planning is not scope change
    sprint_start(actor=actor, sprint=sprint)
    sprint.refresh_from_db()
    assert sprint.state == Sprint.State.ACTIVE
    assert sorted(events(sprint)) == [("committed", "A", 3), ("committed", "B", 3)]


def test_add_and_remove_after_the_start_are_scope_changes(actor, board):
    a, b, c = items(actor, board, "A", "B", "C")
    sprint = make_sprint(board=board)
    sprint_add_item(actor=actor, sprint=sprint, work_item=a)
    sprint_add_item(actor=actor, sprint=sprint, work_item=b)
    sprint_start(actor=actor, sprint=sprint)
    sprint_add_item(actor=actor, sprint=sprint, work_item=c)
    sprint_remove_item(actor=actor, sprint=sprint, work_item=a)
    assert events(sprint)[2:] == [("added", "C", 3), ("removed", "A", 3)]
    assert backlog_titles(board) == ["A"]  # back at the top of the backlog


def test_close_carries_unfinished_cards_to_the_backlog_or_the_next_sprint(actor, board):
    a, b, c = items(actor, board, "A", "B", "C")
    done = board.columns.get(stage=Stage.DONE)
    sprint, following = make_sprint(board=board), make_sprint(board=board, name="Sprint 2")
    for card in (a, b, c):
        sprint_add_item(actor=actor, sprint=sprint, work_item=card)
    sprint_start(actor=actor, sprint=sprint)
    work_item_move(actor=actor, work_item=a, column=done)
    sprint_close(
        actor=actor,
        sprint=sprint,
        carry_over={b.pk: "next", c.pk: "backlog"},
        next_sprint=following,
    )
    sprint.refresh_from_db()
    assert sprint.state == Sprint.State.CLOSED
    kinds = {(kind, title) for kind, title, _points in events(sprint)}
    assert {("completed", "A"), ("carried_over", "B"), ("carried_over", "C")} <= kinds
    assert list(following.items.values_list("work_item__title", flat=True)) == ["B"]
    assert backlog_titles(board) == ["C"]
    assert BacklogItem.objects.get(work_item=a).sprint_id == sprint.pk  # work done stays


# --- Bad input: a clear message, nothing lost ------------------------------------------------


def test_a_second_active_sprint_is_refused(actor, board):
    first, second = make_sprint(board=board), make_sprint(board=board, name="Sprint 2")
    sprint_start(actor=actor, sprint=first)
    with pytest.raises(ScrumRuleError) as refused:
        sprint_start(actor=actor, sprint=second)
    assert "Sprint 1" in refused.value.text
    second.refresh_from_db()
    assert second.state == Sprint.State.PLANNED


def test_closing_twice_is_refused_and_changes_nothing(actor, board):
    sprint = make_sprint(board=board)
    sprint_start(actor=actor, sprint=sprint)
    sprint_close(actor=actor, sprint=sprint)
    count = SprintEvent.objects.count()
    with pytest.raises(ScrumRuleError, match="è già chiuso"):
        sprint_close(actor=actor, sprint=sprint)
    assert SprintEvent.objects.count() == count


def test_a_card_of_another_board_cannot_enter_the_sprint(actor, board, team):
    other = make_scrum_board(team=team, name="Altra bacheca")
    stranger = items(actor, other, "Straniera")[0]
    sprint = make_sprint(board=board)
    with pytest.raises(ScrumRuleError, match="altra bacheca"):
        sprint_add_item(actor=actor, sprint=sprint, work_item=stranger)
    assert BacklogItem.objects.get(work_item=stranger).sprint is None


def test_a_done_card_cannot_leave_a_running_sprint(actor, board):
    card = items(actor, board, "A")[0]
    sprint = make_sprint(board=board)
    sprint_add_item(actor=actor, sprint=sprint, work_item=card)
    sprint_start(actor=actor, sprint=sprint)
    work_item_move(actor=actor, work_item=card, column=board.columns.get(stage=Stage.DONE))
    with pytest.raises(ScrumRuleError, match="è fatta"):
        sprint_remove_item(actor=actor, sprint=sprint, work_item=card)


def test_a_sprint_cannot_end_before_it_starts(actor, board):
    with pytest.raises(ScrumRuleError, match="finire prima"):
        sprint_create(
            actor=actor,
            board_id=board.pk,
            name="S",
            start_date=date(2024, 3, 8),
            end_date=date(2024, 3, 4),
        )


def test_a_kanban_board_cannot_plan_sprints(actor, team):
    kanban = make_board(team=team, name="Kanban")
    with pytest.raises(ScrumRuleError, match="non usa ancora Scrum"):
        sprint_create(
            actor=actor,
            board_id=kanban.pk,
            name="S",
            start_date=date(2024, 3, 4),
            end_date=date(2024, 3, 8),
        )


# --- Permissions ------------------------------------------------------------------------------


def test_a_read_only_viewer_cannot_plan(viewer_actor, actor, board):
    card = items(actor, board, "A")[0]
    sprint = make_sprint(board=board)
    with pytest.raises(PermissionDeniedError):
        sprint_add_item(actor=viewer_actor, sprint=sprint, work_item=card)
    with pytest.raises(PermissionDeniedError):
        backlog_item_move(actor=viewer_actor, work_item=card, to="top")


def test_a_board_of_another_team_that_is_not_shared_is_not_found(actor, organisation):
    hidden = make_scrum_board(team=TeamFactory(organisation=organisation), name="Privata")
    with pytest.raises(NotFound):
        sprint_create(
            actor=actor,
            board_id=hidden.pk,
            name="S",
            start_date=date(2024, 3, 4),
            end_date=date(2024, 3, 8),
        )
