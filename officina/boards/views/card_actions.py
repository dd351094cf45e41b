"""The changes made from the card page. Each is a POST that answers with a redirect back to the
card and a message (Post/Redirect/Get), so everything works without JavaScript; with HTMX the
checklist and the comments answer with their own section instead. Errors come back in words.

Every action has the same shape: find the card (`get_card`), refuse read-only viewers, read
and check the input, call one service, say what happened (`_done`); the actions that differ only
by what they change are declared by it (`_card_action`).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

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
from officina.boards.models import WorkItem
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
from officina.boards.services.watching import work_item_watch
from officina.boards.views.card_common import (
    CardInView,
    back_to_card,
    card_url,
    card_view,
    get_card,
)
from officina.boards.views.cards import render_card_section
from officina.common.exceptions import NotFound
from officina.organisations.actor import Actor
from officina.organisations.http import ActorRequest


def _editable_card(
    request: ActorRequest, board_id: int, number: int, *, commenting: bool = False
) -> CardInView:
    """The card, for someone who may edit it (or only comment on it, for a comment)."""
    found = get_card(request, board_id, number)
    if commenting:
        found.require_commenter()
    else:
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


# --- The actions that only differ by what they change: declared, one shape -----------------------


@dataclass(frozen=True)
class CardChange:
    """What an action posted: on which card, about which item (`target`), with which input."""

    request: ActorRequest
    found: CardInView
    target: Any
    data: dict[str, Any]

    @property
    def actor(self) -> Actor:
        return self.request.actor

    @property
    def card(self) -> WorkItem:
        return self.found.card


# The URL keyword that names an item of the card, and how it is found through the card.
_TARGETS: dict[str, Callable[[WorkItem, int], Any]] = {
    "item_id": lambda card, pk: checklist_item_get(work_item=card, item_id=pk),
    "comment_id": lambda card, pk: comment_get(work_item=card, comment_id=pk),
    "attachment_id": lambda card, pk: attachment_get(work_item=card, attachment_id=pk),
    "link_id": lambda card, pk: card_link_get(work_item=card, link_id=pk),
}


def _card_action(
    apply: Callable[[CardChange], Any],
    done: Callable[[CardChange, Any], str],
    *,
    anchor: Callable[[CardChange, Any], str] = lambda change, result: "",
    section: str = "",
    form: Callable[[ActorRequest], Form] | None = None,
    focus_new_item: bool = False,
    commenting: bool = False,
) -> Callable[..., HttpResponse]:
    """A POST that changes one thing of a card: find the card and the item the URL names,
    refuse read-only viewers, check the form, call `apply`, say `done` (see `_done`)."""

    @require_POST
    @card_view
    def view(
        request: ActorRequest, org_slug: str, board_id: int, number: int, **ids: int
    ) -> HttpResponse:
        found = _editable_card(request, board_id, number, commenting=commenting)
        target = None
        for name, pk in ids.items():
            target = _TARGETS[name](found.card, pk)
        data: dict[str, Any] = {}
        if form is not None:
            bound = form(request)
            if not bound.is_valid():
                refused_at = f"comment-{ids['comment_id']}" if "comment_id" in ids else section
                return _refused(request, found, bound, refused_at or "top")
            data = bound.cleaned_data
        change = CardChange(request, found, target, data)
        result = apply(change)
        return _done(
            request,
            found,
            done(change, result),
            anchor(change, result),
            section=section,
            focus_new_item=focus_new_item,
        )

    return view


checklist_add = _card_action(
    lambda c: checklist_item_add(actor=c.actor, work_item=c.card, text=c.data["text"]),
    done=lambda c, item: _("Checklist item added."),
    section="checklist",
    form=lambda request: ChecklistItemForm(request.POST),
    focus_new_item=True,
)
checklist_toggle = _card_action(
    lambda c: checklist_item_set_done(actor=c.actor, item=c.target, done=not c.target.is_done),
    done=lambda c, item: (
        (_("%(item)s: done.") if item.is_done else _("%(item)s: to do.")) % {"item": item.text}
    ),
    section="checklist",
)
checklist_delete = _card_action(
    lambda c: checklist_item_delete(actor=c.actor, item=c.target),
    done=lambda c, _result: _("Checklist item deleted."),
    section="checklist",
)
comment_add = _card_action(
    lambda c: comment_create(actor=c.actor, work_item=c.card, body=c.data["body"]),
    done=lambda c, comment: _("Comment added."),
    anchor=lambda c, comment: f"comment-{comment.pk}",
    section="comments",
    form=lambda request: CommentForm(request.POST),
    commenting=True,
)
# Authors correct their own comments; the comment then says it was edited.
comment_edit = _card_action(
    lambda c: comment_update(actor=c.actor, comment=c.target, body=c.data["body"]),
    done=lambda c, comment: _("Comment saved."),
    anchor=lambda c, comment: f"comment-{comment.pk}",
    section="comments",
    form=lambda request: CommentForm(request.POST),
    commenting=True,
)
attachment_upload = _card_action(
    lambda c: attachment_add(actor=c.actor, work_item=c.card, upload=c.data["file"]),
    done=lambda c, attachment: _("File %(name)s attached.") % {"name": attachment.original_name},
    anchor=lambda c, attachment: "attachments",
    form=lambda request: AttachmentForm(request.POST, request.FILES),
)
attachment_remove = _card_action(
    lambda c: attachment_delete(actor=c.actor, attachment=c.target),
    done=lambda c, _result: _("File %(name)s deleted.") % {"name": c.target.original_name},
    anchor=lambda c, _result: "attachments",
)
link_remove = _card_action(
    lambda c: work_item_link_delete(actor=c.actor, link=c.target),
    done=lambda c, _result: _("Link removed."),
    anchor=lambda c, _result: "links",
)
# Block (with the reason, required) or unblock, as the button pressed says.
card_block = _card_action(
    lambda c: work_item_set_blocked(
        actor=c.actor,
        work_item=c.card,
        blocked=c.request.POST.get("action") != "unblock",
        reason=c.data["reason"],
    ),
    done=lambda c, card: _("Card blocked.") if card.is_blocked else _("Card unblocked."),
    form=lambda request: BlockForm(request.POST),
)
# Archive (saying how the card leaves the flow) or restore, as the button pressed says.
card_archive = _card_action(
    lambda c: work_item_set_archived(
        actor=c.actor,
        work_item=c.card,
        archived=c.data["action"] != "restore",
        resolution=c.data["resolution"],
    ),
    done=lambda c, card: _("Card archived.") if card.archived_at else _("Card restored."),
    form=lambda request: ArchiveForm(request.POST),
)


# --- Actions of their own shape ------------------------------------------------------------------


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


@require_POST
@card_view
def card_watch(request: ActorRequest, org_slug: str, board_id: int, number: int) -> HttpResponse:
    """Follow the card ("watch": "1") or stop following it ("0"); read-only viewers too."""
    found = get_card(request, board_id, number)
    watch = request.POST.get("watch")
    if watch not in ("0", "1"):
        raise BadRequest
    following = work_item_watch(actor=request.actor, work_item=found.card, watch=watch == "1")
    message = (
        _("You follow this card: its changes reach you among your notifications.")
        if following
        else _("You no longer follow this card.")
    )
    return _done(request, found, message)
