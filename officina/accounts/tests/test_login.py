"""Signing in by e-mail and password, signing out, and no self sign-up."""

from django.urls import reverse

from officina.accounts.models import User
from officina.organisations.tests.factories import TEST_PASSWORD, UserFactory


def test_login_page_is_in_italian_and_asks_for_email_and_password(client, db):
    # when
    response = client.get(reverse("account_login"))

    # then
    content = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="it">' in content
    assert '<h1 class="mb-4">Accedi</h1>' in content
    assert 'type="email" name="login"' in content
    assert 'autocomplete="current-password"' in content
    assert "username" not in content.lower()


def test_login_page_offers_password_reset_and_no_sign_up(client, db):
    # when
    content = client.get(reverse("account_login")).content.decode()

    # then
    assert reverse("account_reset_password") in content
    assert reverse("account_signup") not in content


def test_employee_signs_in_with_email_and_lands_on_organisation_home(
    client, sign_in, employee, organisation
):
    # when
    response = sign_in(employee, follow=True)

    # then
    assert response.wsgi_request.user == employee
    assert response.redirect_chain[-1][0] == reverse(
        "organisations:home", kwargs={"org_slug": organisation.slug}
    )
    assert response.status_code == 200


def test_email_is_matched_without_regard_to_case(client, sign_in, employee):
    # when
    response = client.post(
        reverse("account_login"), {"login": employee.email.upper(), "password": TEST_PASSWORD}
    )

    # then
    assert response.status_code == 302
    assert response.wsgi_request.user == employee


def test_wrong_password_keeps_the_person_out_with_an_italian_error(client, sign_in, employee):
    # when
    response = sign_in(employee, password="not-the-password")

    # then
    content = response.content.decode()
    assert response.status_code == 200
    assert not response.wsgi_request.user.is_authenticated
    assert "non sono corretti" in content
    assert 'class="alert alert-danger" role="alert"' in content


def test_missing_email_is_shown_next_to_the_field_and_linked_to_it(client, db):
    # when
    response = client.post(reverse("account_login"), {"login": "", "password": "x"})

    # then
    content = response.content.decode()
    assert 'class="form-control is-invalid"' in content
    assert 'aria-invalid="true"' in content
    assert 'aria-describedby="id_login_error"' in content
    assert 'id="id_login_error"' in content
    assert "obbligatorio" in content


def test_inactive_person_cannot_sign_in(client, sign_in, db):
    # given
    user = UserFactory(is_active=False)

    # when
    response = sign_in(user)

    # then
    assert not response.wsgi_request.user.is_authenticated


def test_logout_by_post_signs_the_person_out(client, sign_in, employee):
    # given
    sign_in(employee)

    # when
    response = client.post(reverse("account_logout"))

    # then
    assert response.status_code == 302
    assert response.url == reverse("account_login")
    assert "_auth_user_id" not in client.session


def test_logout_by_get_only_asks_for_confirmation(client, sign_in, employee):
    # given
    sign_in(employee)

    # when
    response = client.get(reverse("account_logout"))

    # then
    assert response.status_code == 200
    assert "Sei sicuro di volerti disconnettere?" in response.content.decode()
    assert client.session["_auth_user_id"] == str(employee.pk)


def test_signup_page_says_sign_up_is_closed_in_italian(client, db):
    # when
    response = client.get(reverse("account_signup"))

    # then
    assert "Registrazioni chiuse" in response.content.decode()
    assert "<form" not in response.content.decode().split('id="main"')[1].split("</main>")[0]


def test_signup_post_creates_no_account(client, db):
    # when
    response = client.post(
        reverse("account_signup"),
        {"email": "nuova.persona@example.org", "password1": "Una-Password-Lunga-42"},
    )

    # then
    assert "Registrazioni chiuse" in response.content.decode()
    assert not User.objects.filter(email="nuova.persona@example.org").exists()
    assert not response.wsgi_request.user.is_authenticated


def test_root_sends_anonymous_visitors_to_the_login_page(client, db):
    # when
    response = client.get(reverse("home"))

    # then
    assert response.status_code == 302
    assert response.url == reverse("account_login")


def test_sign_in_returns_to_the_page_that_asked_for_it(client, employee, organisation):
    # given: an anonymous visitor opens a tenant page and is sent to the login page
    team_list = reverse("organisations:team-list", kwargs={"org_slug": organisation.slug})
    login_page = client.get(team_list)
    assert login_page.status_code == 302

    # when
    response = client.post(login_page.url, {"login": employee.email, "password": TEST_PASSWORD})

    # then
    assert response.status_code == 302
    assert response.url == team_list
