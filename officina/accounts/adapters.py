"""allauth policy: no self sign-up; people are created by admins or imported; sign-in limits."""

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django import forms
from django.contrib.auth.base_user import AbstractBaseUser
from django.http import HttpRequest
from django.utils.translation import ngettext

from officina.accounts import sign_in_limits
from officina.accounts.client_address import client_address
from officina.accounts.sign_in_limits import Reservation, Scope, SignInLimitedError


class AccountAdapter(DefaultAccountAdapter):
    """Officina's sign-in policy for allauth."""

    _reservation: Reservation | None = None

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        # Replaces allauth's "login_failed" check for passwords (decision 0028); allauth's rate
        # still limits TOTP codes.
        try:
            self._reservation = sign_in_limits.account_attempt_begin(login=_login_of(credentials))
        except SignInLimitedError as limited:
            raise _limited_error(limited) from None

    def authenticate(self, request: HttpRequest, **credentials: Any) -> AbstractBaseUser | None:
        user: AbstractBaseUser | None = super().authenticate(request, **credentials)
        if user is not None:
            if self._reservation is not None:
                self._reservation.release()
            return user
        try:
            sign_in_limits.address_failure_record(address=client_address(request) or "")
        except SignInLimitedError as limited:
            raise _limited_error(limited) from None
        return None

    def _delete_login_attempts_cached_email(self, request: HttpRequest, **credentials: Any) -> None:
        # allauth calls this after a password reset: the account starts afresh.
        super()._delete_login_attempts_cached_email(request, **credentials)
        sign_in_limits.account_failures_clear(login=_login_of(credentials))


def _login_of(credentials: dict[str, Any]) -> str:
    return str(credentials.get("email") or credentials.get("username") or "")


def _limited_error(limited: SignInLimitedError) -> forms.ValidationError:
    minutes = limited.minutes
    if limited.scope == Scope.ACCOUNT:
        message = ngettext(
            "Too many failed sign-ins for this account: try again in %(minutes)d minute.",
            "Too many failed sign-ins for this account: try again in %(minutes)d minutes.",
            minutes,
        )
    else:
        message = ngettext(
            "Too many failed sign-ins from this network address: with the right password you "
            "can still sign in, otherwise try again in %(minutes)d minute.",
            "Too many failed sign-ins from this network address: with the right password you "
            "can still sign in, otherwise try again in %(minutes)d minutes.",
            minutes,
        )
    return forms.ValidationError(message % {"minutes": minutes}, code="too_many_login_attempts")
