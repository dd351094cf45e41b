"""What the board page shows, read in a fixed number of lean queries and rendered fast.

The board is the hottest page of the app (decision 0015): card rows are read with `.values()`,
each card's face is rendered by Jinja2 and cached under a key that changes with everything the
face shows (card version, board structure, language, today's date, whether the viewer may
edit), so an unchanged card costs one entry of a single `get_many`. The related facts a face
needs (assignees, labels, checklist, comments, attachments) are read only for the faces that are
not in the cache, one grouped query each, so the query count never grows with the cards.
"""

import hashlib
import threading
from collections import Counter, OrderedDict, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from django.core.cache import BaseCache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.db.models import CharField, Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Cast, Coalesce
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from markupsafe import Markup

from officina.accounts.models import User
from officina.boards.models import (
    Attachment,
    Board,
    ChecklistItem,
    Column,
    Comment,
    Label,
    Stage,
    Swimlane,
    WorkItem,
)
from officina.boards.permissions import WORKING_ROLES, BoardAccess
from officina.boards.selectors import board_access_for_actor, board_label_list, board_member_list
from officina.common.exceptions import NotFound
from officina.organisations.actor import Actor
from officina.organisations.models import Team, TeamMembership

DONE_SHOWN = 20  # cards a done column shows before "mostra altre"
DONE_MORE_STEP = 100
FACE_CACHE_SECONDS = 36 * 3600  # the key holds today's date: older entries are never read again
TEMPLATE_DIR = Path(__file__).resolve().parent / "jinja2"
_SENTINEL = 987654321

# What the layout and the face cache key need of every card shown: small values only, so 3,000
# rows cost little; the face's own fields are read (below) only for faces not in the cache.
LAYOUT_FIELDS = ("id", "version", "column_id", "swimlane_id", "position", "is_ready")
FACE_FIELDS = (
    "id",
    "version",
    "number",
    "title",
    "column_id",
    "due_date",
    "estimate",
    "class_of_service",
    "is_blocked",
    "blocked_reason",
    "started_at",
)


# --- Reads of the structure the board and settings pages act on ------------------------------


def board_team_guest_list(*, board: Board) -> list[tuple[User, bool]]:
    """The team's guests, each with whether this board invites them (settings page)."""
    invited = board.guests.through.objects.filter(board_id=board.pk, user_id=OuterRef("pk"))
    guests = (
        User.objects.filter(
            team_memberships__team_id=board.team_id,
            team_memberships__role=TeamMembership.Role.GUEST,
        )
        .annotate(is_invited=Exists(invited))
        .order_by("last_name", "first_name", "email")
    )
    return [(guest, bool(guest.is_invited)) for guest in guests]


def board_guest_get_for_actor(*, actor: Actor, board: Board, user_id: int) -> User:
    """A guest of the board's team, or one invited to the board (to invite or withdraw)."""
    board_access_for_actor(actor=actor, board=board)
    user = (
        User.objects.filter(pk=user_id)
        .filter(
            Q(team_memberships__team_id=board.team_id, team_memberships__role="guest")
            | Q(guest_boards=board)
        )
        .distinct()
        .first()
    )
    if user is None:
        raise NotFound
    return user


def team_list_for_board_creation(*, actor: Actor) -> QuerySet[Team]:
    """The teams where the actor works (lead or member): where they may create boards."""
    return Team.objects.filter(
        organisation=actor.organisation,
        memberships__user=actor.user,
        memberships__role__in=WORKING_ROLES,
    ).order_by("name")


def board_cell_sizes(*, actor: Actor, board: Board) -> dict[tuple[int, int], int]:
    """Open cards per (column, lane): how far down a card can be placed."""
    board_access_for_actor(actor=actor, board=board)
    rows = (
        WorkItem.objects.filter(
            organisation=actor.organisation, board=board, archived_at__isnull=True
        )
        .order_by()
        .values_list("column_id", "swimlane_id")
        .annotate(n=Count("pk"))
    )
    return {(column_id, lane_id): n for column_id, lane_id, n in rows}


def board_card_for_move(*, actor: Actor, board: Board, number: int) -> WorkItem:
    """A card of the board, with only what the move service needs (it re-reads the card under
    the board's lock): one small query, for the endpoint drag and drop calls."""
    board_access_for_actor(actor=actor, board=board)
    card = (
        WorkItem.objects.filter(organisation=actor.organisation, board=board, number=number)
        .only(
            "pk",
            "number",
            "version",
            "board_id",
            "column_id",
            "swimlane_id",
            "position",
            "is_ready",
        )
        .first()
    )
    if card is None:
        raise NotFound
    card.board = board
    return card


# --- Filters ----------------------------------------------------------------------------------


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

    @property
    def active(self) -> bool:
        return bool(
            self.assignee or self.label or self.text or self.due or self.blocked or self.service
        )

    def key(self) -> str:
        return "|".join(
            str(part)
            for part in (
                self.assignee,
                self.label,
                self.text,
                self.due,
                self.blocked,
                self.service,
                ",".join(map(str, sorted(self.more))),
            )
        )


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
        if number.isdigit():
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
    board: Board
    access: BoardAccess
    columns: list[ColumnView]
    lanes: list[Swimlane]
    labels: list[Label]
    members: list[User]
    filters: BoardFilters
    # (column, lane) -> (position, face, is ready) of the cards shown, in order
    cells: dict[tuple[int, int], list[tuple[int, Markup, bool]]] = field(default_factory=dict)
    lane_counts: dict[int, int] = field(default_factory=dict)


def board_filter_choices(*, board: Board) -> tuple[list[User], list[Label]]:
    """The people and labels the filters offer (two queries)."""
    return list(board_member_list(board=board)), list(board_label_list(board=board))


def board_display_for_actor(
    *,
    actor: Actor,
    board: Board,
    filters: BoardFilters,
    members: list[User] | None = None,
    labels: list[Label] | None = None,
    today: date | None = None,
) -> BoardDisplay:
    """Everything the board body shows, for a board from `board_get_for_actor`."""
    access = board_access_for_actor(actor=actor, board=board)
    board.organisation = actor.organisation  # the same row: spare a query for its slug
    today = today or timezone.localdate()
    columns = [
        ColumnView(column)
        for column in Column.objects.filter(organisation=actor.organisation, board=board)
    ]
    lanes = list(Swimlane.objects.filter(organisation=actor.organisation, board=board))
    if members is None or labels is None:
        members, labels = board_filter_choices(board=board)
    display = BoardDisplay(board, access, columns, lanes, labels, members, filters)
    open_cards = WorkItem.objects.filter(
        organisation=actor.organisation, board=board, archived_at__isnull=True
    )
    filter_q = _filter_q(filters, today)
    _count_cells(display, open_cards, filter_q)
    rows = _card_rows(display, open_cards.filter(filter_q))
    faces = card_faces(
        board=board,
        rows=rows,
        columns={view.column.pk: view.column for view in columns},
        labels=labels,
        editable=access.can_edit_cards,
        today=today,
    )
    cells: dict[tuple[int, int], list[tuple[int, Markup, bool]]] = defaultdict(list)
    for row in rows:
        cells[(row["column_id"], row["swimlane_id"])].append(
            (row["position"], faces[row["id"]], row["is_ready"])
        )
    display.cells = dict(cells)
    shown = Counter(row["column_id"] for row in rows)
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
_STAMP = Cast("updated_at", output_field=CharField())


def _card_rows(display: BoardDisplay, cards: QuerySet[WorkItem]) -> list[dict[str, Any]]:
    """Every matching card of the open columns; the latest finished of each done column."""
    done = [view.column.pk for view in display.columns if view.is_done]
    rows = list(
        cards.exclude(column_id__in=done)
        .order_by("column_id", "swimlane_id", "position")
        .values(*LAYOUT_FIELDS, stamp=_STAMP)
    )
    for column_id in done:
        limit = DONE_SHOWN + DONE_MORE_STEP * display.filters.more.count(column_id)
        latest = list(
            cards.filter(column_id=column_id)
            .order_by("-finished_at", "-pk")
            .values(*LAYOUT_FIELDS, stamp=_STAMP)[:limit]
        )
        rows.extend(sorted(latest, key=lambda row: (row["swimlane_id"], row["position"])))
    return rows


# --- Card faces ---------------------------------------------------------------------------------


FACE_CACHE_ALIAS = "board_faces"
FRAGMENT_CACHE_ALIAS = "board_fragments"
FRAGMENT_CACHE_SECONDS = 600
# Where the viewer's CSRF token goes in a cached body: escaping turns any "<" of user text into
# "&lt;", so this can only come from the template.
CSRF_SLOT = "<csrf-token-slot>"


class LocalFaces:
    """The faces this process rendered or fetched lately, as plain strings (no pickling, no
    network): a key names one version of a face, so an entry never needs invalidating."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.entries: OrderedDict[str, str] = OrderedDict()
        self.lock = threading.Lock()

    def get_many(self, keys: list[str]) -> dict[str, str]:
        with self.lock:
            found = {key: self.entries[key] for key in keys if key in self.entries}
            for key in found:
                self.entries.move_to_end(key)
        return found

    def set_many(self, faces: dict[str, str]) -> None:
        with self.lock:
            self.entries.update(faces)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()


local_faces = LocalFaces(size=30_000)


@cache
def face_cache() -> BaseCache | None:
    """The shared cache behind `local_faces`: a `board_faces` cache when configured, else the
    default one when it is shared (Redis); none with the embedded local-memory default, whose
    300 entries would hold less than one board."""
    if FACE_CACHE_ALIAS in caches:
        return caches[FACE_CACHE_ALIAS]
    default = caches["default"]
    return None if isinstance(default, LocMemCache) else default


def clear_face_caches() -> None:
    """Forget every face (tests: ids repeat across rolled-back tests)."""
    local_faces.clear()
    shared = face_cache()
    if shared is not None:
        shared.clear()
    fragment_cache().clear()


@cache
def fragment_cache() -> BaseCache:
    """Where rendered board fragments are kept: like `face_cache`, but a few hundred entries of
    a few hundred kilobytes each (one per board version, filter and kind of viewer)."""
    if FRAGMENT_CACHE_ALIAS in caches:
        return caches[FRAGMENT_CACHE_ALIAS]
    default = caches["default"]
    if isinstance(default, LocMemCache):
        return LocMemCache(
            "officina-board-fragments",
            {"TIMEOUT": FRAGMENT_CACHE_SECONDS, "OPTIONS": {"MAX_ENTRIES": 300}},
        )
    return default


def board_controls_key(*, board: Board, fingerprint: str) -> str:
    return f"bct:{_face_revision()}:{board.pk}:{board.structure_version}:{fingerprint}"


def board_fragments_key(*, board: Board, fingerprint: str) -> str:
    return (
        f"bfr:{_face_revision()}:{board.pk}:{board.version}:{board.structure_version}:{fingerprint}"
    )


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATE_DIR),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
        auto_reload=False,
    )


@cache
def _face_revision() -> str:
    """Changes when a board template changes, so a deploy never serves an old rendering."""
    digest = hashlib.blake2s(digest_size=4)
    for path in sorted(TEMPLATE_DIR.glob("boards/*.jinja")):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def jinja_template(name: str) -> jinja2.Template:
    return _environment().get_template(name)


def card_url_builder(*, board: Board, name: str) -> Callable[[int], str]:
    """`number → URL` for a card URL of the board, reversed once instead of once per card."""
    kwargs = {"org_slug": board.organisation.slug, "board_id": board.pk, "number": _SENTINEL}
    try:
        head, tail = reverse(name, kwargs=kwargs).split(str(_SENTINEL))
    except NoReverseMatch:
        # The card page is another module's; until it exists, cards still link somewhere real.
        head, tail = f"/o/{board.organisation.slug}/boards/{board.pk}/cards/", "/"
    return lambda number: f"{head}{number}{tail}"


def face_key(
    row: dict[str, Any], *, board: Board, language: str, today: date, editable: bool
) -> str:
    return (
        f"bf:{_face_revision()}:{row['id']}:{row['version']}:{str(row['stamp']).replace(' ', 'T')}:"
        f"{board.structure_version}:{language}:{today.isoformat()}:{int(editable)}"
    )


def card_faces(
    *,
    board: Board,
    rows: list[dict[str, Any]],
    columns: dict[int, Column],
    labels: list[Label],
    editable: bool,
    today: date,
) -> dict[int, Markup]:
    """The HTML face of each card row, from the cache or rendered now (and cached)."""
    language = translation.get_language() or "it"
    keys = {
        row["id"]: face_key(row, board=board, language=language, today=today, editable=editable)
        for row in rows
    }
    cached = local_faces.get_many(list(keys.values()))
    shared = face_cache()
    if shared is not None and len(cached) < len(keys):
        from_shared = shared.get_many([key for key in keys.values() if key not in cached])
        local_faces.set_many(from_shared)
        cached.update(from_shared)
    # Both caches hold only faces this module rendered with autoescaping on.
    faces = {card_id: Markup(cached[key]) for card_id, key in keys.items() if key in cached}  # noqa: S704
    missing = [row for row in rows if row["id"] not in faces]
    if missing:
        rendered = _render_faces(
            board=board,
            rows=missing,
            columns=columns,
            labels=labels,
            editable=editable,
            today=today,
        )
        new_faces = {keys[card_id]: str(html) for card_id, html in rendered.items()}
        local_faces.set_many(new_faces)
        if shared is not None:
            shared.set_many(new_faces, timeout=FACE_CACHE_SECONDS)
        faces.update(rendered)
    return faces


def _render_faces(
    *,
    board: Board,
    rows: list[dict[str, Any]],
    columns: dict[int, Column],
    labels: list[Label],
    editable: bool,
    today: date,
) -> dict[int, Markup]:
    facts = _face_facts(board=board, card_ids=[row["id"] for row in rows], labels=labels)
    module = jinja_template("boards/card_face.jinja").make_module(
        {
            "t": face_texts(),
            "card_url": card_url_builder(board=board, name="boards:card-detail"),
            "move_url": card_url_builder(board=board, name="boards:card-move"),
            "ngettext": ngettext,
            "editable": editable,
        }
    )
    render: Callable[..., Markup] = module.card_face  # type: ignore[attr-defined]
    faces = {}
    for row in facts.cards:
        column = columns.get(row["column_id"])
        in_progress = column is not None and column.stage == Stage.IN_PROGRESS
        started = row["started_at"]
        age = (today - timezone.localtime(started).date()).days if in_progress and started else None
        age_text = (
            ngettext("%(days)s day in progress", "%(days)s days in progress", age) % {"days": age}
            if age is not None
            else ""
        )
        due = row["due_date"]
        overdue = due is not None and due < today and not (column and column.stage == Stage.DONE)
        faces[row["id"]] = render(
            card=row,
            age_text=age_text,
            overdue=overdue,
            assignees=facts.assignees.get(row["id"], ()),
            labels=facts.labels.get(row["id"], ()),
            checklist=facts.checklist.get(row["id"]),
            comments=facts.comments.get(row["id"], 0),
            attachments=facts.attachments.get(row["id"], 0),
        )
    return faces


@dataclass
class FaceFacts:
    cards: list[dict[str, Any]]  # the card's own fields (FACE_FIELDS)
    assignees: dict[int, list[tuple[str, str]]]  # (initials, full name)
    labels: dict[int, list[Label]]
    checklist: dict[int, tuple[int, int]]  # (done, total)
    comments: dict[int, int]
    attachments: dict[int, int]


def _face_facts(*, board: Board, card_ids: list[int], labels: list[Label]) -> FaceFacts:
    """What the faces show besides the card's own fields: one grouped query per kind."""
    organisation_id = board.organisation_id
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
            *FACE_FIELDS,
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


def face_texts() -> dict[str, str]:
    """The words of a card face, in the active language (Jinja2 templates hold no msgids)."""
    return {
        "move": _("Move…"),
        "blocked": _("Blocked"),
        "due": _("Due"),
        "overdue": _("overdue"),
        "points": _("points"),
        "checklist": _("Checklist"),
        "comments": _("Comments"),
        "attachments": _("Attachments"),
        "labels": _("Labels"),
        "urgent": _("Urgent"),
        "fixed_date": _("Fixed date"),
        "intangible": _("Intangible"),
    }


def body_texts() -> dict[str, str]:
    return {
        "cards": _("cards"),
        "wip_limit": _("WIP limit"),
        "hard_limit": _("Hard limit"),
        "at_limit": _("WIP limit reached"),
        "over_limit": _("WIP limit exceeded"),
        "closed": _("Closed"),
        "column_policy": _("Column rules"),
        "collapse": _("Collapse or expand the column"),
        "show_more": _("show more"),
        "new_card": _("New card…"),
        "new_card_in": _("Title of a new card in"),
        "add": _("Add"),
        "to_column": _("to"),
        "in_progress": _("in progress"),
        "ready": _("ready"),
    }


COLLAPSED_WIDTH = "3.5rem"
COLUMN_WIDTH = "minmax(15rem,1fr)"


def render_board_body(
    display: BoardDisplay,
    *,
    csrf_token: str,
    quick_add_url: str,
    more_url: Callable[[int], str],
) -> Markup:
    """The board body (#board-body) as HTML, ready for the page or for an HTMX swap."""
    grid = " ".join(
        COLLAPSED_WIDTH if view.column.is_collapsed else COLUMN_WIDTH for view in display.columns
    )
    html = jinja_template("boards/board_body.jinja").render(
        board=display.board,
        columns=display.columns,
        lanes=display.lanes,
        cells=display.cells,
        lane_counts=display.lane_counts,
        editable=display.access.can_edit_cards,
        stages={value: str(label) for value, label in Stage.choices},
        grid=grid,
        t=body_texts(),
        csrf_token=csrf_token,
        quick_add_url=quick_add_url,
        more_url=more_url,
    )
    return Markup(html)  # noqa: S704 - rendered by an autoescaping environment
