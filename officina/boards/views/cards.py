"""The card page, and the forms that create and edit a card (all work without JavaScript)."""

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from officina.boards.card_fields import CardField, card_fields, values_of
from officina.boards.card_panels import card_panels
from officina.boards.exceptions import BoardRuleError, EditConflictError
from officina.boards.forms_cards import (
    ArchiveForm,
    AttachmentForm,
    BlockForm,
    CardCreateForm,
    CardEditForm,
    ChecklistItemForm,
    CommentForm,
    LinkForm,
    base_values,
    initial_values,
)
from officina.boards.models import CardTemplate, WorkItem
from officina.boards.permissions import require_edit_cards
from officina.boards.selectors.boards import (
    board_column_list,
    board_label_list,
    board_member_list,
    board_swimlane_list,
    card_template_list,
)
from officina.boards.selectors.cards import (
    attachment_list,
    card_link_list,
    checklist_item_list,
    comment_list,
    work_item_followed,
)
from officina.boards.selectors.history import work_item_event_list
from officina.boards.services.attachments import attachment_max_bytes
from officina.boards.services.cards import work_item_create, work_item_update
from officina.boards.services.comments import mention_handle
from officina.boards.views.card_common import (
    CardInView,
    back_to_card,
    card_view,
    get_board,
    get_card,
)
from officina.boards.views.card_timeline import card_timeline
from officina.common.uploads import allowed_extensions
from officina.organisations.http import ActorRequest


def checklist_context(found: CardInView) -> dict[str, Any]:
    checklist = list(checklist_item_list(work_item=found.card))
    return {
        "checklist": checklist,
        "checklist_done": sum(1 for item in checklist if item.is_done),
        "checklist_form": ChecklistItemForm(),
    }


def comments_context(found: CardInView) -> dict[str, Any]:
    members = list(board_member_list(board=found.seen.board))
    return {
        "comments": list(comment_list(work_item=found.card)),
        "mention_handles": [(member, mention_handle(member)) for member in members],
        "comment_form": CommentForm(),
    }


# The page's sections an HTMX request may ask for (by the id of the element it replaces), with
# what each needs besides the card.
SECTIONS = {"checklist": checklist_context, "comments": comments_context}


def render_card_section(
    request: ActorRequest, found: CardInView, section: str, status: str, *, focus_new_item: bool
) -> HttpResponse:
    """One section of the card page, with a status line for screen readers (swapped out of
    band into the page's live region)."""
    context = {
        "board": found.seen.board,
        "card": found.card,
        "access": found.access,
        "status": status,
        "swapped": True,
        "focus_new_item": focus_new_item,
        **SECTIONS[section](found),
    }
    return render(request, f"boards/card_detail.html#{section}", context)


def field_values(card: WorkItem) -> list[tuple[CardField, Any, str]]:
    """Each card field with its value (people and labels as objects) and its text."""
    shown = []
    for field in card_fields():
        value = getattr(card, field.name)
        if field.is_set:
            shown.append((field, list(value.all()), ""))
        else:
            shown.append((field, value, field.as_text(value)))
    return shown


@card_view
def card_detail(request: ActorRequest, org_slug: str, board_id: int, number: int) -> HttpResponse:
    """Everything about one card; read-only viewers see it all without the forms."""
    found = get_card(request, board_id, number)
    card, seen = found.card, found.seen
    now = timezone.now()
    context: dict[str, Any] = {
        "board": seen.board,
        "card": card,
        "access": seen.access,
        "following": work_item_followed(work_item=card, user=request.actor.user),
        "fields": [entry for entry in field_values(card) if not entry[0].has_own_place],
        **checklist_context(found),
        **comments_context(found),
        "attachments": list(attachment_list(work_item=card)),
        "links": card_link_list(actor=request.actor, work_item=card),
        "timeline": card_timeline(
            work_item_event_list(work_item=card), actor=request.actor, seen=seen
        ),
        "panels": card_panels(request, actor=request.actor, card=card, seen=seen),
        "age_days": (now - card.started_at).days if card.started_at else None,
        "days_in_column": (now - card.column_entered_at).days,
        "attachment_limit": attachment_max_bytes(),
        "allowed_extensions": allowed_extensions(),
        "attachment_form": AttachmentForm(),
        "archive_form": ArchiveForm(),
        "block_form": BlockForm(),
        "link_form": LinkForm(),
    }
    return render(request, "boards/card_detail.html", context)


def card_create(request: ActorRequest, org_slug: str, board_id: int) -> HttpResponse:
    seen = get_board(request, board_id)
    require_edit_cards(seen.access)
    templates = list(card_template_list(seen=seen))
    chosen = _chosen_template(request, templates)
    form = CardCreateForm(
        request.POST or None,
        members=board_member_list(board=seen.board),
        labels=board_label_list(seen=seen),
        columns=board_column_list(seen=seen, open_only=True),
        swimlanes=board_swimlane_list(seen=seen),
        initial={
            "column": request.GET.get("column", "").strip() or None,
            "swimlane": request.GET.get("swimlane", "").strip() or None,
            **(_from_template(chosen) if chosen is not None else {}),
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            card = work_item_create(
                actor=request.actor,
                board=seen.board,
                title=data["title"],
                description=data["description"],
                column=data["column"],
                swimlane=data["swimlane"],
                assignee_ids=[user.pk for user in data["assignees"]],
                label_ids=[label.pk for label in data["labels"]],
                due_date=data["due_date"],
                estimate=data["estimate"],
                class_of_service=data["class_of_service"],
                checklist=data["checklist"],
            )
        except BoardRuleError as error:
            form.add_error(None, error.text)
        else:
            messages.success(request, _("Card #%(number)s created.") % {"number": card.number})
            return back_to_card(request, card)
    context = {"board": seen.board, "form": form, "templates": templates, "chosen": chosen}
    return render(request, "boards/card_form.html", context)


def _chosen_template(request: ActorRequest, templates: list[CardTemplate]) -> CardTemplate | None:
    """The template named by ?template= among the board's (a wrong id: none, as if unsent)."""
    wanted = request.GET.get("template", "").strip()
    return next((template for template in templates if str(template.pk) == wanted), None)


def _from_template(template: CardTemplate) -> dict[str, Any]:
    """What a card template fills in on the new card form."""
    return {
        "title": template.title,
        "description": template.description,
        "labels": [label.pk for label in template.labels.all()],
        "checklist": "\n".join(template.checklist),
    }


@card_view
def card_edit(request: ActorRequest, org_slug: str, board_id: int, number: int) -> HttpResponse:
    """Edit a card; when someone else changed the same fields meanwhile, keep the person's input
    and show the current values next to it."""
    found = get_card(request, board_id, number)
    found.require_editor()
    card, seen = found.card, found.seen
    members, labels = board_member_list(board=seen.board), board_label_list(seen=seen)
    context: dict[str, Any] = {"board": seen.board, "card": card}
    if request.method != "POST":
        values = values_of(card)
        initial = {**initial_values(values), **base_values(values)}
        form = CardEditForm(initial=initial, members=members, labels=labels)
        return render(request, "boards/card_form.html", {**context, "form": form})
    form = CardEditForm(request.POST, members=members, labels=labels)
    if form.is_valid():
        try:
            work_item_update(
                actor=request.actor, work_item=card, data=form.card_data(), base=form.base()
            )
        except EditConflictError as conflict:
            current: WorkItem = conflict.current  # type: ignore[assignment]
            # The next save starts from what the person has now seen: same input, new base.
            data = request.POST.copy()
            for key, value in base_values(values_of(current)).items():
                data[key] = value
            form = CardEditForm(data, members=members, labels=labels)
            context |= {"conflict": conflict.message, "current_fields": field_values(current)}
        else:
            messages.success(request, _("Card #%(number)s saved.") % {"number": card.number})
            return back_to_card(request, card)
    return render(request, "boards/card_form.html", {**context, "form": form})
