"""Resolve the actor for every URL under /o/<org_slug>/, and enforce two-factor for admins."""

from collections.abc import Callable
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse

from officina.organisations.selectors import actor_for_user
from officina.organisations.two_factor import (
    actor_must_activate_two_factor,
    two_factor_activation_response,
)


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
    /accounts/ stay reachable and the redirect cannot loop. The rule is `two_factor.py`'s.
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
        if actor is None or not actor_must_activate_two_factor(actor):
            return None
        return two_factor_activation_response(request)
