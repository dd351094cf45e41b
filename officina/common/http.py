"""Typed requests for views (django-htmx's pattern)."""

from django.http import HttpRequest, HttpResponse
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


def is_script_request(request: HtmxHttpRequest) -> bool:
    """A request from a page's script (board.js, backlog.js: `X-Requested-With: fetch`) or from
    HTMX, which wants a status and a message, not a redirect."""
    return bool(request.htmx) or request.headers.get("X-Requested-With") == "fetch"


def text_response(message: str, status: int) -> HttpResponse:
    """A message for a script to show as it is (a refusal, in the person's language)."""
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")
