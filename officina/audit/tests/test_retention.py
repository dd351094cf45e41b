"""Audit events are kept for OFFICINA_AUDIT_RETENTION_DAYS, then purged."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from officina.audit.models import AuditEvent
from officina.audit.services import audit_purge_expired

pytestmark = pytest.mark.django_db


def _event_aged(days: int) -> AuditEvent:
    event = AuditEvent.objects.create(action=AuditEvent.Action.LOGIN_SUCCEEDED)
    AuditEvent.objects.filter(pk=event.pk).update(created_at=timezone.now() - timedelta(days=days))
    return event


def test_purge_deletes_events_older_than_the_retention_and_keeps_recent_ones(settings):
    # given
    settings.OFFICINA_AUDIT_RETENTION_DAYS = 30
    old = _event_aged(31)
    recent = _event_aged(29)
    # when
    deleted = audit_purge_expired()
    # then
    assert deleted == 1
    assert list(AuditEvent.objects.all()) == [recent]
    assert not AuditEvent.objects.filter(pk=old.pk).exists()


def test_purge_command_uses_the_retention_setting(settings, capsys):
    settings.OFFICINA_AUDIT_RETENTION_DAYS = 400
    kept = _event_aged(365)
    _event_aged(401)

    call_command("audit_purge")

    assert list(AuditEvent.objects.all()) == [kept]
    assert "Deleted 1 audit events older than 400 days." in capsys.readouterr().out
