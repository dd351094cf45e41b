"""E-mails about notifications: one at once, or the day's digest; text and HTML parts.

Sent by the tasks in `tasks.py`, outside any request: links start with `OFFICINA_SITE_URL`, the
text is in the person's language (`NotificationPreference.language`), and every e-mail carries a
link, and a List-Unsubscribe header, that stops that kind of e-mail without signing in.
Nothing is sent in the person's quiet hours: the callers get back when to try again.
"""

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from officina.accounts.models import User
from officina.notifications.models import Delivery, Notification, NotificationPreference
from officina.notifications.quiet import quiet_until
from officina.notifications.visibility import hidden_notification_ids

UNSUBSCRIBE_SALT = "officina.notifications.unsubscribe"
# A digest gathers at most this old: a notification its person never wants by e-mail is not
# looked at for ever.
DIGEST_WINDOW = timedelta(days=7)


def preference_for(user: User) -> NotificationPreference:
    """The person's saved choices, or the defaults (unsaved) when they never chose."""
    try:
        return user.notification_preference
    except NotificationPreference.DoesNotExist:
        return NotificationPreference(user=user)


def unsubscribe_token(*, user_id: int, kind: str) -> str:
    """A signed token that stops one kind of e-mail to one person; it does not expire."""
    return signing.dumps({"u": user_id, "k": kind}, salt=UNSUBSCRIBE_SALT)


def unsubscribe_token_read(token: str) -> tuple[int, str] | None:
    """(person id, kind) of a genuine token; None for a tampered or foreign one."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    user_id, kind = data.get("u"), data.get("k")
    if not isinstance(user_id, int) or kind not in Notification.Kind.values:
        return None
    return user_id, kind


def site_url() -> str:
    return str(settings.OFFICINA_SITE_URL).rstrip("/")


def unsubscribe_url(*, user_id: int, kind: str) -> str:
    token = unsubscribe_token(user_id=user_id, kind=kind)
    return site_url() + reverse("notification-unsubscribe", kwargs={"token": token})


def _pending(notification_ids: Iterable[int]) -> list[Notification]:
    """Not yet e-mailed, to active people, about what they may still see."""
    pending = list(
        Notification.objects.filter(pk__in=list(notification_ids), emailed_at__isnull=True)
        .select_related("organisation", "recipient__notification_preference")
        .filter(recipient__is_active=True)
        .order_by("recipient_id", "created_at", "pk")
    )
    hidden = hidden_notification_ids(pending)
    return [notification for notification in pending if notification.pk not in hidden]


def notification_emails_send(
    *, notification_ids: Iterable[int], now: datetime | None = None
) -> tuple[int, dict[datetime, list[int]]]:
    """E-mail at once each notification whose person chose "at once" for its kind.

    Returns how many e-mails went out, and the notifications that must wait for the end of
    their person's quiet hours, by when they may go."""
    now = now or timezone.now()
    by_person: dict[int, list[Notification]] = defaultdict(list)
    for notification in _pending(notification_ids):
        by_person[notification.recipient_id].append(notification)
    messages: list[EmailMultiAlternatives] = []
    sent_ids: list[int] = []
    deferred: dict[datetime, list[int]] = defaultdict(list)
    for notifications in by_person.values():
        person = notifications[0].recipient
        preference = preference_for(person)
        wanted = [n for n in notifications if preference.delivery(n.kind) == Delivery.IMMEDIATE]
        if not wanted:
            continue
        later = quiet_until(preference, now)
        if later is not None:
            deferred[later].extend(n.pk for n in wanted)
            continue
        for notification in wanted:
            messages.append(_notification_message(person, preference, notification))
            sent_ids.append(notification.pk)
    sent = _send_and_mark(messages, sent_ids, now)
    return sent, dict(deferred)


def digest_people(*, now: datetime | None = None) -> list[int]:
    """The people with notifications waiting for a digest (any kind they chose "digest")."""
    now = now or timezone.now()
    waiting = (
        Notification.objects.filter(
            emailed_at__isnull=True,
            recipient__is_active=True,
            created_at__gte=now - DIGEST_WINDOW,
        )
        .values_list("recipient_id", "kind")
        .distinct()
        .order_by()
    )
    people: dict[int, set[str]] = defaultdict(set)
    for user_id, kind in waiting:
        people[user_id].add(kind)
    preferences = {
        preference.user_id: preference
        for preference in NotificationPreference.objects.filter(user_id__in=list(people))
    }
    return sorted(
        user_id
        for user_id, kinds in people.items()
        if any(
            preferences.get(user_id, NotificationPreference()).delivery(kind) == Delivery.DIGEST
            for kind in kinds
        )
    )


def digest_email_send(*, user_id: int, now: datetime | None = None) -> tuple[int, datetime | None]:
    """One e-mail with the person's notifications of their "digest" kinds not yet e-mailed.

    Returns how many e-mails went out (0 or 1) and, in quiet hours, when to try again."""
    now = now or timezone.now()
    person = User.objects.filter(pk=user_id, is_active=True).first()
    if person is None:
        return 0, None
    preference = preference_for(person)
    kinds = [
        kind for kind in Notification.Kind.values if preference.delivery(kind) == Delivery.DIGEST
    ]
    notifications = list(
        Notification.objects.filter(
            recipient=person,
            kind__in=kinds,
            emailed_at__isnull=True,
            created_at__gte=now - DIGEST_WINDOW,
        )
        .select_related("organisation", "actor")
        .order_by("organisation__name", "created_at", "pk")
    )
    hidden = hidden_notification_ids(notifications)
    notifications = [n for n in notifications if n.pk not in hidden]
    if not notifications:
        return 0, None
    later = quiet_until(preference, now)
    if later is not None:
        return 0, later
    message = _digest_message(person, preference, notifications)
    return _send_and_mark([message], [n.pk for n in notifications], now), None


def _notification_message(
    person: User, preference: NotificationPreference, notification: Notification
) -> EmailMultiAlternatives:
    base = site_url()
    context = {
        "person": person,
        "notification": notification,
        "organisation": notification.organisation,
        "link": base + notification.url if notification.url.startswith("/") else base + "/",
        "unsubscribe_url": unsubscribe_url(user_id=person.pk, kind=notification.kind),
        "preferences_url": base
        + reverse("notifications:preferences", kwargs={"org_slug": notification.organisation.slug}),
    }
    return _message(
        "notifications/email/notification", person, preference, context, notification.kind
    )


def _digest_message(
    person: User, preference: NotificationPreference, notifications: list[Notification]
) -> EmailMultiAlternatives:
    base = site_url()
    kinds = sorted({n.kind for n in notifications})
    organisation = notifications[0].organisation
    with translation.override(preference.language):
        kind_names = {kind: str(Notification.Kind(kind).label) for kind in kinds}
    context = {
        "person": person,
        "notifications": [
            (n, base + n.url if n.url.startswith("/") else "") for n in notifications
        ],
        "count": len(notifications),
        "unsubscribe_links": [
            (kind_names[kind], unsubscribe_url(user_id=person.pk, kind=kind)) for kind in kinds
        ],
        "preferences_url": base
        + reverse("notifications:preferences", kwargs={"org_slug": organisation.slug}),
    }
    # The header can name one kind only: the digest's first; the body links every kind.
    return _message("notifications/email/digest", person, preference, context, kinds[0])


def _message(
    template: str,
    person: User,
    preference: NotificationPreference,
    context: dict[str, object],
    header_kind: str,
) -> EmailMultiAlternatives:
    with translation.override(preference.language):
        subject = render_to_string(f"{template}_subject.txt", context)
        text = render_to_string(f"{template}_message.txt", context)
        html = render_to_string(f"{template}_message.html", context)
    header_url = unsubscribe_url(user_id=person.pk, kind=header_kind)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=text,
        to=[person.email],
        headers={
            "List-Unsubscribe": f"<{header_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(html, "text/html")
    return message


def _send_and_mark(messages: list[EmailMultiAlternatives], ids: list[int], now: datetime) -> int:
    """Send, then mark as e-mailed; a failure to send leaves them for the next attempt."""
    if not messages:
        return 0
    with get_connection() as connection:
        sent: int = connection.send_messages(messages)
    with transaction.atomic():
        Notification.objects.filter(pk__in=ids, emailed_at__isnull=True).update(emailed_at=now)
    return sent
