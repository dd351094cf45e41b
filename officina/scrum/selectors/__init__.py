"""Reads of the Scrum app, scoped to the actor through the board they reached with
`boards.selectors.boards.board_get_for_actor` (a `BoardWithAccess`): settings, backlog,
sprints, and the sprint report and velocity computed from the ledger (`metrics.py`)."""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.db.models import Count, F, Q, QuerySet, Sum
from django.utils import timezone

from officina.boards.history import MOVE_KINDS
from officina.boards.models import Stage, WorkItem, WorkItemEvent
from officina.boards.selectors.boards import BoardWithAccess, checked
from officina.common.exceptions import NotFound
from officina.organisations.actor import Actor
from officina.scrum.calendar import previous_working_day, working_days
from officina.scrum.metrics import (
    Change,
    LedgerEntry,
    SprintReport,
    VelocityRow,
    capacity_hint,
    sprint_report,
)
from officina.scrum.models import BacklogItem, Epic, ItemType, ScrumSettings, Sprint, SprintEvent

BACKLOG_LIMIT = 50
VELOCITY_SPRINTS = 6
CAPACITY_SPRINTS = 3


def scrum_settings_for(*, seen: BoardWithAccess) -> ScrumSettings | None:
    """The board's Scrum settings; None for a Kanban board."""
    return ScrumSettings.objects.filter(
        organisation_id=seen.board.organisation_id, board_id=seen.pk
    ).first()


def epic_list(*, seen: BoardWithAccess) -> QuerySet[Epic]:
    return Epic.objects.filter(organisation_id=seen.board.organisation_id, board_id=seen.pk)


@dataclass(frozen=True)
class EpicProgress:
    """How far an epic has come: its items and points, and how many of them are done (the card
    reached a done stage). Cards archived without being delivered do not count."""

    epic: Epic
    items: int
    items_done: int
    points: Decimal
    points_done: Decimal

    @property
    def percent(self) -> int:
        return round(100 * self.items_done / self.items) if self.items else 0


def epic_progress_list(*, actor: Actor, seen: BoardWithAccess) -> list[EpicProgress]:
    """Every epic of the board with its progress, by name (one query)."""
    board = checked(actor=actor, seen=seen).board
    counted = Q(items__work_item__archived_at__isnull=True) | Q(
        items__work_item__resolution=WorkItem.Resolution.DELIVERED
    )
    done = counted & Q(items__work_item__finished_at__isnull=False)
    epics = (
        Epic.objects.filter(organisation_id=board.organisation_id, board_id=board.pk)
        .annotate(
            n_items=Count("items", filter=counted),
            n_done=Count("items", filter=done),
            n_points=Sum("items__work_item__estimate", filter=counted),
            n_points_done=Sum("items__work_item__estimate", filter=done),
        )
        .order_by("name", "pk")
    )
    return [
        EpicProgress(
            epic=epic,
            items=epic.n_items,
            items_done=epic.n_done,
            points=epic.n_points or Decimal(0),
            points_done=epic.n_points_done or Decimal(0),
        )
        for epic in epics
    ]


def epic_get(*, seen: BoardWithAccess, epic_id: int) -> Epic:
    epic = epic_list(seen=seen).filter(pk=epic_id).first()
    if epic is None:
        raise NotFound
    return epic


def backlog_list_for_actor(
    *,
    actor: Actor,
    seen: BoardWithAccess,
    item_type: str = "",
    ready: bool | None = None,
    search: str = "",
) -> QuerySet[WorkItem]:
    """The product backlog in order: the board's open cards in no sprint and not in a done
    column, each with its backlog entry, epic and column (one query). Cards without an entry
    yet (created on the board page) come last, by number."""
    board = checked(actor=actor, seen=seen).board
    cards = (
        WorkItem.objects.filter(
            organisation_id=board.organisation_id, board_id=board.pk, archived_at__isnull=True
        )
        .filter(Q(backlog_item__isnull=True) | Q(backlog_item__sprint__isnull=True))
        .exclude(column__stage=Stage.DONE)
        .select_related("backlog_item__epic", "column")
        .order_by(F("backlog_item__rank").asc(nulls_last=True), "number")
    )
    if item_type:
        is_story = Q(backlog_item__isnull=True) if item_type == ItemType.STORY else Q(pk=None)
        cards = cards.filter(Q(backlog_item__item_type=item_type) | is_story)
    if ready is True:
        cards = cards.filter(backlog_item__is_ready=True)
    elif ready is False:
        cards = cards.filter(Q(backlog_item__is_ready=False) | Q(backlog_item__isnull=True))
    if search:
        cards = cards.filter(title__icontains=search)
    return cards


def backlog_card_get_for_actor(*, actor: Actor, seen: BoardWithAccess, number: int) -> WorkItem:
    """One card of the board (with its column and backlog entry); NotFound otherwise."""
    board = checked(actor=actor, seen=seen).board
    card = (
        WorkItem.objects.filter(
            organisation_id=board.organisation_id, board_id=board.pk, number=number
        )
        .select_related("column", "backlog_item__epic", "backlog_item__sprint")
        .first()
    )
    if card is None:
        raise NotFound
    card.board = board
    return card


def backlog_cards_by_number(
    *, actor: Actor, seen: BoardWithAccess, numbers: list[int]
) -> list[WorkItem]:
    """The board's cards with these numbers, in backlog order (one query); NotFound if any is
    missing, so a bulk action names only cards of this board."""
    board = checked(actor=actor, seen=seen).board
    cards = list(
        WorkItem.objects.filter(
            organisation_id=board.organisation_id, board_id=board.pk, number__in=set(numbers)
        )
        .select_related("column", "backlog_item__epic", "backlog_item__sprint")
        .order_by(F("backlog_item__rank").asc(nulls_last=True), "number")
    )
    if len(cards) != len(set(numbers)):
        raise NotFound
    for card in cards:
        card.board = board
    return cards


def sprint_list_for_actor(*, actor: Actor, seen: BoardWithAccess) -> QuerySet[Sprint]:
    """The board's sprints, newest first."""
    board = checked(actor=actor, seen=seen).board
    return Sprint.objects.filter(organisation_id=board.organisation_id, board_id=board.pk).order_by(
        "-start_date", "-pk"
    )


def sprint_get_for_actor(*, actor: Actor, seen: BoardWithAccess, sprint_id: int) -> Sprint:
    """One sprint of a board the actor may see; NotFound for any other id."""
    sprint = sprint_list_for_actor(actor=actor, seen=seen).filter(pk=sprint_id).first()
    if sprint is None:
        raise NotFound
    sprint.board = seen.board
    return sprint


def sprint_item_list(*, sprint: Sprint) -> list[BacklogItem]:
    """The sprint's items in order, with their cards, columns and epics (one query)."""
    return list(
        BacklogItem.objects.filter(organisation_id=sprint.organisation_id, sprint_id=sprint.pk)
        .select_related("work_item__column", "epic")
        .order_by("rank", "pk")
    )


def local_day(moment: datetime) -> date:
    return timezone.localtime(moment).date()


_JOIN: dict[str, Change] = {
    SprintEvent.Kind.COMMITTED: Change.COMMIT,
    SprintEvent.Kind.ADDED: Change.ADD,
}


def _membership(sprint: Sprint) -> list[tuple[datetime, LedgerEntry]]:
    kinds = (SprintEvent.Kind.COMMITTED, SprintEvent.Kind.ADDED, SprintEvent.Kind.REMOVED)
    rows = SprintEvent.objects.filter(
        organisation_id=sprint.organisation_id, sprint_id=sprint.pk, kind__in=kinds
    ).values_list("occurred_at", "kind", "work_item_id", "points", "data")
    entries = []
    for at, kind, item, points, data in rows:
        change = _JOIN.get(kind, Change.REMOVE)
        done = bool((data or {}).get("done"))
        entries.append((at, LedgerEntry(local_day(at), change, item, points, done)))
    return entries


def _card_changes(
    sprint: Sprint, item_ids: set[int], until: datetime
) -> list[tuple[datetime, LedgerEntry]]:
    """Work done (a card entering or leaving the done columns) and re-estimates of the
    sprint's cards while it ran, from the cards' own history."""
    assert sprint.started_at is not None  # noqa: S101 - only started sprints have a report
    kinds = [*MOVE_KINDS, WorkItemEvent.Kind.RESTAGED, WorkItemEvent.Kind.ESTIMATED]
    rows = WorkItemEvent.objects.filter(
        organisation_id=sprint.organisation_id,
        work_item_id__in=item_ids,
        kind__in=kinds,
        occurred_at__gt=sprint.started_at,
        occurred_at__lte=until,
    ).values_list("occurred_at", "kind", "work_item_id", "from_stage", "to_stage", "data")
    entries = []
    for at, kind, item, from_stage, to_stage, data in rows:
        day = local_day(at)
        if kind == WorkItemEvent.Kind.ESTIMATED:
            after = (data or {}).get("estimate", [None, None])[1]
            points = Decimal(after) if after is not None else None
            entries.append((at, LedgerEntry(day, Change.ESTIMATE, item, points)))
        elif (from_stage == Stage.DONE) != (to_stage == Stage.DONE):
            change = Change.COMPLETE if to_stage == Stage.DONE else Change.REOPEN
            entries.append((at, LedgerEntry(day, change, item)))
    return entries


def sprint_report_for(*, sprint: Sprint, now: datetime | None = None) -> SprintReport:
    """The sprint's burndown/burnup and totals (§10), from its ledger and its cards' history
    up to its close (or now). Two queries. A planned sprint has only its ideal line."""
    days = working_days(sprint.start_date, sprint.end_date)
    if sprint.started_at is None:
        return sprint_report(
            start_date=sprint.start_date,
            end_date=sprint.end_date,
            last_lived_day=None,
            entries=[],
            working=days,
        )
    until = sprint.closed_at or now or timezone.now()
    membership = _membership(sprint)
    item_ids = {entry.item for _at, entry in membership}
    changes = _card_changes(sprint, item_ids, until) if item_ids else []
    # In time order; at the same instant, membership first (a card added, then moved).
    ordered = sorted(
        [(at, 0, entry) for at, entry in membership] + [(at, 1, entry) for at, entry in changes],
        key=lambda row: (row[0], row[1]),
    )
    return sprint_report(
        start_date=sprint.start_date,
        end_date=sprint.end_date,
        last_lived_day=local_day(until),
        entries=[entry for _at, _order, entry in ordered],
        working=days,
    )


@dataclass(frozen=True)
class CarriedCard:
    """An unfinished card the close sent on: to the backlog, or into `sprint_name`."""

    number: int
    title: str
    points: Decimal | None
    sprint_name: str  # "" for the product backlog


@dataclass(frozen=True)
class CarryOver:
    """What the sprint's close carried over (empty before the close)."""

    cards: list[CarriedCard]

    @property
    def points(self) -> Decimal:
        return sum((card.points or Decimal(0) for card in self.cards), Decimal(0))

    @property
    def to_backlog(self) -> int:
        return sum(1 for card in self.cards if not card.sprint_name)

    @property
    def to_next(self) -> int:
        return len(self.cards) - self.to_backlog


def sprint_carry_over(*, sprint: Sprint) -> CarryOver:
    """The cards the close carried over and where they went, from the ledger (two queries)."""
    rows = list(
        SprintEvent.objects.filter(
            organisation_id=sprint.organisation_id,
            sprint_id=sprint.pk,
            kind=SprintEvent.Kind.CARRIED_OVER,
        )
        .select_related("work_item")
        .order_by("pk")
    )
    targets = {row.data.get("to") for row in rows} - {"backlog"}
    names = dict(
        Sprint.objects.filter(
            organisation_id=sprint.organisation_id, board_id=sprint.board_id, pk__in=targets
        ).values_list("pk", "name")
        if targets
        else []
    )
    return CarryOver(
        [
            CarriedCard(
                row.work_item.number,
                row.work_item.title,
                row.points,
                names.get(row.data.get("to"), ""),
            )
            for row in rows
        ]
    )


def velocity_rows(
    *,
    actor: Actor,
    seen: BoardWithAccess,
    before: Sprint | None = None,
    limit: int = VELOCITY_SPRINTS,
) -> list[VelocityRow]:
    """The last `limit` closed sprints of the board (before `before`), oldest first: committed
    at the start and completed at the close, from each sprint's ledger (one query)."""
    sprints = sprint_list_for_actor(actor=actor, seen=seen).filter(state=Sprint.State.CLOSED)
    if before is not None:
        sprints = sprints.filter(start_date__lt=before.start_date).exclude(pk=before.pk)
    sprints = sprints.annotate(
        committed=Sum("events__points", filter=Q(events__kind=SprintEvent.Kind.COMMITTED)),
        completed=Sum("events__points", filter=Q(events__kind=SprintEvent.Kind.COMPLETED)),
    )[:limit]
    rows = [
        VelocityRow(
            sprint.pk,
            sprint.name,
            sprint.committed or Decimal(0),
            sprint.completed or Decimal(0),
            len(working_days(sprint.start_date, sprint.end_date)),
        )
        for sprint in sprints
    ]
    return rows[::-1]


@dataclass(frozen=True)
class Capacity:
    """The capacity hint of a sprint being planned."""

    points: Decimal | None  # None: no closed sprint to learn from
    working_days: int
    sprints: int  # how many closed sprints it comes from
    planned: Decimal  # points planned in the sprint now
    unestimated: int


def sprint_capacity(
    *, actor: Actor, seen: BoardWithAccess, sprint: Sprint, items: list[BacklogItem]
) -> Capacity:
    """Velocity over the last 3 closed sprints per working day, × this sprint's working days
    (weekends and Italian public holidays excluded)."""
    rows = velocity_rows(actor=actor, seen=seen, before=sprint, limit=CAPACITY_SPRINTS)
    days = len(working_days(sprint.start_date, sprint.end_date))
    planned = sum((item.work_item.estimate or Decimal(0) for item in items), Decimal(0))
    unestimated = sum(1 for item in items if item.work_item.estimate is None)
    return Capacity(capacity_hint(rows, days), days, len(rows), planned, unestimated)


def open_sprint_list(*, actor: Actor, seen: BoardWithAccess) -> list[Sprint]:
    """Sprints a card may be planned in (planned or active), soonest first."""
    sprints = sprint_list_for_actor(actor=actor, seen=seen).exclude(state=Sprint.State.CLOSED)
    return list(sprints.order_by("start_date", "pk"))


STANDUP_MOVES = 100


@dataclass(frozen=True)
class Standup:
    """What the daily stand-up looks at: the sprint's moves since the previous working day
    began (newest last) and its blocked cards. Team-level: no one's name is on a row."""

    since: date
    moves: list[WorkItemEvent]
    blocked: list[WorkItem]


def sprint_standup(*, sprint: Sprint, today: date) -> Standup:
    """The stand-up of a sprint (two queries): cards of the sprint moved between columns since
    the start of the previous working day, and its open blocked cards."""
    since = previous_working_day(today)
    start = timezone.make_aware(datetime.combine(since, datetime.min.time()))
    in_sprint = BacklogItem.objects.filter(
        organisation_id=sprint.organisation_id, sprint_id=sprint.pk
    ).values("work_item_id")
    moves = list(
        WorkItemEvent.objects.filter(
            organisation_id=sprint.organisation_id,
            work_item_id__in=in_sprint,
            kind=WorkItemEvent.Kind.MOVED,
            occurred_at__gte=start,
        )
        .select_related("work_item", "from_column", "to_column")
        .order_by("-occurred_at", "-pk")[:STANDUP_MOVES]
    )
    blocked = list(
        WorkItem.objects.filter(
            organisation_id=sprint.organisation_id,
            pk__in=in_sprint,
            is_blocked=True,
            archived_at__isnull=True,
        )
        .select_related("column")
        .order_by("number")
    )
    return Standup(since, moves[::-1], blocked)
