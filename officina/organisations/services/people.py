"""People who leave: one service ends their place in the organisation, audited.

Decision 0035 says what deactivation does and why, in this order: the work other apps hold
of the person goes to a successor (`departures`), they leave every team (board invitations
follow) and lose their roles here, the employment ends, the account closes when nothing else
holds it, their API tokens are revoked and their sessions end. Their history stays: cards,
comments and events keep pointing at the person, who is deactivated, never deleted.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from officina.accounts.models import User
from officina.accounts.sessions import user_sessions_end
from officina.accounts.tokens import token_revoke_all
from officina.audit.models import AuditEvent
from officina.audit.services import audit_record
from officina.common.exceptions import DomainError, NotFound
from officina.organisations.actor import Actor
from officina.organisations.departures import departures
from officina.organisations.models import Employment, RoleAssignment, TeamMembership
from officina.organisations.permissions import can_manage_person
from officina.organisations.services.teams import team_membership_remove


@dataclass(frozen=True)
class Deactivation:
    """What a deactivation did, for the message HR reads."""

    work_moved: int
    teams_left: list[str] = field(default_factory=list)
    teams_without_lead: list[str] = field(default_factory=list)
    tokens_revoked: int = 0
    account_closed: bool = False


def _account_still_needed(user: User, employment: Employment) -> bool:
    """Another organisation still holds the person: an active job there, or a team (as a guest)."""
    elsewhere_job = (
        Employment.objects.filter(user=user, is_active=True)
        .exclude(organisation_id=employment.organisation_id)
        .exists()
    )
    elsewhere_team = (
        TeamMembership.objects.filter(user=user)
        .exclude(organisation_id=employment.organisation_id)
        .exists()
    )
    return user.is_superuser or elsewhere_job or elsewhere_team


def _leave_teams(actor: Actor, user: User) -> tuple[list[str], list[str]]:
    memberships = list(
        TeamMembership.objects.filter(organisation=actor.organisation, user=user)
        .select_related("team")
        .order_by("team__name")
    )
    without_lead = []
    for membership in memberships:
        team = membership.team
        if membership.role == TeamMembership.Role.LEAD and not (
            TeamMembership.objects.filter(team=team, role=TeamMembership.Role.LEAD)
            .exclude(user=user)
            .exists()
        ):
            without_lead.append(team.name)
        team_membership_remove(actor=actor, team=team, user=user, check=False, keep_a_lead=False)
    return [membership.team.name for membership in memberships], without_lead


def _drop_roles(actor: Actor, user: User) -> None:
    for assignment in RoleAssignment.objects.filter(organisation=actor.organisation, user=user):
        audit_record(
            action=AuditEvent.Action.ROLE_REVOKED,
            organisation=actor.organisation,
            actor=actor.user,
            target=assignment,
            details={"user": user.pk, "role": assignment.role, "reason": "deactivated"},
        )
        assignment.delete()


@transaction.atomic
def person_deactivate(
    *, actor: Actor, employment: Employment, successor: User | None
) -> Deactivation:
    """Deactivate a person who leaves, for their HR or an IT administrator (NotFound for
    anyone else). `successor` takes over their open work; None only when there is none."""
    if not can_manage_person(actor, employment):
        raise NotFound
    employment = Employment.objects.select_for_update().select_related("user").get(pk=employment.pk)
    user = employment.user
    if user.pk == actor.user.pk:
        raise DomainError(_("You cannot deactivate yourself: ask another HR officer."))
    if not employment.is_active:
        raise DomainError(_("%(name)s is already deactivated.") % {"name": user})
    if successor is not None and successor.pk == user.pk:
        raise DomainError(_("Choose someone else to take over the work."))
    open_work = any(
        departure.left_work(organisation=actor.organisation, user=user)
        for departure in departures()
    )
    if open_work and successor is None:
        raise DomainError(_("Choose the colleague who takes over the open work."))
    moved = sum(
        departure.hand_over(actor=actor, user=user, successor=successor)
        for departure in departures()
    )
    teams_left, without_lead = _leave_teams(actor, user)
    _drop_roles(actor, user)
    employment.is_active = False
    employment.save(update_fields=["is_active", "updated_at"])
    closed = not _account_still_needed(user, employment)
    if closed:
        user.is_active = False
        user.save(update_fields=["is_active"])
    tokens = token_revoke_all(user=user)
    user_sessions_end(user=user)
    audit_record(
        action=AuditEvent.Action.PERSON_DEACTIVATED,
        organisation=actor.organisation,
        actor=actor.user,
        target=employment,
        details={
            "user": user.pk,
            "ente": employment.ente_id,
            "successor": successor.pk if successor is not None else None,
            "work_moved": moved,
            "teams": teams_left,
            "tokens_revoked": tokens,
            "account_closed": closed,
        },
    )
    return Deactivation(moved, teams_left, without_lead, tokens, closed)
