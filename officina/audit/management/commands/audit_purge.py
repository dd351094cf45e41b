"""`officina audit_purge`: delete audit events older than the retention period."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from officina.audit.services import audit_purge_expired


class Command(BaseCommand):
    help = "Delete audit events older than OFFICINA_AUDIT_RETENTION_DAYS (run it daily)."

    def handle(self, *args: Any, **options: Any) -> None:
        deleted = audit_purge_expired()
        days = settings.OFFICINA_AUDIT_RETENTION_DAYS
        self.stdout.write(f"Deleted {deleted} audit events older than {days} days.")
