"""HR's pages about people: a person's page, their deactivation, the directory's export.

Only HR of the person's ente and IT administrators reach them; anyone else gets a 404 (the
directory stays open to every employee).
"""

from collections.abc import Callable, Iterable, Iterator

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET

from officina.common.exceptions import DomainError
from officina.common.spreadsheets import (
    CSV_CONTENT_TYPE,
    ODS_CONTENT_TYPE,
    XLSX_CONTENT_TYPE,
    Row,
    csv_chunks,
    ods_bytes,
    xlsx_bytes,
)
from officina.organisations.forms import PersonDeactivateForm
from officina.organisations.http import ActorRequest
from officina.organisations.people_exports import person_headers, person_rows
from officina.organisations.selectors import (
    ente_list_for_actor,
    person_export_list_for_actor,
    person_get_for_actor,
    person_successor_get_for_actor,
    person_successor_list_for_actor,
)
from officina.organisations.services.people import Deactivation, person_deactivate

SEARCH_LENGTH = 100


@require_GET
def person_detail(request: ActorRequest, org_slug: str, person_id: int) -> HttpResponse:
    """A person's job, teams and roles, and what they hold, for their HR and IT."""
    record = person_get_for_actor(actor=request.actor, user_id=person_id)
    return render(request, "organisations/person_detail.html", {"record": record})


def person_deactivate_confirm(request: ActorRequest, org_slug: str, person_id: int) -> HttpResponse:
    """Confirm that a person leaves, choosing who takes over their open work."""
    actor = request.actor
    record = person_get_for_actor(actor=actor, user_id=person_id)
    employment = record.employment
    search = request.GET.get("q", "").strip()[:SEARCH_LENGTH]
    form = PersonDeactivateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        successor_id = form.cleaned_data["successor"]
        successor = (
            person_successor_get_for_actor(actor=actor, employment=employment, user_id=successor_id)
            if successor_id
            else None
        )
        try:
            done = person_deactivate(actor=actor, employment=employment, successor=successor)
        except DomainError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _deactivated_message(str(employment.user), done))
            return redirect("organisations:person-detail", actor.organisation.slug, person_id)
    successors = person_successor_list_for_actor(actor=actor, employment=employment, search=search)
    context = {"record": record, "form": form, "successors": successors, "search": search}
    return render(request, "organisations/person_deactivate.html", context)


def _deactivated_message(name: str, done: Deactivation) -> str:
    parts = [_("%(name)s has been deactivated and signed out everywhere.") % {"name": name}]
    if done.work_moved:
        parts.append(
            ngettext(
                "%(count)s open card moved to the colleague you chose.",
                "%(count)s open cards moved to the colleague you chose.",
                done.work_moved,
            )
            % {"count": done.work_moved}
        )
    if done.teams_without_lead:
        parts.append(
            _("These teams have no lead now: %(teams)s. Ask IT to name one.")
            % {"teams": ", ".join(done.teams_without_lead)}
        )
    return " ".join(parts)


# --- The directory's export -----------------------------------------------------------------

SPREADSHEETS: dict[str, tuple[str, Callable[[str, list[str], Iterable[Row]], bytes]]] = {
    "ods": (ODS_CONTENT_TYPE, ods_bytes),
    "xlsx": (XLSX_CONTENT_TYPE, xlsx_bytes),
}


@require_GET
def person_export(request: ActorRequest, org_slug: str, file_format: str) -> HttpResponse:
    """The directory as filtered (search, ente), limited to the people the actor manages."""
    actor = request.actor
    search = request.GET.get("q", "").strip()[:SEARCH_LENGTH]
    ente_id = request.GET.get("ente", "")
    ente = next((e for e in ente_list_for_actor(actor=actor) if str(e.pk) == ente_id), None)
    people = person_export_list_for_actor(
        actor=actor,
        search=search,
        ente_id=ente.pk if ente else None,
        former=request.GET.get("former") == "1",
    )
    rows: Iterator[Row] = person_rows(people)
    if file_format == "csv":
        response = HttpResponse(b"".join(csv_chunks(person_headers(), rows)), CSV_CONTENT_TYPE)
    else:
        content_type, build = SPREADSHEETS[file_format]
        response = HttpResponse(build(_("People"), person_headers(), rows), content_type)
    filename = f"persone-{timezone.localdate():%Y-%m-%d}.{file_format}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
