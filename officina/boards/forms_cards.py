"""Forms of the card page: input shape and field validation only; the services hold the rules.

The card's own fields come from their declaration on the model (`card_fields.py`): these forms
add only what is not a card field (column and lane of a new card, the edit's starting values).
"""

from collections.abc import Sequence
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from officina.accounts.models import User
from officina.boards.card_fields import card_field_names, card_fields
from officina.boards.models import (
    CardRecurrence,
    CardTemplate,
    Column,
    Label,
    Swimlane,
    WorkItem,
    WorkItemLink,
)
from officina.boards.models.cards import MAX_DESCRIPTION_LENGTH
from officina.boards.models.fields import CardFieldKind
from officina.boards.selectors.cards import is_valid_reference
from officina.common.forms import IdField, ModelChoiceField

CONTROL = {"class": "form-control"}


def style_controls(form: forms.Form) -> None:
    """Bootstrap Italia's look for text inputs and textareas (the templates render the rest)."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(
            widget, forms.TextInput | forms.Textarea | forms.DateInput | forms.NumberInput
        ):
            widget.attrs.setdefault("class", "form-control")


class CardFieldsForm(forms.Form):
    """The fields a person edits on a card (create and edit share them), one per card field
    declared on the model."""

    def __init__(
        self,
        *args: Any,
        members: QuerySet[User],
        labels: QuerySet[Label],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        for field in card_fields():
            self.fields[field.name] = field.form_field(members=members, labels=labels)
        style_controls(self)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for field in card_fields():
            if field.kind == CardFieldKind.MARKDOWN and isinstance(cleaned.get(field.name), str):
                # Browsers send textareas with CRLF, but hidden inputs come back with LF:
                # compare like with like, or every untouched text would look edited.
                cleaned[field.name] = cleaned[field.name].replace("\r\n", "\n")
        return cleaned

    def card_data(self) -> dict[str, Any]:
        """The cleaned values in the shape `work_item_update` takes."""
        return {field.name: self.cleaned_data[field.name] for field in card_fields()}


MAX_CHECKLIST_ITEMS = 50
MAX_CHECKLIST_TEXT = 300


class CardCreateForm(CardFieldsForm):
    """A new card: its fields, and the column and lane it starts in."""

    def __init__(
        self,
        *args: Any,
        columns: QuerySet[Column],
        swimlanes: QuerySet[Swimlane],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["column"] = ModelChoiceField(
            label=_("Column"), queryset=columns, empty_label=None
        )
        self.fields["swimlane"] = ModelChoiceField(
            label=_("Swimlane"), queryset=swimlanes, empty_label=None
        )
        self.fields["checklist"] = forms.CharField(
            label=_("Checklist"),
            required=False,
            max_length=MAX_CHECKLIST_ITEMS * 301,
            help_text=_("One item per line."),
            widget=forms.Textarea(attrs={**CONTROL, "rows": 4}),
        )
        names = card_field_names()
        self.order_fields([*names[:2], "column", "swimlane", *names[2:], "checklist"])

    def clean_checklist(self) -> list[str]:
        return checklist_lines(self.cleaned_data["checklist"])


def checklist_lines(text: str) -> list[str]:
    """A checklist typed one item per line, as its items (blank lines dropped)."""
    items = [line.strip() for line in text.splitlines()]
    items = [item for item in items if item]
    if len(items) > MAX_CHECKLIST_ITEMS:
        raise forms.ValidationError(
            _("A checklist takes at most %(count)s items.") % {"count": MAX_CHECKLIST_ITEMS}
        )
    if any(len(item) > MAX_CHECKLIST_TEXT for item in items):
        raise forms.ValidationError(
            _("Each checklist item takes at most %(count)s characters.")
            % {"count": MAX_CHECKLIST_TEXT}
        )
    return items


class CardTemplateForm(forms.Form):
    """A card template in the board settings: its name, and what a card made from it gets."""

    def __init__(self, *args: Any, labels: Sequence[Label], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"] = forms.CharField(
            label=_("Name of the template"),
            max_length=80,
            help_text=_('For example "Richiesta di accesso agli atti".'),
        )
        self.fields["title"] = forms.CharField(label=_("Title of the card"), max_length=200)
        self.fields["description"] = forms.CharField(
            label=_("Description"),
            required=False,
            max_length=MAX_DESCRIPTION_LENGTH,
            widget=forms.Textarea(attrs={"rows": 4}),
        )
        # Choices from the labels read once for the page, not a query per template's form.
        self.fields["labels"] = forms.TypedMultipleChoiceField(
            label=_("Labels"),
            choices=[(label.pk, label.name) for label in labels],
            coerce=int,
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )
        self.fields["checklist"] = forms.CharField(
            label=_("Checklist"),
            required=False,
            max_length=MAX_CHECKLIST_ITEMS * 301,
            help_text=_("One item per line."),
            widget=forms.Textarea(attrs={"rows": 4}),
        )
        style_controls(self)

    def clean_checklist(self) -> list[str]:
        return checklist_lines(self.cleaned_data["checklist"])


BASE_PREFIX = "base_"


class CardEditForm(CardFieldsForm):
    """The edit form carries, hidden, the values the person started from (`base_*`), so the
    service can tell their changes from someone else's (three-way merge)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in card_fields():
            self.fields[BASE_PREFIX + field.name] = field.base_form_field()

    def base(self) -> dict[str, Any]:
        return {
            field.name: field.from_base_value(self.cleaned_data[BASE_PREFIX + field.name] or "")
            for field in card_fields()
        }


def base_values(values: dict[str, Any]) -> dict[str, str]:
    """The hidden `base_*` values for a card's current values (`card_fields.values_of`)."""
    return {
        BASE_PREFIX + field.name: field.base_value(values[field.name]) for field in card_fields()
    }


def initial_values(values: dict[str, Any]) -> dict[str, Any]:
    """The edit form's initial values from a card's current values (ids sorted for sets)."""
    return {
        name: sorted(value) if isinstance(value, set) else value for name, value in values.items()
    }


class ChecklistItemForm(forms.Form):
    text = forms.CharField(
        label=_("New checklist item"), max_length=300, widget=forms.TextInput(attrs=CONTROL)
    )


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Comment"),
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 3, **CONTROL}),
    )


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("File"), allow_empty_file=True)


class CardReadyForm(forms.Form):
    """The ready button of a card in a split column: the part it goes to, the version seen."""

    ready = forms.NullBooleanField(required=False)
    version = IdField(required=False)


class BlockForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the block"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs=CONTROL),
    )


class ArchiveForm(forms.Form):
    """Archive (saying how the card leaves the flow) or restore, as the button pressed says."""

    action = forms.ChoiceField(
        choices=[("archive", "archive"), ("restore", "restore")], required=False
    )
    resolution = forms.ChoiceField(
        label=_("How does the card leave the board?"),
        choices=[("", _("Delivered if it is done")), *WorkItem.Resolution.choices],
        required=False,
    )


class LinkForm(forms.Form):
    kind = forms.ChoiceField(label=_("Relation"), choices=WorkItemLink.Kind.choices)
    reference = forms.CharField(
        label=_("Card"),
        max_length=30,
        widget=forms.TextInput(attrs=CONTROL),
        help_text=_('"#12" for card 12 of this board, "7#12" for card 12 of board 7.'),
    )

    def clean_reference(self) -> str:
        reference: str = self.cleaned_data["reference"]
        if not is_valid_reference(reference):
            raise forms.ValidationError(
                _('Write the card as "#12", or as "7#12" for a card of another board.')
            )
        return reference


WEEKDAY_CHOICES = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]
WEEK_OF_MONTH_CHOICES = [
    ("", _("—")),
    (1, _("First")),
    (2, _("Second")),
    (3, _("Third")),
    (4, _("Fourth")),
    (-1, _("Last")),
]


class CardRecurrenceForm(forms.Form):
    """A recurring card in the board settings: what it makes, and when (the rule's fields each
    serve one frequency; the service keeps those the chosen one needs)."""

    def __init__(
        self,
        *args: Any,
        templates: QuerySet[CardTemplate],
        swimlanes: QuerySet[Swimlane],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["template"] = ModelChoiceField(
            label=_("Card template"),
            queryset=templates,
            required=False,
            empty_label=_("No template: only a title"),
        )
        self.fields["title"] = forms.CharField(
            label=_("Title of the card"),
            max_length=200,
            required=False,
            help_text=_("Leave empty to use the template's title."),
        )
        self.fields["swimlane"] = ModelChoiceField(
            label=_("Swimlane"), queryset=swimlanes, required=False, empty_label=_("The first")
        )
        self.fields["frequency"] = forms.ChoiceField(
            label=_("Repeats"), choices=CardRecurrence.Frequency.choices
        )
        self.fields["weekdays"] = forms.TypedMultipleChoiceField(
            label=_("On these days (every week)"),
            choices=WEEKDAY_CHOICES,
            coerce=int,
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )
        self.fields["day_of_month"] = forms.IntegerField(
            label=_("Day of the month (every month)"),
            min_value=1,
            max_value=31,
            required=False,
            help_text=_("29, 30 or 31: in a shorter month, its last day."),
        )
        self.fields["week_of_month"] = forms.TypedChoiceField(
            label=_("Which one (every month, on a weekday)"),
            choices=WEEK_OF_MONTH_CHOICES,
            coerce=int,
            empty_value=None,
            required=False,
        )
        self.fields["weekday"] = forms.TypedChoiceField(
            label=_("Weekday (every month, on a weekday)"),
            choices=[("", _("—")), *WEEKDAY_CHOICES],
            coerce=int,
            empty_value=None,
            required=False,
        )
        self.fields["starts_on"] = forms.DateField(
            label=_("Starting from"), widget=forms.DateInput(attrs={"type": "date"})
        )
        style_controls(self)
        for name in ("template", "swimlane", "frequency", "week_of_month", "weekday"):
            self.fields[name].widget.attrs.setdefault("class", "form-select")
