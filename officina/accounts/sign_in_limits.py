"""Limits on failed sign-ins: per account, and per network address apart (decision 0028).

The account's limit is checked before the password. Each attempt takes a slot of the account's
window at once (so guesses sent in parallel cannot all slip through) and gives it back when the
password is right, so only failures count. The address's limit counts only failures and is
checked after the password: a right password is never refused because other people behind the
same router (a school, a town hall) got theirs wrong.

Counters live in the cache, like allauth's: per process in the embedded default, shared through
Redis when `REDIS_URL` is set.
"""

import hashlib
import ipaddress
import logging
import math
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_LOCK_SECONDS = 10
_LOCK_WAIT_SECONDS = 1.0


class Scope(StrEnum):
    ACCOUNT = "account"
    ADDRESS = "address"


@dataclass(frozen=True)
class Rate:
    """At most `amount` failures in `seconds`."""

    amount: int
    seconds: float


class SignInLimitedError(Exception):
    """The account or the address has used up its failures; `retry_after` is in seconds."""

    def __init__(self, *, scope: Scope, retry_after: int) -> None:
        super().__init__(f"{scope}: retry after {retry_after} s")
        self.scope = scope
        self.retry_after = retry_after

    @property
    def minutes(self) -> int:
        return max(1, math.ceil(self.retry_after / 60))


@dataclass(frozen=True)
class Reservation:
    """A slot an attempt took in its account's window; released when the password was right."""

    key: str
    at: float
    rate: Rate

    def release(self) -> None:
        with _locked(self.key):
            history = [moment for moment in cache.get(self.key, []) if moment != self.at]
            cache.set(self.key, history, math.ceil(self.rate.seconds))


def parse_rate(text: str) -> Rate:
    """`5/15m` is five in fifteen minutes (units s, m, h, d, as in allauth's rates)."""
    amount, duration = text.strip().split("/")
    unit = duration[-1]
    return Rate(int(amount), float(duration[:-1] or 1) * _UNITS[unit])


def account_attempt_begin(*, login: str) -> Reservation:
    """Take a slot in the account's window, or raise SignInLimitedError when it is full."""
    rate = parse_rate(settings.OFFICINA_LOGIN_FAILED_ACCOUNT_RATE)
    key = _key(Scope.ACCOUNT, login.strip().lower())
    now = _now()
    with _locked(key) as locked:
        history = _recent(key, rate, now)
        if not locked or len(history) >= rate.amount:
            raise SignInLimitedError(
                scope=Scope.ACCOUNT, retry_after=_retry_after(history, rate, now)
            )
        cache.set(key, [*history, now], math.ceil(rate.seconds))
    return Reservation(key=key, at=now, rate=rate)


def account_failures_clear(*, login: str) -> None:
    """Forget an account's failures (its password has just been reset)."""
    cache.delete(_key(Scope.ACCOUNT, login.strip().lower()))


def address_failure_record(*, address: str) -> None:
    """Count a failure from `address`; past its limit raise SignInLimitedError instead."""
    rate = parse_rate(settings.OFFICINA_LOGIN_FAILED_ADDRESS_RATE)
    network = _network(address)
    key = _key(Scope.ADDRESS, network)
    now = _now()
    with _locked(key):
        history = _recent(key, rate, now)
        if len(history) < rate.amount:
            cache.set(key, [*history, now], math.ceil(rate.seconds))
            return
    # Over the limit: not stored (the list stays bounded), told once per window to the log.
    if cache.add(f"{key}:logged", True, math.ceil(rate.seconds)):
        logger.warning("Failed sign-ins from %s are over the address limit (%s).", network, rate)
    raise SignInLimitedError(scope=Scope.ADDRESS, retry_after=_retry_after(history, rate, now))


def _now() -> float:
    return time.time()


def _key(scope: Scope, value: str) -> str:
    digest = hashlib.sha256(value.encode()).hexdigest()
    return f"officina:sign-in-failures:{scope}:{digest}"


def _network(address: str) -> str:
    """IPv6 clients get a /64 each, so one address is one household or office, as in allauth."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if parsed.version == 6:
        return str(ipaddress.IPv6Network(f"{parsed}/64", strict=False).network_address)
    return str(parsed)


def _recent(key: str, rate: Rate, now: float) -> list[float]:
    history: list[float] = cache.get(key, [])
    return sorted(moment for moment in history if moment > now - rate.seconds)


def _retry_after(history: list[float], rate: Rate, now: float) -> int:
    """Seconds until the window has room again: when its `amount`-th newest failure expires."""
    if len(history) < rate.amount:
        return 1
    return max(1, math.ceil(history[-rate.amount] + rate.seconds - now))


@contextmanager
def _locked(key: str) -> Iterator[bool]:
    """A short lock through the cache, so two requests never read and write one window at once."""
    lock = f"{key}:lock"
    deadline = time.monotonic() + _LOCK_WAIT_SECONDS
    while not cache.add(lock, True, _LOCK_SECONDS):
        if time.monotonic() > deadline:
            yield False
            return
        time.sleep(0.01)
    try:
        yield True
    finally:
        cache.delete(lock)
