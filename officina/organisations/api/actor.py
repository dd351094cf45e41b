"""The actor of an API call, built after DRF has authenticated the caller.

`ActorMiddleware` runs before DRF, so a caller authenticated by a personal access token has no
actor there yet. Every tenant API view (of this app and of others) builds it here, with the same
`actor_for_user` as the pages, and the organisation's two-factor rule for admin roles: a token
must not be a way around it.
"""

from rest_framework.exceptions import NotAuthenticated, PermissionDenied
from rest_framework.request import Request

from officina.accounts.models import User
from officina.organisations.actor import Actor
from officina.organisations.selectors import actor_for_user
from officina.organisations.two_factor import TWO_FACTOR_REQUIRED, actor_must_activate_two_factor


def actor_for_api_request(request: Request, org_slug: str) -> Actor:
    """The actor of an authenticated API call; reuses the one the middleware built, if any."""
    user = request.user
    if not isinstance(user, User):
        raise NotAuthenticated
    actor: Actor | None = getattr(request._request, "actor", None)
    if actor is None or actor.user.pk != user.pk:
        actor = actor_for_user(user=user, organisation_slug=org_slug)
        if actor_must_activate_two_factor(actor):
            raise PermissionDenied(str(TWO_FACTOR_REQUIRED))
        request._request.actor = actor  # type: ignore[attr-defined]
    return actor
