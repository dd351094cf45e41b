"""Forms of the board pages: input shape and field validation only (rules live in services)."""

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from officina.accounts.models import User
from officina.boards.models import Board, BoardTemplate, Column, Label, Stage, Swimlane, WorkItem
from officina.boards.selectors.display import BoardFilters, card_scope_names
from officina.common.forms import BoundedIntegerField, IdField, ModelChoiceField
from officina.organisations.models import Team

DUE_CHOICES = [
    ("", _("Any due date")),
    ("overdue", _("Overdue")),
    ("week", _("Due this week")),
    ("none", _("No due date")),
]


class StyledForm(forms.Form):
    """Bootstrap Italia classes on every widget, set once here rather than in each template."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput | forms.HiddenInput):
                continue
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            widget.attrs.setdefault("class", css)


class BoardFilterForm(StyledForm):
    """The board's filters, read from the query string (they work without JavaScript)."""

    q = forms.CharField(label=_("Title or number"), required=False, max_length=100)
    assignee = forms.TypedChoiceField(label=_("Assignee"), required=False, coerce=int)
    label = forms.TypedChoiceField(label=_("Label"), required=False, coerce=int)
    due = forms.ChoiceField(label=_("Due date"), required=False, choices=DUE_CHOICES)
    service = forms.ChoiceField(label=_("Class of service"), required=False)
    blocked = forms.BooleanField(label=_("Blocked only"), required=False)

    def __init__(
        self, data: Any, *, members: Sequence[User], labels: Sequence[Label], **kwargs: Any
    ) -> None:
        super().__init__(data, **kwargs)
        self.fields["assignee"].choices = [("", _("Anyone"))] + [  # type: ignore[attr-defined]
            (member.pk, str(member)) for member in members
        ]
        self.fields["label"].choices = [("", _("Any label"))] + [  # type: ignore[attr-defined]
            (label.pk, label.name) for label in labels
        ]
        self.fields["service"].choices = [  # type: ignore[attr-defined]
            ("", _("Any class of service")),
            *WorkItem.ClassOfService.choices,
        ]
        for name in card_scope_names():  # e.g. the sprint board (decision 0046): kept, not shown
            self.fields[name] = forms.IntegerField(
                required=False, min_value=1, max_value=2**31 - 1, widget=forms.HiddenInput
            )

    def to_filters(self, *, more: Sequence[int]) -> BoardFilters:
        """The valid filters; an invalid one (a stale label id in a bookmark) is ignored."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return BoardFilters(
            assignee=data.get("assignee") or None,
            label=data.get("label") or None,
            text=(data.get("q") or "").strip(),
            due=data.get("due") or "",
            blocked=bool(data.get("blocked")),
            service=data.get("service") or "",
            more=tuple(more),
            scopes=tuple((name, data[name]) for name in card_scope_names() if data.get(name)),
        )


class BoardCreateForm(StyledForm):
    """A new board: its team, name, visibility and where its columns and lanes come from."""

    team = ModelChoiceField(label=_("Team"), queryset=Team.objects.none(), empty_label=None)
    name = forms.CharField(label=_("Name"), max_length=120)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    visibility = forms.ChoiceField(
        label=_("Visible to"), choices=Board.Visibility.choices, initial=Board.Visibility.TEAM
    )
    structure = forms.ChoiceField(
        label=_("Start from"),
        help_text=_("A template, or the columns and lanes of a board you can see."),
    )

    def __init__(
        self,
        data: Any = None,
        *,
        teams: Any,
        templates: Sequence[BoardTemplate],
        boards: Sequence[Board],
        **kwargs: Any,
    ) -> None:
        super().__init__(data, **kwargs)
        self.fields["team"].queryset = teams  # type: ignore[attr-defined]
        choices: list[Any] = [
            (_("Templates"), [(f"t{template.pk}", template.name) for template in templates])
        ]
        if boards:
            choices.append(
                (
                    _("Copy the structure of a board"),
                    [(f"b{board.pk}", f"{board.name} ({board.team.name})") for board in boards],
                )
            )
        self.fields["structure"].choices = choices  # type: ignore[attr-defined]
        if templates:
            self.fields["structure"].initial = f"t{templates[0].pk}"

    def source(self) -> tuple[str, int]:
        """("template" or "board", id) of the chosen structure."""
        value: str = self.cleaned_data["structure"]
        return ("template" if value[0] == "t" else "board"), int(value[1:])


class QuickAddForm(StyledForm):
    title = forms.CharField(label=_("Title of the new card"), max_length=200)
    column = IdField(widget=forms.HiddenInput)
    swimlane = IdField(required=False)  # default: the first lane


class CardMoveForm(StyledForm):
    """Where a card goes: column, lane and 0-based position in that cell."""

    column = forms.TypedChoiceField(label=_("Column"), coerce=int)
    swimlane = forms.TypedChoiceField(label=_("Swimlane"), coerce=int)
    position = BoundedIntegerField(
        label=_("Position"), required=False, help_text=_("1 is the top of the cell.")
    )
    version = IdField(widget=forms.HiddenInput, required=False)
    ready = forms.BooleanField(
        label=_("Ready (waiting to be pulled into the next column)"),
        required=False,
        help_text=_("Only in a column split into 'in progress' and 'ready'."),
        widget=forms.CheckboxInput(
            attrs={"class": "form-check-input", "aria-describedby": "id_ready_help"}
        ),
    )

    def __init__(
        self, data: Any = None, *, columns: Sequence[Column], lanes: Sequence[Swimlane], **kw: Any
    ) -> None:
        super().__init__(data, **kw)
        self.fields["column"].choices = [  # type: ignore[attr-defined]
            (column.pk, column.name) for column in columns
        ]
        self.fields["swimlane"].choices = [  # type: ignore[attr-defined]
            (lane.pk, lane.name) for lane in lanes
        ]


class CardMoveIdsForm(forms.Form):
    """The same move as posted by drag and drop: ids only, checked by the move service."""

    column = IdField()
    swimlane = IdField(required=False)
    position = BoundedIntegerField(required=False)
    # The number of the card it now stands just above (board.js); absent: `position`, or the
    # bottom of the cell
    before = IdField(required=False)
    version = IdField(required=False)
    # "true": the "ready" part of a split column, "false": in progress, absent: keep the part
    ready = forms.NullBooleanField(required=False)


class BoardSettingsForm(StyledForm):
    name = forms.CharField(label=_("Name"), max_length=120)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    visibility = forms.ChoiceField(label=_("Visible to"), choices=Board.Visibility.choices)
    guest_rights = forms.ChoiceField(
        label=_("Invited guests may"),
        choices=Board.GuestRights.choices,
        help_text=_("Guests are people outside the team, such as a supplier."),
    )


class ColumnForm(StyledForm):
    name = forms.CharField(label=_("Name"), max_length=80)
    stage = forms.ChoiceField(label=_("Stage"), choices=Stage.choices)
    wip_limit = BoundedIntegerField(
        label=_("WIP limit"),
        required=False,
        max_value=999,
        help_text=_("Empty or 0: no limit."),
    )
    wip_policy = forms.ChoiceField(
        label=_("When the limit is reached"), choices=Column.WipPolicy.choices
    )
    policy = forms.CharField(
        label=_("Column policy"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_('What a card needs to enter or leave this column ("definition of done").'),
    )
    is_collapsed = forms.BooleanField(label=_("Collapsed by default"), required=False)
    is_closed = forms.BooleanField(label=_("Closed (accepts no new cards)"), required=False)
    is_split = forms.BooleanField(
        label=_("Split into 'in progress' and 'ready'"),
        required=False,
        help_text=_(
            "Cards finished here wait in the 'ready' part until someone pulls them into the next "
            "column. Only for columns in progress."
        ),
    )


class SwimlaneForm(StyledForm):
    name = forms.CharField(label=_("Name"), max_length=80)


class LabelForm(StyledForm):
    name = forms.CharField(label=_("Name"), max_length=40)
    colour = forms.ChoiceField(label=_("Colour"), choices=Label.Colour.choices)


class DirectionForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", "up"), ("down", "down")])
