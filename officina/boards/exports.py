"""A board's cards and history as table rows, for the open-format writers of `common`.

Pure functions: the selectors read the rows, these turn them into cells in the active
language, and `officina.common.spreadsheets` turns the cells into CSV, ODS or XLSX bytes. The
card columns are the card fields declared on the model (`card_fields.py`), then the card's
place and dates. Every translated word is resolved when the rows are asked for: a streamed CSV
builds its rows later, when the request's language may no longer be active.
"""

import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from officina.boards.card_fields import card_fields, export_headers
from officina.boards.history import without_personal_details
from officina.boards.models import Stage, WorkItem, WorkItemEvent
from officina.boards.models.fields import CardFieldKind
from officina.common.spreadsheets import Cell, Row


def _local(moment: datetime | None, zone: tzinfo) -> datetime | None:
    """The instant in the installation's time zone (Europe/Rome), as the pages show it."""
    return moment.astimezone(zone) if moment is not None else None


def _person(first_name: str | None, last_name: str | None, email: str | None) -> str:
    return f"{first_name or ''} {last_name or ''}".strip() or (email or "")


@dataclass(frozen=True)
class _Words:
    """Every translated word the rows need, resolved once in the view's language."""

    stages: dict[str, str]
    choices: dict[str, dict[str, str]]  # card field → value → label
    resolutions: dict[str, str]
    kinds: dict[str, str]
    yes: str
    no: str
    zone: tzinfo

    @classmethod
    def now(cls) -> "_Words":
        return cls(
            stages={value: str(label) for value, label in Stage.choices},
            choices={
                field.name: {
                    str(value): str(label) for value, label in field.model_field.choices or ()
                }
                for field in card_fields()
                if field.kind == CardFieldKind.CHOICE
            },
            resolutions={value: str(label) for value, label in WorkItem.Resolution.choices},
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
        *export_headers(),
        _("Column"),
        _("Stage"),
        _("Swimlane"),
        _("Blocked"),
        _("Reason for the block"),
        _("Resolution"),
        _("Created on"),
        _("Started on"),
        _("Finished on"),
        _("Archived on"),
        _("Ready"),
    ]


def card_rows(cards: Iterable[Mapping[str, Any]]) -> Iterator[Row]:
    """One row per card, from the mappings `work_item_export_rows` yields."""
    return _card_rows(cards, _Words.now())


def _field_cells(card: Mapping[str, Any], words: _Words) -> list[Cell]:
    cells: list[Cell] = []
    for field in card_fields():
        if field.is_set:
            cells.append(", ".join(card["names"].get(field.name, [])))
        elif field.kind == CardFieldKind.CHOICE:
            value = card[field.name]
            cells.append(words.choices[field.name].get(value, value))
        else:
            cells.append(card[field.name])
    return cells


def _card_rows(cards: Iterable[Mapping[str, Any]], words: _Words) -> Iterator[Row]:
    for card in cards:
        yield [
            card["number"],
            *_field_cells(card, words),
            card["column__name"],
            words.stages.get(card["column__stage"], ""),
            card["swimlane__name"],
            words.yes if card["is_blocked"] else words.no,
            card["blocked_reason"],
            words.resolutions.get(card["resolution"], ""),
            _local(card["created_at"], words.zone),
            _local(card["started_at"], words.zone),
            _local(card["finished_at"], words.zone),
            _local(card["archived_at"], words.zone),
            words.yes if card["is_ready"] else words.no,
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


def event_rows(events: Iterable[Mapping[str, Any]], *, with_names: bool) -> Iterator[Row]:
    """One row per card event, oldest first, from `board_event_export_rows`.

    Who acted, and the names and free texts of the details, only `with_names`: for the team's
    own members (R-37); everyone else gets the flow without the people.
    """
    return _event_rows(events, _Words.now(), with_names=with_names)


def _event_rows(
    events: Iterable[Mapping[str, Any]], words: _Words, *, with_names: bool
) -> Iterator[Row]:
    for event in events:
        data = (
            event["data"] if with_names else without_personal_details(event["kind"], event["data"])
        )
        person = (
            _person(event["actor__first_name"], event["actor__last_name"], event["actor__email"])
            if with_names
            else ""
        )
        yield [
            event["pk"],
            event["work_item__number"],
            event["work_item__title"],
            words.kinds.get(event["kind"], event["kind"]),
            event["kind"],
            _local(event["occurred_at"], words.zone),
            person,
            event["from_column__name"] or "",
            event["to_column__name"] or "",
            event["from_swimlane__name"] or "",
            event["to_swimlane__name"] or "",
            words.stages.get(event["from_stage"], ""),
            words.stages.get(event["to_stage"], ""),
            _details(data),
        ]
