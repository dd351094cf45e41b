"""The card's history told as sentences ("Giulia Ferrari ha spostato la scheda da Da fare a In
corso"). Every value that comes from users is escaped here: the sentences are safe HTML."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from officina.boards.models import WorkItem, WorkItemEvent


@dataclass(frozen=True)
class TimelineEntry:
    kind: str
    sentence: SafeString
    occurred_at: datetime


def _names(pairs: Iterable[Any]) -> str:
    return ", ".join(str(pair[1]) for pair in pairs if isinstance(pair, list | tuple))


def _field_names(fields: Iterable[str]) -> str:
    labels = []
    for field in fields:
        try:
            model_field = WorkItem._meta.get_field(field)
        except FieldDoesNotExist:  # renamed since the event was written
            labels.append(field)
            continue
        labels.append(str(getattr(model_field, "verbose_name", field)))
    return ", ".join(labels)


def _sentence(event: WorkItemEvent, actor: str) -> SafeString:  # noqa: C901, PLR0911, PLR0912
    data: dict[str, Any] = event.data or {}
    kind = event.kind
    Kind = WorkItemEvent.Kind  # noqa: N806 - reads like the model's own enum
    if kind == Kind.CREATED:
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
    if kind == Kind.EDITED:
        return format_html(
            _("{actor} edited: {fields}"), actor=actor, fields=_field_names(data.keys())
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
    if kind == Kind.UNBLOCKED:
        return format_html(_("{actor} unblocked the card"), actor=actor)
    if kind == Kind.ARCHIVED:
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
    if kind == Kind.LINKED:
        return format_html(
            _("{actor} linked the card to #{number}"), actor=actor, number=data.get("number", "")
        )
    return format_html(_("{actor}: {change}"), actor=actor, change=event.get_kind_display())


def card_timeline(events: Iterable[WorkItemEvent]) -> list[TimelineEntry]:
    entries = []
    for event in events:
        user = event.actor
        actor = (user.get_full_name() or user.email) if user else _("Someone")
        entries.append(TimelineEntry(event.kind, _sentence(event, actor), event.occurred_at))
    return entries
