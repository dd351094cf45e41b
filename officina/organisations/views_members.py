"""A team's leads manage its members from the team page: add, change role, remove.

Each action is a plain form POST that answers with a redirect to the team page and a message,
so it works without JavaScript. Who may not manage the team gets a 404, like a missing team.
"""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from officina.accounts.models import User
from officina.common.exceptions import DomainError, NotFound
from officina.organisations.forms import TeamMemberAddForm, TeamMemberRoleForm
from officina.organisations.http import ActorRequest
from officina.organisations.models import Team, TeamMembership
from officina.organisations.permissions import can_manage_team
from officina.organisations.selectors import (
    team_candidate_get_for_actor,
    team_get_for_actor,
    team_member_get_for_actor,
    team_membership_role_for_actor,
)
from officina.organisations.services.teams import team_membership_remove, team_membership_set


def _managed_team(request: ActorRequest, team_id: int) -> Team:
    team = team_get_for_actor(actor=request.actor, team_id=team_id)
    role = team_membership_role_for_actor(actor=request.actor, team=team)
    if not can_manage_team(request.actor, team, role):
        raise NotFound
    return team


def _team_page(request: ActorRequest, team: Team) -> HttpResponse:
    return redirect("organisations:team-detail", request.actor.organisation.slug, team.pk)


def _name(user: User) -> str:
    return user.get_full_name() or user.email


def _role_label(role: str) -> str:
    return str(TeamMembership.Role(role).label)


@require_POST
def team_member_add(request: ActorRequest, org_slug: str, team_id: int) -> HttpResponse:
    """Add a person of the organisation to the team with a role."""
    team = _managed_team(request, team_id)
    form = TeamMemberAddForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a person from the search results and a role."))
        return _team_page(request, team)
    user = team_candidate_get_for_actor(
        actor=request.actor, team=team, user_id=form.cleaned_data["user"]
    )
    if any(m.user_id == user.pk for m in getattr(team, "membership_list", ())):
        messages.error(
            request,
            _("%(name)s is already in the team: change their role in the list of members.")
            % {"name": _name(user)},
        )
        return _team_page(request, team)
    role = form.cleaned_data["role"]
    team_membership_set(actor=request.actor, team=team, user=user, role=role)
    messages.success(
        request,
        _("%(name)s added to the team as %(role)s.")
        % {"name": _name(user), "role": _role_label(role).lower()},
    )
    return _team_page(request, team)


@require_POST
def team_member_role(
    request: ActorRequest, org_slug: str, team_id: int, user_id: int
) -> HttpResponse:
    """Change a member's role (lead, member, guest); the last lead stays a lead."""
    team = _managed_team(request, team_id)
    membership = team_member_get_for_actor(team=team, user_id=user_id)
    form = TeamMemberRoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a role."))
        return _team_page(request, team)
    role = form.cleaned_data["role"]
    try:
        team_membership_set(actor=request.actor, team=team, user=membership.user, role=role)
    except DomainError as error:
        messages.error(request, error.text)
    else:
        messages.success(
            request,
            _("%(name)s is now %(role)s of the team.")
            % {"name": _name(membership.user), "role": _role_label(role).lower()},
        )
    return _team_page(request, team)


@require_POST
def team_member_remove(
    request: ActorRequest, org_slug: str, team_id: int, user_id: int
) -> HttpResponse:
    """Remove a person from the team; the last lead stays."""
    team = _managed_team(request, team_id)
    membership = team_member_get_for_actor(team=team, user_id=user_id)
    try:
        team_membership_remove(actor=request.actor, team=team, user=membership.user)
    except DomainError as error:
        messages.error(request, error.text)
        return _team_page(request, team)
    messages.success(
        request,
        _("%(name)s removed from the team. Their cards and comments stay as they are.")
        % {"name": _name(membership.user)},
    )
    if membership.user_id == request.actor.user.pk:
        # Whether the team is still theirs to see is the visibility rule's answer, not ours.
        try:
            team_get_for_actor(actor=request.actor, team_id=team.pk)
        except NotFound:
            return redirect("organisations:team-list", request.actor.organisation.slug)
    return _team_page(request, team)
