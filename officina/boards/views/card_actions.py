"""The changes made from the card page. Each is a POST that answers with a redirect back to the
card and a message (Post/Redirect/Get), so everything works without JavaScript; with HTMX the
checklist and the comments answer with their own section instead. Errors come back in words.

Every action has the same shape: find the card (`get_card`), refuse read-only viewers, read
and check the input, call one service, say what happened (`_done`).
"""

from django.contrib import messages
from django.core.exceptions import BadRequest
from django.forms import Form
from django.http import FileResponse, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRedirect

from officina.boards.exceptions import EditConflictError
from officina.boards.forms_cards import (
    ArchiveForm,
    AttachmentForm,
    BlockForm,
    CardReadyForm,
    ChecklistItemForm,
    CommentForm,
    LinkForm,
)
from officina.boards.selectors.cards import (
    attachment_get,
    card_link_get,
    checklist_item_get,
    comment_get,
    work_item_get_by_reference,
)
from officina.boards.services.attachments import attachment_add, attachment_delete
from officina.boards.services.cards import work_item_set_archived, work_item_set_blocked
from officina.boards.services.checklist import (
    checklist_item_add,
    checklist_item_delete,
    checklist_item_set_done,
)
from officina.boards.services.comments import comment_create, comment_update
from officina.boards.services.links import work_item_link_create, work_item_link_delete
from officina.boards.services.moves import work_item_move
from officina.boards.views.card_common import (
    CardInView,
    back_to_card,
    card_url,
    card_view,
    get_card,
)
from officina.boards.views.cards import render_card_section
from officina.common.exceptions import NotFound
from officina.organisations.http import ActorRequest


def _editable_card(request: ActorRequest, board_id: int, number: int) -> CardInView:
    found = get_card(request, board_id, number)
    found.require_editor()
    return found


def _refused(request: ActorRequest, found: CardInView, form: Form, anchor: str) -> HttpResponse:
    for field_errors in form.errors.values():
        for error in field_errors:
            messages.error(request, str(error))
    if request.htmx:
        return HttpResponseClientRedirect(card_url(request, found.card, anchor))
    return back_to_card(request, found.card, anchor)


def _done(
    request: ActorRequest,
    found: CardInView,
    message: str,
    anchor: str = "",
    *,
    section: str = "",
    focus_new_item: bool = False,
) -> HttpResponse:
    """HTMX asked for a section: send it back with the news for screen readers. Otherwise the
    message waits on the card page the browser is redirected to."""
    if section and request.htmx and request.htmx.target == section:
        return render_card_section(request, found, section, message, focus_new_item=focus_new_item)
    messages.success(request, message)
    return back_to_card(request, found.card, anchor or section)


# --- Checklist and comments (HTMX sections) ----------------------------------------------------


@require_POST
@card_view
def checklist_add(request: ActorRequest, org_slug: str, board_id: int, number: int) -> HttpResponse:
    found = _editable_card(request, board_id, number)
    form = ChecklistItemForm(request.POST)
    if not form.is_valid():
        return _refused(request, found, form, "checklist")
    checklist_item_add(actor=request.actor, work_item=found.card, text=form.cleaned_data["text"])
    return _done(
        request, found, _("Checklist item added."), section="checklist", focus_new_item=True
    )


@require_POST
@card_view
def checklist_toggle(
    request: ActorRequest, org_slug: str, board_id: int, number: int, item_id: int
) -> HttpResponse:
    found = _editable_card(request, board_id, number)
    item = checklist_item_get(work_item=found.card, item_id=item_id)
    item = checklist_item_set_done(actor=request.actor, item=item, done=not item.is_done)
    message = _("%(item)s: done.") if item.is_done else _("%(item)s: to do.")
    return _done(request, found, message % {"item": item.text}, section="checklist")


@require_POST
@card_view
def checklist_delete(
    request: ActorRequest, org_slug: str, board_id: int, number: int, item_id: int
) -> HttpResponse:
    found = _editable_card(request, board_id, number)
    item = checklist_item_get(work_item=found.card, item_id=item_id)
    checklist_item_delete(actor=request.actor, item=item)
    return _done(request, found, _("Checklist item deleted."), section="checklist")


@require_POST
@card_view
def comment_add(request: ActorRequest, org_slug: str, board_id: int, number: int) -> HttpResponse:
    found = _editable_card(request, board_id, number)
    form = CommentForm(request.POST)
    if not form.is_valid():
        return _refused(request, found, form, "comments")
    body = form.cleaned_data["body"]
    comment = comment_create(actor=request.actor, work_item=found.card, body=body)
    return _done(request, found, _("Comment added."), f"comment-{comment.pk}", section="comments")


@require_POST
@card_view
def comment_edit(
    request: ActorRequest, org_slug: str, board_id: int, number: int, comment_id: int
) -> HttpResponse:
    """Authors correct their own comments; the comment then says it was edited."""
    found = _editable_card(request, board_id, number)
    comment = comment_get(work_item=found.card, comment_id=comment_id)
    form = CommentForm(request.POST)
    if not form.is_valid():
        return _refused(request, found, form, f"comment-{comment.pk}")
    comment_update(actor=request.actor, comment=comment, body=form.cleaned_data["body"])
    return _done(request, found, _("Comment saved."), f"comment-{comment.pk}", section="comments")


# --- Files and links ---------------------------------------------------------------------------


@require_POST
@card_view
def attachment_upload(
    request: ActorRequest, org_slug: str, board_id: int, number: int
) -> HttpResponse:
    found = _editable_card(request, board_id, number)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        return _refused(request, found, form, "attachments")
    upload = form.cleaned_data["file"]
    attachment = attachment_add(actor=request.actor, work_item=found.card, upload=upload)
    message = _("File %(name)s attached.") % {"name": attachment.original_name}
    return _done(request, found, message, "attachments")


@require_GET
@card_view
def attachment_download(
    request: ActorRequest, org_slug: str, board_id: int, number: int, attachment_id: int
) -> FileResponse:
    """The file, only to people who may see the card; always as a download, never rendered by
    the browser (an uploaded file must not run as a page of this site)."""
    found = get_card(request, board_id, number)
    attachment = attachment_get(work_item=found.card, attachment_id=attachment_id)
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
@card_view
def attachment_remove(
    request: ActorRequest, org_slug: str, board_id: int, number: int, attachment_id: int
) -> HttpResponse:
    found = _editable_card(request, board_id, number)
    attachment = attachment_get(work_item=found.card, attachment_id=attachment_id)
    attachment_delete(actor=request.actor, attachment=attachment)
    message = _("File %(name)s deleted.") % {"name": attachment.original_name}
    return _done(request, found, message, "attachments")


@require_POST
@card_view
def link_add(request: ActorRequest, org_slug: str, board_id: int, number: int) -> HttpResponse:
    found = _editable_card(request, board_id, number)
    form = LinkForm(request.POST)
    if not form.is_valid():
        return _refused(request, found, form, "links")
    reference = form.cleaned_data["reference"]
    try:
        target = work_item_get_by_reference(
            actor=request.actor, seen=found.seen, reference=reference
        )
    except NotFound:
        messages.error(
            request, _("No card %(reference)s that you can see.") % {"reference": reference}
        )
        return back_to_card(request, found.card, "links")
    work_item_link_create(
        actor=request.actor, source=found.card, target=target, kind=form.cleaned_data["kind"]
    )
    return _done(
        request, found, _("Link to #%(number)s added.") % {"number": target.number}, "links"
    )


@require_POST
@card_view
def link_remove(
    request: ActorRequest, org_slug: str, board_id: int, number: int, link_id: int
) -> HttpResponse:
    found = _editable_card(request, board_id, number)
    link = card_link_get(work_item=found.card, link_id=link_id)
    work_item_link_delete(actor=request.actor, link=link)
    return _done(request, found, _("Link removed."), "links")


# --- The card's state --------------------------------------------------------------------------


@require_POST
@card_view
def card_block(request: ActorRequest, org_slug: str, board_id: int, number: int) -> HttpResponse:
    """Block (with the reason, required) or unblock, as the button pressed says."""
    found = _editable_card(request, board_id, number)
    blocked = request.POST.get("action") != "unblock"
    form = BlockForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    work_item_set_blocked(actor=request.actor, work_item=found.card, blocked=blocked, reason=reason)
    return _done(request, found, _("Card blocked.") if blocked else _("Card unblocked."))


@require_POST
@card_view
def card_archive(request: ActorRequest, org_slug: str, board_id: int, number: int) -> HttpResponse:
    """Archive (saying how the card leaves the flow) or restore, as the button pressed says."""
    found = _editable_card(request, board_id, number)
    form = ArchiveForm(request.POST)
    if not form.is_valid():
        return _refused(request, found, form, "archive-title")
    archived = form.cleaned_data["action"] != "restore"
    work_item_set_archived(
        actor=request.actor,
        work_item=found.card,
        archived=archived,
        resolution=form.cleaned_data["resolution"],
    )
    return _done(request, found, _("Card archived.") if archived else _("Card restored."))


@require_POST
@card_view
def card_ready(request: ActorRequest, org_slug: str, board_id: int, number: int) -> HttpResponse:
    """In a split column: mark the card ready (waiting to be pulled on) or back in progress."""
    found = _editable_card(request, board_id, number)
    form = CardReadyForm(request.POST)
    if not form.is_valid() or form.cleaned_data["ready"] is None:
        raise BadRequest
    ready: bool = form.cleaned_data["ready"]
    try:
        work_item_move(
            actor=request.actor,
            work_item=found.card,
            column=found.card.column,
            ready=ready,
            expected_version=form.cleaned_data["version"],
        )
    except EditConflictError as conflict:
        messages.error(request, conflict.message)
        return back_to_card(request, found.card)
    message = (
        _("Card marked ready: it waits to be pulled into the next column.")
        if ready
        else _("Card back in progress.")
    )
    return _done(request, found, message)
