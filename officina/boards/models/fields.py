"""The mark that makes a model field a card field: declared once, on the model.

A field of `WorkItem` wrapped in `card_field(...)` is one of the fields a person edits on a
card: `officina.boards.card_fields` builds from these marks the edit form, the API's
serializers, the export columns, the history's sentences and, where `on_face` says so, a line
of the card's face. Adding a field to a card is then this one declaration plus its migration
(docs/how-to/adding-a-card-field.md).
"""

from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

from django.db import models

F = TypeVar("F", bound=models.Field)  # type: ignore[type-arg]


class CardFieldKind(StrEnum):
    """How a card field is edited, serialised, exported and told in the history."""

    TEXT = "text"  # one line
    MARKDOWN = "markdown"  # long text, rendered as sanitised HTML
    DATE = "date"
    DECIMAL = "decimal"
    CHOICE = "choice"  # one of the field's choices
    PEOPLE = "people"  # members of the board, by id
    LABELS = "labels"  # labels of the board, by id


@dataclass(frozen=True)
class CardFieldInfo:
    """What the model field alone does not say about a card field."""

    kind: CardFieldKind
    # Shown as a line of the card's face (the fields before `on_face` existed have a place of
    # their own in the face's template).
    on_face: bool = False
    # The history kind of a change, when it is not a plain "edited" (assignees, labels, the
    # estimate Scrum reads).
    history_kind: str = ""
    required: bool = False


def card_field(field: F, *, kind: CardFieldKind, **info: object) -> F:
    """Mark `field` as a card field of the given kind (see `CardFieldInfo`)."""
    field.card_field = CardFieldInfo(kind=kind, **info)  # type: ignore[arg-type, attr-defined]
    return field
