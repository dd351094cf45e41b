"""The invited person's answer to an invitation to join an organisation (decision 0024)."""

from django.db import transaction
from django.utils import timezone

from officina.accounts.models import User
from officina.audit.models import AuditEvent
from officina.audit.services import audit_record
from officina.common.exceptions import NotFound
from officina.organisations.models import (
    Employment,
    OrganisationInvitation,
    TeamMembership,
)

# --- Invitations: the invited person's answer ---------------------------------------------


def _invitation_pending_for_update(*, user: User, invitation_id: int) -> OrganisationInvitation:
    """The person's own pending invitation, locked; NotFound for another's or an answered one."""
    invitation = (
        OrganisationInvitation.objects.select_for_update()
        .select_related("organisation")
        .filter(pk=invitation_id, user=user, accepted_at__isnull=True, declined_at__isnull=True)
        .first()
    )
    if invitation is None:
        raise NotFound
    return invitation


@transaction.atomic
def organisation_invitation_accept(*, user: User, invitation_id: int) -> OrganisationInvitation:
    """The invited person joins: the job and teams the import asked for, as the import would
    have made them (an existing job here keeps what the invitation leaves empty). Audited in the
    organisation joined."""
    invitation = _invitation_pending_for_update(user=user, invitation_id=invitation_id)
    organisation = invitation.organisation
    employment = Employment.objects.filter(organisation=organisation, user=user).first()
    if employment is None:
        employment = Employment(organisation=organisation, user=user)
    elif employment.ente_id != invitation.ente_id:
        employment.org_unit = None
    employment.ente_id = invitation.ente_id
    employment.org_unit_id = invitation.org_unit_id or employment.org_unit_id
    employment.job_title = invitation.job_title or employment.job_title
    employment.is_active = True
    employment.full_clean()
    employment.save()
    team_ids = set(invitation.teams.values_list("pk", flat=True))
    team_ids -= set(
        TeamMembership.objects.filter(organisation=organisation, user=user).values_list(
            "team_id", flat=True
        )
    )
    TeamMembership.objects.bulk_create(
        TeamMembership(
            organisation=organisation, team_id=team_id, user=user, role=TeamMembership.Role.MEMBER
        )
        for team_id in sorted(team_ids)
    )
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at", "updated_at"])
    audit_record(
        action=AuditEvent.Action.INVITATION_ACCEPTED,
        organisation=organisation,
        actor=user,
        target=invitation,
        details={
            "employment": employment.pk,
            "ente": invitation.ente_id,
            "org_unit": invitation.org_unit_id,
            "teams": sorted(team_ids),
            "invited_by": invitation.invited_by_id,
        },
    )
    return invitation


@transaction.atomic
def organisation_invitation_decline(*, user: User, invitation_id: int) -> OrganisationInvitation:
    """The invited person says no: nothing changes for them.

    Audited outside the inviting organisation's log, which cannot tell an invitation from the
    account of a new person (decision 0024).
    """
    invitation = _invitation_pending_for_update(user=user, invitation_id=invitation_id)
    invitation.declined_at = timezone.now()
    invitation.save(update_fields=["declined_at", "updated_at"])
    audit_record(
        action=AuditEvent.Action.INVITATION_DECLINED,
        actor=user,
        details={"invitation": invitation.pk},
    )
    return invitation
