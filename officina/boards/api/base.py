"""The base of every tenant API view of the boards: `TenantAPIView.initial()` builds the actor
once DRF has authenticated the caller (`organisations.api.actor`), and one pagination."""

from typing import Any

from django.db.models import QuerySet
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer, Serializer
from rest_framework.views import APIView

from officina.accounts.authentication import WWW_AUTHENTICATE
from officina.organisations.actor import Actor
from officina.organisations.api.actor import actor_for_api_request


class ApiPagination(PageNumberPagination):
    """`?page=` and `?page_size=` (at most 200) on every list."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


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
