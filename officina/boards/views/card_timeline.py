"""The card's history told as sentences ("Giulia Ferrari ha spostato la scheda da Da fare a In
corso"). Every value that comes from users is escaped here: the sentences are safe HTML."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from officina.boards.card_fields import describe_changes
from officina.boards.models import Stage, WorkItem, WorkItemEvent
from officina.boards.permissions import visible_board_ids
from officina.boards.selectors.boards import BoardWithAccess
from officina.organisations.actor import Actor


@dataclass(frozen=True)
class TimelineEntry:
    kind: str
    sentence: SafeString
    occurred_at: datetime


def _names(pairs: Iterable[Any] | int) -> str:
    """The names of `[[id, name], …]`; once retention has erased them, how many there were."""
    if isinstance(pairs, int):
        return ngettext("%(count)d person", "%(count)d people", pairs) % {"count": pairs}
    return ", ".join(str(pair[1]) for pair in pairs if isinstance(pair, list | tuple))


def _stage(value: str) -> str:
    return str(dict(Stage.choices).get(value, value))


def _sentence(event: WorkItemEvent, actor: str, hidden_boards: set[int]) -> SafeString:  # noqa: C901, PLR0911, PLR0912
    data: dict[str, Any] = event.data or {}
    kind = event.kind
    Kind = WorkItemEvent.Kind  # noqa: N806 - reads like the model's own enum
    if kind == Kind.CREATED:
        if str(data.get("source", "")).startswith("recurrence:"):
            return format_html(
                _("A recurring card rule created the card in {column}"), column=event.to_column
            )
        return format_html(
            _("{actor} created the card in {column}"), actor=actor, column=event.to_column
        )
    if kind == Kind.MOVED:
        if event.from_swimlane_id != event.to_swimlane_id:
            return format_html(
                _(
                    "{actor} moved the card from {source} ({source_lane}) "
                    "to {target} ({target_lane})"
                ),
                actor=actor,
                source=event.from_column,
                source_lane=event.from_swimlane,
                target=event.to_column,
                target_lane=event.to_swimlane,
            )
        return format_html(
            _("{actor} moved the card from {source} to {target}"),
            actor=actor,
            source=event.from_column,
            target=event.to_column,
        )
    if kind == Kind.REORDERED:
        return format_html(
            _("{actor} changed the card's position in {column}"),
            actor=actor,
            column=event.to_column,
        )
    if kind == Kind.READY:
        return format_html(
            _("{actor} marked the card ready in {column}"), actor=actor, column=event.to_column
        )
    if kind == Kind.NOT_READY:
        return format_html(
            _("{actor} put the card back in progress in {column}"),
            actor=actor,
            column=event.to_column,
        )
    if kind == Kind.RESTAGED:
        return format_html(
            _("{actor} changed the stage of {column} from {source} to {target}, and the card's"),
            actor=actor,
            column=event.to_column,
            source=_stage(event.from_stage),
            target=_stage(event.to_stage),
        )
    if kind == Kind.EDITED:
        return format_html(
            _("{actor} edited: {fields}"), actor=actor, fields=describe_changes(list(data))
        )
    if kind == Kind.ASSIGNED:
        return format_html(
            _("{actor} assigned the card to {people}"),
            actor=actor,
            people=_names(data.get("added", [])),
        )
    if kind == Kind.UNASSIGNED:
        return format_html(
            _("{actor} removed {people} from the card"),
            actor=actor,
            people=_names(data.get("removed", [])),
        )
    if kind == Kind.ESTIMATED:
        after = (data.get("estimate") or [None, None])[1]
        if after is None:
            return format_html(_("{actor} removed the estimate"), actor=actor)
        return format_html(
            _("{actor} estimated the card at {points} points"), actor=actor, points=after
        )
    if kind == Kind.LABELLED:
        return format_html(_("{actor} changed the labels"), actor=actor)
    if kind == Kind.BLOCKED:
        return format_html(
            _("{actor} blocked the card: {reason}"), actor=actor, reason=data.get("reason", "")
        )
    if kind == Kind.BLOCK_REASON_CHANGED:
        after = (data.get("reason") or ["", ""])[1]
        return format_html(
            _("{actor} changed the reason for the block: {reason}"), actor=actor, reason=after
        )
    if kind == Kind.UNBLOCKED:
        return format_html(_("{actor} unblocked the card"), actor=actor)
    if kind == Kind.ARCHIVED:
        resolution = dict(WorkItem.Resolution.choices).get(data.get("resolution", ""))
        if resolution:
            return format_html(
                _("{actor} archived the card ({resolution})"),
                actor=actor,
                resolution=str(resolution).lower(),
            )
        return format_html(_("{actor} archived the card"), actor=actor)
    if kind == Kind.RESTORED:
        return format_html(_("{actor} restored the card"), actor=actor)
    if kind == Kind.COMMENTED:
        return format_html(
            _('{actor} <a href="#comment-{comment}">commented</a>'),
            actor=actor,
            comment=int(data.get("comment") or 0),
        )
    if kind == Kind.ATTACHED:
        return format_html(_("{actor} attached {name}"), actor=actor, name=data.get("name", ""))
    if kind == Kind.DETACHED:
        return format_html(
            _("{actor} removed the file {name}"), actor=actor, name=data.get("name", "")
        )
    if kind in (Kind.CHECKED, Kind.UNCHECKED):
        text = (
            _("{actor} ticked “{item}” on the checklist")
            if kind == Kind.CHECKED
            else _("{actor} unticked “{item}” on the checklist")
        )
        return format_html(text, actor=actor, item=data.get("text", "…"))
    if kind in (Kind.LINKED, Kind.UNLINKED):
        return _link_sentence(event, data, actor, hidden_boards)
    if kind in (Kind.LEFT_BOARD, Kind.ENTERED_BOARD):
        return _board_move_sentence(event, data, actor, hidden_boards)
    return format_html(_("{actor}: {change}"), actor=actor, change=event.get_kind_display())


def _link_sentence(
    event: WorkItemEvent, data: dict[str, Any], actor: str, hidden_boards: set[int]
) -> SafeString:
    """A link to a card of a board the viewer may not see names no number, title nor board."""
    linked = event.kind == WorkItemEvent.Kind.LINKED
    if data.get("board") in hidden_boards:
        text = (
            _("{actor} linked the card to a card on a board you cannot see")
            if linked
            else _("{actor} removed a link to a card on a board you cannot see")
        )
        return format_html(text, actor=actor)
    text = (
        _("{actor} linked the card to #{number}")
        if linked
        else _("{actor} removed the link to #{number}")
    )
    return format_html(text, actor=actor, number=data.get("number", ""))


def _board_move_sentence(
    event: WorkItemEvent, data: dict[str, Any], actor: str, hidden_boards: set[int]
) -> SafeString:
    """The other board is named only to people who may see it (as links are)."""
    left = event.kind == WorkItemEvent.Kind.LEFT_BOARD
    if data.get("board") in hidden_boards:
        text = (
            _("{actor} moved the card to a board you cannot see")
            if left
            else _("{actor} moved the card here from a board you cannot see")
        )
        return format_html(text, actor=actor)
    text = (
        _("{actor} moved the card to the board {board}, where it is #{number}")
        if left
        else _("{actor} moved the card here from the board {board}, where it was #{number}")
    )
    return format_html(
        text, actor=actor, board=data.get("board_name", ""), number=data.get("number", "")
    )


BOARD_NAMING_KINDS = (
    WorkItemEvent.Kind.LINKED,
    WorkItemEvent.Kind.UNLINKED,
    WorkItemEvent.Kind.LEFT_BOARD,
    WorkItemEvent.Kind.ENTERED_BOARD,
)


def _hidden_boards(events: list[WorkItemEvent], actor: Actor, seen: BoardWithAccess) -> set[int]:
    """Boards named by link events that the viewer may not see (one query, if any)."""
    named = {
        int(event.data["board"])
        for event in events
        if event.kind in BOARD_NAMING_KINDS
        and isinstance((event.data or {}).get("board"), int)
        and event.data["board"] != seen.pk
    }
    if not named:
        return set()
    return named - set(visible_board_ids(actor, named))


def card_timeline(
    events: Iterable[WorkItemEvent], *, actor: Actor, seen: BoardWithAccess
) -> list[TimelineEntry]:
    """The card's history as sentences, for `actor` looking at the card on `seen`."""
    events = list(events)
    hidden = _hidden_boards(events, actor, seen)
    entries = []
    for event in events:
        user = event.actor
        name = (user.get_full_name() or user.email) if user else _("Someone")
        entries.append(TimelineEntry(event.kind, _sentence(event, name, hidden), event.occurred_at))
    return entries
