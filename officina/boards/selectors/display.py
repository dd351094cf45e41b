"""Reads of the board page, in a fixed number of lean queries whatever the number of cards.

The board is the hottest page of the app (decision 0015). Card rows are read with `.values()`:
first only what the layout and the face cache key need (`LAYOUT_FIELDS`), then, for the faces
not in the cache only (`rendering.py`), the face's own fields and the facts around them
(assignees, labels, checklist, comments, attachments), one grouped query each.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import CharField, Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Cast, Coalesce

from officina.accounts.models import User
from officina.boards.card_fields import face_fields
from officina.boards.models import (
    Attachment,
    ChecklistItem,
    Column,
    Comment,
    Label,
    Stage,
    Swimlane,
    WorkItem,
)
from officina.boards.permissions import BoardAccess
from officina.boards.selectors.boards import (
    BoardWithAccess,
    board_column_list,
    board_label_list,
    board_member_list,
    board_swimlane_list,
    checked,
)
from officina.organisations.actor import Actor

DONE_SHOWN = 20  # cards a done column shows before "mostra altre"
DONE_MORE_STEP = 100

# What the layout and the face cache key need of every card shown: small values only, so 3,000
# rows cost little; the face's own fields are read only for faces not in the cache.
LAYOUT_FIELDS = ("id", "version", "column_id", "swimlane_id", "is_ready", "rank")
# What every face shows besides its card fields (`card_fields.face_fields`).
FACE_SYSTEM_FIELDS = (
    "id",
    "version",
    "number",
    "column_id",
    "is_blocked",
    "blocked_reason",
    "started_at",
)


def face_field_names() -> tuple[str, ...]:
    return FACE_SYSTEM_FIELDS + tuple(f.name for f in face_fields() if not f.is_set)


# --- Filters ----------------------------------------------------------------------------------

# Narrower views of the board that an app above boards offers (decision 0046): a query
# parameter, and the condition on the board's cards for its value (an id). Scrum's sprint board
# is `?sprint=<id>`. The condition runs inside the board's own query (already scoped to the
# organisation and the board), so an id of another board only finds no card.
CardScope = Callable[[int], Q]
_card_scopes: dict[str, CardScope] = {}


def register_card_scope(name: str, condition: CardScope) -> None:
    """Offer `?<name>=<id>` on the board page (called from an app's `ready()`)."""
    _card_scopes[name] = condition


def card_scope_names() -> tuple[str, ...]:
    return tuple(sorted(_card_scopes))


@dataclass(frozen=True)
class BoardFilters:
    """The filters of the board page (GET parameters), already validated."""

    assignee: int | None = None
    label: int | None = None
    text: str = ""
    due: str = ""  # "", "overdue", "week", "none"
    blocked: bool = False
    service: str = ""
    more: tuple[int, ...] = ()  # a column id once per "mostra altre" click
    scopes: tuple[tuple[str, int], ...] = ()  # (registered scope, id), e.g. ("sprint", 7)

    @property
    def active_count(self) -> int:
        """How many filters narrow the board (the folded "Filtri" control shows it)."""
        chosen = (self.assignee, self.label, self.text, self.due, self.blocked, self.service)
        return sum(1 for value in chosen if value) + len(self.scopes)

    @property
    def active(self) -> bool:
        return self.active_count > 0


def _filter_q(filters: BoardFilters, today: date) -> Q:
    """The filters as one condition on WorkItem; M2M tests are EXISTS so rows never repeat."""
    q = Q()
    if filters.assignee:
        q &= Q(
            Exists(
                WorkItem.assignees.through.objects.filter(
                    workitem_id=OuterRef("pk"), user_id=filters.assignee
                )
            )
        )
    if filters.label:
        q &= Q(
            Exists(
                WorkItem.labels.through.objects.filter(
                    workitem_id=OuterRef("pk"), label_id=filters.label
                )
            )
        )
    if filters.text:
        text_q = Q(title__icontains=filters.text)
        number = filters.text.lstrip("#")
        if number.isdigit() and len(number) <= 9:
            text_q |= Q(number=int(number))
        q &= text_q
    if filters.due == "overdue":
        q &= Q(due_date__lt=today) & ~Q(column__stage=Stage.DONE)
    elif filters.due == "week":
        q &= Q(due_date__gte=today, due_date__lte=today + timedelta(days=6 - today.weekday()))
    elif filters.due == "none":
        q &= Q(due_date__isnull=True)
    if filters.blocked:
        q &= Q(is_blocked=True)
    if filters.service:
        q &= Q(class_of_service=filters.service)
    for name, value in filters.scopes:
        q &= _card_scopes[name](value)
    return q


# --- The board display ------------------------------------------------------------------------


@dataclass
class ColumnView:
    column: Column
    count: int = 0  # open cards in the column (what the WIP limit counts)
    ready: int = 0  # of which in the "ready" part of a split column
    matching: int = 0  # open cards that match the filters
    shown: int = 0

    @property
    def is_done(self) -> bool:
        return self.column.stage == Stage.DONE

    @property
    def over_limit(self) -> bool:
        limit = self.column.wip_limit
        return limit is not None and self.count > limit

    @property
    def at_limit(self) -> bool:
        limit = self.column.wip_limit
        return limit is not None and self.count >= limit

    @property
    def hidden(self) -> int:
        return max(0, self.matching - self.shown)


@dataclass
class BoardDisplay:
    """The board as the page shows it; `cells` is filled with faces by `rendering.py`."""

    seen: BoardWithAccess
    columns: list[ColumnView]
    lanes: list[Swimlane]
    labels: list[Label]
    members: list[User]
    filters: BoardFilters
    today: date
    rows: list[dict[str, Any]] = field(default_factory=list)  # LAYOUT_FIELDS + "stamp"
    lane_counts: dict[int, int] = field(default_factory=dict)
    # (column, lane) -> (face, is ready) of the cards shown, in order
    cells: dict[tuple[int, int], list[tuple[Any, bool]]] = field(default_factory=dict)

    @property
    def access(self) -> BoardAccess:
        return self.seen.access


def board_filter_choices(*, seen: BoardWithAccess) -> tuple[list[User], list[Label]]:
    """The people and labels the filters offer (two queries)."""
    return list(board_member_list(board=seen.board)), list(board_label_list(seen=seen))


def board_display_for_actor(
    *,
    actor: Actor,
    seen: BoardWithAccess,
    filters: BoardFilters,
    today: date,
    members: list[User] | None = None,
    labels: list[Label] | None = None,
) -> BoardDisplay:
    """The columns, lanes and card rows the board body shows, for the actor and filters."""
    seen = checked(actor=actor, seen=seen)
    seen.board.organisation = actor.organisation  # the same row: spare a query for its slug
    columns = [ColumnView(column) for column in board_column_list(seen=seen)]
    lanes = list(board_swimlane_list(seen=seen))
    if members is None or labels is None:
        members, labels = board_filter_choices(seen=seen)
    display = BoardDisplay(seen, columns, lanes, labels, members, filters, today)
    open_cards = WorkItem.objects.filter(
        organisation=actor.organisation, board_id=seen.pk, archived_at__isnull=True
    )
    filter_q = _filter_q(filters, today)
    _count_cells(display, open_cards, filter_q)
    display.rows = _card_rows(display, open_cards.filter(filter_q))
    shown: dict[int, int] = defaultdict(int)
    for row in display.rows:
        shown[row["column_id"]] += 1
    for view in columns:
        view.shown = shown.get(view.column.pk, 0)
    return display


def _count_cells(display: BoardDisplay, open_cards: QuerySet[WorkItem], filter_q: Q) -> None:
    """Cards per column (for the WIP limit) and per lane, and how many match the filters."""
    aggregates: dict[str, Any] = {
        "total": Count("pk"),
        "ready": Count("pk", filter=Q(is_ready=True)),
    }
    if display.filters.active:
        aggregates["matching"] = Count("pk", filter=filter_q)
    by_column = {view.column.pk: view for view in display.columns}
    for row in open_cards.order_by().values("column_id", "swimlane_id").annotate(**aggregates):
        view = by_column.get(row["column_id"])
        matching = row.get("matching", row["total"])
        if view is not None:
            view.count += row["total"]
            view.ready += row["ready"]
            view.matching += matching
        display.lane_counts[row["swimlane_id"]] = (
            display.lane_counts.get(row["swimlane_id"], 0) + matching
        )


# When the card row was last saved, as the database's text (no parsing): with the version it
# tells apart two cards that reuse an id (a rolled-back test), so a face never shows another's.
CARD_STAMP = Cast("updated_at", output_field=CharField())


def _card_rows(display: BoardDisplay, cards: QuerySet[WorkItem]) -> list[dict[str, Any]]:
    """Every matching card of the open columns; the latest finished of each done column."""
    done = [view.column.pk for view in display.columns if view.is_done]
    rows = list(
        cards.exclude(column_id__in=done)
        .order_by("column_id", "swimlane_id", "is_ready", "rank")
        .values(*LAYOUT_FIELDS, stamp=CARD_STAMP)
    )
    for column_id in done:
        limit = DONE_SHOWN + DONE_MORE_STEP * display.filters.more.count(column_id)
        latest = list(
            cards.filter(column_id=column_id)
            .order_by("-finished_at", "-pk")
            .values(*LAYOUT_FIELDS, stamp=CARD_STAMP)[:limit]
        )
        rows.extend(
            sorted(latest, key=lambda row: (row["swimlane_id"], row["is_ready"], row["rank"]))
        )
    return rows


# --- What the faces not in the cache show -------------------------------------------------------


@dataclass
class FaceFacts:
    cards: list[dict[str, Any]]  # the card's own fields (`face_field_names()`)
    assignees: dict[int, list[tuple[str, str]]]  # (initials, full name)
    labels: dict[int, list[Label]]
    checklist: dict[int, tuple[int, int]]  # (done, total)
    comments: dict[int, int]
    attachments: dict[int, int]


def face_facts(*, organisation_id: int, card_ids: list[int], labels: list[Label]) -> FaceFacts:
    """What the faces show besides the card's own fields: one grouped query per kind. The
    cards come from a board display, so they were already reached through its board."""
    assignees: dict[int, list[tuple[str, str]]] = defaultdict(list)
    rows = (
        WorkItem.assignees.through.objects.filter(workitem_id__in=card_ids)
        .order_by("user__last_name", "user__first_name")
        .values_list("workitem_id", "user__first_name", "user__last_name", "user__email")
    )
    for card_id, first, last, email in rows:
        full = f"{first} {last}".strip() or email
        initials = "".join(part[0] for part in (first, last) if part).upper() or email[:2].upper()
        assignees[card_id].append((initials, full))
    labels_by_id = {label.pk: label for label in labels}
    card_labels: dict[int, list[Label]] = defaultdict(list)
    for card_id, label_id in WorkItem.labels.through.objects.filter(
        workitem_id__in=card_ids
    ).values_list("workitem_id", "label_id"):
        if label_id in labels_by_id:
            card_labels[card_id].append(labels_by_id[label_id])
    for chips in card_labels.values():
        chips.sort(key=lambda label: label.name.lower())
    # The cards' fields and their three counts in one query (a correlated COUNT per kind).
    cards = list(
        WorkItem.objects.filter(organisation_id=organisation_id, pk__in=card_ids).values(
            *face_field_names(),
            checklist_total=_count_of(ChecklistItem),
            checklist_done=_count_of(ChecklistItem, Q(is_done=True)),
            comment_count=_count_of(Comment),
            attachment_count=_count_of(Attachment),
        )
    )
    checklist, comments, attachments = {}, {}, {}
    for card in cards:
        if card["checklist_total"]:
            checklist[card["id"]] = (card["checklist_done"], card["checklist_total"])
        comments[card["id"]] = card["comment_count"]
        attachments[card["id"]] = card["attachment_count"]
    return FaceFacts(cards, dict(assignees), dict(card_labels), checklist, comments, attachments)


def _count_of(model: type[ChecklistItem | Comment | Attachment], condition: Q | None = None) -> Any:
    rows = (
        model.objects.filter(condition or Q(), work_item_id=OuterRef("pk"))
        .order_by()
        .values("work_item_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows), 0)
