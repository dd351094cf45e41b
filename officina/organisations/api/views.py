"""REST API of the organisations app: the same selectors as the pages."""

from typing import Any

from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from officina.organisations.api.actor import actor_for_api_request
from officina.organisations.selectors import (
    team_get_for_actor,
    team_list_for_actor,
)


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
        teams = team_list_for_actor(actor=actor_for_api_request(request, org_slug)).order_by("name")
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
        team = team_get_for_actor(actor=actor_for_api_request(request, org_slug), team_id=team_id)
        return Response(self.OutputSerializer(team).data)
