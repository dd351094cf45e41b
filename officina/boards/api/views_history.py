"""Comments and the event history of boards and cards (what analytics and sync clients read)."""

from typing import Any

from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from officina.boards.api.base import ApiPagination, TenantAPIView, validated
from officina.boards.api.serializers import (
    CommentSerializer,
    DetailSerializer,
    EventSerializer,
    StructureEventSerializer,
)
from officina.boards.api.views_cards import card_of, seen_card_of
from officina.boards.history import without_personal_details
from officina.boards.models import BoardEvent, WorkItemEvent
from officina.boards.selectors.boards import board_get_for_actor
from officina.boards.selectors.cards import comment_list
from officina.boards.selectors.history import (
    board_history_for_actor,
    board_structure_event_list,
    work_item_history_for_actor,
)
from officina.boards.services.comments import comment_create
from officina.common.api import IdField


def _without_people(events: list[WorkItemEvent | BoardEvent]) -> None:
    """Who acted, and the names in the details, are for the team's own members (R-37)."""
    for event in events:
        event.actor = None
        event.data = without_personal_details(event.kind, event.data)


class HistoryAPIView(TenantAPIView):
    def paginated_events(self, events: Any, serializer_class: Any, *, with_names: bool) -> Response:
        """A page of events; without the people unless the caller works on the board."""
        paginator = ApiPagination()
        page = list(paginator.paginate_queryset(events, self.request, view=self) or [])
        if not with_names:
            _without_people(page)
        return paginator.get_paginated_response(serializer_class(page, many=True).data)


@extend_schema_serializer(component_name="EventFilter")
class EventFilterSerializer(serializers.Serializer[Any]):
    since = serializers.DateTimeField(required=False, help_text="Events at or after this time.")
    after_id = IdField(
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
        return self.paginated(comment_list(work_item=card), CommentSerializer)

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


class BoardEventListApi(HistoryAPIView):
    """Every change on the board, oldest first. Poll with ?after_id=<last id read>."""

    pagination_class = ApiPagination

    @extend_schema(
        tags=["history"], parameters=[EventFilterSerializer], responses=EventSerializer(many=True)
    )
    def get(self, request: Request, org_slug: str, board_id: int) -> Response:
        seen = board_get_for_actor(actor=self.actor, board_id=board_id)
        filters = validated(EventFilterSerializer, request.query_params)
        events = board_history_for_actor(actor=self.actor, seen=seen, **filters)
        return self.paginated_events(events, EventSerializer, with_names=seen.access.works_here)


class CardEventListApi(HistoryAPIView):
    """The card's timeline, oldest first."""

    pagination_class = ApiPagination

    @extend_schema(
        tags=["history"], parameters=[EventFilterSerializer], responses=EventSerializer(many=True)
    )
    def get(self, request: Request, org_slug: str, board_id: int, number: int) -> Response:
        seen, card = seen_card_of(self.actor, board_id, number)
        filters = validated(EventFilterSerializer, request.query_params)
        events = work_item_history_for_actor(actor=self.actor, work_item=card, **filters)
        return self.paginated_events(events, EventSerializer, with_names=seen.access.works_here)


class BoardStructureEventListApi(HistoryAPIView):
    """Every change to the board and its columns and lanes, newest first."""

    pagination_class = ApiPagination

    @extend_schema(tags=["history"], responses=StructureEventSerializer(many=True))
    def get(self, request: Request, org_slug: str, board_id: int) -> Response:
        seen = board_get_for_actor(actor=self.actor, board_id=board_id)
        events = board_structure_event_list(actor=self.actor, seen=seen)
        return self.paginated_events(
            events, StructureEventSerializer, with_names=seen.access.works_here
        )
