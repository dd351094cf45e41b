"""The card page, and the forms that create and edit a card (all work without JavaScript)."""

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from officina.boards.exceptions import BoardRuleError, EditConflictError
from officina.boards.forms_cards import (
    AttachmentForm,
    BlockForm,
    CardCreateForm,
    CardEditForm,
    ChecklistItemForm,
    CommentForm,
    LinkForm,
    base_values,
)
from officina.boards.models import WorkItem
from officina.boards.selectors import board_label_list, board_member_list, work_item_event_list
from officina.boards.selectors_cards import (
    attachment_list,
    board_open_column_list,
    board_swimlane_list,
    card_link_list,
    checklist_item_list,
    comment_list,
)
from officina.boards.services.attachments import attachment_max_bytes
from officina.boards.services.cards import work_item_create, work_item_update
from officina.boards.services.comments import mention_handle
from officina.boards.views.card_common import (
    access_of,
    back_to_card,
    get_board,
    get_card,
    require_card_editor,
    rule_errors_to_messages,
)
from officina.boards.views.card_timeline import card_timeline
from officina.common.uploads import allowed_extensions
from officina.organisations.http import ActorRequest


def checklist_context(card: WorkItem) -> dict[str, Any]:
    checklist = list(checklist_item_list(work_item=card))
    return {
        "checklist": checklist,
        "checklist_done": sum(1 for item in checklist if item.is_done),
        "checklist_form": ChecklistItemForm(),
    }


def comments_context(card: WorkItem) -> dict[str, Any]:
    members = list(board_member_list(board=card.board))
    return {
        "comments": list(comment_list(work_item=card)),
        "mention_handles": [(member, mention_handle(member)) for member in members],
        "comment_form": CommentForm(),
    }


# The page's sections an HTMX request may ask for (by the id of the element it replaces), with
# what each needs besides the card.
SECTIONS = {"checklist": checklist_context, "comments": comments_context}


def render_card_section(
    request: ActorRequest, card: WorkItem, section: str, status: str, *, focus_new_item: bool
) -> HttpResponse:
    """One section of the card page, with a status line for screen readers (swapped out of
    band into the page's live region)."""
    context = {
        "board": card.board,
        "card": card,
        "access": access_of(card.board),
        "status": status,
        "swapped": True,
        "focus_new_item": focus_new_item,
        **SECTIONS[section](card),
    }
    return render(request, f"boards/card_detail.html#{section}", context)


def card_detail(request: ActorRequest, org_slug: str, board_id: int, number: int) -> HttpResponse:
    """Everything about one card; read-only viewers see it all without the forms."""
    card = get_card(request, board_id, number)
    board = card.board
    now = timezone.now()
    context: dict[str, Any] = {
        "board": board,
        "card": card,
        "access": access_of(board),
        "assignees": list(card.assignees.all()),
        "labels": list(card.labels.all()),
        **checklist_context(card),
        **comments_context(card),
        "attachments": list(attachment_list(work_item=card)),
        "links": card_link_list(work_item=card),
        "timeline": card_timeline(work_item_event_list(work_item=card)),
        "age_days": (now - card.started_at).days if card.started_at else None,
        "days_in_column": (now - card.column_entered_at).days,
        "attachment_limit": attachment_max_bytes(),
        "allowed_extensions": allowed_extensions(),
        "attachment_form": AttachmentForm(),
        "block_form": BlockForm(),
        "link_form": LinkForm(),
    }
    return render(request, "boards/card_detail.html", context)


def card_create(request: ActorRequest, org_slug: str, board_id: int) -> HttpResponse:
    board = get_board(request, board_id)
    require_card_editor(board)
    form = CardCreateForm(
        request.POST or None,
        members=board_member_list(board=board),
        labels=board_label_list(board=board),
        columns=board_open_column_list(board=board),
        swimlanes=board_swimlane_list(board=board),
        initial={
            "column": request.GET.get("column", "").strip() or None,
            "swimlane": request.GET.get("swimlane", "").strip() or None,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            card = work_item_create(
                actor=request.actor,
                board=board,
                title=data["title"],
                description=data["description"],
                column=data["column"],
                swimlane=data["swimlane"],
                assignee_ids=[user.pk for user in data["assignees"]],
                label_ids=[label.pk for label in data["labels"]],
                due_date=data["due_date"],
                estimate=data["estimate"],
                class_of_service=data["class_of_service"],
            )
        except BoardRuleError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Card #%(number)s created.") % {"number": card.number})
            return back_to_card(request, card)
    return render(request, "boards/card_form.html", {"board": board, "form": form})


def _edit_form_initial(card: WorkItem) -> dict[str, Any]:
    assignee_ids = {user.pk for user in card.assignees.all()}
    label_ids = {label.pk for label in card.labels.all()}
    return {
        "title": card.title,
        "description": card.description,
        "due_date": card.due_date,
        "estimate": card.estimate,
        "class_of_service": card.class_of_service,
        "assignees": sorted(assignee_ids),
        "labels": sorted(label_ids),
        **base_values(card, assignee_ids=assignee_ids, label_ids=label_ids),
    }


@rule_errors_to_messages
def card_edit(request: ActorRequest, org_slug: str, board_id: int, number: int) -> HttpResponse:
    """Edit a card; when someone else changed the same fields meanwhile, keep the person's input
    and show the current values next to it."""
    card = get_card(request, board_id, number)
    board = card.board
    require_card_editor(board)
    members, labels = board_member_list(board=board), board_label_list(board=board)
    context: dict[str, Any] = {"board": board, "card": card}
    if request.method != "POST":
        form = CardEditForm(initial=_edit_form_initial(card), members=members, labels=labels)
        return render(request, "boards/card_form.html", {**context, "form": form})
    form = CardEditForm(request.POST, members=members, labels=labels)
    if form.is_valid():
        try:
            work_item_update(
                actor=request.actor, work_item=card, data=form.card_data(), base=form.base()
            )
        except EditConflictError as conflict:
            current: WorkItem = conflict.current  # type: ignore[assignment]
            current_assignees = list(current.assignees.all())
            current_labels = list(current.labels.all())
            # The next save starts from what the person has now seen: same input, new base.
            data = request.POST.copy()
            for key, value in base_values(
                current,
                assignee_ids={user.pk for user in current_assignees},
                label_ids={label.pk for label in current_labels},
            ).items():
                data[key] = value
            form = CardEditForm(data, members=members, labels=labels)
            context |= {
                "conflict": conflict.message,
                "current": current,
                "current_assignees": current_assignees,
                "current_labels": current_labels,
            }
        else:
            messages.success(request, _("Card #%(number)s saved.") % {"number": card.number})
            return back_to_card(request, card)
    return render(request, "boards/card_form.html", {**context, "form": form})
