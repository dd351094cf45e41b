"""Pages of the organisations app: thin views, actor → selector → template."""

from collections import Counter
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from officina.accounts.models import User
from officina.organisations.forms import PeopleImportConfirmForm, PeopleImportForm
from officina.organisations.http import ActorRequest
from officina.organisations.models import TeamMembership
from officina.organisations.people_files import ImportRow, template_csv, template_xlsx
from officina.organisations.people_import import (
    STATUS_ERROR,
    STATUS_NEW,
    STATUS_UPDATE,
    RowResult,
    people_import_validate,
)
from officina.organisations.permissions import (
    can_manage_people,
    can_manage_team,
    require_manage_people,
)
from officina.organisations.selectors import (
    ente_list_for_actor,
    invitation_count_pending_for_user,
    invitation_list_pending_for_user,
    organisation_list_for_user,
    person_list_for_actor,
    team_candidate_list_for_actor,
    team_get_for_actor,
    team_list_for_actor,
    team_list_mine_for_actor,
    team_membership_role_for_actor,
)
from officina.organisations.services.invitations import (
    organisation_invitation_accept,
    organisation_invitation_decline,
)
from officina.organisations.services.people_import import PeopleImportError, people_import_apply

PEOPLE_PER_PAGE = 50


def home(request: ActorRequest, org_slug: str) -> HttpResponse:
    """ "Il mio lavoro": the teams I belong to, with their members, and my pending invitations."""
    teams = list(team_list_mine_for_actor(actor=request.actor))
    invitations = invitation_count_pending_for_user(user=request.actor.user)
    return render(request, "organisations/home.html", {"teams": teams, "invitations": invitations})


def team_list(request: ActorRequest, org_slug: str) -> HttpResponse:
    """Every team the actor may see."""
    teams = team_list_for_actor(actor=request.actor)
    return render(request, "organisations/team_list.html", {"teams": teams})


def team_detail(request: ActorRequest, org_slug: str, team_id: int) -> HttpResponse:
    """One team with its members and with whom it is shared."""
    team = team_get_for_actor(actor=request.actor, team_id=team_id)
    role = team_membership_role_for_actor(actor=request.actor, team=team)
    can_manage = can_manage_team(request.actor, team, role)
    person_search = request.GET.get("person", "").strip()[:100] if can_manage else ""
    context = {
        "team": team,
        "my_role": role,
        "can_manage": can_manage,
        "person_search": person_search,
        "candidates": team_candidate_list_for_actor(
            actor=request.actor, team=team, search=person_search
        ),
        "role_choices": TeamMembership.Role.choices,
    }
    template = "organisations/team_detail.html"
    if request.htmx and request.htmx.target == "team-candidates":
        template += "#team-candidates"
    return render(request, template, context)


def person_list(request: ActorRequest, org_slug: str) -> HttpResponse:
    """The staff directory, searchable, filtered by ente, 50 a page (404 for guests)."""
    search = request.GET.get("q", "").strip()[:100]
    ente_id = request.GET.get("ente", "")
    enti = list(ente_list_for_actor(actor=request.actor))
    selected_ente = next((e for e in enti if str(e.pk) == ente_id), None)
    former = request.GET.get("former") == "1" and can_manage_people(request.actor)
    people = person_list_for_actor(
        actor=request.actor,
        search=search,
        ente_id=selected_ente.pk if selected_ente else None,
        former=former,
    )
    page = Paginator(people, PEOPLE_PER_PAGE).get_page(request.GET.get("page"))
    template = "organisations/person_list.html"
    if request.htmx:
        template += "#people-results"
    context = {
        "page": page,
        "search": search,
        "enti": enti,
        "selected_ente": selected_ente,
        "former": former,
        "can_manage_people": can_manage_people(request.actor),
        "manages_all_people": request.actor.is_it_admin,
        "managed_ente_ids": request.actor.hr_ente_ids,
    }
    return render(request, template, context)


def root(request: HttpRequest) -> HttpResponse:
    """Send a signed-in person to the home of their (first) organisation, or to the invitations
    that wait for them when they belong to none yet."""
    if not request.user.is_authenticated:
        return redirect("account_login")
    organisation = organisation_list_for_user(user=request.user).order_by("name").first()
    if organisation is not None:
        return redirect("organisations:home", org_slug=organisation.slug)
    if invitation_count_pending_for_user(user=_user(request)):
        return redirect("invitations:invitation-list")
    return render(request, "organisations/no_organisation.html", status=200)


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)  # login_required (or a check of its own) ran first


# --- Invitations: the invited person's pages -----------------------------------------------


@login_required
def invitation_list(request: HttpRequest) -> HttpResponse:
    """The invitations waiting for the signed-in person, each with Accept and Decline."""
    invitations = invitation_list_pending_for_user(user=_user(request))
    return render(request, "organisations/invitation_list.html", {"invitations": invitations})


@require_POST
@login_required
def invitation_accept(request: HttpRequest, invitation_id: int) -> HttpResponse:
    """Join the organisation (404 for anyone else's invitation, or one already answered)."""
    invitation = organisation_invitation_accept(user=_user(request), invitation_id=invitation_id)
    organisation = invitation.organisation
    messages.success(
        request, _("You are now part of %(organisation)s.") % {"organisation": organisation}
    )
    return redirect("organisations:home", org_slug=organisation.slug)


@require_POST
@login_required
def invitation_decline(request: HttpRequest, invitation_id: int) -> HttpResponse:
    """Say no (404 for anyone else's invitation, or one already answered)."""
    invitation = organisation_invitation_decline(user=_user(request), invitation_id=invitation_id)
    messages.success(
        request,
        _("Invitation of %(organisation)s declined: nothing has changed for you.")
        % {"organisation": invitation.organisation},
    )
    return redirect("invitations:invitation-list")


# --- Importing people from a file ----------------------------------------------------------

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def person_import(request: ActorRequest, org_slug: str) -> HttpResponse:
    """Upload a CSV/XLSX of people, see every row checked, then import all of them or none."""
    actor = request.actor
    require_manage_people(actor)
    if request.method == "POST" and "file_hash" in request.POST:
        return _person_import_confirm(request)
    form = PeopleImportForm(request.POST or None, request.FILES or None)
    context: dict[str, Any] = {"form": form}
    request.session.pop(_import_session_key(request), None)
    if form.is_valid() and form.parsed is not None:
        results = people_import_validate(actor=actor, rows=form.parsed.rows)
        context |= _import_preview_context(results, form.parsed.digest)
        context["ignored_columns"] = form.parsed.ignored_columns
        if context["can_confirm"]:
            request.session[_import_session_key(request)] = {
                "digest": form.parsed.digest,
                "file_name": form.cleaned_data["file"].name,
                "rows": form.parsed.rows,
            }
    return _render_person_import(request, context)


def _person_import_confirm(request: ActorRequest) -> HttpResponse:
    confirm = PeopleImportConfirmForm(request.POST)
    stored = request.session.get(_import_session_key(request))
    if not (
        confirm.is_valid() and stored and stored["digest"] == confirm.cleaned_data["file_hash"]
    ):
        messages.error(request, _("The preview has expired: upload the file again."))
        return redirect("organisations:person-import", org_slug=request.actor.organisation.slug)
    del request.session[_import_session_key(request)]
    rows = cast(list[ImportRow], stored["rows"])
    try:
        summary = people_import_apply(
            actor=request.actor,
            rows=rows,
            file_name=stored["file_name"],
            site_url=request.build_absolute_uri("/").rstrip("/"),
        )
    except PeopleImportError as error:
        context = {"form": PeopleImportForm(), "changed_since_preview": True}
        context |= _import_preview_context(error.results, stored["digest"])
        return _render_person_import(request, context)
    messages.success(
        request,
        _(
            "Import completed: %(created)s people added, %(updated)s updated, "
            "%(memberships)s team memberships added."
        )
        % {
            "created": summary.created,
            "updated": summary.updated,
            "memberships": summary.memberships_added,
        },
    )
    return redirect("organisations:person-list", org_slug=request.actor.organisation.slug)


def _import_session_key(request: ActorRequest) -> str:
    return f"people_import:{request.actor.organisation.pk}"


def _import_preview_context(results: list[RowResult], digest: str) -> dict[str, Any]:
    totals = Counter(result.status for result in results)
    return {
        "results": results,
        "totals": {key: totals[key] for key in (STATUS_NEW, STATUS_UPDATE, STATUS_ERROR)},
        "can_confirm": not totals[STATUS_ERROR],
        "confirm_form": PeopleImportConfirmForm(initial={"file_hash": digest}),
    }


def _render_person_import(request: ActorRequest, context: dict[str, Any]) -> HttpResponse:
    template = "organisations/person_import.html"
    if request.htmx:
        template += "#person-import-content"
    return render(request, template, context)


def person_import_template(request: ActorRequest, org_slug: str, file_format: str) -> HttpResponse:
    """The empty model to fill in (header row only), as CSV or Excel."""
    require_manage_people(request.actor)
    if file_format == "xlsx":
        response = HttpResponse(template_xlsx(), content_type=XLSX_CONTENT_TYPE)
    else:
        response = HttpResponse(template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="persone.{file_format}"'
    return response
