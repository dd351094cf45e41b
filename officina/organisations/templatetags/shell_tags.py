"""The page header, rendered once per person and state, then reused (issue 9, decision 0043).

Every tenant page renders the same header for the same person: organisation, account menu,
navigation, the unread count. It cost about a quarter of a 500-card board page's server time.
Each process keeps the rendered header of a state in memory, keyed by everything the header
shows (person, names, organisation, language, the navigation's sections and the current one,
the unread count) and by the access generation, which changes with anything that decides who
may do what. The two values that change on every request, the CSRF token of its forms and the
address the language switch returns to, are rendered as slots and filled in each time.
"""

import hashlib
from collections import OrderedDict
from typing import Any

from django import template
from django.middleware.csrf import get_token
from django.template.context import Context
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

register = template.Library()

HEADER_TEMPLATE = "layout/header.html"
MAX_KEPT = 1024  # headers kept per process (about 6 KB each)
CSRF_SLOT = "OfficinaCsrfSlot7f3a9c"
NEXT_SLOT = "OfficinaNextSlot7f3a9c"

_kept: "OrderedDict[str, str]" = OrderedDict()


@register.simple_tag(takes_context=True)
def shell_header(context: Context) -> SafeString:
    """The header of this page: from the process's memory when this state was rendered before."""
    request = context.get("request")
    actor = context.get("actor")
    if request is None or actor is None or actor.access_generation is None:
        next_path = request.get_full_path() if request is not None else ""
        with context.push(shell_next_path=next_path):
            rendered: str = _header(context).render(context)
        return mark_safe(rendered)  # noqa: S308 - a rendered template
    key = _state_key(context, request, actor)
    html = _kept.get(key)
    if html is None:
        with context.push(csrf_token=CSRF_SLOT, shell_next_path=NEXT_SLOT):
            html = _header(context).render(context)
        _kept[key] = html
        if len(_kept) > MAX_KEPT:
            _kept.popitem(last=False)
    filled = html.replace(CSRF_SLOT, get_token(request)).replace(
        NEXT_SLOT, escape(request.get_full_path())
    )
    return mark_safe(filled)  # noqa: S308 - a rendered template with escaped slots


def _header(context: Context) -> Any:
    return context.template.engine.get_template(HEADER_TEMPLATE)  # type: ignore[union-attr]


def _state_key(context: Context, request: Any, actor: Any) -> str:
    """Everything the header shows, hashed: two requests with the same key show the same header."""
    user = actor.user
    employment = actor.employment
    unread = context.get("unread_notification_count")
    match = request.resolver_match
    nav = context.get("nav") or {}
    state = (
        actor.access_generation,
        user.pk,
        user.first_name,
        user.last_name,
        user.email,
        actor.organisation.pk,
        actor.organisation.slug,
        actor.organisation.name,
        employment.ente.name if employment is not None else "",
        get_language(),
        tuple(sorted(nav.items())),
        match.namespace if match is not None else "",
        unread() if callable(unread) else unread,
    )
    return hashlib.blake2b(repr(state).encode(), digest_size=16).hexdigest()


def forget_headers() -> None:
    """Empty this process's headers (tests)."""
    _kept.clear()
