"""The actor's notifications: list, mark all read, open one (which marks it read)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from officina.notifications.selectors import (
    notification_get_for_actor,
    notification_list_for_actor,
)
from officina.notifications.services import notification_mark_read
from officina.organisations.http import ActorRequest

PER_PAGE = 30


@require_GET
def notification_list(request: ActorRequest, org_slug: str) -> HttpResponse:
    notifications = notification_list_for_actor(actor=request.actor)
    page = Paginator(notifications, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "notifications/notification_list.html", {"page": page})


@require_POST
def notification_mark_all_read(request: ActorRequest, org_slug: str) -> HttpResponse:
    count = notification_mark_read(
        organisation=request.actor.organisation, recipient=request.actor.user
    )
    if count:
        messages.success(request, _("All notifications marked as read."))
    return redirect("notifications:list", org_slug=request.actor.organisation.slug)


@require_GET
def notification_open(request: ActorRequest, org_slug: str, notification_id: int) -> HttpResponse:
    """Follow a notification to what it is about; it counts as read from now on."""
    notification = notification_get_for_actor(actor=request.actor, notification_id=notification_id)
    if notification.read_at is None:
        notification_mark_read(
            organisation=request.actor.organisation,
            recipient=request.actor.user,
            notification_ids=[notification.pk],
        )
    # Only addresses of this site: a stored link must never send anyone elsewhere.
    if notification.url.startswith("/") and url_has_allowed_host_and_scheme(
        notification.url, allowed_hosts={request.get_host()}
    ):
        return HttpResponseRedirect(notification.url)
    return redirect("notifications:list", org_slug=request.actor.organisation.slug)
