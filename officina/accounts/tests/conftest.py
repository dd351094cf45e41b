"""Fixtures for sign-in tests: a clean cache (rate limits, used TOTP codes) and a way to sign in."""

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from officina.accounts.models import User
from officina.organisations.tests.factories import TEST_PASSWORD


@pytest.fixture(autouse=True)
def _clear_cache() -> Iterator[None]:
    """allauth keeps rate-limit counters and used TOTP codes in the cache: start each test clean."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def sign_in(client: Client) -> Callable[..., Any]:
    """Sign in through the real login form, as a browser would (not force_login)."""

    def post(user: User, password: str = TEST_PASSWORD, **extra: Any) -> Any:
        data = {"login": user.email, "password": password}
        return client.post(reverse("account_login"), data, **extra)

    return post
