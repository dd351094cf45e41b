"""Writes of the notifications app."""

from collections.abc import Iterable

from django.utils import timezone

from officina.accounts.models import User
from officina.notifications.models import Notification
from officina.organisations.models import Organisation


def notification_create_many(
    *,
    organisation: Organisation,
    recipients: Iterable[User],
    actor: User | None,
    kind: str,
    title: str,
    url: str,
) -> list[Notification]:
    """One in-app notification per recipient; nobody is notified of their own action."""
    return Notification.objects.bulk_create(
        Notification(
            organisation=organisation,
            recipient=recipient,
            actor=actor,
            kind=kind,
            title=title[:250],
            url=url[:300],
        )
        for recipient in recipients
        if actor is None or recipient.pk != actor.pk
    )


def notification_mark_read(
    *, organisation: Organisation, recipient: User, notification_ids: Iterable[int] | None = None
) -> int:
    """Mark the recipient's notifications read (all of them when no ids are given)."""
    unread = Notification.objects.filter(
        organisation=organisation, recipient=recipient, read_at__isnull=True
    )
    if notification_ids is not None:
        unread = unread.filter(pk__in=list(notification_ids))
    return unread.update(read_at=timezone.now())
