"""Cross-cutting REST API pieces: the exception handler that keeps errors clean and translated."""

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from officina.common.exceptions import NotFound, PermissionDeniedError


def _rule_error_response(exc: DjangoValidationError) -> Response:
    """A refused change (a board rule): one sentence for the person, nothing was changed."""
    return Response({"detail": " ".join(exc.messages)}, status=status.HTTP_400_BAD_REQUEST)


def _conflict_response(exc: Exception) -> Response:
    """The object changed since the caller read it: say so and give its current version."""
    current = getattr(exc, "current", None)
    return Response(
        {"detail": getattr(exc, "message", str(exc)), "current_version": current.version},  # type: ignore[union-attr]
        status=status.HTTP_409_CONFLICT,
    )


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Map domain exceptions to DRF ones, so callers get JSON, never a stack trace.

    Domain errors are recognised by name and shape rather than imported: `common` imports no
    app. A rule error is a Django ValidationError whose class says so ("…RuleError"); an edit
    conflict carries the object as it is now in `.current`.
    """
    if isinstance(exc, DjangoValidationError) and type(exc).__name__.endswith("RuleError"):
        return _rule_error_response(exc)
    if type(exc).__name__ == "EditConflictError" and hasattr(exc, "current"):
        return _conflict_response(exc)
    if isinstance(exc, NotFound):
        exc = exceptions.NotFound()
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
