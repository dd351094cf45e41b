"""Units, teams, memberships and roles: each write checks permission first and is audited."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from officina.accounts.models import User
from officina.audit.models import AuditEvent
from officina.audit.services import audit_record
from officina.common.exceptions import DomainError
from officina.organisations.actor import Actor
from officina.organisations.models import (
    Ente,
    Organisation,
    OrgUnit,
    RoleAssignment,
    Team,
    TeamMembership,
)
from officina.organisations.permissions import can_manage_team


def org_unit_path(*, unit: OrgUnit) -> str:
    """The materialised path of a saved unit: its parent's path plus its own id."""
    prefix = unit.parent.path if unit.parent is not None else "/"
    return f"{prefix}{unit.pk}/"


@transaction.atomic
def org_unit_create(
    *, organisation: Organisation, ente: Ente, name: str, kind: str, parent: OrgUnit | None = None
) -> OrgUnit:
    """Create a unit under `parent` (or at the top of the ente) and set its tree path."""
    if ente.organisation_id != organisation.pk or (
        parent is not None and parent.ente_id != ente.pk
    ):
        raise ValueError("A unit belongs to the ente and organisation of its parent.")
    unit = OrgUnit(organisation=organisation, ente=ente, name=name, kind=kind, parent=parent)
    unit.full_clean(exclude=["path"])
    unit.save()
    unit.path = org_unit_path(unit=unit)
    unit.save(update_fields=["path"])
    return unit


def _require_manage_team(actor: Actor, team: Team) -> None:
    """The rule is `permissions.can_manage_team`; this reads the actor's role in the team for it."""
    role = (
        TeamMembership.objects.filter(organisation=actor.organisation, team=team, user=actor.user)
        .values_list("role", flat=True)
        .first()
    )
    if not can_manage_team(actor, team, role):
        raise PermissionDenied


@transaction.atomic
def team_create(
    *,
    actor: Actor,
    name: str,
    description: str = "",
    org_unit: OrgUnit | None = None,
    visibility: str = Team.Visibility.TEAM,
    lead: User | None = None,
) -> Team:
    """Create a team in the actor's organisation; the creator (or `lead`) becomes its lead."""
    if not (actor.is_it_admin or actor.managed_unit_paths or actor.hr_ente_ids):
        raise PermissionDenied
    team = Team(
        organisation=actor.organisation,
        name=name,
        description=description,
        org_unit=org_unit,
        visibility=visibility,
    )
    team.full_clean()
    team.save()
    team_membership_set(
        actor=actor, team=team, user=lead or actor.user, role=TeamMembership.Role.LEAD, check=False
    )
    return team


@transaction.atomic
def team_membership_set(
    *, actor: Actor, team: Team, user: User, role: str, check: bool = True
) -> TeamMembership:
    """Add a person to a team or change their role there (audited)."""
    if team.organisation_id != actor.organisation.pk:
        raise PermissionDenied
    if check:
        _require_manage_team(actor, team)
    membership, created = TeamMembership.objects.get_or_create(
        organisation=actor.organisation, team=team, user=user, defaults={"role": role}
    )
    if not created and membership.role == TeamMembership.Role.LEAD != role:
        _keep_a_lead(team, user)
    if created or membership.role != role:
        previous = "" if created else membership.role
        membership.role = role
        membership.save(update_fields=["role", "updated_at"])
        audit_record(
            action=AuditEvent.Action.MEMBERSHIP_ADDED
            if created
            else AuditEvent.Action.MEMBERSHIP_CHANGED,
            organisation=actor.organisation,
            actor=actor.user,
            target=membership,
            details={"team": team.pk, "user": user.pk, "role": role, "previous_role": previous},
        )
    return membership


def _keep_a_lead(team: Team, user: User) -> None:
    """A team keeps at least one lead: nobody else could manage its members otherwise."""
    others = TeamMembership.objects.filter(team=team, role=TeamMembership.Role.LEAD).exclude(
        user=user
    )
    if not others.exists():
        raise DomainError(
            _(
                "%(name)s is the only lead of %(team)s: make someone else lead first, "
                "so that somebody can still manage the team."
            )
            % {"name": user.get_full_name() or user.email, "team": team.name}
        )


@transaction.atomic
def team_membership_remove(
    *, actor: Actor, team: Team, user: User, check: bool = True, keep_a_lead: bool = True
) -> None:
    """Remove a person from a team (audited). The last lead stays unless `keep_a_lead` is
    False (a person who leaves the organisation goes from every team, lead or not)."""
    if team.organisation_id != actor.organisation.pk:
        raise PermissionDenied
    if check:
        _require_manage_team(actor, team)
    membership = TeamMembership.objects.filter(
        organisation=actor.organisation, team=team, user=user
    ).first()
    if membership is None:
        return
    if keep_a_lead and membership.role == TeamMembership.Role.LEAD:
        _keep_a_lead(team, user)
    audit_record(
        action=AuditEvent.Action.MEMBERSHIP_REMOVED,
        organisation=actor.organisation,
        actor=actor.user,
        target=membership,
        details={"team": team.pk, "user": user.pk, "role": membership.role},
    )
    membership.delete()


@transaction.atomic
def role_grant(
    *,
    actor: Actor,
    user: User,
    role: str,
    ente: Ente | None = None,
    org_unit: OrgUnit | None = None,
) -> RoleAssignment:
    """Give a person a role with its scope; only IT administrators may (audited)."""
    if not actor.is_it_admin:
        raise PermissionDenied
    assignment, created = RoleAssignment.objects.get_or_create(
        organisation=actor.organisation, user=user, role=role, ente=ente, org_unit=org_unit
    )
    if created:
        assignment.full_clean()
        audit_record(
            action=AuditEvent.Action.ROLE_GRANTED,
            organisation=actor.organisation,
            actor=actor.user,
            target=assignment,
            details={"user": user.pk, "role": role},
        )
    return assignment


@transaction.atomic
def role_revoke(*, actor: Actor, assignment: RoleAssignment) -> None:
    """Take a role away (audited)."""
    if not actor.is_it_admin or assignment.organisation_id != actor.organisation.pk:
        raise PermissionDenied
    audit_record(
        action=AuditEvent.Action.ROLE_REVOKED,
        organisation=actor.organisation,
        actor=actor.user,
        target=assignment,
        details={"user": assignment.user_id, "role": assignment.role},
    )
    assignment.delete()
