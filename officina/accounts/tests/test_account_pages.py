"""The account pages (two-factor, password, e-mail) inside the project's Bootstrap Italia shell."""

import re

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.urls import reverse

from officina.accounts.tests.test_two_factor import current_code
from officina.organisations.tests.factories import TEST_PASSWORD

MANAGE_PAGES = ["mfa_index", "account_change_password", "account_email"]


@pytest.mark.parametrize("url_name", MANAGE_PAGES)
def test_account_page_uses_the_project_shell_and_marks_its_tab(client, employee, url_name):
    # given
    client.force_login(employee)

    # when
    response = client.get(reverse(url_name))

    # then
    content = response.content.decode()
    assert response.status_code == 200
    assert 'class="it-header-wrapper"' in content
    assert '<main id="main"' in content
    assert f'href="{reverse(url_name)}" aria-current="page"' in content
    assert 'class="btn btn-primary"' in content or "readonly" in content


@pytest.mark.parametrize("url_name", MANAGE_PAGES)
def test_account_pages_need_a_signed_in_person(client, db, url_name):
    # when
    response = client.get(reverse(url_name))

    # then
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("url_name", ["account_login", "account_reset_password", "account_signup"])
def test_entrance_pages_use_the_project_shell_and_the_narrow_column(client, db, url_name):
    # when
    content = client.get(reverse(url_name)).content.decode()

    # then
    assert 'class="it-header-wrapper"' in content
    assert "accounts/css/entrance.css" in content


def test_password_change_form_has_labels_and_new_password_autocomplete(client, employee):
    # given
    client.force_login(employee)

    # when
    content = client.get(reverse("account_change_password")).content.decode()

    # then
    assert '<label for="id_oldpassword"' in content
    assert '<label for="id_password1"' in content
    assert 'autocomplete="new-password"' in content
    assert 'aria-describedby="id_password1_helptext"' in content


def test_password_change_works_and_the_new_password_signs_in(client, sign_in, employee):
    # given
    sign_in(employee)
    new_password = "Casalgrande-Rubiera-77"

    # when
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": TEST_PASSWORD, "password1": new_password, "password2": new_password},
    )

    # then
    assert response.status_code == 302
    client.post(reverse("account_logout"))
    assert sign_in(employee, password=new_password).wsgi_request.user == employee


def test_email_page_shows_the_address_read_only(client, employee):
    # given
    client.force_login(employee)

    # when
    content = client.get(reverse("account_email")).content.decode()

    # then
    assert f'value="{employee.email}"' in content
    assert "readonly" in content
    assert 'name="action_add"' not in content


def test_person_cannot_add_another_email_address(client, employee):
    # given
    client.force_login(employee)

    # when
    client.post(reverse("account_email"), {"action_add": "", "email": "altro@example.org"})

    # then
    assert not EmailAddress.objects.filter(email="altro@example.org").exists()
    employee.refresh_from_db()
    assert employee.email != "altro@example.org"


def test_totp_can_be_activated_after_opening_the_email_page(client, sign_in, employee):
    # given: opening the e-mail page records the address as unverified
    sign_in(employee)
    client.get(reverse("account_email"))
    client.post(reverse("account_reauthenticate"), {"password": TEST_PASSWORD})
    client.get(reverse("mfa_activate_totp"))
    secret = client.session["mfa.totp.secret"]

    # when
    client.post(reverse("mfa_activate_totp"), {"code": current_code(secret)})

    # then
    assert Authenticator.objects.filter(user=employee, type=Authenticator.Type.TOTP).exists()


def _tags_trimmed(html):
    """allauth's templates indent the text inside tags; drop that whitespace."""
    return re.sub(r"\s*<", "<", re.sub(r">\s*", ">", re.sub(r"\s+", " ", html)))


@pytest.mark.parametrize(
    ("url_name", "title"),
    [
        ("mfa_index", "Autenticazione a due fattori"),
        ("account_change_password", "Cambia la tua password"),
        ("account_email", "Indirizzo e-mail"),
    ],
)
def test_account_page_titles_are_in_italian_sentence_case(client, employee, url_name, title):
    # given
    client.force_login(employee)

    # when
    content = _tags_trimmed(client.get(reverse(url_name)).content.decode())

    # then: the browser's title and the page's heading
    assert f"<title>{title} ·" in content
    assert f">{title}</h1>" in content


def test_the_closed_sign_up_page_title_is_in_sentence_case(client, db):
    # when
    content = _tags_trimmed(client.get(reverse("account_signup")).content.decode())

    # then
    assert "<title>Registrazioni chiuse ·" in content
