"""Every sign-in, failed sign-in and sign-out leaves an audit event with who and from where."""

from django.urls import reverse

from officina.audit.models import AuditEvent
from officina.organisations.tests.factories import TEST_PASSWORD

IP = "198.51.100.23"


def test_successful_sign_in_is_recorded_with_person_and_ip(client, sign_in, employee):
    # when
    sign_in(employee, REMOTE_ADDR=IP)

    # then
    event = AuditEvent.objects.get(action=AuditEvent.Action.LOGIN_SUCCEEDED)
    assert event.actor == employee
    assert event.actor_label == employee.email
    assert event.ip_address == IP


def test_failed_sign_in_keeps_the_tried_email_and_never_the_password(client, sign_in, employee):
    # when
    sign_in(employee, password="segreta-sbagliata", REMOTE_ADDR=IP)

    # then
    event = AuditEvent.objects.get(action=AuditEvent.Action.LOGIN_FAILED)
    assert event.actor is None
    assert event.actor_label == employee.email
    assert event.ip_address == IP
    assert "segreta-sbagliata" not in str(event.details)
    assert "segreta-sbagliata" not in event.actor_label


def test_failed_sign_in_for_an_unknown_email_is_recorded_too(client, db):
    # when
    client.post(
        reverse("account_login"),
        {"login": "sconosciuto@example.org", "password": TEST_PASSWORD},
        REMOTE_ADDR=IP,
    )

    # then
    event = AuditEvent.objects.get(action=AuditEvent.Action.LOGIN_FAILED)
    assert event.actor_label == "sconosciuto@example.org"
    assert event.ip_address == IP


def test_sign_out_is_recorded_with_person_and_ip(client, sign_in, employee):
    # given
    sign_in(employee)

    # when
    client.post(reverse("account_logout"), REMOTE_ADDR=IP)

    # then
    event = AuditEvent.objects.get(action=AuditEvent.Action.LOGGED_OUT)
    assert event.actor == employee
    assert event.ip_address == IP
