"""The fields a person edits on a card, built from their one declaration on `WorkItem`.

Each field of `WorkItem` marked with `card_field(...)` (`models/fields.py`) becomes, by its kind:
the edit form's field (and its hidden "value I started from"), the API's input and output
fields, an export column, the values the edit service compares and normalises, and the words
the history uses. Nothing here names a particular field, so a new one needs no change here.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from typing import Any

from django import forms
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from rest_framework import serializers

from officina.accounts.models import User
from officina.boards.api.shapes import LabelSerializer, PersonSerializer
from officina.boards.models import Label, WorkItem
from officina.boards.models.fields import CardFieldInfo, CardFieldKind
from officina.common.forms import MAX_ID, ModelMultipleChoiceField

Kind = CardFieldKind
SET_KINDS = frozenset({Kind.PEOPLE, Kind.LABELS})


@dataclass(frozen=True)
class CardField:
    """One editable field of a card: its model field and what the mark says of it."""

    name: str
    model_field: models.Field  # type: ignore[type-arg]
    info: CardFieldInfo

    @property
    def kind(self) -> CardFieldKind:
        return self.info.kind

    @property
    def is_set(self) -> bool:
        return self.kind in SET_KINDS

    @property
    def label(self) -> str:
        """The field's name as a heading, in the active language ("Due date")."""
        return capfirst(str(self.model_field.verbose_name))

    @property
    def has_own_place(self) -> bool:
        """The card page shows it as its heading or body (the title, long texts), not among
        the details."""
        return self.info.required or self.kind == Kind.MARKDOWN

    @property
    def name_in_sentence(self) -> str:
        """The field's name inside a sentence of the history ("due date")."""
        return str(self.model_field.verbose_name)

    @property
    def max_length(self) -> int | None:
        return self.model_field.max_length

    @property
    def help_text(self) -> str:
        return str(self.model_field.help_text)

    # --- Values ---------------------------------------------------------------------------

    def current(self, card: WorkItem) -> Any:
        """The value as stored (ids for people and labels)."""
        if self.is_set:
            return set(getattr(card, self.name).values_list("pk", flat=True))
        return getattr(card, self.name)

    def normalise(self, value: Any) -> Any:
        """A value as the edit service compares it, whatever the interface sent."""
        if self.is_set:
            return {int(item.pk if hasattr(item, "pk") else item) for item in value or ()}
        if value in (None, ""):
            return "" if self.kind in (Kind.TEXT, Kind.MARKDOWN, Kind.CHOICE) else None
        if self.kind == Kind.DECIMAL:
            places = Decimal(10) ** -(self.model_field.decimal_places or 0)  # type: ignore[attr-defined]
            return Decimal(value).quantize(places)
        if self.kind == Kind.DATE and isinstance(value, str):
            return date.fromisoformat(value)
        if self.kind == Kind.TEXT:
            return str(value).strip()
        if self.kind in (Kind.MARKDOWN, Kind.CHOICE):
            return str(value)
        return value

    def as_text(self, value: Any) -> str:
        """The value as a page or the history shows it (not for sets)."""
        if value in (None, ""):
            return ""
        if self.kind == Kind.CHOICE:
            return str(dict(self.model_field.choices or ()).get(value, value))
        if isinstance(value, date):
            return value.isoformat()
        return str(value)

    # --- The edit form --------------------------------------------------------------------

    def form_field(self, *, members: Any = None, labels: Any = None) -> forms.Field:
        """The field of the card form (create and edit share it)."""
        common: dict[str, Any] = {"label": self.label, "required": self.info.required}
        if self.help_text:
            common["help_text"] = self.help_text
        if self.kind == Kind.PEOPLE:
            return ModelMultipleChoiceField(
                queryset=members if members is not None else User.objects.none(),
                widget=forms.CheckboxSelectMultiple,
                **common,
            )
        if self.kind == Kind.LABELS:
            return ModelMultipleChoiceField(
                queryset=labels if labels is not None else Label.objects.none(),
                widget=forms.CheckboxSelectMultiple,
                **common,
            )
        field = self.model_field.formfield(**common)
        assert field is not None, f"{self.name} has no form field"  # noqa: S101 - a bug if so
        if self.kind == Kind.MARKDOWN:
            field.widget = forms.Textarea(attrs={"rows": 6})
            if isinstance(field, forms.CharField):
                field.strip = False
        elif self.kind == Kind.DATE:
            field.widget = forms.DateInput(attrs={"type": "date"})
        if isinstance(field, forms.ChoiceField):
            field.choices = list(self.model_field.choices or ())
            field.initial = self.model_field.default
        return field

    def base_form_field(self) -> forms.Field:
        """The hidden field that carries the value the person started from (three-way merge)."""
        return forms.CharField(required=False, strip=False, widget=forms.HiddenInput)

    def base_value(self, value: Any) -> str:
        """A current value as the hidden field carries it."""
        if self.is_set:
            return ",".join(str(pk) for pk in sorted(value))
        return "" if value is None else str(value)

    def from_base_value(self, text: str) -> Any:
        if self.is_set:
            return {int(part) for part in text.split(",") if part.strip().isdigit()}
        if self.kind == Kind.MARKDOWN:
            return text.replace("\r\n", "\n")
        try:
            return self.normalise(text)
        except (ValueError, ArithmeticError):
            return text

    # --- The API --------------------------------------------------------------------------

    def input_field(self) -> serializers.Field:  # type: ignore[type-arg]
        """The field of the API's create and update inputs."""
        if self.is_set:
            return serializers.ListField(
                child=serializers.IntegerField(min_value=1, max_value=MAX_ID),
                required=False,
                max_length=200,
                help_text="User ids." if self.kind == Kind.PEOPLE else "Label ids.",
            )
        common: dict[str, Any] = {"required": self.info.required and self.kind == Kind.TEXT}
        if self.kind in (Kind.TEXT, Kind.MARKDOWN):
            if self.max_length is not None:
                common["max_length"] = self.max_length
            if self.kind == Kind.TEXT:
                return serializers.CharField(**common)
            return serializers.CharField(allow_blank=True, help_text="Markdown.", **common)
        if self.kind == Kind.DATE:
            return serializers.DateField(allow_null=True, **common)
        if self.kind == Kind.DECIMAL:
            return serializers.DecimalField(
                max_digits=self.model_field.max_digits,  # type: ignore[attr-defined]
                decimal_places=self.model_field.decimal_places,  # type: ignore[attr-defined]
                min_value=Decimal(0),
                allow_null=True,
                **common,
            )
        return serializers.ChoiceField(choices=self.model_field.choices or (), **common)

    def output_field(self) -> serializers.Field:  # type: ignore[type-arg]
        """The field of the card as the API answers it."""
        if self.kind == Kind.PEOPLE:
            return PersonSerializer(many=True, source=f"{self.name}.all")
        if self.kind == Kind.LABELS:
            return LabelSerializer(many=True, source=f"{self.name}.all")
        field = self.input_field()
        field.read_only = True
        field.required = False
        return field


@cache
def card_fields() -> tuple[CardField, ...]:
    """Every card field, in the order of their declaration on the model."""
    fields = [
        field
        for field in (*WorkItem._meta.concrete_fields, *WorkItem._meta.many_to_many)
        if getattr(field, "card_field", None) is not None
    ]
    fields.sort(key=lambda field: field.creation_counter)
    return tuple(CardField(field.name, field, field.card_field) for field in fields)  # type: ignore[attr-defined]


def card_field_names() -> tuple[str, ...]:
    return tuple(field.name for field in card_fields())


def card_field_named(name: str) -> CardField | None:
    return next((field for field in card_fields() if field.name == name), None)


def card_field_label(name: str) -> str:
    """A field's heading, or its code name when the field no longer exists (old history)."""
    field = card_field_named(name)
    return field.label if field is not None else name


def card_field_name_in_sentence(name: str) -> str:
    field = card_field_named(name)
    return field.name_in_sentence if field is not None else name


def face_fields() -> tuple[CardField, ...]:
    """Fields shown as a line of their own on the card face."""
    return tuple(field for field in card_fields() if field.info.on_face)


def plain_field_names() -> tuple[str, ...]:
    """Fields read as values of the card row itself (not sets)."""
    return tuple(field.name for field in card_fields() if not field.is_set)


def values_of(card: WorkItem, names: Iterable[str] | None = None) -> dict[str, Any]:
    """The current values of a card's fields (one query per set field)."""
    wanted = set(names) if names is not None else None
    return {
        field.name: field.current(card)
        for field in card_fields()
        if wanted is None or field.name in wanted
    }


def export_headers() -> list[str]:
    return [field.label for field in card_fields()]


def describe_changes(fields: Sequence[str]) -> str:
    """ "title, due date": the fields of an edit, as the history tells them."""
    return ", ".join(card_field_name_in_sentence(name) for name in fields) or _("the card")
