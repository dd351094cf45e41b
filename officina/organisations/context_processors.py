"""What the page shell (header, navigation) needs on every page."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from officina.organisations.permissions import can_manage_people, can_read_audit, can_view_people


def shell(request: HttpRequest) -> dict[str, Any]:
    """Organisation, ente and the navigation sections that exist and the actor may use."""
    actor = getattr(request, "actor", None)
    context: dict[str, Any] = {
        "actor": actor,
        "feedback_url": settings.OFFICINA_FEEDBACK_URL,
    }
    if actor is not None:
        context["nav"] = {
            "people": can_view_people(actor),
            "people_import": can_manage_people(actor),
            "audit": can_read_audit(actor),
            "admin": actor.is_it_admin,
            "current": _current_section(request),
        }
    return context


# The navigation section each named view belongs to, so the header marks it as current.
_SECTIONS = {
    "organisations:home": "home",
    "organisations:team-list": "teams",
    "organisations:team-detail": "teams",
    "organisations:person-list": "people",
    "audit:event-list": "audit",
}


def _current_section(request: HttpRequest) -> str:
    match = request.resolver_match
    if match is None:
        return ""
    view_name = match.view_name
    if view_name.startswith("organisations:person-import"):
        return "people_import"
    return _SECTIONS.get(view_name, "")
