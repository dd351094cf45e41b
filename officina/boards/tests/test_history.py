"""The history that analytics, Scrum and importers trust (issue 8): one writer, back-dating,
board structure changes, re-staging, resolutions, blocks, retention."""

import ast
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from officina.accounts.models import User
from officina.boards.history import erase_personal_details
from officina.boards.models import Board, BoardEvent, WorkItem, WorkItemEvent
from officina.boards.services.cards import (
    work_item_create,
    work_item_set_archived,
    work_item_set_blocked,
    work_item_update,
)
from officina.boards.services.moves import work_item_move
from officina.boards.services.structure import (
    column_create,
    column_delete,
    column_reorder,
    column_update,
    swimlane_create,
    swimlane_reorder,
    swimlane_update,
)
from officina.boards.tasks import history_retention
from officina.common.tests.readers import read_csv
from officina.organisations.actor import Actor
from officina.organisations.models import Team

pytestmark = pytest.mark.django_db

Kind = WorkItemEvent.Kind
BoardKind = BoardEvent.Kind
BOARDS = Path(__file__).resolve().parent.parent


# --- One writer -------------------------------------------------------------------------------


def _event_writers(path: Path) -> list[str]:
    """Where a module builds or saves history events itself."""
    tree = ast.parse(path.read_text())
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name) and func.id in ("WorkItemEvent", "BoardEvent"):
                found.append(f"{path.name}:{node.lineno} {func.id}(...)")
            if (
                isinstance(func, ast.Attribute)
                and func.attr in ("create", "bulk_create", "get_or_create", "update_or_create")
                and isinstance(func.value, ast.Attribute)
                and isinstance(func.value.value, ast.Name)
                and func.value.value.id in ("WorkItemEvent", "BoardEvent")
            ):
                found.append(f"{path.name}:{node.lineno} {func.value.value.id}.{func.attr}")
    return found


def test_only_the_history_module_writes_events():
    writers = {
        path.relative_to(BOARDS).as_posix(): _event_writers(path)
        for path in BOARDS.rglob("*.py")
        if "tests" not in path.parts and "migrations" not in path.parts
    }
    assert {path: found for path, found in writers.items() if found} == {
        "history.py": writers["history.py"]
    }
    assert writers["history.py"], "history.py is the writer"


def test_kinds_fit_their_column():
    longest = max(len(value) for value in (*Kind.values, *BoardKind.values))
    for model in (WorkItemEvent, BoardEvent):
        assert longest <= (model._meta.get_field("kind").max_length or 0)


# --- Back-dating ------------------------------------------------------------------------------


def test_services_write_the_past_when_told_when(board: Board, member_actor: Actor):
    then = timezone.now() - timedelta(days=30)
    doing = board.columns.get(position=1)

    card = work_item_create(actor=member_actor, board=board, title="Pratica", at=then)
    work_item_move(actor=member_actor, work_item=card, column=doing, at=then + timedelta(days=2))

    card.refresh_from_db()
    assert card.created_at == then
    assert card.started_at == then + timedelta(days=2)
    assert list(card.events.values_list("occurred_at", flat=True)) == [
        then,
        then + timedelta(days=2),
    ]


# --- Board structure --------------------------------------------------------------------------


def test_every_column_and_lane_change_is_a_board_event_with_position_and_stage(
    board: Board, member_actor: Actor
):
    board.managers.add(member_actor.user)  # a manager changes the structure
    column = column_create(actor=member_actor, board=board, name="Verifica", stage="in_progress")
    column_update(actor=member_actor, column=column, name="In verifica")
    column_update(actor=member_actor, column=column, is_split=True)
    column_update(actor=member_actor, column=column, wip_limit=3, wip_policy="hard")
    column_update(actor=member_actor, column=column, is_closed=True)
    order = list(board.columns.order_by("-position").values_list("pk", flat=True))
    column_reorder(actor=member_actor, board=board, column_ids=order)
    lane = swimlane_create(actor=member_actor, board=board, name="Urgente")
    lanes = list(board.swimlanes.order_by("-position").values_list("pk", flat=True))
    swimlane_reorder(actor=member_actor, board=board, swimlane_ids=lanes)
    column_id = column.pk
    column_delete(actor=member_actor, column=column)

    events = list(BoardEvent.objects.filter(board=board).order_by("pk"))
    kinds = [event.kind for event in events]
    assert kinds[:5] == [
        BoardKind.COLUMN_CREATED,
        BoardKind.COLUMN_RENAMED,
        BoardKind.COLUMN_SPLIT,
        BoardKind.COLUMN_LIMIT_CHANGED,
        BoardKind.COLUMN_CLOSED,
    ]
    assert kinds.count(BoardKind.COLUMN_REORDERED) == 4  # every column changed place
    assert BoardKind.LANE_CREATED in kinds
    assert BoardKind.LANE_REORDERED in kinds
    assert kinds[-1] == BoardKind.COLUMN_DELETED
    renamed = events[1]
    assert renamed.column_ref == column_id
    assert renamed.data["name"] == ["Verifica", "In verifica"]
    assert renamed.data["stage"] == "in_progress"
    assert isinstance(renamed.data["position"], int)
    assert events[-1].data == {"name": "In verifica", "position": 0, "stage": "in_progress"}
    assert BoardEvent.objects.filter(swimlane_ref=lane.pk).count() == 2


def test_saving_a_lane_unchanged_changes_nothing(board: Board, member_actor: Actor):
    board.managers.add(member_actor.user)  # a manager changes the structure
    # A lane saved as it is must not redraw every card of the board nor log a change.
    lane = board.swimlanes.get()
    before = Board.objects.get(pk=board.pk).structure_version
    events = BoardEvent.objects.count()

    swimlane_update(actor=member_actor, swimlane=lane, name=lane.name, is_collapsed=False)

    assert Board.objects.get(pk=board.pk).structure_version == before
    assert BoardEvent.objects.count() == events


def test_a_column_that_changes_stage_takes_its_cards_with_it(board: Board, member_actor: Actor):
    board.managers.add(member_actor.user)  # a manager changes the structure
    doing = board.columns.get(position=1)
    card = work_item_create(actor=member_actor, board=board, title="Pratica", column=doing)
    started = WorkItem.objects.get(pk=card.pk).started_at
    assert started is not None

    column_update(actor=member_actor, column=doing, stage="done")

    card.refresh_from_db()
    assert (card.started_at, card.finished_at is not None) == (started, True)
    restaged = card.events.get(kind=Kind.RESTAGED)
    assert (restaged.from_stage, restaged.to_stage) == ("in_progress", "done")
    assert BoardEvent.objects.get(kind=BoardKind.COLUMN_RESTAGED).data["stage"] == [
        "in_progress",
        "done",
    ]

    column_update(actor=member_actor, column=doing, stage="not_started")

    card.refresh_from_db()
    assert (card.started_at, card.finished_at) == (None, None)


def test_the_board_history_shows_structure_changes_to_the_team_with_names(
    board: Board, member: User, member_actor: Actor, outsider: User
):
    board.managers.add(member_actor.user)  # a manager changes the structure
    Board.objects.filter(pk=board.pk).update(visibility=Board.Visibility.ORGANISATION)
    column_create(actor=member_actor, board=board, name="Verifica")
    url = reverse(
        "boards:board-history",
        kwargs={"org_slug": board.organisation.slug, "board_id": board.pk},
    )
    client = Client(HTTP_ACCEPT_LANGUAGE="it")
    client.force_login(member)
    page = client.get(url).content.decode()
    assert "Colonna aggiunta" in page
    assert "Verifica" in page
    assert "Giulia Ferrari" in page

    client.force_login(outsider)
    page = client.get(url).content.decode()
    assert "Colonna aggiunta" in page
    assert "Giulia Ferrari" not in page, "names are for the team's members"


# --- How a card left the flow, and blocks ---------------------------------------------------------


def test_archiving_records_how_the_card_left_the_flow(board: Board, member_actor: Actor):
    done = board.columns.get(position=2)
    delivered = work_item_create(actor=member_actor, board=board, title="Fatta", column=done)
    dropped = work_item_create(actor=member_actor, board=board, title="Doppione")

    work_item_set_archived(actor=member_actor, work_item=delivered, archived=True)
    work_item_set_archived(
        actor=member_actor, work_item=dropped, archived=True, resolution="duplicate"
    )

    assert WorkItem.objects.get(pk=delivered.pk).resolution == "delivered"
    assert WorkItem.objects.get(pk=dropped.pk).resolution == "duplicate"
    assert dropped.events.get(kind=Kind.ARCHIVED).data == {"resolution": "duplicate"}


def test_a_card_not_done_is_archived_only_saying_why(board: Board, member_actor: Actor):
    card = work_item_create(actor=member_actor, board=board, title="Pratica")
    with pytest.raises(Exception, match="consegnata, non si farà o duplicata"):
        work_item_set_archived(actor=member_actor, work_item=card, archived=True)
    assert WorkItem.objects.get(pk=card.pk).archived_at is None


def test_a_new_reason_for_a_block_is_not_a_second_block(board: Board, member_actor: Actor):
    card = work_item_create(actor=member_actor, board=board, title="Pratica")
    work_item_set_blocked(actor=member_actor, work_item=card, blocked=True, reason="Manca la firma")
    work_item_set_blocked(actor=member_actor, work_item=card, blocked=True, reason="Manca il PEC")

    kinds = list(card.events.values_list("kind", flat=True))
    assert kinds.count(Kind.BLOCKED) == 1
    changed = card.events.get(kind=Kind.BLOCK_REASON_CHANGED)
    assert changed.data == {"reason": ["Manca la firma", "Manca il PEC"]}
    assert card.blocked_intervals.count() == 1


# --- Retention (R-37) -----------------------------------------------------------------------------


@pytest.fixture
def old_history(board: Board, member: User, member_actor: Actor) -> WorkItem:
    """A card worked on 200 days ago (beyond the 180-day retention) and today."""
    then = timezone.now() - timedelta(days=200)
    doing, done = board.columns.get(position=1), board.columns.get(position=2)
    card = work_item_create(
        actor=member_actor,
        board=board,
        title="Richiesta di Mario Rossi",
        assignee_ids=[member.pk],
        estimate=Decimal(3),
        at=then,
    )
    work_item_set_blocked(
        actor=member_actor, work_item=card, blocked=True, reason="Aspetto Rossi", at=then
    )
    work_item_move(actor=member_actor, work_item=card, column=doing, at=then + timedelta(days=1))
    work_item_update(actor=member_actor, work_item=card, data={"title": "Richiesta accesso"})
    work_item_move(actor=member_actor, work_item=card, column=done)
    return card


def _events_csv(board: Board, user: User) -> list[list[str]]:
    client = Client(HTTP_ACCEPT_LANGUAGE="it")
    client.force_login(user)
    url = reverse(
        "boards:board-export-events-csv",
        kwargs={"org_slug": board.organisation.slug, "board_id": board.pk},
    )
    return read_csv(b"".join(client.get(url).streaming_content))  # type: ignore[attr-defined]


def _cards_csv(board: Board, user: User) -> list[list[str]]:
    client = Client(HTTP_ACCEPT_LANGUAGE="it")
    client.force_login(user)
    url = reverse(
        "boards:board-export-cards-csv",
        kwargs={"org_slug": board.organisation.slug, "board_id": board.pk},
    )
    return read_csv(b"".join(client.get(url).streaming_content))  # type: ignore[attr-defined]


FLOW_COLUMNS = (
    "ID evento",
    "Numero scheda",
    "Evento",
    "Codice evento",
    "Quando",
    "Da colonna",
    "A colonna",
    "Da corsia",
    "A corsia",
    "Da fase",
    "A fase",
)


def _flow(rows: list[list[str]]) -> list[list[str]]:
    header = rows[0]
    picks = [header.index(name) for name in FLOW_COLUMNS]
    return [[row[index] for index in picks] for row in rows[1:]]


def test_retention_erases_people_from_old_events_and_keeps_every_flow_figure(
    board: Board, member: User, old_history: WorkItem
):
    events_before, cards_before = _events_csv(board, member), _cards_csv(board, member)

    erased = history_retention.call()

    events_after, cards_after = _events_csv(board, member), _cards_csv(board, member)
    assert erased == 5  # created, assigned, estimated and blocked 200 days ago, moved 199
    assert _flow(events_after) == _flow(events_before)
    assert cards_after == cards_before, "the cards export computes the same flow"
    old = old_history.events.filter(occurred_at__lt=timezone.now() - timedelta(days=180))
    for event in old:
        assert event.actor_id is None
        assert event.redacted_at is not None
    assert old.get(kind=Kind.CREATED).data == {}
    assert old.get(kind=Kind.ASSIGNED).data == {"added": 1}
    assert old.get(kind=Kind.BLOCKED).data == {}
    assert old.get(kind=Kind.ESTIMATED).data == {"estimate": [None, "3"]}
    recent = old_history.events.exclude(pk__in=old.values("pk"))
    assert all(event.actor_id == member.pk for event in recent)
    assert history_retention.call() == 0, "a second run changes nothing"


def test_retention_spends_the_same_queries_for_few_and_many_events(
    board: Board, member: User, member_actor: Actor, django_assert_max_num_queries
):
    # Each card's title and each move's position differ: the run must not send an UPDATE per event.
    then = timezone.now() - timedelta(days=200)
    doing = board.columns.get(position=1)
    for number in range(20):
        card = work_item_create(
            actor=member_actor, board=board, title=f"Pratica di Rossi {number}", at=then
        )
        work_item_move(actor=member_actor, work_item=card, column=doing, at=then)

    old = WorkItemEvent.objects.filter(occurred_at=then)
    moves = {event.pk: event.data for event in old.filter(kind=Kind.MOVED)}

    with django_assert_max_num_queries(12):
        erased = erase_personal_details(before=timezone.now() - timedelta(days=180), now=then)

    assert erased == old.count() == 40  # created and moved, 20 cards
    assert not old.filter(actor__isnull=False).exists()
    assert [event.data for event in old.filter(kind=Kind.CREATED)] == [{}] * 20
    assert {event.pk: event.data for event in old.filter(kind=Kind.MOVED)} == moves  # flow kept


def test_a_card_page_tells_old_assignments_by_count_once_retention_erased_the_names(
    board: Board, member: User, old_history: WorkItem
):
    # given: the assignment of 200 days ago keeps only how many people it named
    history_retention.call()
    client = Client(HTTP_ACCEPT_LANGUAGE="it")
    client.force_login(member)
    url = reverse(
        "boards:card-detail",
        kwargs={
            "org_slug": board.organisation.slug,
            "board_id": board.pk,
            "number": old_history.number,
        },
    )
    # when
    response = client.get(url)
    # then
    assert response.status_code == 200
    assert "ha assegnato la scheda a 1 persona" in response.content.decode()


def test_the_retention_command_says_what_it_did(old_history: WorkItem, capsys):
    call_command("history_retention")
    assert "Erased the personal details of 5 events older than 180 days." in capsys.readouterr().out


def test_only_the_team_gets_names_in_the_history_export(
    board: Board, member: User, outsider: User, old_history: WorkItem
):
    Board.objects.filter(pk=board.pk).update(visibility=Board.Visibility.ORGANISATION)
    mine = _events_csv(board, member)
    theirs = _events_csv(board, outsider)

    by = mine[0].index("Autore")
    assert {row[by] for row in mine[1:]} == {"Giulia Ferrari"}
    assert {row[by] for row in theirs[1:]} == {""}
    assert _flow(theirs) == _flow(mine)
    assert not any("Aspetto Rossi" in cell for row in theirs for cell in row)


def test_deleting_a_team_with_history_in_retention_is_refused_in_the_admin(
    team: Team, old_history: WorkItem, client: Client
):
    root = User.objects.create_superuser(email="root@example.org", password="x")  # noqa: S106
    client.force_login(root)
    url = reverse("admin:organisations_team_delete", args=[team.pk])

    page = client.get(url).content.decode()
    response = client.post(url, {"post": "yes"})

    assert "archive it instead" in page or "archiviala invece" in page
    assert Team.objects.filter(pk=team.pk).exists()
    assert response.status_code == 200
