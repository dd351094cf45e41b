"""Importing people from a file: new accounts, updated employments, memberships, and
invitations to the people whose account this organisation does not answer for (decision 0024)."""

from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial

from django.contrib.auth.hashers import make_password
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from officina.accounts.models import User
from officina.audit.models import AuditEvent
from officina.audit.services import audit_record
from officina.organisations.actor import Actor
from officina.organisations.models import (
    Employment,
    OrganisationInvitation,
    TeamMembership,
)
from officina.organisations.people_files import ImportRow
from officina.organisations.people_import import STATUS_NEW, RowResult, people_import_validate
from officina.organisations.permissions import can_manage_people
from officina.organisations.tasks import invitations_send, people_welcome_send


class PeopleImportError(Exception):
    """Some rows are not valid (any more): nothing was imported. `results` says which."""

    def __init__(self, results: list[RowResult]) -> None:
        super().__init__(f"{sum(1 for r in results if r.errors)} rows are not valid")
        self.results = results


@dataclass(frozen=True)
class PeopleImportSummary:
    created: int
    updated: int
    memberships_added: int


@transaction.atomic
def people_import_apply(
    *, actor: Actor, rows: Sequence[ImportRow], site_url: str, file_name: str = ""
) -> PeopleImportSummary:
    """Import every row (new people, updated employees, team memberships) or none of them.

    The rows are checked again here, inside the transaction, against the current data: a team
    deleted or a right taken away since the preview raises PeopleImportError and nothing is
    written. New people get an unusable password and, after the commit, an e-mail with a link
    to choose one (`site_url` is the address the links start with). For people already employed
    here, empty cells keep the current unit and job title, and teams are added to the ones they
    already have. An existing account this organisation does not answer for is never linked:
    its owner is invited instead (and e-mailed), and the import reports the row, in the summary
    and in the audit log, as it reports a new person (decision 0024).
    """
    if not can_manage_people(actor):
        raise PermissionDenied
    results = people_import_validate(actor=actor, rows=rows)
    if any(result.errors for result in results):
        raise PeopleImportError(results)
    new = [r for r in results if r.status == STATUS_NEW]
    updated = [r for r in results if r.status != STATUS_NEW]
    invited = [r for r in new if r.invitee_id is not None]
    written = [r for r in results if r.invitee_id is None]
    user_ids, created_user_ids = _people_import_users(written)
    Employment.objects.bulk_create(
        Employment(
            organisation=actor.organisation,
            user_id=user_ids[r.row["email"]],
            ente_id=r.ente.id,
            org_unit_id=r.unit.id if r.unit else None,
            job_title=r.row["job_title"],
        )
        for r in new
        if r.ente is not None and r.invitee_id is None
    )
    _people_import_update_employments(actor, updated)
    memberships_added = _people_import_memberships(actor, written, user_ids)
    invitation_ids = _people_import_invite(actor, invited)
    # Teams an invitation asks for count as they would for a new person: the organisation
    # must not tell the two apart.
    memberships_added += sum(len(r.teams) for r in invited)
    audit_record(
        action=AuditEvent.Action.PEOPLE_IMPORTED,
        organisation=actor.organisation,
        actor=actor.user,
        details={
            "file": file_name[:200],
            "rows": len(results),
            "created": len(new),
            "updated": len(updated),
            "memberships_added": memberships_added,
            "enti": sorted({r.ente.id for r in results if r.ente}),
        },
    )
    _people_import_send_emails(actor, created_user_ids, invitation_ids, site_url)
    return PeopleImportSummary(
        created=len(new), updated=len(updated), memberships_added=memberships_added
    )


def _people_import_users(results: list[RowResult]) -> tuple[dict[str, int], list[int]]:
    """Create the accounts that do not exist yet; return every row's user id by e-mail, and the
    ids of the accounts created."""
    user_ids = {r.row["email"]: r.user_id for r in results if r.user_id is not None}
    created = User.objects.bulk_create(
        User(
            email=r.row["email"],
            first_name=r.row["first_name"],
            last_name=r.row["last_name"],
            password=make_password(None),
        )
        for r in results
        if r.user_id is None
    )
    emails = [user.email for user in created]
    if any(user.pk is None for user in created):  # databases that return no ids on bulk insert
        user_ids.update(User.objects.filter(email__in=emails).values_list("email", "pk"))
    else:
        user_ids.update((user.email, user.pk) for user in created)
    return user_ids, [user_ids[email] for email in emails]


def _people_import_update_employments(actor: Actor, results: list[RowResult]) -> None:
    """Empty cells keep the current unit and job title (the unit only if the ente stays)."""
    now = timezone.now()
    employments = [
        Employment(
            pk=r.employment.id,
            organisation=actor.organisation,
            user_id=r.employment.user_id,
            ente_id=r.ente.id,
            org_unit_id=r.unit.id
            if r.unit
            else (r.employment.org_unit_id if r.ente.id == r.employment.ente_id else None),
            job_title=r.row["job_title"] or r.employment.job_title,
            is_active=True,
            updated_at=now,
        )
        for r in results
        if r.employment is not None and r.ente is not None
    ]
    if employments:
        Employment.objects.bulk_update(
            employments, ["ente", "org_unit", "job_title", "is_active", "updated_at"]
        )


def _people_import_memberships(
    actor: Actor, results: list[RowResult], user_ids: dict[str, int]
) -> int:
    """Add every row's person to their teams as a member; existing memberships stay as they are."""
    wanted = {(team_id, user_ids[r.row["email"]]) for r in results for team_id, _name in r.teams}
    if not wanted:
        return 0
    existing = set(
        TeamMembership.objects.filter(
            organisation=actor.organisation, team_id__in={team_id for team_id, _ in wanted}
        ).values_list("team_id", "user_id")
    )
    added = TeamMembership.objects.bulk_create(
        TeamMembership(
            organisation=actor.organisation,
            team_id=team_id,
            user_id=user_id,
            role=TeamMembership.Role.MEMBER,
        )
        for team_id, user_id in sorted(wanted - existing)
    )
    return len(added)


def _people_import_invite(actor: Actor, results: list[RowResult]) -> list[int]:
    """Invite the owners of accounts found elsewhere to the job and teams of their row.

    A pending invitation of the same person is brought up to date instead (teams are added), and
    nobody is e-mailed twice for it. Returns the ids of the new invitations.
    """
    if not results:
        return []
    organisation = actor.organisation
    pending = OrganisationInvitation.objects.filter(
        organisation=organisation, accepted_at__isnull=True, declined_at__isnull=True
    )
    by_user = {i.user_id: i for i in pending.filter(user_id__in=[r.invitee_id for r in results])}
    now = timezone.now()
    fresh, refreshed = [], []
    for r in results:
        if r.ente is None or r.invitee_id is None:  # never: the rows are valid invitees'
            continue
        invitation = by_user.get(r.invitee_id)
        if invitation is None:
            invitation = OrganisationInvitation(organisation=organisation, user_id=r.invitee_id)
            fresh.append(invitation)
        else:
            refreshed.append(invitation)
        invitation.ente_id = r.ente.id
        invitation.org_unit_id = r.unit.id if r.unit else None
        invitation.job_title = r.row["job_title"]
        invitation.invited_by = actor.user
        invitation.updated_at = now
    OrganisationInvitation.objects.bulk_create(fresh)
    OrganisationInvitation.objects.bulk_update(
        refreshed, ["ente", "org_unit", "job_title", "invited_by", "updated_at"]
    )
    # Read back rather than trust bulk_create to return ids: not every database does.
    invitee_ids = [r.invitee_id for r in results if r.invitee_id is not None]
    ids = dict(pending.filter(user_id__in=invitee_ids).values_list("user_id", "pk"))
    through = OrganisationInvitation.teams.through
    through.objects.bulk_create(
        (
            through(organisationinvitation_id=ids[r.invitee_id], team_id=team_id)
            for r in results
            if r.invitee_id is not None
            for team_id, _name in r.teams
        ),
        ignore_conflicts=True,
    )
    fresh_users = {invitation.user_id for invitation in fresh}
    return sorted(pk for user_id, pk in ids.items() if user_id in fresh_users)


def _people_import_send_emails(
    actor: Actor, user_ids: list[int], invitation_ids: list[int], site_url: str
) -> None:
    """After the commit: a welcome to the new accounts, an invitation to the invited people."""
    if user_ids:
        transaction.on_commit(
            partial(
                people_welcome_send.enqueue,
                user_ids=user_ids,
                organisation_id=actor.organisation.pk,
                site_url=site_url,
            )
        )
    if invitation_ids:
        transaction.on_commit(
            partial(invitations_send.enqueue, invitation_ids=invitation_ids, site_url=site_url)
        )
