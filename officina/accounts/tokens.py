"""Personal access tokens: create, revoke, list, and check one presented to the REST API.

Only the SHA-256 hash of a secret is stored. A token's secret has 256 random bits, so a plain
(unsalted, fast) hash is enough: no dictionary attack applies, and the hash is what the
authentication looks up by its unique index, in one query.
"""

import hashlib
import secrets
from datetime import timedelta

from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from officina.accounts.models import PersonalAccessToken, User
from officina.accounts.signals import token_created, token_revoked
from officina.common.exceptions import NotFound

TOKEN_PREFIX = "off_"  # noqa: S105 (a marker that makes leaked tokens easy to scan for)
PREFIX_LENGTH = 12
# Writing last_used_at on every call would turn each API read into a write.
LAST_USED_PRECISION = timedelta(minutes=1)
EXPIRY_CHOICES_DAYS = (30, 90, 365)


class TokenError(Exception):
    """The presented token cannot be used; the message says why, for the caller."""


def hash_token(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def token_create(
    *,
    user: User,
    name: str,
    expires_in_days: int | None = None,
    request: HttpRequest | None = None,
) -> tuple[PersonalAccessToken, str]:
    """A new token of `user` and its secret, which the caller shows once and never stores."""
    name = name.strip()[:100]
    if not name:
        raise ValueError("a token needs a name")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = PersonalAccessToken.objects.create(
        user=user,
        name=name,
        prefix=secret[:PREFIX_LENGTH],
        key_hash=hash_token(secret),
        expires_at=timezone.now() + timedelta(days=expires_in_days) if expires_in_days else None,
    )
    token_created.send(sender=PersonalAccessToken, user=user, token=token, request=request)
    return token, secret


@transaction.atomic
def token_revoke(
    *, user: User, token_id: int, request: HttpRequest | None = None
) -> PersonalAccessToken:
    """Revoke one of the user's own tokens; someone else's is NotFound, like a missing one."""
    token = PersonalAccessToken.objects.select_for_update().filter(user=user, pk=token_id).first()
    if token is None:
        raise NotFound
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        token_revoked.send(sender=PersonalAccessToken, user=user, token=token, request=request)
    return token


@transaction.atomic
def token_revoke_all(*, user: User, request: HttpRequest | None = None) -> int:
    """Revoke every token of the person still usable (someone who leaves); how many."""
    tokens = list(
        PersonalAccessToken.objects.select_for_update().filter(user=user, revoked_at__isnull=True)
    )
    now = timezone.now()
    for token in tokens:
        token.revoked_at = now
    PersonalAccessToken.objects.bulk_update(tokens, ["revoked_at"])
    for token in tokens:
        token_revoked.send(sender=PersonalAccessToken, user=user, token=token, request=request)
    return len(tokens)


def token_list_for_user(*, user: User) -> QuerySet[PersonalAccessToken]:
    """The user's tokens, newest first (revoked and expired ones too, marked as such)."""
    return PersonalAccessToken.objects.filter(user=user).order_by("-created_at", "-pk")


def token_status(token: PersonalAccessToken) -> str:
    """ "active", "expired" or "revoked"."""
    if token.revoked_at is not None:
        return "revoked"
    if token.expires_at is not None and token.expires_at <= timezone.now():
        return "expired"
    return "active"


def token_authenticate(secret: str) -> tuple[User, PersonalAccessToken]:
    """The user a presented secret stands for; TokenError when unknown, expired or revoked."""
    token = (
        PersonalAccessToken.objects.select_related("user")
        .filter(key_hash=hash_token(secret))
        .first()
    )
    if token is None or not token.user.is_active:
        raise TokenError(_("The access token is not valid."))
    status = token_status(token)
    if status == "revoked":
        raise TokenError(_("The access token was revoked: create a new one in your profile."))
    if status == "expired":
        raise TokenError(_("The access token has expired: create a new one in your profile."))
    _note_use(token)
    return token.user, token


def _note_use(token: PersonalAccessToken) -> None:
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
        PersonalAccessToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
