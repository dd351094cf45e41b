"""Friendly, translated error pages. They never show a stack trace, whatever DEBUG says."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import loader

from officina.common.exceptions import PermissionDeniedError


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # A service's refusal carries a message written for the person; Django's own do not.
    reason = str(exception) if isinstance(exception, PermissionDeniedError) else ""
    return render(request, "403.html", {"reason": reason}, status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    # Rendered without context processors: the failure may be the database itself.
    template = loader.get_template("500.html")
    return HttpResponse(template.render({"request": None}), status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent after the session expired or from another tab: explain, do not blame."""
    return render(request, "403_csrf.html", status=403)
