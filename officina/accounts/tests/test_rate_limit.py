"""Failed sign-ins are limited per account and, far higher and apart, per address (decision 0028).

Defaults: 5 failures in 15 minutes lock the account (even its right password); 100 failures in
15 minutes from one address refuse further wrong passwords from it, never a right one.
"""

import pytest
from django.conf import settings
from django.test import override_settings

from officina.accounts import sign_in_limits
from officina.audit.models import AuditEvent
from officina.organisations.tests.factories import UserFactory

SCHOOL = "203.0.113.40"  # one router in front of a whole office
ACCOUNT_LOCKED_IT = "Troppi tentativi non riusciti per questo account: riprova tra"
ADDRESS_LIMITED_IT = "Troppi tentativi non riusciti da questo indirizzo di rete"


def _fail(sign_in, user, times, address=SCHOOL):
    for _ in range(times):
        response = sign_in(user, password="sbagliata", REMOTE_ADDR=address)
        assert not response.wsgi_request.user.is_authenticated
    return response


def _alert(response):
    content = response.content.decode()
    return content.split('class="alert alert-danger" role="alert"')[1].split("</div>")[0]


def test_italian_is_the_default_language():
    assert settings.LANGUAGE_CODE == "it"


def test_after_six_wrong_passwords_the_right_one_is_refused_with_the_retry_time(
    client, sign_in, employee
):
    # given
    _fail(sign_in, employee, 6)

    # when
    response = sign_in(employee, REMOTE_ADDR=SCHOOL)

    # then
    assert response.status_code == 200
    assert not response.wsgi_request.user.is_authenticated
    assert f"{ACCOUNT_LOCKED_IT} 15 minuti." in _alert(response)


def test_a_locked_account_does_not_stop_a_colleague_behind_the_same_address(
    client, sign_in, employee
):
    # given
    _fail(sign_in, employee, 6)
    colleague = UserFactory()

    # when
    response = sign_in(colleague, REMOTE_ADDR=SCHOOL)

    # then
    assert response.wsgi_request.user == colleague


def test_the_account_limit_holds_from_another_address(client, sign_in, employee):
    # given
    _fail(sign_in, employee, 5)

    # when
    response = sign_in(employee, REMOTE_ADDR="192.0.2.77")

    # then
    assert not response.wsgi_request.user.is_authenticated
    assert ACCOUNT_LOCKED_IT in _alert(response)


def test_fewer_than_five_failures_do_not_lock_the_person_out(client, sign_in, employee):
    # given
    _fail(sign_in, employee, 4)

    # when
    response = sign_in(employee, REMOTE_ADDR=SCHOOL)

    # then
    assert response.wsgi_request.user == employee


def test_a_right_password_gives_back_its_attempt(client, sign_in, employee):
    # given: four failures, then a success, then four failures again
    _fail(sign_in, employee, 4)
    sign_in(employee, REMOTE_ADDR=SCHOOL)
    client.logout()
    _fail(sign_in, employee, 1)

    # when: only failures count, so the fifth failure in all locks the account
    response = sign_in(employee, REMOTE_ADDR=SCHOOL)

    # then
    assert not response.wsgi_request.user.is_authenticated


def test_the_retry_time_counts_down_from_the_oldest_failure(client, sign_in, employee, monkeypatch):
    # given: five failures at t0
    monkeypatch.setattr(sign_in_limits, "_now", lambda: 1_000_000.0)
    _fail(sign_in, employee, 5)

    # when: three minutes later
    monkeypatch.setattr(sign_in_limits, "_now", lambda: 1_000_000.0 + 180)
    response = sign_in(employee, REMOTE_ADDR=SCHOOL)

    # then
    assert f"{ACCOUNT_LOCKED_IT} 12 minuti." in _alert(response)


def test_the_account_signs_in_again_once_its_window_has_passed(
    client, sign_in, employee, monkeypatch
):
    # given
    monkeypatch.setattr(sign_in_limits, "_now", lambda: 1_000_000.0)
    _fail(sign_in, employee, 6)

    # when
    monkeypatch.setattr(sign_in_limits, "_now", lambda: 1_000_000.0 + 15 * 60 + 1)
    response = sign_in(employee, REMOTE_ADDR=SCHOOL)

    # then
    assert response.wsgi_request.user == employee


def test_many_failures_of_many_accounts_do_not_stop_another_account_below_the_address_limit(
    client, sign_in, employee
):
    # given: 20 people behind one router fail 4 times each (80 failures, limit 100)
    for _ in range(20):
        _fail(sign_in, UserFactory(), 4)

    # when
    response = sign_in(employee, REMOTE_ADDR=SCHOOL)

    # then
    assert response.wsgi_request.user == employee


@override_settings(OFFICINA_LOGIN_FAILED_ADDRESS_RATE="10/15m")
def test_over_the_address_limit_a_wrong_password_is_refused_with_the_retry_time(
    client, sign_in, employee
):
    # given: ten failures of five accounts from the school
    for _ in range(5):
        _fail(sign_in, UserFactory(), 2)

    # when
    response = sign_in(employee, password="sbagliata", REMOTE_ADDR=SCHOOL)

    # then
    assert not response.wsgi_request.user.is_authenticated
    alert = _alert(response)
    assert ADDRESS_LIMITED_IT in alert
    assert "riprova tra 15 minuti." in alert


@override_settings(OFFICINA_LOGIN_FAILED_ADDRESS_RATE="10/15m")
def test_over_the_address_limit_a_right_password_still_signs_in(client, sign_in, employee):
    # given: the school's address is over its limit because of other accounts
    for _ in range(6):
        _fail(sign_in, UserFactory(), 2)

    # when
    response = sign_in(employee, REMOTE_ADDR=SCHOOL)

    # then
    assert response.wsgi_request.user == employee


@override_settings(OFFICINA_LOGIN_FAILED_ADDRESS_RATE="10/15m")
def test_the_address_limit_does_not_reach_other_addresses(client, sign_in, employee):
    # given
    for _ in range(6):
        _fail(sign_in, UserFactory(), 2)

    # when
    response = sign_in(employee, password="sbagliata", REMOTE_ADDR="192.0.2.99")

    # then
    assert ADDRESS_LIMITED_IT not in response.content.decode()


def test_failed_sign_ins_are_still_audited_when_limited(client, sign_in, employee):
    # when
    _fail(sign_in, employee, 7)

    # then: the five checked failures are audited; the refused ones never reach the password
    failed = AuditEvent.objects.filter(action=AuditEvent.Action.LOGIN_FAILED)
    assert failed.count() == 5
    assert {event.ip_address for event in failed} == {SCHOOL}


@pytest.mark.parametrize(("rate", "amount", "seconds"), [("5/15m", 5, 900), ("100/1h", 100, 3600)])
def test_rates_read_like_allauth_ones(rate, amount, seconds):
    assert sign_in_limits.parse_rate(rate) == sign_in_limits.Rate(amount, seconds)


PROXY = "10.0.0.2"


@override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=1, OFFICINA_LOGIN_FAILED_ADDRESS_RATE="2/15m")
def test_behind_a_trusted_proxy_limits_count_the_client_address(client, sign_in, employee):
    # given: one client behind the proxy is over the address limit
    for _ in range(2):
        sign_in(UserFactory(), password="x", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="192.0.2.1")

    # when: another client comes through the same proxy
    response = sign_in(
        employee, password="sbagliata", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="192.0.2.2"
    )

    # then: it is not limited, and the audit records each client, not the proxy
    assert ADDRESS_LIMITED_IT not in response.content.decode()
    failed = AuditEvent.objects.filter(action=AuditEvent.Action.LOGIN_FAILED)
    assert {event.ip_address for event in failed} == {"192.0.2.1", "192.0.2.2"}
