"""Background tasks of the boards app: thin wrappers around services."""

from django.utils import timezone
from django_tasks import task

from officina.boards.history import erase_personal_details, retention_cutoff
from officina.boards.services.recurrences import recurring_cards_create_due
from officina.boards.services.reminders import due_reminders_create


@task()
def history_retention() -> int:
    """Erase who acted and the personal details of events past the retention period (R-37);
    run daily (`officina serve` enqueues it, or `officina history_retention` from cron)."""
    now = timezone.now()
    return erase_personal_details(before=retention_cutoff(now), now=now)


@task()
def due_reminders() -> int:
    """Daily: remind assignees of their open cards due tomorrow or overdue (once a day each)."""
    return due_reminders_create()


@task()
def recurring_cards() -> int:
    """Create the cards of the recurrences due today (idempotent); run daily, like
    `history_retention` (`OFFICINA_DAILY_TASKS`)."""
    return recurring_cards_create_due(today=timezone.localdate())
