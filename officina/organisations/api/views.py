"""REST API of the organisations app: the same selectors as the pages."""

from typing import Any, cast

from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from officina.accounts.models import User
from officina.organisations.actor import Actor
from officina.organisations.selectors import (
    actor_for_user,
    team_get_for_actor,
    team_list_for_actor,
)
from officina.organisations.two_factor import TWO_FACTOR_REQUIRED, actor_must_activate_two_factor


def _actor(request: Request) -> Actor:
    """The caller's actor. ActorMiddleware runs before DRF authenticates a token caller, so for
    them it is built here, after authentication, with the same selector."""
    actor: Actor | None = getattr(request._request, "actor", None)
    if actor is None:
        user = cast(User, request.user)  # IsAuthenticated ran first
        slug = request.parser_context["kwargs"]["org_slug"] if request.parser_context else ""
        actor = actor_for_user(user=user, organisation_slug=slug)
        # The middleware's two-factor rule could not see this caller either: a token must not
        # be a way around it.
        if actor_must_activate_two_factor(actor):
            raise PermissionDenied(str(TWO_FACTOR_REQUIRED))
        request._request.actor = actor  # type: ignore[attr-defined]
    return actor


class MemberSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(source="user.pk")
    name = serializers.CharField(source="user.get_full_name")
    email = serializers.EmailField(source="user.email")
    role = serializers.CharField()


class TeamListApi(APIView):
    """Teams the caller may see in the organisation."""

    # Nested serializers share the name "Output": give each schema component its own.
    @extend_schema_serializer(component_name="TeamListItem")
    class OutputSerializer(serializers.Serializer[Any]):
        id = serializers.IntegerField()
        name = serializers.CharField()
        description = serializers.CharField()
        visibility = serializers.CharField()

    @extend_schema(responses=OutputSerializer(many=True))
    def get(self, request: Request, org_slug: str) -> Response:
        teams = team_list_for_actor(actor=_actor(request)).order_by("name")
        return Response(self.OutputSerializer(teams, many=True).data)


class TeamDetailApi(APIView):
    """One team with its members; 404 when missing or not visible."""

    @extend_schema_serializer(component_name="TeamDetail")
    class OutputSerializer(serializers.Serializer[Any]):
        id = serializers.IntegerField()
        name = serializers.CharField()
        description = serializers.CharField()
        visibility = serializers.CharField()
        members = MemberSerializer(many=True, source="membership_list")

    @extend_schema(responses=OutputSerializer)
    def get(self, request: Request, org_slug: str, team_id: int) -> Response:
        team = team_get_for_actor(actor=_actor(request), team_id=team_id)
        return Response(self.OutputSerializer(team).data)
