"""Comments and the event history of boards and cards (what analytics and sync clients read)."""

from typing import Any

from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from officina.boards.api.base import ApiPagination, TenantAPIView, validated
from officina.boards.api.selectors import (
    board_history_for_actor,
    comment_list_for_actor,
    work_item_history_for_actor,
)
from officina.boards.api.serializers import CommentSerializer, DetailSerializer, EventSerializer
from officina.boards.api.views_cards import card_of
from officina.boards.selectors import board_get_for_actor
from officina.boards.services.comments import comment_create


@extend_schema_serializer(component_name="EventFilter")
class EventFilterSerializer(serializers.Serializer[Any]):
    since = serializers.DateTimeField(required=False, help_text="Events at or after this time.")
    after_id = serializers.IntegerField(
        required=False, help_text="Events written after this one (the last id you read)."
    )


class CommentListApi(TenantAPIView):
    """A card's comments, oldest first; a member adds one (@name notifies that person)."""

    pagination_class = ApiPagination

    @extend_schema_serializer(component_name="CommentCreate")
    class InputSerializer(serializers.Serializer[Any]):
        body = serializers.CharField(help_text="Markdown; @name mentions a board member.")

    @extend_schema(tags=["cards"], responses=CommentSerializer(many=True))
    def get(self, request: Request, org_slug: str, board_id: int, number: int) -> Response:
        card = card_of(self.actor, board_id, number)
        comments = comment_list_for_actor(actor=self.actor, work_item=card)
        return self.paginated(comments, CommentSerializer)

    @extend_schema(
        tags=["cards"],
        request=InputSerializer,
        responses={201: CommentSerializer, 400: DetailSerializer, 403: DetailSerializer},
    )
    def post(self, request: Request, org_slug: str, board_id: int, number: int) -> Response:
        card = card_of(self.actor, board_id, number)
        data = validated(self.InputSerializer, request.data)
        comment = comment_create(actor=self.actor, work_item=card, body=data["body"])
        return Response(CommentSerializer(comment).data, status=status.HTTP_201_CREATED)


class BoardEventListApi(TenantAPIView):
    """Every change on the board, oldest first. Poll with ?after_id=<last id read>."""

    pagination_class = ApiPagination

    @extend_schema(
        tags=["history"], parameters=[EventFilterSerializer], responses=EventSerializer(many=True)
    )
    def get(self, request: Request, org_slug: str, board_id: int) -> Response:
        board = board_get_for_actor(actor=self.actor, board_id=board_id)
        filters = validated(EventFilterSerializer, request.query_params)
        events = board_history_for_actor(actor=self.actor, board=board, **filters)
        return self.paginated(events, EventSerializer)


class CardEventListApi(TenantAPIView):
    """The card's timeline, oldest first."""

    pagination_class = ApiPagination

    @extend_schema(
        tags=["history"], parameters=[EventFilterSerializer], responses=EventSerializer(many=True)
    )
    def get(self, request: Request, org_slug: str, board_id: int, number: int) -> Response:
        card = card_of(self.actor, board_id, number)
        filters = validated(EventFilterSerializer, request.query_params)
        events = work_item_history_for_actor(actor=self.actor, work_item=card, **filters)
        return self.paginated(events, EventSerializer)
