"""The actor's notifications: list, mark all read, open one (which marks it read); the
person's e-mail preferences; and the unsubscribe link of the e-mails (no sign-in needed)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from officina.notifications.emails import preference_for, unsubscribe_token_read
from officina.notifications.forms import KIND_FIELDS, NotificationPreferenceForm
from officina.notifications.models import Notification
from officina.notifications.selectors import (
    notification_get_for_actor,
    notification_list_for_actor,
)
from officina.notifications.services import (
    notification_mark_read,
    notification_preference_save,
    notification_unsubscribe,
)
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


@require_http_methods(["GET", "POST"])
def notification_preferences(request: ActorRequest, org_slug: str) -> HttpResponse:
    """The person's e-mail choices: their own, whichever organisation they open them from."""
    preference = preference_for(request.actor.user)
    form = NotificationPreferenceForm(request.POST or None, instance=preference)
    if request.method == "POST" and form.is_valid():
        values = {field: form.cleaned_data[field] for field in form.Meta.fields}
        notification_preference_save(user=request.actor.user, values=values)
        messages.success(request, _("Your notification preferences are saved."))
        return redirect("notifications:preferences", org_slug=request.actor.organisation.slug)
    kinds = [form[field] for field in KIND_FIELDS]
    return render(
        request,
        "notifications/notification_preferences.html",
        {"form": form, "kind_fields": kinds},
        status=400 if form.errors else 200,
    )


@csrf_exempt  # the signed token is the proof; mail programs post it with no page (RFC 8058)
@require_http_methods(["GET", "POST"])
def notification_unsubscribe_view(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks to confirm; POST stops that kind of e-mail. No sign-in: the link is signed."""
    found = unsubscribe_token_read(token)
    if found is None:
        return render(request, "notifications/unsubscribe.html", {"invalid": True}, status=404)
    user_id, kind = found
    context = {"kind_label": Notification.Kind(kind).label, "done": False}
    if request.method == "POST":
        if not notification_unsubscribe(user_id=user_id, kind=kind):
            return render(request, "notifications/unsubscribe.html", {"invalid": True}, status=404)
        context["done"] = True
    return render(request, "notifications/unsubscribe.html", context)
