"""The changes made from the card page. Each is a POST that answers with a redirect back to the
card and a message (Post/Redirect/Get), so everything works without JavaScript; with HTMX the
checklist and the comments answer with their own section instead. Errors come back in words."""

from django.contrib import messages
from django.core.exceptions import BadRequest
from django.forms.utils import ErrorDict
from django.http import FileResponse, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRedirect

from officina.boards.exceptions import EditConflictError
from officina.boards.forms_cards import (
    AttachmentForm,
    BlockForm,
    CardReadyForm,
    ChecklistItemForm,
    CommentForm,
    LinkForm,
)
from officina.boards.models import WorkItem
from officina.boards.selectors_cards import (
    attachment_get,
    card_link_get,
    checklist_item_get,
    comment_get,
    work_item_get_by_reference,
)
from officina.boards.services.attachments import attachment_add, attachment_delete
from officina.boards.services.cards import (
    work_item_move,
    work_item_set_archived,
    work_item_set_blocked,
)
from officina.boards.services.checklist import (
    checklist_item_add,
    checklist_item_delete,
    checklist_item_set_done,
)
from officina.boards.services.comments import comment_create, comment_update
from officina.boards.services.links import work_item_link_create, work_item_link_delete
from officina.boards.views.card_common import (
    back_to_card,
    card_url,
    get_card,
    require_card_editor,
    rule_errors_to_messages,
)
from officina.boards.views.cards import render_card_section
from officina.common.exceptions import NotFound
from officina.organisations.http import ActorRequest


def _refused(request: ActorRequest, card: WorkItem, errors: ErrorDict, anchor: str) -> HttpResponse:
    for field_errors in errors.values():
        for error in field_errors:
            messages.error(request, str(error))
    if request.htmx:
        return HttpResponseClientRedirect(card_url(request, card, anchor))
    return back_to_card(request, card, anchor)


def _changed(
    request: ActorRequest,
    card: WorkItem,
    section: str,
    message: str,
    anchor: str = "",
    *,
    focus_new_item: bool = False,
) -> HttpResponse:
    """HTMX asked for a section: send it back with the news for screen readers. Otherwise the
    message waits on the card page the browser is redirected to."""
    if request.htmx and request.htmx.target == section:
        return render_card_section(request, card, section, message, focus_new_item=focus_new_item)
    messages.success(request, message)
    return back_to_card(request, card, anchor or section)


@require_POST
@rule_errors_to_messages
def checklist_add(request: ActorRequest, org_slug: str, board_id: int, number: int) -> HttpResponse:
    card = get_card(request, board_id, number)
    require_card_editor(card.board)
    form = ChecklistItemForm(request.POST)
    if not form.is_valid():
        return _refused(request, card, form.errors, "checklist")
    checklist_item_add(actor=request.actor, work_item=card, text=form.cleaned_data["text"])
    return _changed(request, card, "checklist", _("Checklist item added."), focus_new_item=True)


@require_POST
@rule_errors_to_messages
def checklist_toggle(
    request: ActorRequest, org_slug: str, board_id: int, number: int, item_id: int
) -> HttpResponse:
    card = get_card(request, board_id, number)
    item = checklist_item_get(work_item=card, item_id=item_id)
    require_card_editor(card.board)
    item = checklist_item_set_done(actor=request.actor, item=item, done=not item.is_done)
    message = _("%(item)s: done.") if item.is_done else _("%(item)s: to do.")
    return _changed(request, card, "checklist", message % {"item": item.text})


@require_POST
@rule_errors_to_messages
def checklist_delete(
    request: ActorRequest, org_slug: str, board_id: int, number: int, item_id: int
) -> HttpResponse:
    card = get_card(request, board_id, number)
    item = checklist_item_get(work_item=card, item_id=item_id)
    require_card_editor(card.board)
    checklist_item_delete(actor=request.actor, item=item)
    return _changed(request, card, "checklist", _("Checklist item deleted."))


@require_POST
@rule_errors_to_messages
def comment_add(request: ActorRequest, org_slug: str, board_id: int, number: int) -> HttpResponse:
    card = get_card(request, board_id, number)
    require_card_editor(card.board)
    form = CommentForm(request.POST)
    if not form.is_valid():
        return _refused(request, card, form.errors, "comments")
    comment = comment_create(actor=request.actor, work_item=card, body=form.cleaned_data["body"])
    return _changed(request, card, "comments", _("Comment added."), f"comment-{comment.pk}")


@require_POST
@rule_errors_to_messages
def comment_edit(
    request: ActorRequest, org_slug: str, board_id: int, number: int, comment_id: int
) -> HttpResponse:
    """Authors correct their own comments; the comment then says it was edited."""
    card = get_card(request, board_id, number)
    comment = comment_get(work_item=card, comment_id=comment_id)
    require_card_editor(card.board)
    form = CommentForm(request.POST)
    if not form.is_valid():
        return _refused(request, card, form.errors, f"comment-{comment.pk}")
    comment_update(actor=request.actor, comment=comment, body=form.cleaned_data["body"])
    return _changed(request, card, "comments", _("Comment saved."), f"comment-{comment.pk}")


@require_POST
@rule_errors_to_messages
def attachment_upload(
    request: ActorRequest, org_slug: str, board_id: int, number: int
) -> HttpResponse:
    card = get_card(request, board_id, number)
    require_card_editor(card.board)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        return _refused(request, card, form.errors, "attachments")
    attachment = attachment_add(
        actor=request.actor, work_item=card, upload=form.cleaned_data["file"]
    )
    messages.success(request, _("File %(name)s attached.") % {"name": attachment.original_name})
    return back_to_card(request, card, "attachments")


@require_GET
def attachment_download(
    request: ActorRequest, org_slug: str, board_id: int, number: int, attachment_id: int
) -> FileResponse:
    """The file, only to people who may see the card; always as a download, never rendered by
    the browser (an uploaded file must not run as a page of this site)."""
    card = get_card(request, board_id, number)
    attachment = attachment_get(work_item=card, attachment_id=attachment_id)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as missing:
        raise NotFound from missing
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@rule_errors_to_messages
def attachment_remove(
    request: ActorRequest, org_slug: str, board_id: int, number: int, attachment_id: int
) -> HttpResponse:
    card = get_card(request, board_id, number)
    attachment = attachment_get(work_item=card, attachment_id=attachment_id)
    require_card_editor(card.board)
    attachment_delete(actor=request.actor, attachment=attachment)
    messages.success(request, _("File %(name)s deleted.") % {"name": attachment.original_name})
    return back_to_card(request, card, "attachments")


@require_POST
@rule_errors_to_messages
def link_add(request: ActorRequest, org_slug: str, board_id: int, number: int) -> HttpResponse:
    card = get_card(request, board_id, number)
    require_card_editor(card.board)
    form = LinkForm(request.POST)
    if not form.is_valid():
        return _refused(request, card, form.errors, "links")
    reference = form.cleaned_data["reference"]
    try:
        target = work_item_get_by_reference(
            actor=request.actor, board=card.board, reference=reference
        )
    except NotFound:
        messages.error(
            request, _("No card %(reference)s that you can see.") % {"reference": reference}
        )
        return back_to_card(request, card, "links")
    work_item_link_create(
        actor=request.actor, source=card, target=target, kind=form.cleaned_data["kind"]
    )
    messages.success(request, _("Link to #%(number)s added.") % {"number": target.number})
    return back_to_card(request, card, "links")


@require_POST
@rule_errors_to_messages
def link_remove(
    request: ActorRequest, org_slug: str, board_id: int, number: int, link_id: int
) -> HttpResponse:
    card = get_card(request, board_id, number)
    link = card_link_get(work_item=card, link_id=link_id)
    require_card_editor(card.board)
    work_item_link_delete(actor=request.actor, link=link)
    messages.success(request, _("Link removed."))
    return back_to_card(request, card, "links")


@require_POST
@rule_errors_to_messages
def card_block(request: ActorRequest, org_slug: str, board_id: int, number: int) -> HttpResponse:
    """Block (with the reason, required) or unblock, as the button pressed says."""
    card = get_card(request, board_id, number)
    require_card_editor(card.board)
    blocked = request.POST.get("action") != "unblock"
    form = BlockForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    work_item_set_blocked(actor=request.actor, work_item=card, blocked=blocked, reason=reason)
    messages.success(request, _("Card blocked.") if blocked else _("Card unblocked."))
    return back_to_card(request, card)


@require_POST
@rule_errors_to_messages
def card_archive(request: ActorRequest, org_slug: str, board_id: int, number: int) -> HttpResponse:
    """Archive or restore, as the button pressed says."""
    card = get_card(request, board_id, number)
    require_card_editor(card.board)
    archived = request.POST.get("action") != "restore"
    work_item_set_archived(actor=request.actor, work_item=card, archived=archived)
    messages.success(request, _("Card archived.") if archived else _("Card restored."))
    return back_to_card(request, card)


@require_POST
@rule_errors_to_messages
def card_ready(request: ActorRequest, org_slug: str, board_id: int, number: int) -> HttpResponse:
    """In a split column: mark the card ready (waiting to be pulled on) or back in progress."""
    card = get_card(request, board_id, number)
    require_card_editor(card.board)
    form = CardReadyForm(request.POST)
    if not form.is_valid() or form.cleaned_data["ready"] is None:
        raise BadRequest
    ready: bool = form.cleaned_data["ready"]
    try:
        work_item_move(
            actor=request.actor,
            work_item=card,
            column=card.column,
            ready=ready,
            expected_version=form.cleaned_data["version"],
        )
    except EditConflictError as conflict:
        messages.error(request, conflict.message)
        return back_to_card(request, card)
    messages.success(
        request,
        _("Card marked ready: it waits to be pulled into the next column.")
        if ready
        else _("Card back in progress."),
    )
    return back_to_card(request, card)
