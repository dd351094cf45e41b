"""Retrospective pages of a Scrum board (decision 0047): the list with a new-retrospective
form, and one retrospective's wall. Every action is a form and a redirect back to the wall,
so the pages work without JavaScript."""

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from officina.boards.selectors.boards import BoardWithAccess, board_get_for_actor
from officina.common.exceptions import DomainError, NotFound
from officina.common.forms import is_id
from officina.organisations.http import ActorRequest
from officina.scrum.exceptions import ScrumRuleError
from officina.scrum.forms import RetrospectiveForm
from officina.scrum.models import RetroNote, Retrospective
from officina.scrum.permissions import can_facilitate_retro
from officina.scrum.retro_formats import COLUMN_KEY_LENGTH
from officina.scrum.selectors import (
    scrum_settings_for,
    sprint_get_for_actor,
    sprint_list_for_actor,
)
from officina.scrum.selectors.retrospectives import (
    retro_board_for,
    retro_note_get,
    retrospective_get_for_actor,
    retrospective_list_for_actor,
)
from officina.scrum.services.retrospectives import (
    retro_action_create,
    retro_note_add,
    retro_note_group,
    retro_vote,
    retro_vote_take_back,
    retrospective_close,
    retrospective_create,
)


def _retro_url(
    request: ActorRequest, board_id: int, retrospective_id: int, anchor: str = ""
) -> str:
    """The wall; with `anchor`, scrolled back to where the person acted (a phone's long page)."""
    url = reverse(
        "scrum:retro-detail", args=[request.actor.organisation.slug, board_id, retrospective_id]
    )
    return f"{url}#{anchor}" if anchor else url


def _note_anchor(request: ActorRequest) -> str:
    note = request.POST.get("note", "")
    return f"note-{note}" if is_id(note) else ""


def _reach(request: ActorRequest, board_id: int, retrospective_id: int) -> Retrospective:
    seen = board_get_for_actor(actor=request.actor, board_id=board_id)
    return retrospective_get_for_actor(
        actor=request.actor, seen=seen, retrospective_id=retrospective_id
    )


def _act(  # noqa: PLR0913 - the act and where to come back
    request: ActorRequest,
    change: Callable[[], object],
    *,
    done: str,
    board_id: int,
    retrospective_id: int,
    anchor: str = "",
) -> HttpResponse:
    """Run a service, then back to the wall: to the spot acted on when it worked, to the top
    (where the message is) when a rule refused it."""
    try:
        change()
    except DomainError as refused:
        messages.error(request, refused.text)
        return redirect(_retro_url(request, board_id, retrospective_id))
    messages.success(request, done)
    return redirect(_retro_url(request, board_id, retrospective_id, anchor))


def _column_anchor(request: ActorRequest) -> str:
    column = request.POST.get("column", "")
    return f"column-{column}" if column.isidentifier() and len(column) <= COLUMN_KEY_LENGTH else ""


def _note(request: ActorRequest, retrospective: Retrospective, name: str = "note") -> RetroNote:
    value = request.POST.get(name, "")
    if not is_id(value):
        raise ScrumRuleError(_("Choose a note."))
    return retro_note_get(retrospective=retrospective, note_id=int(value))


@require_http_methods(["GET", "POST"])
def retro_list(request: ActorRequest, org_slug: str, board_id: int) -> HttpResponse:
    """The board's retrospectives, newest first, and a form to open a new one."""
    seen = board_get_for_actor(actor=request.actor, board_id=board_id)
    if scrum_settings_for(seen=seen) is None:
        return render(
            request, "scrum/scrum_intro.html", {"board": seen.board, "access": seen.access}
        )
    sprints = sprint_list_for_actor(actor=request.actor, seen=seen)
    form = RetrospectiveForm(request.POST or None, sprints=sprints, initial=_initial(request, seen))
    if request.method == "POST" and form.is_valid():
        try:
            retrospective = retrospective_create(
                actor=request.actor, board_id=seen.pk, **form.cleaned_data
            )
        except DomainError as refused:
            form.add_error(None, refused)
        else:
            messages.success(request, _("The retrospective is open: write your notes."))
            return redirect(_retro_url(request, seen.pk, retrospective.pk))
    return render(request, "scrum/retro_list.html", _list_context(request, seen, form))


def _initial(request: ActorRequest, seen: BoardWithAccess) -> dict[str, object]:
    """From a sprint's page (`?sprint=`): that sprint, and its name as the title."""
    wanted = request.GET.get("sprint", "")
    if not is_id(wanted):
        return {}
    try:
        sprint = sprint_get_for_actor(actor=request.actor, seen=seen, sprint_id=int(wanted))
    except NotFound:
        return {}
    return {"sprint": sprint.pk, "title": sprint.name}


def _list_context(
    request: ActorRequest, seen: BoardWithAccess, form: RetrospectiveForm
) -> dict[str, object]:
    retrospectives = list(retrospective_list_for_actor(actor=request.actor, seen=seen))
    return {
        "board": seen.board,
        "access": seen.access,
        "retrospectives": retrospectives,
        "form": form,
        "can_facilitate": can_facilitate_retro(seen.access),
        "open_guide": not retrospectives,  # the first time, the help is open
    }


@require_GET
def retro_detail(
    request: ActorRequest, org_slug: str, board_id: int, retrospective_id: int
) -> HttpResponse:
    """The retrospective's wall: its columns and notes with their dots, its actions, and the
    previous retrospective's actions as they stand now."""
    seen = board_get_for_actor(actor=request.actor, board_id=board_id)
    retrospective = retrospective_get_for_actor(
        actor=request.actor, seen=seen, retrospective_id=retrospective_id
    )
    wall = retro_board_for(actor=request.actor, seen=seen, retrospective=retrospective)
    context = {
        "board": seen.board,
        "access": seen.access,
        "wall": wall,
        "retro": retrospective,
        "open_guide": not wall.notes,
    }
    return render(request, "scrum/retro_detail.html", context)


@require_POST
def retro_note_create(
    request: ActorRequest, org_slug: str, board_id: int, retrospective_id: int
) -> HttpResponse:
    retrospective = _reach(request, board_id, retrospective_id)
    return _act(
        request,
        lambda: retro_note_add(
            actor=request.actor,
            retrospective=retrospective,
            column=request.POST.get("column", ""),
            text=request.POST.get("text", ""),
            anonymous=bool(request.POST.get("anonymous")),
        ),
        done=_("Your note is on the wall."),
        board_id=board_id,
        retrospective_id=retrospective_id,
        anchor=_column_anchor(request),
    )


@require_POST
def retro_vote_view(
    request: ActorRequest, org_slug: str, board_id: int, retrospective_id: int
) -> HttpResponse:
    retrospective = _reach(request, board_id, retrospective_id)
    take_back = request.POST.get("take_back") == "1"

    def change() -> object:
        note = _note(request, retrospective)
        if take_back:
            retro_vote_take_back(actor=request.actor, retrospective=retrospective, note=note)
            return None
        return retro_vote(actor=request.actor, retrospective=retrospective, note=note)

    return _act(
        request,
        change,
        done=_("Your dot is taken back.") if take_back else _("Your dot is on the note."),
        board_id=board_id,
        retrospective_id=retrospective_id,
        anchor=_note_anchor(request),
    )


@require_POST
def retro_group_view(
    request: ActorRequest, org_slug: str, board_id: int, retrospective_id: int
) -> HttpResponse:
    retrospective = _reach(request, board_id, retrospective_id)

    def change() -> object:
        note = _note(request, retrospective)
        under = _note(request, retrospective, "under") if request.POST.get("under") else None
        return retro_note_group(
            actor=request.actor, retrospective=retrospective, note=note, under=under
        )

    return _act(
        request,
        change,
        done=_("The notes are grouped as you asked."),
        board_id=board_id,
        retrospective_id=retrospective_id,
        anchor=_note_anchor(request),
    )


@require_POST
def retro_action_view(
    request: ActorRequest, org_slug: str, board_id: int, retrospective_id: int
) -> HttpResponse:
    retrospective = _reach(request, board_id, retrospective_id)

    def change() -> object:
        note = _note(request, retrospective) if request.POST.get("note") else None
        owner = request.POST.get("owner", "")
        return retro_action_create(
            actor=request.actor,
            retrospective=retrospective,
            title=request.POST.get("title", ""),
            owner_id=int(owner) if is_id(owner) else None,
            note=note,
        )

    return _act(
        request,
        change,
        done=_("The action is a card of the backlog, with its owner."),
        board_id=board_id,
        retrospective_id=retrospective_id,
        anchor="retro-actions-title",
    )


@require_POST
def retro_close_view(
    request: ActorRequest, org_slug: str, board_id: int, retrospective_id: int
) -> HttpResponse:
    retrospective = _reach(request, board_id, retrospective_id)
    return _act(
        request,
        lambda: retrospective_close(actor=request.actor, retrospective=retrospective),
        done=_("The retrospective is closed: it stays as a record."),
        board_id=board_id,
        retrospective_id=retrospective_id,
    )
