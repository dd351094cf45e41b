"""Writing and purging audit events."""

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import models
from django.http import HttpRequest
from django.utils import timezone

from officina.accounts.client_address import client_address
from officina.accounts.models import User
from officina.audit.models import AuditEvent
from officina.organisations.models import Organisation


def audit_record(
    *,
    action: str,
    organisation: Organisation | None = None,
    actor: User | None = None,
    actor_label: str = "",
    target: models.Model | None = None,
    request: HttpRequest | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event. The caller's transaction decides whether it is kept."""
    return AuditEvent.objects.create(
        action=action,
        organisation=organisation,
        actor=actor,
        actor_label=actor_label or (actor.email if actor else ""),
        target_type=target._meta.label if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_label=str(target)[:300] if target is not None else "",
        ip_address=client_address(request) if request is not None else None,
        details=details or {},
    )


def audit_purge_expired(*, now: Any = None) -> int:
    """Delete events older than OFFICINA_AUDIT_RETENTION_DAYS; return how many went."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.OFFICINA_AUDIT_RETENTION_DAYS)
    deleted, _ = AuditEvent.objects.filter(created_at__lt=cutoff).delete()
    return deleted
