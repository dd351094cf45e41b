"""allauth policy: no self sign-up; people are created by admins or imported."""

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest


class AccountAdapter(DefaultAccountAdapter):
    """Officina's sign-in policy for allauth."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False
