"""Cross-cutting REST API pieces: the exception handler that keeps errors clean and translated."""

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from officina.common.exceptions import NotFound, PermissionDeniedError


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Map domain exceptions to DRF ones, so callers get JSON, never a stack trace."""
    if isinstance(exc, NotFound):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDeniedError):
        exc = exceptions.PermissionDenied(str(exc) or None)
    elif isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
        )
    return drf_exception_handler(exc, context)
