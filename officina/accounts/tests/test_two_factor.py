"""TOTP two-factor sign-in: activating it, then being asked for a code at every sign-in."""

import re

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.totp.internal.auth import yield_hotp_counters_from_time as counters
from django.urls import reverse

from officina.organisations.tests.factories import TEST_PASSWORD


def current_code(secret):
    """The code an authenticator app shows now, computed with allauth's own TOTP functions."""
    return format_hotp_value(hotp_value(secret, next(iter(counters()))))


def confirm_password(client):
    """allauth asks for the password again before two-factor settings change (reauthentication)."""
    response = client.post(reverse("account_reauthenticate"), {"password": TEST_PASSWORD})
    assert response.status_code == 302


def _activate_totp(client):
    """Open the activation page, read the secret shown to the person, confirm with a code."""
    confirm_password(client)
    page = client.get(reverse("mfa_activate_totp")).content.decode()
    secret = re.search(r'id="authenticator_secret"[^>]*value="([A-Z2-7=]+)"', page)
    assert secret is not None, page
    response = client.post(
        reverse("mfa_activate_totp"), {"code": current_code(secret.group(1))}, follow=True
    )
    assert response.status_code == 200
    return secret.group(1)


def test_activation_page_shows_qr_code_secret_and_code_field(client, sign_in, employee):
    # given
    sign_in(employee)
    confirm_password(client)

    # when
    response = client.get(reverse("mfa_activate_totp"))

    # then
    content = response.content.decode()
    assert response.status_code == 200
    assert "Attiva l'applicazione di autenticazione" in content
    assert 'src="data:image/svg+xml;base64,' in content
    assert 'id="authenticator_secret"' in content
    assert 'autocomplete="one-time-code"' in content


def test_person_activates_totp_with_a_code_from_the_app(client, sign_in, employee):
    # given
    sign_in(employee)

    # when
    _activate_totp(client)

    # then
    assert Authenticator.objects.filter(user=employee, type=Authenticator.Type.TOTP).exists()


def test_wrong_code_does_not_activate_totp(client, sign_in, employee):
    # given
    sign_in(employee)
    confirm_password(client)
    client.get(reverse("mfa_activate_totp"))

    # when
    response = client.post(reverse("mfa_activate_totp"), {"code": "000000"})

    # then
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()
    assert not Authenticator.objects.filter(user=employee).exists()


def test_with_totp_the_password_alone_does_not_sign_in(client, sign_in, employee):
    # given
    sign_in(employee)
    _activate_totp(client)
    client.post(reverse("account_logout"))

    # when
    response = sign_in(employee)

    # then
    assert response.status_code == 302
    assert response.url == reverse("mfa_authenticate")
    assert not client.get(reverse("mfa_authenticate")).wsgi_request.user.is_authenticated


def test_with_totp_the_code_completes_the_sign_in(client, sign_in, employee, organisation):
    # given
    sign_in(employee)
    secret = _activate_totp(client)
    client.post(reverse("account_logout"))
    sign_in(employee)

    # when
    response = client.post(reverse("mfa_authenticate"), {"code": current_code(secret)}, follow=True)

    # then
    assert response.wsgi_request.user == employee
    assert response.redirect_chain[-1][0] == reverse(
        "organisations:home", kwargs={"org_slug": organisation.slug}
    )


def test_with_totp_a_wrong_code_keeps_the_person_out(client, sign_in, employee):
    # given
    sign_in(employee)
    _activate_totp(client)
    client.post(reverse("account_logout"))
    sign_in(employee)

    # when
    response = client.post(reverse("mfa_authenticate"), {"code": "000000"})

    # then
    assert response.status_code == 200
    assert not response.wsgi_request.user.is_authenticated
    assert "Codice errato." in response.content.decode()


def test_two_factor_settings_ask_for_the_password_again_first(client, sign_in, employee):
    # given
    sign_in(employee)

    # when
    response = client.get(reverse("mfa_activate_totp"))

    # then
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_reauthenticate"))
