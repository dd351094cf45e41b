"""Background tasks of the Scrum app: thin wrappers around services."""

from django.utils import timezone
from django_tasks import task

from officina.boards.history import retention_cutoff
from officina.scrum.services.retention import sprint_events_erase_actors


@task()
def sprint_history_retention() -> int:
    """Daily, with the boards' history retention: sprint events past the retention period
    forget who made them (R-37)."""
    now = timezone.now()
    return sprint_events_erase_actors(before=retention_cutoff(now), now=now)
