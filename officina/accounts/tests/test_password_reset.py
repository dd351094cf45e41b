"""Resetting a forgotten password by e-mail."""

import re

from django.core import mail
from django.urls import reverse

NEW_PASSWORD = "Tresinaro-Secchia-2025!"


def _reset_link(message_body):
    match = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+/)", message_body)
    assert match is not None, message_body
    return match.group(1)


def test_password_reset_sends_a_link_to_the_person(client, employee):
    # when
    response = client.post(reverse("account_reset_password"), {"email": employee.email})

    # then
    assert response.status_code == 302
    assert response.url == reverse("account_reset_password_done")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [employee.email]
    assert _reset_link(mail.outbox[0].body)


def test_password_reset_link_sets_a_new_password_that_signs_in(client, sign_in, employee):
    # given
    client.post(reverse("account_reset_password"), {"email": employee.email})
    link = _reset_link(mail.outbox[0].body)

    # when
    form_page = client.get(link, follow=True)
    set_password_url = form_page.redirect_chain[-1][0]
    response = client.post(set_password_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    # then
    assert response.status_code == 302
    assert response.url == reverse("account_reset_password_from_key_done")
    client.logout()
    assert not sign_in(employee).wsgi_request.user.is_authenticated
    assert sign_in(employee, password=NEW_PASSWORD).wsgi_request.user == employee


def test_used_password_reset_link_no_longer_works(client, employee):
    # given
    client.post(reverse("account_reset_password"), {"email": employee.email})
    link = _reset_link(mail.outbox[0].body)
    set_password_url = client.get(link, follow=True).redirect_chain[-1][0]
    client.post(set_password_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    client.logout()

    # when
    response = client.get(link, follow=True)

    # then
    assert "Token non valido" in response.content.decode()


def test_password_reset_for_an_unknown_address_sends_no_link(client, db):
    # when
    response = client.post(reverse("account_reset_password"), {"email": "nessuno@example.org"})

    # then: the page does not reveal whether the address exists
    assert response.status_code == 302
    assert all("/accounts/password/reset/key/" not in message.body for message in mail.outbox)


def test_a_password_reset_unlocks_an_account_locked_by_failed_sign_ins(client, sign_in, employee):
    # given: five failures lock the account
    for _ in range(5):
        sign_in(employee, password="sbagliata")
    client.post(reverse("account_reset_password"), {"email": employee.email})
    form_page = client.get(_reset_link(mail.outbox[0].body), follow=True)
    set_password_url = form_page.redirect_chain[-1][0]

    # when
    client.post(set_password_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    client.logout()

    # then
    assert sign_in(employee, password=NEW_PASSWORD).wsgi_request.user == employee
