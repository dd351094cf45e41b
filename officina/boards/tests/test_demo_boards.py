"""`officina demo` gives each pilot team a lived-in board, with a history made by the services."""

from collections import defaultdict
from collections.abc import Callable
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from officina.accounts.models import User
from officina.boards.demo import seed_demo_boards
from officina.boards.models import BlockedInterval, Board, WorkItem, WorkItemEvent
from officina.boards.selectors.boards import board_access_for_actor, board_list_for_actor
from officina.boards.selectors.cards import my_open_work_item_list, with_position
from officina.notifications.models import Notification
from officina.organisations.actor import Actor
from officina.organisations.demo import (
    ACCOUNTS_DOMAIN,
    DEMO_SLUG,
    TEAM_EDUCATRICI,
    TEAM_SIA,
    TEAM_SPORTELLO,
)
from officina.organisations.models import Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo() -> Organisation:
    call_command("demo", "--force", stdout=StringIO())
    return Organisation.objects.get(slug=DEMO_SLUG)


def account(local_part: str) -> User:
    return User.objects.get(email=f"{local_part}@{ACCOUNTS_DOMAIN}")


def test_each_pilot_team_gets_a_board_from_a_template_with_real_work(demo: Organisation) -> None:
    boards = Board.objects.filter(organisation=demo).select_related("team")

    by_team = {board.team.name: board for board in boards}
    assert set(by_team) == {TEAM_SIA, TEAM_SPORTELLO, TEAM_EDUCATRICI}
    citizens = by_team[TEAM_SPORTELLO]
    assert [c.name for c in citizens.columns.all()] == [
        "Ricevuta",
        "In lavorazione",
        "In attesa",
        "Conclusa",
    ]
    assert "Urgente" in [lane.name for lane in citizens.swimlanes.all()]
    assert by_team[TEAM_SIA].swimlanes.count() == 3
    for board in boards:
        assert 15 <= board.work_items.count() <= 40
    assert WorkItem.objects.filter(title="Richiesta accesso agli atti prot. 1234").exists()


def test_running_the_demo_twice_creates_the_boards_once(demo: Organisation) -> None:
    cards, events = WorkItem.objects.count(), WorkItemEvent.objects.count()

    call_command("demo", "--force", stdout=StringIO())

    assert Board.objects.filter(organisation=demo).count() == 3
    assert (WorkItem.objects.count(), WorkItemEvent.objects.count()) == (cards, events)
    assert seed_demo_boards(demo) == []


def test_every_card_has_a_history_in_the_past_six_weeks_in_order(demo: Organisation) -> None:
    now = timezone.now()
    events = defaultdict(list)
    for event in WorkItemEvent.objects.order_by("pk"):
        events[event.work_item_id].append(event)

    for card in WorkItem.objects.all():
        history = events[card.pk]
        assert history[0].kind == WorkItemEvent.Kind.CREATED
        times = [event.occurred_at for event in history]
        assert times == sorted(times), card.title
        assert now - timedelta(days=43) < times[0]
        assert times[-1] < now
        moves = [e for e in history if e.kind == WorkItemEvent.Kind.MOVED]
        if moves:
            assert moves[-1].to_column_id == card.column_id
            assert card.column_entered_at == moves[-1].occurred_at
    assert WorkItemEvent.objects.filter(kind=WorkItemEvent.Kind.MOVED).count() > 50
    # Spread over the weeks: analytics have something to show.
    weeks = {event.occurred_at.isocalendar()[1] for event in WorkItemEvent.objects.all()}
    assert len(weeks) >= 5


def test_every_cell_is_in_a_strict_order_counted_from_the_top(demo: Organisation) -> None:
    cells = defaultdict(list)
    for card in with_position(WorkItem.objects.filter(archived_at=None)):
        cells[(card.column_id, card.swimlane_id)].append((card.is_ready, card.rank, card.position))

    assert cells
    for cards in cells.values():
        order = sorted(cards)
        assert len({(ready, rank) for ready, rank, _position in order}) == len(order)
        assert [position for _ready, _rank, position in order] == list(range(len(order)))


def test_demo_accounts_find_their_cards_in_my_work(
    demo: Organisation, actor_of: Callable[[User, Organisation], Actor]
) -> None:
    for local_part in ("lead", "dipendente"):
        mine = list(my_open_work_item_list(actor=actor_of(account(local_part), demo)))

        assert len(mine) >= 3, local_part
        assert any(card.due_date for card in mine)


def test_the_demo_guest_sees_only_the_board_of_the_team_that_invited_them(
    demo: Organisation, actor_of: Callable[[User, Organisation], Actor]
) -> None:
    guest = actor_of(account("ospite"), demo)

    visible = list(board_list_for_actor(actor=guest).values_list("team__name", flat=True))

    assert visible == [TEAM_SIA]


def test_the_demo_guest_works_on_the_cards_of_the_board_but_not_on_the_board(
    demo: Organisation, actor_of: Callable[[User, Organisation], Actor]
) -> None:
    guest = actor_of(account("ospite"), demo)
    board = board_list_for_actor(actor=guest).get()

    access = board_access_for_actor(actor=guest, board_id=board.pk)

    assert access.can_edit_cards
    assert not access.can_manage


def test_blocked_cards_say_why_and_mentions_reach_the_person(demo: Organisation) -> None:
    blocked = WorkItem.objects.filter(is_blocked=True)

    assert blocked.count() >= 5
    assert all(card.blocked_reason for card in blocked)
    assert BlockedInterval.objects.filter(ended_at=None).count() == blocked.count()
    mentions = Notification.objects.filter(kind=Notification.Kind.MENTION)
    assert mentions.count() >= 4
    assert mentions.filter(recipient=account("lead")).exists()
    assert WorkItem.objects.exclude(archived_at=None).count() >= 2


def test_the_it_board_shows_a_split_column_with_a_card_waiting_in_ready(demo: Organisation) -> None:
    board = Board.objects.get(organisation=demo, team__name=TEAM_SIA)
    split = board.columns.get(is_split=True)
    ready = WorkItem.objects.get(board=board, is_ready=True)

    assert split.name == "In corso"
    assert ready.title == "Rinnovo certificato SSL del portale"
    assert ready.column == split
    assert ready.events.filter(kind=WorkItemEvent.Kind.READY).count() == 1
    cell = with_position(WorkItem.objects.filter(column=split, swimlane=ready.swimlane))
    in_progress = cell.filter(archived_at=None, is_ready=False)
    assert all(card.position < cell.get(pk=ready.pk).position for card in in_progress)


def test_loading_the_demo_emails_nobody_about_its_seeded_past(
    django_capture_on_commit_callbacks, mailoutbox
) -> None:
    # when the demo is loaded and everything it queued after its commits has run
    with django_capture_on_commit_callbacks(execute=True):
        call_command("demo", "--force", stdout=StringIO())
    # then its people have their in-app notifications, and no e-mail went out about them
    assert Notification.objects.filter(kind=Notification.Kind.ASSIGNED).exists()
    assert mailoutbox == []
