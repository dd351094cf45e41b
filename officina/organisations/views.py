"""Pages of the organisations app: thin views, actor → selector → template."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from officina.common.exceptions import NotFound
from officina.organisations.http import ActorRequest
from officina.organisations.permissions import can_manage_team, can_view_people
from officina.organisations.selectors import (
    ente_list_for_actor,
    organisation_list_for_user,
    person_list_for_actor,
    team_get_for_actor,
    team_list_for_actor,
    team_list_mine_for_actor,
    team_membership_role_for_actor,
)

PEOPLE_PER_PAGE = 50


def home(request: ActorRequest, org_slug: str) -> HttpResponse:
    """ "Il mio lavoro": the teams I belong to, with their members."""
    teams = list(team_list_mine_for_actor(actor=request.actor))
    return render(request, "organisations/home.html", {"teams": teams})


def team_list(request: ActorRequest, org_slug: str) -> HttpResponse:
    """Every team the actor may see."""
    teams = team_list_for_actor(actor=request.actor).select_related("org_unit").order_by("name")
    return render(request, "organisations/team_list.html", {"teams": teams})


def team_detail(request: ActorRequest, org_slug: str, team_id: int) -> HttpResponse:
    """One team with its members and with whom it is shared."""
    team = team_get_for_actor(actor=request.actor, team_id=team_id)
    role = team_membership_role_for_actor(actor=request.actor, team=team)
    context = {
        "team": team,
        "my_role": role,
        "can_manage": can_manage_team(request.actor, team, role),
    }
    return render(request, "organisations/team_detail.html", context)


def person_list(request: ActorRequest, org_slug: str) -> HttpResponse:
    """The staff directory, searchable, filtered by ente, 50 a page."""
    if not can_view_people(request.actor):
        raise NotFound
    search = request.GET.get("q", "").strip()[:100]
    ente_id = request.GET.get("ente", "")
    enti = list(ente_list_for_actor(actor=request.actor))
    selected_ente = next((e for e in enti if str(e.pk) == ente_id), None)
    people = person_list_for_actor(
        actor=request.actor, search=search, ente_id=selected_ente.pk if selected_ente else None
    )
    page = Paginator(people, PEOPLE_PER_PAGE).get_page(request.GET.get("page"))
    template = "organisations/person_list.html"
    if request.htmx:
        template += "#people-results"
    context = {"page": page, "search": search, "enti": enti, "selected_ente": selected_ente}
    return render(request, template, context)


def root(request: HttpRequest) -> HttpResponse:
    """Send a signed-in person to the home of their (first) organisation."""
    if not request.user.is_authenticated:
        return redirect("account_login")
    organisation = organisation_list_for_user(user=request.user).order_by("name").first()
    if organisation is None:
        return render(request, "organisations/no_organisation.html", status=200)
    return redirect("organisations:home", org_slug=organisation.slug)
