"""The board's settings page and its small forms (each posts to its own URL, then comes back).

Every form has one shape (`_apply`), and the structure forms are declared by what differs
(`_structure_view`): check the input, call one structure service, and either come back to the
page with a message or show the page again with the person's input and the rule's message in
their language. Only the board's managers reach these forms (the services raise 403 otherwise).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext, pgettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from officina.boards.exceptions import BoardRuleError
from officina.boards.forms import (
    BoardSettingsForm,
    ColumnForm,
    DirectionForm,
    LabelForm,
    SwimlaneForm,
)
from officina.boards.forms_cards import (
    CardRecurrenceForm,
    CardTemplateForm,
)
from officina.boards.models import Board, CardRecurrence, CardTemplate, Column, Label
from officina.boards.permissions import require_manage_board
from officina.boards.recurrence import LAST
from officina.boards.selectors.boards import (
    BoardWithAccess,
    board_column_list,
    board_get_for_actor,
    board_guest_get_for_actor,
    board_label_list,
    board_member_get_for_actor,
    board_role_list,
    board_structure,
    board_swimlane_list,
    board_team_guest_list,
    card_recurrence_get_for_actor,
    card_recurrence_list,
    card_template_get_for_actor,
    card_template_list,
    column_get_for_actor,
    label_get_for_actor,
    swimlane_get_for_actor,
)
from officina.boards.services import boards as board_services
from officina.boards.services import card_templates, recurrences, structure
from officina.organisations.actor import Actor
from officina.organisations.http import ActorRequest

COLUMN_FIELDS = ("name", "stage", "wip_limit", "wip_policy", "policy", "is_collapsed", "is_closed")


def _board(request: ActorRequest, board_id: int) -> BoardWithAccess:
    """A board the actor may see, including an archived one (to restore it)."""
    return board_get_for_actor(actor=request.actor, board_id=board_id)


def _column_form(column: Column, data: Any = None) -> ColumnForm:
    initial = {field: getattr(column, field) for field in (*COLUMN_FIELDS, "is_split")}
    return ColumnForm(data, initial=initial, prefix=f"column-{column.pk}")


def _template_form(
    seen: BoardWithAccess,
    template: CardTemplate | None = None,
    data: Any = None,
    labels: list[Label] | None = None,
) -> CardTemplateForm:
    labels = list(board_label_list(seen=seen)) if labels is None else labels
    if template is None:
        return CardTemplateForm(data, labels=labels, prefix="new-template")
    initial = {
        "name": template.name,
        "title": template.title,
        "description": template.description,
        "labels": [label.pk for label in template.labels.all()],
        "checklist": "\n".join(template.checklist),
    }
    return CardTemplateForm(data, labels=labels, initial=initial, prefix=f"template-{template.pk}")


def _recurrence_form(seen: BoardWithAccess, data: Any = None) -> CardRecurrenceForm:
    return CardRecurrenceForm(
        data,
        templates=card_template_list(seen=seen),
        swimlanes=board_swimlane_list(seen=seen),
        prefix="recurrence",
        initial={"starts_on": timezone.localdate()},
    )


# Weekday names inside a sentence (lower case in Italian) and the ordinal phrases, whose
# Italian agrees with the weekday ("il primo lunedì", "la prima domenica"): hence the context.
_DAYS_IN_SENTENCE = {
    0: pgettext_lazy("in a sentence", "Monday"),
    1: pgettext_lazy("in a sentence", "Tuesday"),
    2: pgettext_lazy("in a sentence", "Wednesday"),
    3: pgettext_lazy("in a sentence", "Thursday"),
    4: pgettext_lazy("in a sentence", "Friday"),
    5: pgettext_lazy("in a sentence", "Saturday"),
    6: pgettext_lazy("in a sentence", "Sunday"),
}


def _ordinal_phrase(week: int, weekday: int) -> str:
    if weekday == 6:  # Sunday: in Italian, "la prima domenica"
        phrases = {
            1: pgettext("before sunday", "Every month, the first %(weekday)s"),
            2: pgettext("before sunday", "Every month, the second %(weekday)s"),
            3: pgettext("before sunday", "Every month, the third %(weekday)s"),
            4: pgettext("before sunday", "Every month, the fourth %(weekday)s"),
            LAST: pgettext("before sunday", "Every month, the last %(weekday)s"),
        }
    else:
        phrases = {
            1: pgettext("before a weekday", "Every month, the first %(weekday)s"),
            2: pgettext("before a weekday", "Every month, the second %(weekday)s"),
            3: pgettext("before a weekday", "Every month, the third %(weekday)s"),
            4: pgettext("before a weekday", "Every month, the fourth %(weekday)s"),
            LAST: pgettext("before a weekday", "Every month, the last %(weekday)s"),
        }
    return phrases[week] % {"weekday": _DAYS_IN_SENTENCE[weekday]}


def rule_text(recurrence: CardRecurrence) -> str:
    """The rule in words, for the settings page ("Every month, the first Monday")."""
    Frequency = CardRecurrence.Frequency  # noqa: N806 - reads like the model's own enum
    if recurrence.frequency == Frequency.WEEKLY:
        names = ", ".join(str(_DAYS_IN_SENTENCE[day]) for day in recurrence.weekdays)
        return _("Every week: %(days)s") % {"days": names}
    if recurrence.frequency == Frequency.MONTHLY_DAY:
        return _("Every month, on day %(day)s") % {"day": recurrence.day_of_month}
    if (
        recurrence.frequency == Frequency.MONTHLY_WEEKDAY
        and recurrence.week_of_month is not None
        and recurrence.weekday is not None
    ):
        return _ordinal_phrase(recurrence.week_of_month, recurrence.weekday)
    return _("Every day")


def _settings_page(
    request: ActorRequest,
    seen: BoardWithAccess,
    *,
    bound: dict[str, forms.Form] | None = None,
    error: str = "",
) -> HttpResponse:
    """The page with every form; `bound` replaces a form by the one the person just sent."""
    bound = bound or {}
    board = seen.board
    columns, lanes = board_structure(seen=seen)
    label_list = list(board_label_list(seen=seen))
    context = {
        "board": board,
        "error": error,
        "board_form": bound.get("board")
        or BoardSettingsForm(
            initial={
                "name": board.name,
                "description": board.description,
                "visibility": board.visibility,
                "guest_rights": board.guest_rights,
            }
        ),
        "columns": [
            (column, bound.get(f"column-{column.pk}") or _column_form(column)) for column in columns
        ],
        "new_column_form": bound.get("new-column") or ColumnForm(prefix="new-column"),
        "lanes": [
            (lane, bound.get(f"lane-{lane.pk}") or SwimlaneForm(initial={"name": lane.name}))
            for lane in lanes
        ],
        "new_lane_form": bound.get("new-lane") or SwimlaneForm(prefix="new-lane"),
        "labels": label_list,
        "label_form": bound.get("label") or LabelForm(prefix="label"),
        "guests": board_team_guest_list(seen=seen),
        "roles": board_role_list(seen=seen),
        "card_templates": [
            (
                template,
                bound.get(f"template-{template.pk}")
                or _template_form(seen, template, labels=label_list),
            )
            for template in card_template_list(seen=seen)
        ],
        "new_template_form": bound.get("new-template") or _template_form(seen, labels=label_list),
        "recurrences": [
            (recurrence, rule_text(recurrence)) for recurrence in card_recurrence_list(seen=seen)
        ],
        "recurrence_form": bound.get("recurrence") or _recurrence_form(seen),
    }
    status = 422 if error or bound else 200
    return render(request, "boards/board_settings.html", context, status=status)


def _apply(
    request: ActorRequest,
    seen: BoardWithAccess,
    change: Callable[[dict[str, Any]], object],
    *,
    done: str,
    anchor: str = "",
    form: forms.Form | None = None,
    key: str = "",
) -> HttpResponse:
    """Check `form` (if any), call `change` with its cleaned data, and say how it went."""
    bound = {key: form} if form is not None else {}
    if form is not None and not form.is_valid():
        return _settings_page(request, seen, bound=bound)
    try:
        change(form.cleaned_data if form is not None else {})
    except BoardRuleError as error:
        return _settings_page(request, seen, bound=bound, error=error.text)
    messages.success(request, done)
    url = reverse("boards:board-settings", args=[request.actor.organisation.slug, seen.pk])
    return redirect(f"{url}{anchor}")


@require_http_methods(["GET", "POST"])
def board_settings(request: ActorRequest, org_slug: str, board_id: int) -> HttpResponse:
    """The settings page (GET); its own form changes name, description and visibility."""
    seen = _board(request, board_id)
    require_manage_board(seen.access)
    if request.method == "GET":
        return _settings_page(request, seen)
    return _apply(
        request,
        seen,
        lambda data: board_services.board_update(actor=request.actor, board=seen.board, **data),
        form=BoardSettingsForm(request.POST),
        key="board",
        done=_("The board's settings are saved."),
    )


@require_POST
def board_archive(request: ActorRequest, org_slug: str, board_id: int) -> HttpResponse:
    """Archive the board, or restore it when it is archived."""
    seen = _board(request, board_id)
    archive = seen.board.archived_at is None
    board_services.board_set_archived(actor=request.actor, board=seen.board, archived=archive)
    if archive:
        messages.success(request, _("The board is archived: it no longer appears in the lists."))
    else:
        messages.success(request, _("The board is restored."))
    return redirect("boards:board-settings", org_slug=org_slug, board_id=seen.pk)


def _moved_order(ids: list[int], moving: int, form: DirectionForm) -> list[int]:
    """`ids` with `moving` one place up (left) or down (right), as the form says."""
    order = list(ids)
    index = order.index(moving)
    if form.is_valid():
        other = index + (-1 if form.cleaned_data["direction"] == "up" else 1)
        if 0 <= other < len(order):
            order[index], order[other] = order[other], order[index]
    return order


# --- Columns, lanes, labels and guests: one view shape, declared per change -------------------


@dataclass(frozen=True)
class Change:
    """What a structure form posted: who, on which board, about which column, lane, label or
    guest (`target`), with which input."""

    request: ActorRequest
    seen: BoardWithAccess
    target: Any

    @property
    def actor(self) -> Actor:
        return self.request.actor

    @property
    def board(self) -> Board:
        return self.seen.board

    @staticmethod
    def form_data(data: dict[str, Any]) -> dict[str, Any]:
        """A card template form's cleaned data, in the shape its services take."""
        return {
            "name": data["name"],
            "title": data["title"],
            "description": data["description"],
            "label_ids": data["labels"],
            "checklist": data["checklist"],
        }

    def order(self, ids: list[int]) -> list[int]:
        """`ids` with the target moved as the posted direction says."""
        return _moved_order(ids, self.target.pk, DirectionForm(self.request.POST))


# The URL keyword that names a target, and how it is found on the board the actor sees.
_TARGETS: dict[str, Callable[..., Any]] = {
    "column_id": lambda actor, seen, pk: column_get_for_actor(actor=actor, seen=seen, column_id=pk),
    "swimlane_id": lambda actor, seen, pk: swimlane_get_for_actor(
        actor=actor, seen=seen, swimlane_id=pk
    ),
    "label_id": lambda actor, seen, pk: label_get_for_actor(actor=actor, seen=seen, label_id=pk),
    "user_id": lambda actor, seen, pk: board_guest_get_for_actor(
        actor=actor, seen=seen, user_id=pk
    ),
    "member_id": lambda actor, seen, pk: board_member_get_for_actor(
        actor=actor, seen=seen, user_id=pk
    ),
    "template_id": lambda actor, seen, pk: card_template_get_for_actor(
        actor=actor, seen=seen, template_id=pk
    ),
    "recurrence_id": lambda actor, seen, pk: card_recurrence_get_for_actor(
        actor=actor, seen=seen, recurrence_id=pk
    ),
}


def _structure_view(
    apply: Callable[[Change, dict[str, Any]], object],
    done: Callable[[Change], str],
    anchor: Callable[[Change], str],
    form: Callable[[Change], tuple[str, forms.Form]] | None = None,
) -> Callable[..., HttpResponse]:
    """A view that posts one structure change: find the target, check the form, call
    `apply`, come back to the page with `done` (or with the input and the rule's message)."""

    @require_POST
    def view(request: ActorRequest, org_slug: str, board_id: int, **ids: int) -> HttpResponse:
        seen = _board(request, board_id)
        target = None
        for name, pk in ids.items():
            target = _TARGETS[name](request.actor, seen, pk)
        change = Change(request, seen, target)
        key, bound = form(change) if form is not None else ("", None)
        return _apply(
            request,
            seen,
            lambda data: apply(change, data),
            form=bound,
            key=key,
            done=done(change),
            anchor=anchor(change),
        )

    return view


def _column_key(change: Change) -> str:
    return f"column-{change.target.pk}"


column_create = _structure_view(
    lambda c, data: structure.column_create(actor=c.actor, board=c.board, **data),
    done=lambda c: _("Column added."),
    anchor=lambda c: "#columns",
    form=lambda c: ("new-column", ColumnForm(c.request.POST, prefix="new-column")),
)
column_update = _structure_view(
    lambda c, data: structure.column_update(actor=c.actor, column=c.target, **data),
    done=lambda c: _("Column saved."),
    anchor=lambda c: f"#{_column_key(c)}",
    form=lambda c: (_column_key(c), _column_form(c.target, c.request.POST)),
)
column_move = _structure_view(
    lambda c, _data: structure.column_reorder(
        actor=c.actor,
        board=c.board,
        column_ids=c.order([column.pk for column in board_column_list(seen=c.seen)]),
    ),
    done=lambda c: _("Columns reordered."),
    anchor=lambda c: f"#{_column_key(c)}",
)
column_delete = _structure_view(
    lambda c, _data: structure.column_delete(actor=c.actor, column=c.target),
    done=lambda c: _("Column deleted."),
    anchor=lambda c: "#columns",
)
swimlane_create = _structure_view(
    lambda c, data: structure.swimlane_create(actor=c.actor, board=c.board, name=data["name"]),
    done=lambda c: _("Swimlane added."),
    anchor=lambda c: "#swimlanes",
    form=lambda c: ("new-lane", SwimlaneForm(c.request.POST, prefix="new-lane")),
)
swimlane_update = _structure_view(
    lambda c, data: structure.swimlane_update(actor=c.actor, swimlane=c.target, name=data["name"]),
    done=lambda c: _("Swimlane saved."),
    anchor=lambda c: "#swimlanes",
    form=lambda c: (f"lane-{c.target.pk}", SwimlaneForm(c.request.POST)),
)
swimlane_move = _structure_view(
    lambda c, _data: structure.swimlane_reorder(
        actor=c.actor,
        board=c.board,
        swimlane_ids=c.order([lane.pk for lane in board_swimlane_list(seen=c.seen)]),
    ),
    done=lambda c: _("Swimlanes reordered."),
    anchor=lambda c: "#swimlanes",
)
swimlane_delete = _structure_view(
    lambda c, _data: structure.swimlane_delete(actor=c.actor, swimlane=c.target),
    done=lambda c: _("Swimlane deleted."),
    anchor=lambda c: "#swimlanes",
)
label_create = _structure_view(
    lambda c, data: structure.label_create(actor=c.actor, board=c.board, **data),
    done=lambda c: _("Label added."),
    anchor=lambda c: "#labels",
    form=lambda c: ("label", LabelForm(c.request.POST, prefix="label")),
)
label_delete = _structure_view(
    lambda c, _data: structure.label_delete(actor=c.actor, label=c.target),
    done=lambda c: _("Label deleted."),
    anchor=lambda c: "#labels",
)
# Invite a guest of the team to the board (invited=1), or withdraw the invitation.
guest_set = _structure_view(
    lambda c, _data: board_services.board_guest_set(
        actor=c.actor, board=c.board, user=c.target, invited=c.request.POST.get("invited") == "1"
    ),
    done=lambda c: (
        _("Guest invited.") if c.request.POST.get("invited") == "1" else _("Invitation withdrawn.")
    ),
    anchor=lambda c: "#guests",
)
# Name a member of the team a manager of the board (manager=1), or drop the naming.
manager_set = _structure_view(
    lambda c, _data: board_services.board_manager_set(
        actor=c.actor, board=c.board, user=c.target, manager=c.request.POST.get("manager") == "1"
    ),
    done=lambda c: (
        (
            _("%(name)s now manages the board.")
            if c.request.POST.get("manager") == "1"
            else _("%(name)s no longer manages the board.")
        )
        % {"name": c.target.get_full_name() or c.target.email}
    ),
    anchor=lambda c: "#roles",
)
card_template_create = _structure_view(
    lambda c, data: card_templates.card_template_create(
        actor=c.actor, board=c.board, **c.form_data(data)
    ),
    done=lambda c: _("Card template added."),
    anchor=lambda c: "#card-templates",
    form=lambda c: ("new-template", _template_form(c.seen, data=c.request.POST)),
)
card_template_update = _structure_view(
    lambda c, data: card_templates.card_template_update(
        actor=c.actor, template=c.target, **c.form_data(data)
    ),
    done=lambda c: _("Card template saved."),
    anchor=lambda c: f"#template-{c.target.pk}",
    form=lambda c: (
        f"template-{c.target.pk}",
        _template_form(c.seen, c.target, data=c.request.POST),
    ),
)
card_template_delete = _structure_view(
    lambda c, _data: card_templates.card_template_delete(actor=c.actor, template=c.target),
    done=lambda c: _("Card template deleted."),
    anchor=lambda c: "#card-templates",
)
card_recurrence_create = _structure_view(
    lambda c, data: recurrences.card_recurrence_create(
        actor=c.actor, board=c.board, **{**data, "title": data["title"] or ""}
    ),
    done=lambda c: _("Recurring card added."),
    anchor=lambda c: "#recurrences",
    form=lambda c: ("recurrence", _recurrence_form(c.seen, data=c.request.POST)),
)
card_recurrence_delete = _structure_view(
    lambda c, _data: recurrences.card_recurrence_delete(actor=c.actor, recurrence=c.target),
    done=lambda c: _("Recurring card stopped."),
    anchor=lambda c: "#recurrences",
)
