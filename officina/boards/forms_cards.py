"""Forms of the card page: input shape and field validation only; the services hold the rules."""

from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from officina.accounts.models import User
from officina.boards.models import Column, Label, Swimlane, WorkItem, WorkItemLink
from officina.boards.selectors_cards import is_valid_reference


class MemberChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_full_name() or obj.email)


CONTROL = {"class": "form-control"}


def style_controls(form: forms.Form) -> None:
    """Bootstrap Italia's look for text inputs and textareas (the templates render the rest)."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(
            widget, forms.TextInput | forms.Textarea | forms.DateInput | forms.NumberInput
        ):
            widget.attrs.setdefault("class", "form-control")


def _lf(text: str) -> str:
    # Browsers send textareas with CRLF, but hidden inputs come back with LF: compare like
    # with like, or every untouched description would look edited.
    return text.replace("\r\n", "\n")


class CardFieldsForm(forms.Form):
    """The fields a person edits on a card (create and edit share them)."""

    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Markdown: **bold**, *italic*, lists with -, links [text](https://…)."),
    )
    assignees = MemberChoiceField(
        label=_("Assignees"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    labels = forms.ModelMultipleChoiceField(
        label=_("Labels"),
        queryset=Label.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    due_date = forms.DateField(
        label=_("Due date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    estimate = forms.DecimalField(
        label=_("Estimate (points)"),
        required=False,
        min_value=Decimal(0),
        max_digits=6,
        decimal_places=1,
    )
    class_of_service = forms.ChoiceField(
        label=_("Class of service"),
        choices=WorkItem.ClassOfService.choices,
        initial=WorkItem.ClassOfService.STANDARD,
    )

    def __init__(
        self,
        *args: Any,
        members: QuerySet[User],
        labels: QuerySet[Label],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignees"].queryset = members  # type: ignore[attr-defined]
        self.fields["labels"].queryset = labels  # type: ignore[attr-defined]
        style_controls(self)

    def clean_description(self) -> str:
        return _lf(self.cleaned_data["description"])

    def card_data(self) -> dict[str, Any]:
        """The cleaned values in the shape `work_item_update` takes (ids for the sets)."""
        data = self.cleaned_data
        return {
            "title": data["title"],
            "description": data["description"],
            "due_date": data["due_date"],
            "estimate": data["estimate"],
            "class_of_service": data["class_of_service"],
            "assignees": {user.pk for user in data["assignees"]},
            "labels": {label.pk for label in data["labels"]},
        }


class CardCreateForm(CardFieldsForm):
    column = forms.ModelChoiceField(
        label=_("Column"), queryset=Column.objects.none(), empty_label=None
    )
    swimlane = forms.ModelChoiceField(
        label=_("Swimlane"), queryset=Swimlane.objects.none(), empty_label=None
    )
    field_order = ("title", "description", "column", "swimlane")

    def __init__(
        self,
        *args: Any,
        columns: QuerySet[Column],
        swimlanes: QuerySet[Swimlane],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["column"].queryset = columns  # type: ignore[attr-defined]
        self.fields["swimlane"].queryset = swimlanes  # type: ignore[attr-defined]


def _id_set(text: str) -> set[int]:
    return {int(part) for part in text.split(",") if part.strip().isdigit()}


class CardEditForm(CardFieldsForm):
    """The edit form carries, hidden, the values the person started from (`base_*`), so the
    service can tell their changes from someone else's (three-way merge)."""

    base_title = forms.CharField(required=False, widget=forms.HiddenInput)
    base_description = forms.CharField(required=False, strip=False, widget=forms.HiddenInput)
    base_due_date = forms.DateField(required=False, widget=forms.HiddenInput)
    base_estimate = forms.DecimalField(required=False, widget=forms.HiddenInput)
    base_class_of_service = forms.CharField(required=False, widget=forms.HiddenInput)
    base_assignees = forms.CharField(required=False, widget=forms.HiddenInput)
    base_labels = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean_base_description(self) -> str:
        return _lf(self.cleaned_data["base_description"])

    def base(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "title": data["base_title"],
            "description": data["base_description"],
            "due_date": data["base_due_date"],
            "estimate": data["base_estimate"],
            "class_of_service": data["base_class_of_service"],
            "assignees": _id_set(data["base_assignees"]),
            "labels": _id_set(data["base_labels"]),
        }


def base_values(card: WorkItem, *, assignee_ids: set[int], label_ids: set[int]) -> dict[str, Any]:
    """The hidden `base_*` values for a card as it is now."""
    due: date | None = card.due_date
    return {
        "base_title": card.title,
        "base_description": card.description,
        "base_due_date": due.isoformat() if due else "",
        "base_estimate": "" if card.estimate is None else str(card.estimate),
        "base_class_of_service": card.class_of_service,
        "base_assignees": ",".join(str(pk) for pk in sorted(assignee_ids)),
        "base_labels": ",".join(str(pk) for pk in sorted(label_ids)),
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
    version = forms.IntegerField(min_value=1, required=False)


class BlockForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the block"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs=CONTROL),
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
