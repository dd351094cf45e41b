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
        }
    return context
