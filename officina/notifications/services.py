"""Writes of the notifications app."""

from collections.abc import Iterable
from functools import partial

from django.db import transaction
from django.utils import timezone

from officina.accounts.models import User
from officina.notifications.models import Delivery, Notification, NotificationPreference
from officina.notifications.tasks import notifications_email
from officina.organisations.models import Organisation


def notification_create_many(
    *,
    organisation: Organisation,
    recipients: Iterable[User],
    actor: User | None,
    kind: str,
    title: str,
    url: str,
    about: str = "",
) -> list[Notification]:
    """One notification per recipient, e-mailed as each chose; nobody is notified of their
    own action. `about` names the subject ("card:12") for the check before e-mailing."""
    created = Notification.objects.bulk_create(
        Notification(
            organisation=organisation,
            recipient=recipient,
            actor=actor,
            kind=kind,
            title=title[:250],
            url=url[:300],
            about=about,
        )
        for recipient in recipients
        if actor is None or recipient.pk != actor.pk
    )
    notifications_email_on_commit(created)
    return created


def notifications_email_on_commit(notifications: Iterable[Notification]) -> None:
    """After the commit, e-mail those of the notifications their people want at once (the
    task reads each person's preferences; the others wait for the digest, or never go)."""
    ids = [notification.pk for notification in notifications]
    if ids:
        transaction.on_commit(partial(notifications_email.enqueue, notification_ids=ids))


@transaction.atomic
def notification_preference_save(
    *, user: User, values: dict[str, object]
) -> NotificationPreference:
    """Save the person's e-mail choices (fields of NotificationPreference, validated)."""
    preference, _created = NotificationPreference.objects.get_or_create(user=user)
    for field, value in values.items():
        setattr(preference, field, value)
    preference.full_clean()
    preference.save()
    return preference


@transaction.atomic
def notification_unsubscribe(*, user_id: int, kind: str) -> bool:
    """Stop e-mails of one kind to the person (from the link in an e-mail); whether a person
    was found."""
    user = User.objects.filter(pk=user_id).first()
    if user is None:
        return False
    preference, _created = NotificationPreference.objects.get_or_create(user=user)
    setattr(preference, kind, Delivery.NEVER)
    preference.save(update_fields=[kind, "updated_at"])
    return True


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
