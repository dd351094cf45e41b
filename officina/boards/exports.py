"""A board's cards and history as table rows, for the open-format writers of `common`.

Pure functions: the selectors read the rows, these turn them into cells in the active
language, and `officina.common.spreadsheets` turns the cells into CSV, ODS or XLSX bytes.
"""

import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from officina.boards.models import Stage, WorkItem, WorkItemEvent
from officina.common.spreadsheets import Row


def _local(moment: datetime | None, zone: tzinfo) -> datetime | None:
    """The instant in the installation's time zone (Europe/Rome), as the pages show it."""
    return moment.astimezone(zone) if moment is not None else None


def _person(first_name: str | None, last_name: str | None, email: str | None) -> str:
    return f"{first_name or ''} {last_name or ''}".strip() or (email or "")


@dataclass(frozen=True)
class _Labels:
    """Every translated word a row needs, resolved once in the view's language: a streamed
    CSV builds its rows later, when the request's language may no longer be active."""

    stages: dict[str, str]
    services: dict[str, str]
    kinds: dict[str, str]
    yes: str
    no: str
    zone: tzinfo

    @classmethod
    def now(cls) -> "_Labels":
        return cls(
            stages={value: str(label) for value, label in Stage.choices},
            services={value: str(label) for value, label in WorkItem.ClassOfService.choices},
            kinds={value: str(label) for value, label in WorkItemEvent.Kind.choices},
            yes=_("Yes"),
            no=_("No"),
            zone=timezone.get_current_timezone(),
        )


# --- Cards ----------------------------------------------------------------------------------


def card_headers() -> list[str]:
    """Column headings of the cards export, in the active language."""
    return [
        _("Number"),
        _("Title"),
        _("Column"),
        _("Stage"),
        _("Swimlane"),
        _("Assignees"),
        _("Labels"),
        _("Due date"),
        _("Estimate (points)"),
        _("Class of service"),
        _("Blocked"),
        _("Reason for the block"),
        _("Created on"),
        _("Started on"),
        _("Finished on"),
        _("Archived on"),
        _("Ready"),
    ]


def card_rows(cards: Iterable[Mapping[str, Any]]) -> Iterator[Row]:
    """One row per card, from the mappings `work_item_export_rows` yields."""
    return _card_rows(cards, _Labels.now())


def _card_rows(cards: Iterable[Mapping[str, Any]], labels: _Labels) -> Iterator[Row]:
    for card in cards:
        yield [
            card["number"],
            card["title"],
            card["column__name"],
            labels.stages.get(card["column__stage"], ""),
            card["swimlane__name"],
            ", ".join(card["assignee_names"]),
            ", ".join(card["label_names"]),
            card["due_date"],
            card["estimate"],
            labels.services.get(card["class_of_service"], card["class_of_service"]),
            labels.yes if card["is_blocked"] else labels.no,
            card["blocked_reason"],
            _local(card["created_at"], labels.zone),
            _local(card["started_at"], labels.zone),
            _local(card["finished_at"], labels.zone),
            _local(card["archived_at"], labels.zone),
            labels.yes if card["is_ready"] else labels.no,
        ]


# --- Events ("transitions") -----------------------------------------------------------------


def event_headers() -> list[str]:
    return [
        _("Event ID"),
        _("Card number"),
        _("Card title"),
        _("Event"),
        _("Event code"),
        _("When"),
        _("By"),
        _("From column"),
        _("To column"),
        _("From lane"),
        _("To lane"),
        _("From stage"),
        _("To stage"),
        _("Details"),
    ]


def _details(data: Any) -> str:
    if not data:
        return ""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, default=str)


def event_rows(events: Iterable[Mapping[str, Any]]) -> Iterator[Row]:
    """One row per card event, oldest first, from `board_event_export_rows`."""
    return _event_rows(events, _Labels.now())


def _event_rows(events: Iterable[Mapping[str, Any]], labels: _Labels) -> Iterator[Row]:
    for event in events:
        yield [
            event["pk"],
            event["work_item__number"],
            event["work_item__title"],
            labels.kinds.get(event["kind"], event["kind"]),
            event["kind"],
            _local(event["occurred_at"], labels.zone),
            _person(event["actor__first_name"], event["actor__last_name"], event["actor__email"]),
            event["from_column__name"] or "",
            event["to_column__name"] or "",
            event["from_swimlane__name"] or "",
            event["to_swimlane__name"] or "",
            labels.stages.get(event["from_stage"], ""),
            labels.stages.get(event["to_stage"], ""),
            _details(event["data"]),
        ]
