"""Cross-cutting REST API pieces: the exception handler that keeps errors clean and translated,
and the bounded integer fields every input uses."""

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from officina.common.exceptions import ConflictError, DomainError, NotFound, PermissionDeniedError
from officina.common.forms import MAX_ID, MAX_SMALL


def _rule_error_response(exc: DomainError) -> Response:
    """A refused change (a domain rule): one sentence for the person, nothing was changed."""
    return Response({"detail": exc.text}, status=status.HTTP_400_BAD_REQUEST)


def _conflict_response(exc: ConflictError) -> Response:
    """The object changed since the caller read it: say so and give its current version."""
    return Response(
        {"detail": exc.message, "current_version": exc.current_version},
        status=status.HTTP_409_CONFLICT,
    )


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Map domain exceptions to DRF ones by type, so callers get JSON, never a stack trace.

    Every app's rule errors derive from `DomainError` and its conflicts from `ConflictError`
    (`officina.common.exceptions`), so `common` needs to know no app.
    """
    if isinstance(exc, DomainError):
        return _rule_error_response(exc)
    if isinstance(exc, ConflictError):
        return _conflict_response(exc)
    if isinstance(exc, NotFound):
        # Plain 404s say "not found"; a card that moved says where it is now (decision 0025).
        exc = exceptions.NotFound(str(exc) or None)
    elif isinstance(exc, PermissionDeniedError):
        exc = exceptions.PermissionDenied(str(exc) or None)
    elif isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
        )
    elif isinstance(exc, exceptions.AuthenticationFailed) and hasattr(exc, "www_authenticate"):
        # DRF turned it into a 403 because the session authenticator names no challenge.
        exc.status_code = status.HTTP_401_UNAUTHORIZED
        exc.auth_header = exc.www_authenticate  # type: ignore[attr-defined]
    return drf_exception_handler(exc, context)


class IdField(serializers.IntegerField):
    """An id in an API input: a whole number from 1 to the database's largest, so a huge
    number is a 400 with a message, never an overflow in the database."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(**kwargs)


class BoundedIntegerField(serializers.IntegerField):
    """A whole number in an API input that fits a database integer (0 to 2^31 - 1 unless
    told otherwise)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", MAX_SMALL)
        super().__init__(**kwargs)
