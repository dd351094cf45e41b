"""The product backlog page and its forms: create, edit, order and plan items; epics;
switching Scrum on (the Scrum settings)."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from officina.boards.models import WorkItem
from officina.boards.selectors.boards import BoardWithAccess, board_get_for_actor
from officina.common.exceptions import DomainError, NotFound
from officina.common.forms import is_id
from officina.common.http import is_script_request, text_response
from officina.organisations.http import ActorRequest
from officina.scrum.forms import (
    BacklogFilterForm,
    BacklogItemForm,
    EpicForm,
    MoveForm,
    ScrumSettingsForm,
)
from officina.scrum.models import BacklogItem, ScrumSettings
from officina.scrum.scales import estimate_label
from officina.scrum.selectors import (
    BACKLOG_LIMIT,
    backlog_card_get_for_actor,
    backlog_cards_by_number,
    backlog_list_for_actor,
    epic_get,
    epic_list,
    epic_progress_list,
    open_sprint_list,
    scrum_settings_for,
    sprint_get_for_actor,
)
from officina.scrum.services.backlog import (
    backlog_item_create,
    backlog_item_move,
    backlog_item_update,
    epic_create,
)
from officina.scrum.services.bulk import backlog_bulk_update
from officina.scrum.services.settings import scrum_settings_save
from officina.scrum.services.sprints import sprint_add_item, sprint_remove_item
from officina.scrum.views.common import apply
from officina.scrum.views.guides import guide_context


def _backlog_url(request: ActorRequest, seen: BoardWithAccess) -> str:
    return reverse("scrum:backlog", args=[request.actor.organisation.slug, seen.pk])


def _item_form(settings: ScrumSettings, seen: BoardWithAccess, **kwargs: object) -> BacklogItemForm:
    return BacklogItemForm(
        scale=settings.estimate_scale,
        epics=epic_list(seen=seen),
        **kwargs,
    )


@dataclass(frozen=True)
class BacklogRow:
    """One line of the backlog page, its addresses built once per page, not per row."""

    card: WorkItem
    item: BacklogItem | None
    estimate: str
    card_url: str
    items_url: str  # …/scrum/items/<number>/ (edit; + move/, plan/)


def _rows(
    request: ActorRequest, seen: BoardWithAccess, settings: ScrumSettings, cards: Iterable[WorkItem]
) -> list[BacklogRow]:
    # The addresses of urls.py, reversed once: 50 rows × 4 links were a third of the page's time.
    board_url = reverse("boards:board-detail", args=[request.actor.organisation.slug, seen.pk])
    scrum_url = _backlog_url(request, seen)
    return [
        BacklogRow(
            card,
            getattr(card, "backlog_item", None),
            estimate_label(settings.estimate_scale, card.estimate),
            f"{board_url}cards/{card.number}/",
            f"{scrum_url}items/{card.number}/",
        )
        for card in cards
    ]


@require_GET
def backlog(request: ActorRequest, org_slug: str, board_id: int) -> HttpResponse:
    """The product backlog, in order, a page at a time; a Kanban board shows how to start."""
    seen = board_get_for_actor(actor=request.actor, board_id=board_id)
    settings = scrum_settings_for(seen=seen)
    if settings is None:
        return render(
            request, "scrum/scrum_intro.html", {"board": seen.board, "access": seen.access}
        )
    filters = BacklogFilterForm(request.GET)
    wanted = filters.cleaned_data if filters.is_valid() else {}
    ready = {"yes": True, "no": False}.get(wanted.get("ready", ""))
    cards = backlog_list_for_actor(
        actor=request.actor,
        seen=seen,
        item_type=wanted.get("item_type", ""),
        ready=ready,
        search=wanted.get("q", ""),
    )
    page = Paginator(cards, BACKLOG_LIMIT).get_page(request.GET.get("page"))
    sprints = open_sprint_list(actor=request.actor, seen=seen)
    rows = _rows(request, seen, settings, page.object_list)
    context = {
        "board": seen.board,
        "access": seen.access,
        "settings": settings,
        "filters": filters,
        "page": page,
        "rows": rows,
        "sprints": sprints,
        "item_form": _item_form(settings, seen, prefix="new"),
        "epic_form": EpicForm(),
        "epics": epic_progress_list(actor=request.actor, seen=seen),
        **guide_context(request, seen, settings, "backlog"),
    }
    return render(request, "scrum/backlog.html", context)


@require_http_methods(["GET", "POST"])
def scrum_settings(request: ActorRequest, org_slug: str, board_id: int) -> HttpResponse:
    """Switch Scrum on for the board, or change its scale and Definitions of Ready and Done."""
    seen = board_get_for_actor(actor=request.actor, board_id=board_id)
    settings = scrum_settings_for(seen=seen)
    initial = {}
    if settings is not None:
        initial = {
            "estimate_scale": settings.estimate_scale,
            "definition_of_ready": settings.definition_of_ready,
            "definition_of_done": settings.definition_of_done,
        }
    form = ScrumSettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            scrum_settings_save(actor=request.actor, board=seen.board, **form.cleaned_data)
        except DomainError as refused:
            form.add_error(None, refused)
        else:
            messages.success(request, _("The Scrum settings are saved."))
            return redirect(_backlog_url(request, seen))
    context = {
        "board": seen.board,
        "form": form,
        "is_new": settings is None,
        "access": seen.access,
        "guides_hidden": settings is not None and not settings.show_guides,
    }
    return render(request, "scrum/scrum_settings.html", context)


@require_POST
def item_create(request: ActorRequest, org_slug: str, board_id: int) -> HttpResponse:
    seen = board_get_for_actor(actor=request.actor, board_id=board_id)
    settings = scrum_settings_for(seen=seen)
    if settings is None:
        return redirect(_backlog_url(request, seen))
    form = _item_form(settings, seen, data=request.POST, prefix="new")
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect(_backlog_url(request, seen))
    return apply(
        request,
        lambda: backlog_item_create(actor=request.actor, board=seen.board, **form.cleaned_data),
        done=_("“%(title)s” is at the bottom of the backlog.")
        % {"title": form.cleaned_data["title"]},
        fallback=_backlog_url(request, seen),
    )


@require_http_methods(["GET", "POST"])
def item_update(request: ActorRequest, org_slug: str, board_id: int, number: int) -> HttpResponse:
    """A backlog item's Scrum fields: type, estimate on the board's scale, epic, criteria, ready."""
    seen = board_get_for_actor(actor=request.actor, board_id=board_id)
    settings = scrum_settings_for(seen=seen)
    card = backlog_card_get_for_actor(actor=request.actor, seen=seen, number=number)
    if settings is None:
        return redirect(_backlog_url(request, seen))
    item = getattr(card, "backlog_item", None)
    initial = {
        "title": card.title,
        "item_type": item.item_type if item else "story",
        "estimate": str(card.estimate) if card.estimate is not None else "",
        "epic": item.epic_id if item else None,
        "acceptance_criteria": item.acceptance_criteria if item else "",
        "is_ready": item.is_ready if item else False,
    }
    form = _item_form(settings, seen, data=request.POST or None, initial=initial)
    form.fields["title"].disabled = True  # the card's title is edited on the card's page
    if request.method == "POST" and form.is_valid():
        data = {key: value for key, value in form.cleaned_data.items() if key != "title"}
        if data["estimate"] == card.estimate:
            del data["estimate"]
        try:
            backlog_item_update(actor=request.actor, work_item=card, **data)
        except DomainError as refused:
            form.add_error(None, refused)
        else:
            messages.success(request, _("Card #%(number)s is saved.") % {"number": card.number})
            return redirect(_backlog_url(request, seen))
    context = {"board": seen.board, "card": card, "form": form, "settings": settings}
    return render(request, "scrum/backlog_item.html", context)


@require_POST
def item_move(request: ActorRequest, org_slug: str, board_id: int, number: int) -> HttpResponse:
    """Move to the top or the bottom, above a card, or to a position (a form per button)."""
    seen = board_get_for_actor(actor=request.actor, board_id=board_id)
    card = backlog_card_get_for_actor(actor=request.actor, seen=seen, number=number)
    form = MoveForm(request.POST)
    from_script = is_script_request(request)  # backlog.js: drag and keys
    if not form.is_valid():
        if from_script:
            return text_response(_("Say where the card goes."), 422)
        messages.error(request, _("Say where the card goes."))
        return redirect(_backlog_url(request, seen))
    if from_script:
        try:
            backlog_item_move(actor=request.actor, work_item=card, **form.cleaned_data)
        except DomainError as refused:
            return text_response(refused.text, 422)
        return HttpResponse(status=204)
    return apply(
        request,
        lambda: backlog_item_move(actor=request.actor, work_item=card, **form.cleaned_data),
        done=_("Card #%(number)s moved.") % {"number": card.number},
        fallback=_backlog_url(request, seen),
    )


@require_POST
def item_plan(request: ActorRequest, org_slug: str, board_id: int, number: int) -> HttpResponse:
    """Plan the card in a sprint, or send it back to the product backlog."""
    seen = board_get_for_actor(actor=request.actor, board_id=board_id)
    card = backlog_card_get_for_actor(actor=request.actor, seen=seen, number=number)
    sprint_id = request.POST.get("sprint", "")
    fallback = _backlog_url(request, seen)
    if sprint_id:
        if not is_id(sprint_id):
            raise NotFound
        sprint = sprint_get_for_actor(actor=request.actor, seen=seen, sprint_id=int(sprint_id))
        return apply(
            request,
            lambda: sprint_add_item(actor=request.actor, sprint=sprint, work_item=card),
            done=_("Card #%(number)s is planned in “%(sprint)s”.")
            % {"number": card.number, "sprint": sprint.name},
            fallback=fallback,
        )
    entry = getattr(card, "backlog_item", None)
    if entry is None or entry.sprint is None:
        return redirect(fallback)
    return apply(
        request,
        lambda: sprint_remove_item(actor=request.actor, sprint=entry.sprint, work_item=card),
        done=_("Card #%(number)s is back in the product backlog.") % {"number": card.number},
        fallback=fallback,
    )


@require_POST
def epic_new(request: ActorRequest, org_slug: str, board_id: int) -> HttpResponse:
    seen = board_get_for_actor(actor=request.actor, board_id=board_id)
    form = EpicForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("An epic needs a name."))
        return redirect(_backlog_url(request, seen))
    return apply(
        request,
        lambda: epic_create(actor=request.actor, board=seen.board, name=form.cleaned_data["name"]),
        done=_("The epic “%(name)s” is ready.") % {"name": form.cleaned_data["name"]},
        fallback=_backlog_url(request, seen),
    )


@require_POST
def backlog_bulk(request: ActorRequest, org_slug: str, board_id: int) -> HttpResponse:
    """One action on the items ticked in the backlog (the form of the list's bulk bar)."""
    seen = board_get_for_actor(actor=request.actor, board_id=board_id)
    numbers = [int(n) for n in request.POST.getlist("numbers") if is_id(n)]
    action = request.POST.get("action", "")
    fallback = _backlog_url(request, seen)

    def change() -> object:
        cards = backlog_cards_by_number(actor=request.actor, seen=seen, numbers=numbers)
        epic = sprint = None
        if action == "epic" and is_id(request.POST.get("epic", "")):
            epic = epic_get(seen=seen, epic_id=int(request.POST["epic"]))
        if action == "plan" and is_id(request.POST.get("sprint", "")):
            sprint = sprint_get_for_actor(
                actor=request.actor, seen=seen, sprint_id=int(request.POST["sprint"])
            )
        return backlog_bulk_update(
            actor=request.actor, cards=cards, action=action, epic=epic, sprint=sprint
        )

    count = len(set(numbers))
    done = ngettext("%(count)d item changed.", "%(count)d items changed.", count) % {"count": count}
    return apply(request, change, done=done, fallback=fallback)
