"""Failed sign-ins are rate limited (allauth "login_failed": 5 per 5 minutes per address)."""

from django.conf import settings

from officina.organisations.tests.factories import UserFactory

TOO_MANY_ATTEMPTS_IT = "Troppi tentativi di accesso. Riprova più tardi."


def _fail_five_times(sign_in, user):
    for _ in range(5):
        response = sign_in(user, password="sbagliata")
        assert not response.wsgi_request.user.is_authenticated


def test_italian_is_the_default_language():
    assert settings.LANGUAGE_CODE == "it"


def test_after_five_failed_attempts_even_the_right_password_is_refused(client, sign_in, employee):
    # given
    _fail_five_times(sign_in, employee)

    # when
    response = sign_in(employee)

    # then
    assert response.status_code == 200
    assert not response.wsgi_request.user.is_authenticated
    assert TOO_MANY_ATTEMPTS_IT in response.content.decode()


def test_limit_holds_from_another_address_for_the_same_email(client, sign_in, employee):
    # given
    _fail_five_times(sign_in, employee)

    # when: the next attempt comes from another IP address
    response = sign_in(employee, REMOTE_ADDR="192.0.2.77")

    # then
    assert not response.wsgi_request.user.is_authenticated
    assert TOO_MANY_ATTEMPTS_IT in response.content.decode()


def test_fewer_than_five_failures_do_not_lock_the_person_out(client, sign_in, employee):
    # given
    for _ in range(4):
        sign_in(employee, password="sbagliata")

    # when
    response = sign_in(employee)

    # then
    assert response.wsgi_request.user == employee


def test_failures_for_one_email_do_not_block_a_colleague_from_another_address(
    client, sign_in, employee
):
    # given
    _fail_five_times(sign_in, employee)
    colleague = UserFactory()

    # when
    response = sign_in(colleague, REMOTE_ADDR="192.0.2.78")

    # then
    assert response.wsgi_request.user == colleague


def test_limit_message_is_shown_in_the_form_alert(client, sign_in, employee):
    # given
    _fail_five_times(sign_in, employee)

    # when
    content = sign_in(employee).content.decode()

    # then
    alert = content.split('class="alert alert-danger" role="alert"')[1].split("</div>")[0]
    assert TOO_MANY_ATTEMPTS_IT in alert
