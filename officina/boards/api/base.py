"""The base of every tenant API view: the actor is built after DRF has authenticated the caller.

`ActorMiddleware` runs before DRF, so a caller authenticated by a personal access token has no
actor there yet. `TenantAPIView.initial()` builds it once authentication is done, with the same
`actor_for_user` as the pages, and enforces the organisation's two-factor rule for admin roles
(a token must not be a way around it).
"""

from typing import Any

from django.db.models import QuerySet
from rest_framework.exceptions import NotAuthenticated, PermissionDenied
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer, Serializer
from rest_framework.views import APIView

from officina.accounts.authentication import WWW_AUTHENTICATE
from officina.accounts.models import User
from officina.organisations.actor import Actor
from officina.organisations.selectors import actor_for_user
from officina.organisations.two_factor import TWO_FACTOR_REQUIRED, actor_must_activate_two_factor


class ApiPagination(PageNumberPagination):
    """`?page=` and `?page_size=` (at most 200) on every list."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


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


class TenantAPIView(APIView):
    """An API view under /api/v1/o/<org_slug>/: `self.actor` is set before any handler runs."""

    actor: Actor

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        self.actor = actor_for_api_request(request, kwargs["org_slug"])

    def get_authenticate_header(self, request: Request) -> str:
        # An anonymous caller gets 401 with the scheme to use, not a bare 403.
        return WWW_AUTHENTICATE

    def paginated(
        self, queryset: QuerySet[Any], serializer_class: type[BaseSerializer[Any]]
    ) -> Response:
        """One page of `queryset`, with count, next and previous links."""
        paginator = ApiPagination()
        page = paginator.paginate_queryset(queryset, self.request, view=self)
        return paginator.get_paginated_response(serializer_class(page, many=True).data)


def validated(
    serializer_class: type[Serializer[Any]], data: Any, *, partial: bool = False
) -> dict[str, Any]:
    """The input checked by `serializer_class`; 400 with the field errors otherwise."""
    serializer = serializer_class(data=data, partial=partial)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)
