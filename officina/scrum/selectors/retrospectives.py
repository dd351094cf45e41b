"""Reads of retrospectives (decision 0047), scoped to the actor through the board they reached
with `boards.selectors.boards.board_get_for_actor`.

`retro_board_for` is the whole page in a fixed number of queries, whatever the number of notes:
the notes with their dot counts and whether the reader put a dot on each (one query), this
retrospective's actions and the previous one's, each with its card's column and owners. An
anonymous note has no author to show: none was stored.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from officina.accounts.models import User
from officina.boards.models import Stage
from officina.boards.selectors.boards import BoardWithAccess, board_member_list, checked
from officina.common.exceptions import NotFound
from officina.organisations.actor import Actor
from officina.scrum.models import RetroAction, RetroNote, Retrospective, RetroVote
from officina.scrum.permissions import can_facilitate_retro, can_take_part_in_retro
from officina.scrum.retro_formats import RetroColumn, RetroFormat, format_of


def retrospective_list_for_actor(*, actor: Actor, seen: BoardWithAccess) -> QuerySet[Retrospective]:
    """The board's retrospectives, newest first, with their sprint and how many notes and
    actions each has (one query)."""
    board = checked(actor=actor, seen=seen).board
    return (
        Retrospective.objects.filter(organisation_id=board.organisation_id, board_id=board.pk)
        .select_related("sprint")
        .annotate(
            note_count=Count("notes", distinct=True), action_count=Count("actions", distinct=True)
        )
        .order_by("-created_at", "-pk")
    )


def retrospective_get_for_actor(
    *, actor: Actor, seen: BoardWithAccess, retrospective_id: int
) -> Retrospective:
    """One retrospective of a board the actor sees (with its sprint); NotFound otherwise."""
    board = checked(actor=actor, seen=seen).board
    retrospective = (
        Retrospective.objects.filter(
            organisation_id=board.organisation_id, board_id=board.pk, pk=retrospective_id
        )
        .select_related("sprint", "facilitator")
        .first()
    )
    if retrospective is None:
        raise NotFound
    retrospective.board = board
    return retrospective


def retro_note_get(*, retrospective: Retrospective, note_id: int) -> RetroNote:
    """A note of the retrospective; NotFound for any other id."""
    note = RetroNote.objects.filter(
        organisation_id=retrospective.organisation_id,
        retrospective_id=retrospective.pk,
        pk=note_id,
    ).first()
    if note is None:
        raise NotFound
    return note


@dataclass
class NoteView:
    """A note as the reader sees it: its dots, whether one is theirs, the notes under it."""

    note: RetroNote
    dots: int
    mine: bool
    children: list["NoteView"] = field(default_factory=list)

    @property
    def author_name(self) -> str:
        author = self.note.author
        return (author.get_full_name() or author.email) if author is not None else ""

    @property
    def total(self) -> int:
        """The dots of the group: the heading's and those of the notes under it."""
        return self.dots + sum(child.dots for child in self.children)


@dataclass(frozen=True)
class ColumnView:
    column: RetroColumn
    notes: list[NoteView]  # the headings (and lone notes), each with the notes under it


@dataclass(frozen=True)
class ActionView:
    """An action and its card as it is now: where it stands and who owns it."""

    number: int
    title: str
    column: str
    done: bool
    archived: bool
    owners: list[str]
    note_id: int | None


@dataclass(frozen=True)
class RetroBoard:
    """Everything the retrospective's page, and its API, show to one reader."""

    retrospective: Retrospective
    format: RetroFormat
    columns: list[ColumnView]
    notes: list[NoteView]  # every note, in order
    dots_used: int
    actions: list[ActionView]
    previous: Retrospective | None
    previous_actions: list[ActionView]
    can_take_part: bool
    can_facilitate: bool
    people: list[User]  # who may own an action (only for a facilitator of an open one)

    @property
    def is_closed(self) -> bool:
        return self.retrospective.closed_at is not None

    @property
    def dots_left(self) -> int:
        return max(self.retrospective.dots_per_person - self.dots_used, 0)


def _note_views(retrospective: Retrospective, user_id: int) -> list[NoteView]:
    mine = RetroVote.objects.filter(note_id=OuterRef("pk"), voter_id=user_id)
    notes = (
        RetroNote.objects.filter(
            organisation_id=retrospective.organisation_id, retrospective_id=retrospective.pk
        )
        .select_related("author")
        .annotate(dot_count=Count("votes"), is_mine=Exists(mine))
        .order_by("pk")
    )
    return [NoteView(note, note.dot_count, bool(note.is_mine)) for note in notes]


def _columns(fmt: RetroFormat, views: list[NoteView]) -> list[ColumnView]:
    by_id = {view.note.pk: view for view in views}
    headings: dict[str, list[NoteView]] = {column.key: [] for column in fmt.columns}
    for view in views:
        heading = by_id.get(view.note.group_id) if view.note.group_id else None
        if heading is not None:
            heading.children.append(view)
        elif view.note.column in headings:
            headings[view.note.column].append(view)
    for notes in headings.values():
        notes.sort(key=lambda view: (-view.total, view.note.pk))
    return [ColumnView(column, headings[column.key]) for column in fmt.columns]


def _action_views(retrospective: Retrospective) -> list[ActionView]:
    actions = (
        RetroAction.objects.filter(
            organisation_id=retrospective.organisation_id, retrospective_id=retrospective.pk
        )
        .select_related("work_item__column")
        .prefetch_related("work_item__assignees")
        .order_by("pk")
    )
    views = []
    for action in actions:
        card = action.work_item
        views.append(
            ActionView(
                number=card.number,
                title=card.title,
                column=card.column.name,
                done=card.column.stage == Stage.DONE,
                archived=card.archived_at is not None,
                owners=[person.get_full_name() or person.email for person in card.assignees.all()],
                note_id=action.note_id,
            )
        )
    return views


def previous_retrospective(*, retrospective: Retrospective) -> Retrospective | None:
    """The board's retrospective held just before this one."""
    earlier = Q(created_at__lt=retrospective.created_at) | Q(
        created_at=retrospective.created_at, pk__lt=retrospective.pk
    )
    return (
        Retrospective.objects.filter(
            organisation_id=retrospective.organisation_id, board_id=retrospective.board_id
        )
        .filter(earlier)
        .order_by("-created_at", "-pk")
        .first()
    )


def retro_board_for(
    *, actor: Actor, seen: BoardWithAccess, retrospective: Retrospective
) -> RetroBoard:
    """The retrospective for one reader (7 queries at most, however many notes it has)."""
    seen = checked(actor=actor, seen=seen)
    fmt = format_of(retrospective.format)
    views = _note_views(retrospective, actor.user.pk)
    previous = previous_retrospective(retrospective=retrospective)
    can_facilitate = can_facilitate_retro(seen.access)
    people = []
    if can_facilitate and retrospective.closed_at is None:
        people = list(board_member_list(board=seen.board))
    return RetroBoard(
        retrospective=retrospective,
        format=fmt,
        columns=_columns(fmt, views),
        notes=views,
        dots_used=sum(1 for view in views if view.mine),
        actions=_action_views(retrospective),
        previous=previous,
        previous_actions=_action_views(previous) if previous is not None else [],
        can_take_part=can_take_part_in_retro(seen.access),
        can_facilitate=can_facilitate,
        people=people,
    )
