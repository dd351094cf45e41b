"""Input shape of the Scrum pages; the rules themselves are the services'."""

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from officina.common.forms import BoundedIntegerField, ModelChoiceField
from officina.scrum.models import (
    DEFAULT_DOTS,
    MAX_CRITERIA_LENGTH,
    MAX_DOTS,
    MAX_REVIEW_NOTE_LENGTH,
    Epic,
    EstimateScale,
    GoalMet,
    ItemType,
    ReviewOutcome,
    Sprint,
)
from officina.scrum.retro_formats import DEFAULT_FORMAT, FORMAT_CHOICES
from officina.scrum.scales import scale_choices

TEXTAREA = forms.Textarea(attrs={"rows": 3, "class": "form-control"})


class ScrumSettingsForm(forms.Form):
    estimate_scale = forms.ChoiceField(
        label=_("Estimate scale"), choices=EstimateScale.choices, initial=EstimateScale.FIBONACCI
    )
    definition_of_ready = forms.CharField(
        label=_("Definition of Ready"),
        required=False,
        max_length=MAX_CRITERIA_LENGTH,
        widget=TEXTAREA,
        help_text=_("One condition a line: what a story needs before the team plans it."),
    )
    definition_of_done = forms.CharField(
        label=_("Definition of Done"),
        required=False,
        max_length=MAX_CRITERIA_LENGTH,
        widget=TEXTAREA,
        help_text=_("One condition a line: what every story needs to count as done."),
    )


class BacklogItemForm(forms.Form):
    """A backlog item's fields; the estimate offers the board's scale."""

    title = forms.CharField(label=_("Title"), max_length=200)
    item_type = forms.ChoiceField(label=_("Type"), choices=ItemType.choices)
    estimate = forms.TypedChoiceField(
        label=_("Estimate"), required=False, coerce=Decimal, empty_value=None
    )
    epic = ModelChoiceField(
        label=_("Epic"), queryset=Epic.objects.none(), required=False, empty_label=_("None")
    )
    acceptance_criteria = forms.CharField(
        label=_("Acceptance criteria"),
        required=False,
        max_length=MAX_CRITERIA_LENGTH,
        widget=TEXTAREA,
    )
    is_ready = forms.BooleanField(
        label=_("Ready: it meets the Definition of Ready"), required=False
    )

    def __init__(self, *args: Any, scale: str, epics: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        estimate = self.fields["estimate"]
        assert isinstance(estimate, forms.TypedChoiceField)  # noqa: S101 - declared above
        estimate.choices = [("", _("Not estimated")), *scale_choices(scale)]
        epic = self.fields["epic"]
        assert isinstance(epic, ModelChoiceField)  # noqa: S101 - declared above
        epic.queryset = epics


class BacklogFilterForm(forms.Form):
    item_type = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("All")), *ItemType.choices]
    )
    ready = forms.ChoiceField(
        label=_("Ready"),
        required=False,
        choices=[("", _("All")), ("yes", _("Ready")), ("no", _("Not ready"))],
    )
    q = forms.CharField(label=_("Search in the titles"), required=False, max_length=100)


class MoveForm(forms.Form):
    to = forms.ChoiceField(required=False, choices=[("", ""), ("top", "top"), ("bottom", "bottom")])
    before = BoundedIntegerField(required=False, min_value=1)
    position = BoundedIntegerField(required=False)


class EpicForm(forms.Form):
    name = forms.CharField(label=_("New epic"), max_length=120)


class SprintForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    goal = forms.CharField(
        label=_("Sprint goal"),
        required=False,
        max_length=MAX_CRITERIA_LENGTH,
        widget=TEXTAREA,
        help_text=_("What the team wants to achieve: the sprint's commitment."),
    )
    start_date = forms.DateField(label=_("Start"), widget=forms.DateInput(attrs={"type": "date"}))
    end_date = forms.DateField(label=_("End"), widget=forms.DateInput(attrs={"type": "date"}))


CARRY_CHOICES = [("backlog", _("Back to the product backlog")), ("next", _("Into the next sprint"))]


class SprintCloseForm(forms.Form):
    """Where each unfinished card goes (`carry-<card id>`), and which sprint is next."""

    next_sprint = ModelChoiceField(
        label=_("Next sprint"), queryset=Sprint.objects.none(), required=False
    )

    def __init__(self, *args: Any, unfinished: list[Any], next_sprints: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["next_sprint"]
        assert isinstance(field, ModelChoiceField)  # noqa: S101 - declared above
        field.queryset = next_sprints
        for card in unfinished:
            self.fields[f"carry-{card.pk}"] = forms.ChoiceField(
                label=f"#{card.number} {card.title}", choices=CARRY_CHOICES, initial="backlog"
            )

    def carry_over(self) -> dict[int, str]:
        return {
            int(name.removeprefix("carry-")): value
            for name, value in self.cleaned_data.items()
            if name.startswith("carry-")
        }


class SprintReviewForm(forms.Form):
    """The review: goal met, notes, and per story (`outcome-<card id>`, `note-<card id>`) an
    outcome and a short note."""

    goal_met = forms.ChoiceField(
        label=_("Was the sprint goal met?"),
        required=False,
        choices=GoalMet.choices,
        widget=forms.RadioSelect,
    )
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        max_length=MAX_CRITERIA_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5, "class": "form-control"}),
        help_text=_("Who attended, what the stakeholders said, what changes in the backlog."),
    )

    def __init__(self, *args: Any, rows: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            card = row.card
            self.fields[f"outcome-{card.pk}"] = forms.ChoiceField(
                label=_("Outcome"),
                required=False,
                choices=[("", _("Not decided")), *ReviewOutcome.choices],
                initial=row.outcome,
                widget=forms.Select(attrs={"class": "form-select"}),
            )
            self.fields[f"note-{card.pk}"] = forms.CharField(
                label=_("Note"),
                required=False,
                max_length=MAX_REVIEW_NOTE_LENGTH,
                initial=row.note,
                widget=forms.TextInput(attrs={"class": "form-control"}),
            )

    def story_fields(self) -> list[tuple[Any, forms.BoundField, forms.BoundField]]:
        return [
            (row, self[f"outcome-{row.card.pk}"], self[f"note-{row.card.pk}"]) for row in self.rows
        ]

    def outcomes(self) -> dict[int, tuple[str, str]]:
        return {
            row.card.pk: (
                self.cleaned_data.get(f"outcome-{row.card.pk}", ""),
                self.cleaned_data.get(f"note-{row.card.pk}", ""),
            )
            for row in self.rows
        }


class RetrospectiveForm(forms.Form):
    """A new retrospective: its title, format and (optionally) the sprint it looks back on."""

    title = forms.CharField(label=_("Title"), max_length=120)
    format = forms.ChoiceField(
        label=_("Format"),
        choices=FORMAT_CHOICES,
        initial=DEFAULT_FORMAT,
        help_text=_("The columns the team writes its notes in."),
    )
    sprint = ModelChoiceField(
        label=_("Sprint"),
        queryset=Sprint.objects.none(),
        required=False,
        empty_label=_("No sprint"),
    )
    dots_per_person = BoundedIntegerField(
        label=_("Dots per person"),
        min_value=1,
        max_value=MAX_DOTS,
        initial=DEFAULT_DOTS,
        help_text=_("How many notes each person may vote for (one dot a note)."),
    )

    def __init__(self, *args: Any, sprints: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["sprint"]
        assert isinstance(field, ModelChoiceField)  # noqa: S101 - declared above
        field.queryset = sprints
