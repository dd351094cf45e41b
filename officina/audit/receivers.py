"""Record sign-in events from Django's auth signals."""

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from officina.accounts.models import PersonalAccessToken, User
from officina.accounts.signals import token_created, token_revoked
from officina.audit.models import AuditEvent
from officina.audit.services import audit_record


@receiver(user_logged_in)
def _on_login(sender: Any, request: HttpRequest, user: User, **kwargs: Any) -> None:
    audit_record(action=AuditEvent.Action.LOGIN_SUCCEEDED, actor=user, request=request)


@receiver(user_logged_out)
def _on_logout(sender: Any, request: HttpRequest, user: User | None, **kwargs: Any) -> None:
    if user is not None:
        audit_record(action=AuditEvent.Action.LOGGED_OUT, actor=user, request=request)


@receiver(user_login_failed)
def _on_login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    # Only the identifier tried is kept, never the password (Django already masks it).
    tried = str(credentials.get("email") or credentials.get("username") or "")[:254]
    audit_record(action=AuditEvent.Action.LOGIN_FAILED, actor_label=tried, request=request)


@receiver(token_created)
def _on_token_created(
    sender: Any,
    user: User,
    token: PersonalAccessToken,
    request: HttpRequest | None = None,
    **kwargs: Any,
) -> None:
    expires = token.expires_at.isoformat() if token.expires_at else None
    audit_record(
        action=AuditEvent.Action.TOKEN_CREATED,
        actor=user,
        target=token,
        request=request,
        details={"prefix": token.prefix, "expires_at": expires},
    )


@receiver(token_revoked)
def _on_token_revoked(
    sender: Any,
    user: User,
    token: PersonalAccessToken,
    request: HttpRequest | None = None,
    **kwargs: Any,
) -> None:
    audit_record(
        action=AuditEvent.Action.TOKEN_REVOKED,
        actor=user,
        target=token,
        request=request,
        details={"prefix": token.prefix},
    )
