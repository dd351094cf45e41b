"""The audit log page, read-only, for the DPO and IT administrators."""

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render

from officina.audit.models import AuditEvent
from officina.audit.selectors import audit_event_list_for_actor
from officina.organisations.http import ActorRequest


def audit_event_list(request: ActorRequest, org_slug: str) -> HttpResponse:
    """Newest first, filterable by event type, 50 a page."""
    events = audit_event_list_for_actor(actor=request.actor)
    action = request.GET.get("action", "")
    if action in AuditEvent.Action.values:
        events = events.filter(action=action)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    context = {"page": page, "actions": AuditEvent.Action.choices, "selected_action": action}
    return render(request, "audit/audit_event_list.html", context)
