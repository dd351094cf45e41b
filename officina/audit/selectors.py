"""Reads of the audit log, scoped to the actor's organisation."""

from django.db.models import Q, QuerySet

from officina.audit.models import AuditEvent
from officina.common.exceptions import NotFound
from officina.organisations.actor import Actor
from officina.organisations.models import Employment
from officina.organisations.permissions import can_read_audit


def audit_event_list_for_actor(*, actor: Actor) -> QuerySet[AuditEvent]:
    """Events of the organisation, plus sign-in events of its people (recorded before a tenant
    is known). NotFound for anyone who may not read the log."""
    if not can_read_audit(actor):
        raise NotFound
    people = Employment.objects.filter(organisation=actor.organisation)
    return (
        AuditEvent.objects.filter(
            Q(organisation=actor.organisation)
            | Q(organisation__isnull=True, actor__in=people.values("user"))
            | Q(
                organisation__isnull=True,
                actor__isnull=True,
                actor_label__in=people.values("user__email"),
            )
        )
        .select_related("actor")
        .order_by("-created_at", "-pk")
    )
