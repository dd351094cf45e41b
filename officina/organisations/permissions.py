"""Access rules of the organisations app, in one place.

Each rule exists as a predicate (`can_…`) and, where lists need it, as the matching queryset
filter (`…_q`), written side by side so that the page, the API and the list never disagree.
"""

from django.db.models import Q

from officina.common.exceptions import NotFound
from officina.organisations.actor import Actor
from officina.organisations.models import Employment, Team, TeamMembership


def team_visibility_q(actor: Actor) -> Q:
    """Teams the actor may see: their own, the shared ones, and those of units they lead."""
    mine = Q(memberships__user=actor.user)
    if actor.is_guest:
        return mine
    if actor.is_it_admin:
        return Q()
    visible = mine | Q(visibility=Team.Visibility.ORGANISATION)
    if actor.ente_id is not None:
        visible |= Q(visibility=Team.Visibility.ENTI, shared_with_enti=actor.ente_id)
    for path in actor.managed_unit_paths:
        visible |= Q(org_unit__path__startswith=path)
    return visible


def can_manage_team(actor: Actor, team: Team, membership_role: str | None) -> bool:
    """Team leads and IT administrators change a team's members and settings."""
    return actor.is_it_admin or membership_role == TeamMembership.Role.LEAD


def can_view_people(actor: Actor) -> bool:
    """The staff directory is for employees, not for external guests."""
    return not actor.is_guest


def can_manage_people(actor: Actor) -> bool:
    """IT administrators and HR create and import people."""
    return actor.is_it_admin or bool(actor.hr_ente_ids)


def can_manage_person(actor: Actor, employment: Employment) -> bool:
    """HR of the person's ente and IT administrators read a person's HR page and deactivate
    them; ordinary employees keep the directory only."""
    if employment.organisation_id != actor.organisation.pk:
        return False
    return actor.is_it_admin or employment.ente_id in actor.hr_ente_ids


def managed_people_q(actor: Actor) -> Q:
    """The employments `can_manage_person` allows (a filter on Employment); nothing for others."""
    if actor.is_it_admin:
        return Q()
    return Q(ente_id__in=sorted(actor.hr_ente_ids))


def can_import_into_ente(actor: Actor, ente_id: int) -> bool:
    """HR acts only for its enti (the Union's HR may hold every comune); IT for all."""
    return actor.is_it_admin or ente_id in actor.hr_ente_ids


def can_read_audit(actor: Actor) -> bool:
    """The audit log is read by the DPO and by IT administrators, read-only."""
    return actor.is_dpo or actor.is_it_admin


def require_view_people(actor: Actor) -> None:
    """NotFound (never 403) for those who may not see the staff directory."""
    if not can_view_people(actor):
        raise NotFound


def require_manage_people(actor: Actor) -> None:
    """NotFound (never 403) for those who may not create or import people."""
    if not can_manage_people(actor):
        raise NotFound
