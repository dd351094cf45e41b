"""Resolve the actor for every URL under /o/<org_slug>/, and enforce two-factor for admins."""

from collections.abc import Callable
from typing import Any

from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_htmx.http import HttpResponseClientRedirect

from officina.organisations.selectors import actor_for_user


class ActorMiddleware:
    """Set `request.actor` for tenant URLs; anonymous users go to login, strangers get 404."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.actor = None  # type: ignore[attr-defined]
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., HttpResponse],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        slug = view_kwargs.get("org_slug")
        if slug is None:
            return None
        if not request.user.is_authenticated:
            if request.path.startswith("/api/"):
                return None  # DRF answers 401/403 itself
            return redirect_to_login(request.get_full_path())
        request.actor = actor_for_user(user=request.user, organisation_slug=slug)  # type: ignore[attr-defined]
        return None


class RequireTwoFactorMiddleware:
    """When the organisation requires it, admin roles must activate TOTP before going on.

    Only tenant URLs (those with an actor) are guarded, so the activation page and the rest of
    /accounts/ stay reachable and the redirect cannot loop.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., HttpResponse],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        actor = getattr(request, "actor", None)
        if actor is None or not actor.organisation.require_two_factor_for_admins:
            return None
        if not actor.is_admin_role or _has_totp(request):
            return None
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": str(TWO_FACTOR_REQUIRED)}, status=403)
        activate_url = reverse("mfa_activate_totp")
        if getattr(request, "htmx", False):
            return HttpResponseClientRedirect(activate_url)
        messages.warning(request, TWO_FACTOR_REQUIRED)
        return HttpResponseRedirect(activate_url)


TWO_FACTOR_REQUIRED = _(
    "Your organisation requires administrators to sign in with two-factor authentication. "
    "Activate an authenticator app to continue."
)


def _has_totp(request: HttpRequest) -> bool:
    has_totp: bool = Authenticator.objects.filter(
        user_id=request.user.pk, type=Authenticator.Type.TOTP
    ).exists()
    return has_totp
