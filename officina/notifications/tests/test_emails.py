"""E-mail of notifications: each person's choices, language, quiet hours, unsubscribe links."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task_backends
from django_tasks.backends.dummy import DummyBackend

from officina.accounts.models import User
from officina.notifications.emails import (
    digest_email_send,
    digest_people,
    notification_emails_send,
    unsubscribe_token,
    unsubscribe_token_read,
)
from officina.notifications.models import Delivery, Notification, NotificationPreference
from officina.notifications.quiet import quiet_until
from officina.notifications.services import notification_create_many
from officina.notifications.tasks import notification_digests, notifications_email
from officina.organisations.models import Organisation

pytestmark = pytest.mark.django_db

ROME = ZoneInfo("Europe/Rome")
Kind = Notification.Kind
DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def _at(day: int, hour: int, minute: int = 0) -> datetime:
    """A moment of the week of Monday 7 December 2026, Rome time."""
    return datetime(2026, 12, day, hour, minute, tzinfo=ROME)


def _notify(
    organisation: Organisation, person: User, kind: str = Kind.MENTION, **fields
) -> Notification:
    return Notification.objects.create(
        organisation=organisation,
        recipient=person,
        kind=kind,
        title=fields.pop("title", "Marco Bertolini ti ha menzionato su #12 Graduatoria nidi"),
        url=fields.pop("url", f"/o/{organisation.slug}/boards/1/cards/12/"),
        **fields,
    )


def _prefer(person: User, **choices) -> NotificationPreference:
    preference, _ = NotificationPreference.objects.update_or_create(user=person, defaults=choices)
    return preference


@pytest.fixture
def giulia(make_employee) -> User:
    person: User = make_employee(
        first_name="Giulia", last_name="Ferrari", email="giulia@scandiano.it"
    )
    return person


# --- Choices: at once, digest, never -----------------------------------------------------------


def test_defaults_mentions_and_assignments_at_once_the_rest_in_the_digest(giulia):
    preference = NotificationPreference(user=giulia)
    assert preference.delivery(Kind.MENTION) == Delivery.IMMEDIATE
    assert preference.delivery(Kind.ASSIGNED) == Delivery.IMMEDIATE
    assert preference.delivery(Kind.WATCHED) == Delivery.DIGEST
    assert preference.delivery(Kind.DUE_SOON) == Delivery.DIGEST
    assert preference.delivery(Kind.OVERDUE) == Delivery.DIGEST
    assert preference.language == "it"


@pytest.mark.parametrize(
    ("choice", "at_once", "in_digest"),
    [(Delivery.IMMEDIATE, 1, 0), (Delivery.DIGEST, 0, 1), (Delivery.NEVER, 0, 0)],
)
def test_each_choice_decides_how_a_kind_is_emailed(
    organisation, giulia, choice, at_once, in_digest
):
    _prefer(giulia, watched=choice)
    notification = _notify(organisation, giulia, Kind.WATCHED, title="#12 spostata in Fatto")

    sent, deferred = notification_emails_send(notification_ids=[notification.pk], now=_at(7, 11))
    assert (sent, deferred) == (at_once, {})
    assert digest_people(now=_at(7, 12)) == ([giulia.pk] if in_digest else [])
    digest_sent, _later = digest_email_send(user_id=giulia.pk, now=_at(7, 12))
    assert digest_sent == in_digest
    assert len(mail.outbox) == at_once + in_digest
    notification.refresh_from_db()
    assert (notification.emailed_at is not None) == bool(at_once or in_digest)


def test_nothing_is_emailed_twice(organisation, giulia):
    notification = _notify(organisation, giulia)
    assert notification_emails_send(notification_ids=[notification.pk], now=_at(7, 11))[0] == 1
    assert notification_emails_send(notification_ids=[notification.pk], now=_at(7, 11))[0] == 0
    assert digest_email_send(user_id=giulia.pk, now=_at(7, 12)) == (0, None)
    assert len(mail.outbox) == 1


def test_created_notifications_are_emailed_after_the_commit(
    organisation, giulia, make_employee, django_capture_on_commit_callbacks
):
    marco = make_employee(first_name="Marco", last_name="Bertolini")
    with django_capture_on_commit_callbacks(execute=True):
        notification_create_many(
            organisation=organisation,
            recipients=[giulia, marco],
            actor=marco,
            kind=Kind.MENTION,
            title="Marco Bertolini ti ha menzionato su #12 Graduatoria nidi",
            url=f"/o/{organisation.slug}/boards/1/cards/12/",
        )
    assert [message.to for message in mail.outbox] == [["giulia@scandiano.it"]], "not the author"


def test_the_digest_is_one_email_with_every_waiting_notification(organisation, giulia):
    _notify(organisation, giulia, Kind.WATCHED, title="#12 spostata in Fatto")
    _notify(organisation, giulia, Kind.OVERDUE, title="#14 Bando mense è scaduta")
    _notify(organisation, giulia, Kind.MENTION, title="Menzione già mandata a parte")

    assert notification_digests.call() == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert "#12 spostata in Fatto" in message.body
    assert "#14 Bando mense è scaduta" in message.body
    assert "Menzione già mandata a parte" not in message.body, "mentions go at once"
    assert notification_digests.call() == 0, "nothing left for a second digest"


# --- Language, parts, links --------------------------------------------------------------------


@pytest.mark.parametrize("language", ["it", "en"])
def test_the_email_speaks_the_persons_language_in_text_and_html(organisation, giulia, language):
    _prefer(giulia, language=language)
    notification = _notify(organisation, giulia)
    with translation.override("it" if language == "en" else "en"):  # not the request's language
        notification_emails_send(notification_ids=[notification.pk], now=_at(7, 11))

    message = mail.outbox[0]
    assert isinstance(message, EmailMultiAlternatives)
    with translation.override(language):
        hello = translation.gettext("Hello %(name)s,") % {"name": "Giulia"}
        kind = str(Kind.MENTION.label)
    assert message.subject == "[Officina] Marco Bertolini ti ha menzionato su #12 Graduatoria nidi"
    assert message.body.startswith(hello)
    assert kind in message.body
    html, mimetype = message.alternatives[0]
    assert isinstance(html, str)
    assert mimetype == "text/html"
    assert f'<html lang="{language}">' in html
    assert hello in html
    link = f"http://localhost:8000/o/{organisation.slug}/boards/1/cards/12/"
    assert link in message.body
    assert f'href="{link}"' in html


def test_italian_and_english_emails_differ(organisation, giulia, make_employee):
    john = make_employee(first_name="John", last_name="Smith", email="john@scandiano.it")
    _prefer(john, language="en")
    ids = [_notify(organisation, giulia).pk, _notify(organisation, john).pk]
    notification_emails_send(notification_ids=ids, now=_at(7, 11))
    by_person = {message.to[0]: message for message in mail.outbox}
    assert by_person["john@scandiano.it"].body.startswith("Hello John,")
    assert not by_person["giulia@scandiano.it"].body.startswith("Hello")


def test_each_email_has_an_absolute_unsubscribe_link_and_header_for_its_kind(organisation, giulia):
    notification = _notify(organisation, giulia, Kind.ASSIGNED)
    notification_emails_send(notification_ids=[notification.pk], now=_at(7, 11))
    message = mail.outbox[0]
    header = message.extra_headers["List-Unsubscribe"]
    assert header.startswith("<http://localhost:8000/notifications/unsubscribe/")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = header.strip("<>")
    assert url in message.body
    token = url.rstrip("/").rsplit("/", 1)[1]
    assert unsubscribe_token_read(token) == (giulia.pk, Kind.ASSIGNED)


# --- Unsubscribe without signing in ------------------------------------------------------------


def _unsubscribe_url(token: str) -> str:
    return reverse("notification-unsubscribe", kwargs={"token": token})


def test_unsubscribe_link_asks_then_stops_that_kind_only(giulia):
    url = _unsubscribe_url(unsubscribe_token(user_id=giulia.pk, kind=Kind.MENTION))
    client = Client(enforce_csrf_checks=True)  # a mail program posts with no page and no cookie

    page = client.get(url)
    assert page.status_code == 200
    assert b'<form method="post"' in page.content
    assert not NotificationPreference.objects.filter(user=giulia).exists(), "GET changes nothing"

    done = client.post(url)
    assert done.status_code == 200
    preference = NotificationPreference.objects.get(user=giulia)
    assert preference.mention == Delivery.NEVER
    assert preference.assigned == Delivery.IMMEDIATE, "other kinds unchanged"


def test_a_tampered_or_foreign_token_does_nothing(giulia, make_employee):
    other = make_employee()
    token = unsubscribe_token(user_id=giulia.pk, kind=Kind.MENTION)
    forged = token.replace(
        token.split(":")[0], unsubscribe_token(user_id=other.pk, kind=Kind.MENTION).split(":")[0]
    )
    for bad in [token[:-2] + "xx", forged, "nonsense", token + "a"]:
        assert unsubscribe_token_read(bad) is None
        assert Client().post(_unsubscribe_url(bad)).status_code == 404
    assert not NotificationPreference.objects.exists()


def test_a_token_is_per_kind(giulia):
    for kind in Kind.values:
        assert unsubscribe_token_read(unsubscribe_token(user_id=giulia.pk, kind=kind)) == (
            giulia.pk,
            kind,
        )
    Client().post(_unsubscribe_url(unsubscribe_token(user_id=giulia.pk, kind=Kind.OVERDUE)))
    preference = NotificationPreference.objects.get(user=giulia)
    assert [preference.delivery(kind) for kind in Kind.values] == [
        Delivery.IMMEDIATE,
        Delivery.IMMEDIATE,
        Delivery.DIGEST,
        Delivery.DIGEST,
        Delivery.NEVER,
    ]


# --- Quiet hours -------------------------------------------------------------------------------


def _quiet(start: str | None, end: str | None, weekends: bool = False) -> NotificationPreference:
    return NotificationPreference(
        quiet_start=time.fromisoformat(start) if start else None,
        quiet_end=time.fromisoformat(end) if end else None,
        quiet_weekends=weekends,
    )


@pytest.mark.parametrize(
    ("moment", "until"),
    [
        (_at(7, 18, 59), None),
        (_at(7, 19, 0), _at(8, 8)),  # Monday evening: until Tuesday morning
        (_at(7, 23, 30), _at(8, 8)),
        (_at(8, 0, 30), _at(8, 8)),  # after midnight: until this morning
        (_at(8, 7, 59), _at(8, 8)),
        (_at(8, 8, 0), None),
        (_at(8, 12, 0), None),
    ],
)
def test_quiet_hours_across_midnight(moment, until):
    assert quiet_until(_quiet("19:00", "08:00"), moment) == until


def test_quiet_hours_within_a_day():
    lunch = _quiet("13:00", "14:30")
    assert quiet_until(lunch, _at(7, 13, 10)) == _at(7, 14, 30)
    assert quiet_until(lunch, _at(7, 14, 30)) is None
    assert quiet_until(lunch, _at(7, 12, 59)) is None


def test_quiet_weekends_chain_with_the_nights():
    preference = _quiet("19:00", "08:00", weekends=True)
    # Friday 11 December 20:00: the night, the weekend, then Monday's early hours
    assert quiet_until(preference, _at(11, 20)) == _at(14, 8)
    assert quiet_until(preference, _at(12, 12)) == _at(14, 8)
    assert quiet_until(_quiet(None, None, weekends=True), _at(13, 12)) == _at(14, 0)
    assert quiet_until(_quiet(None, None), _at(13, 12)) is None


@override_settings(TASKS=DUMMY_TASKS)
def test_an_email_due_in_quiet_hours_waits_for_their_end(organisation, giulia, monkeypatch):
    _prefer(giulia, quiet_start=time(19), quiet_end=time(8))
    notification = _notify(organisation, giulia)
    evening = _at(7, 21)

    sent, deferred = notification_emails_send(notification_ids=[notification.pk], now=evening)
    assert (sent, deferred) == (0, {_at(8, 8): [notification.pk]})
    assert mail.outbox == []

    backend = task_backends["default"]
    assert isinstance(backend, DummyBackend)
    backend.clear()
    monkeypatch.setattr(timezone, "now", lambda: evening)
    notifications_email.call(notification_ids=[notification.pk])
    (waiting,) = backend.results
    assert waiting.task.run_after == _at(8, 8)
    assert waiting.kwargs == {"notification_ids": [notification.pk]}

    assert notification_emails_send(notification_ids=[notification.pk], now=_at(8, 8))[0] == 1


def test_the_digest_waits_for_quiet_hours_too(organisation, giulia):
    _prefer(giulia, quiet_start=time(19), quiet_end=time(8))
    _notify(organisation, giulia, Kind.WATCHED)
    assert digest_email_send(user_id=giulia.pk, now=_at(7, 22)) == (0, _at(8, 8))
    assert digest_email_send(user_id=giulia.pk, now=_at(8, 9)) == (1, None)


# --- The preferences page ----------------------------------------------------------------------


def _preferences_url(organisation: Organisation) -> str:
    return reverse("notifications:preferences", args=[organisation.slug])


def test_preferences_page_saves_every_choice(organisation, giulia):
    client = Client()
    client.force_login(giulia)
    page = client.get(_preferences_url(organisation))
    assert page.status_code == 200
    assert page.content.decode().count("<fieldset") == len(Kind.values)

    response = client.post(
        _preferences_url(organisation),
        {
            "language": "en",
            "mention": Delivery.DIGEST,
            "assigned": Delivery.NEVER,
            "watched": Delivery.IMMEDIATE,
            "due_soon": Delivery.NEVER,
            "overdue": Delivery.IMMEDIATE,
            "quiet_start": "19:00",
            "quiet_end": "08:00",
            "quiet_weekends": "on",
        },
    )
    assert response.status_code == 302
    preference = NotificationPreference.objects.get(user=giulia)
    assert (preference.language, preference.mention, preference.assigned) == (
        "en",
        "digest",
        "never",
    )
    assert (preference.watched, preference.due_soon, preference.overdue) == (
        "immediate",
        "never",
        "immediate",
    )
    assert (preference.quiet_start, preference.quiet_end, preference.quiet_weekends) == (
        time(19),
        time(8),
        True,
    )


def test_preferences_page_refuses_half_quiet_hours(organisation, giulia):
    client = Client()
    client.force_login(giulia)
    data = dict.fromkeys(Kind.values, Delivery.DIGEST) | {
        "language": "it",
        "quiet_start": "19:00",
    }
    response = client.post(_preferences_url(organisation), data)
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
    assert not NotificationPreference.objects.exists()


def test_preferences_are_linked_from_the_notification_centre(organisation, giulia):
    client = Client()
    client.force_login(giulia)
    page = client.get(reverse("notifications:list", args=[organisation.slug])).content.decode()
    assert page.count(f'href="{_preferences_url(organisation)}"') == 2, "centre and account menu"


def test_preferences_page_is_404_outside_ones_organisations(giulia):
    from officina.organisations.tests.factories import OrganisationFactory

    other = OrganisationFactory(slug="altrove")
    client = Client()
    client.force_login(giulia)
    assert client.get(_preferences_url(other)).status_code == 404


def test_digest_window_leaves_old_notifications(organisation, giulia):
    _notify(organisation, giulia, Kind.WATCHED, created_at=timezone.now() - timedelta(days=30))
    assert digest_people() == []


def test_the_html_part_escapes_what_people_wrote(organisation, giulia):
    title = 'Marco su #12 <img src=x onerror="alert(1)"> & co.'
    notification = _notify(organisation, giulia, title=title)
    notification_emails_send(notification_ids=[notification.pk], now=_at(7, 11))
    message = mail.outbox[0]
    assert isinstance(message, EmailMultiAlternatives)
    html = str(message.alternatives[0][0])
    assert "<img" not in html
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; co." in html
    assert title in message.body, "the text part is plain text"
