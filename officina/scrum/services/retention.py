"""Retention of the sprints' ledger (R-37): past the history's retention period, a sprint event
no longer says who made the change; what changed, when and by how many points stays, since the
sprint report and velocity are computed from it. Its `data` names nobody."""

from datetime import datetime

from officina.scrum.models import SprintEvent


def sprint_events_erase_actors(*, before: datetime, now: datetime) -> int:
    """Forget who made the sprint changes older than `before`; the number of events changed.
    Idempotent."""
    return SprintEvent.objects.filter(
        occurred_at__lt=before, redacted_at__isnull=True
    ).erase_personal_details(actor=None, redacted_at=now)
