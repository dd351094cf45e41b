"""`officina history_retention`: erase personal details from card and board events past the
retention period, keeping what flow metrics need (R-37)."""

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from officina.boards.history import erase_personal_details, retention_cutoff, retention_days


class Command(BaseCommand):
    help = (
        "Erase who acted and personal details from board history older than "
        "OFFICINA_HISTORY_RETENTION_DAYS (run it daily; `officina serve` does)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        changed = erase_personal_details(before=retention_cutoff(now), now=now)
        self.stdout.write(
            f"Erased the personal details of {changed} events older than {retention_days()} days."
        )
