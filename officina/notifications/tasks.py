"""Background tasks of the notifications app: thin wrappers around `emails.py`.

A message due in its person's quiet hours is enqueued again to run when they end, where the
backend can defer tasks (the database backend can; the immediate one of the tests cannot, and
then the message simply waits for the next attempt).
"""

import logging
from datetime import datetime

from django_tasks import task
from django_tasks.base import Task

from officina.notifications.emails import (
    digest_email_send,
    digest_people,
    notification_emails_send,
)

logger = logging.getLogger(__name__)


@task()
def notifications_email(*, notification_ids: list[int]) -> int:
    """E-mail at once the notifications whose people chose so, outside their quiet hours."""
    sent, deferred = notification_emails_send(notification_ids=notification_ids)
    for when, ids in deferred.items():
        _enqueue_at(notifications_email, when, notification_ids=ids)
    return sent


@task()
def notification_digests() -> int:
    """Daily: enqueue one digest per person with notifications waiting for it."""
    people = digest_people()
    for user_id in people:
        notification_digest.enqueue(user_id=user_id)
    return len(people)


@task()
def notification_digest(*, user_id: int) -> int:
    """The person's digest now, or at the end of their quiet hours."""
    sent, later = digest_email_send(user_id=user_id)
    if later is not None:
        _enqueue_at(notification_digest, later, user_id=user_id)
    return sent


def _enqueue_at(job: Task, when: datetime, **kwargs: object) -> None:  # type: ignore[type-arg]
    deferred = job.using(run_after=when)
    if not deferred.get_backend().supports_defer:
        logger.info("%s waits for quiet hours to end (%s) and a worker.", job.name, when)
        return
    deferred.enqueue(**kwargs)
