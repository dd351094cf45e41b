"""A board's structure: columns, swimlanes and labels. The team's members change it."""

from typing import Any

from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from officina.boards.api.base import TenantAPIView, validated
from officina.boards.api.serializers import ColumnSerializer, LabelSerializer, SwimlaneSerializer
from officina.boards.models import Column, Label, Stage
from officina.boards.selectors.boards import (
    board_column_list,
    board_get_for_actor,
    board_label_list,
    board_swimlane_list,
    column_get_for_actor,
    label_get_for_actor,
    swimlane_get_for_actor,
)
from officina.boards.services.structure import (
    column_create,
    column_delete,
    column_update,
    label_create,
    label_delete,
    label_update,
    swimlane_create,
    swimlane_delete,
    swimlane_update,
)
from officina.common.api import BoundedIntegerField

TAGS = ["structure"]


@extend_schema_serializer(component_name="ColumnInput")
class ColumnInputSerializer(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=80)
    stage = serializers.ChoiceField(choices=Stage.choices, required=False)
    wip_limit = BoundedIntegerField(
        max_value=32767, allow_null=True, required=False, help_text="0 or null: none."
    )
    wip_policy = serializers.ChoiceField(choices=Column.WipPolicy.choices, required=False)
    policy = serializers.CharField(allow_blank=True, required=False)
    is_collapsed = serializers.BooleanField(required=False)
    is_closed = serializers.BooleanField(required=False)
    is_split = serializers.BooleanField(
        required=False, help_text="Only for a column in progress (stage in_progress)."
    )


@extend_schema_serializer(component_name="SwimlaneInput")
class SwimlaneInputSerializer(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=80)
    is_collapsed = serializers.BooleanField(required=False)


class ColumnListApi(TenantAPIView):
    """The board's columns in order; a member adds one at the right end."""

    @extend_schema(tags=TAGS, responses=ColumnSerializer(many=True))
    def get(self, request: Request, org_slug: str, board_id: int) -> Response:
        seen = board_get_for_actor(actor=self.actor, board_id=board_id)
        return Response(ColumnSerializer(board_column_list(seen=seen), many=True).data)

    @extend_schema(tags=TAGS, request=ColumnInputSerializer, responses={201: ColumnSerializer})
    def post(self, request: Request, org_slug: str, board_id: int) -> Response:
        seen = board_get_for_actor(actor=self.actor, board_id=board_id)
        data = validated(ColumnInputSerializer, request.data)
        column = column_create(actor=self.actor, board=seen.board, **data)
        return Response(ColumnSerializer(column).data, status=status.HTTP_201_CREATED)


class ColumnDetailApi(TenantAPIView):
    """One column: read, change, or delete it while it never held a card."""

    def _column(self, board_id: int, column_id: int) -> Column:
        seen = board_get_for_actor(actor=self.actor, board_id=board_id)
        return column_get_for_actor(actor=self.actor, seen=seen, column_id=column_id)

    @extend_schema(tags=TAGS, responses=ColumnSerializer)
    def get(self, request: Request, org_slug: str, board_id: int, column_id: int) -> Response:
        return Response(ColumnSerializer(self._column(board_id, column_id)).data)

    @extend_schema(tags=TAGS, request=ColumnInputSerializer, responses=ColumnSerializer)
    def patch(self, request: Request, org_slug: str, board_id: int, column_id: int) -> Response:
        column = self._column(board_id, column_id)
        changes = validated(ColumnInputSerializer, request.data, partial=True)
        column = column_update(actor=self.actor, column=column, **changes)
        return Response(ColumnSerializer(column).data)

    @extend_schema(tags=TAGS, responses={204: None})
    def delete(self, request: Request, org_slug: str, board_id: int, column_id: int) -> Response:
        column_delete(actor=self.actor, column=self._column(board_id, column_id))
        return Response(status=status.HTTP_204_NO_CONTENT)


class SwimlaneListApi(TenantAPIView):
    """The board's swimlanes in order; a member adds one at the bottom."""

    @extend_schema(tags=TAGS, responses=SwimlaneSerializer(many=True))
    def get(self, request: Request, org_slug: str, board_id: int) -> Response:
        seen = board_get_for_actor(actor=self.actor, board_id=board_id)
        return Response(SwimlaneSerializer(board_swimlane_list(seen=seen), many=True).data)

    @extend_schema(tags=TAGS, request=SwimlaneInputSerializer, responses={201: SwimlaneSerializer})
    def post(self, request: Request, org_slug: str, board_id: int) -> Response:
        seen = board_get_for_actor(actor=self.actor, board_id=board_id)
        data = validated(SwimlaneInputSerializer, request.data)
        lane = swimlane_create(actor=self.actor, board=seen.board, name=data["name"])
        if data.get("is_collapsed"):
            lane = swimlane_update(actor=self.actor, swimlane=lane, is_collapsed=True)
        return Response(SwimlaneSerializer(lane).data, status=status.HTTP_201_CREATED)


class SwimlaneDetailApi(TenantAPIView):
    """One swimlane: read, rename, collapse, or delete it while it never held a card."""

    def _lane(self, board_id: int, swimlane_id: int) -> Any:
        seen = board_get_for_actor(actor=self.actor, board_id=board_id)
        return swimlane_get_for_actor(actor=self.actor, seen=seen, swimlane_id=swimlane_id)

    @extend_schema(tags=TAGS, responses=SwimlaneSerializer)
    def get(self, request: Request, org_slug: str, board_id: int, swimlane_id: int) -> Response:
        return Response(SwimlaneSerializer(self._lane(board_id, swimlane_id)).data)

    @extend_schema(tags=TAGS, request=SwimlaneInputSerializer, responses=SwimlaneSerializer)
    def patch(self, request: Request, org_slug: str, board_id: int, swimlane_id: int) -> Response:
        lane = self._lane(board_id, swimlane_id)
        changes = validated(SwimlaneInputSerializer, request.data, partial=True)
        lane = swimlane_update(actor=self.actor, swimlane=lane, **changes)
        return Response(SwimlaneSerializer(lane).data)

    @extend_schema(tags=TAGS, responses={204: None})
    def delete(self, request: Request, org_slug: str, board_id: int, swimlane_id: int) -> Response:
        swimlane_delete(actor=self.actor, swimlane=self._lane(board_id, swimlane_id))
        return Response(status=status.HTTP_204_NO_CONTENT)


class LabelListApi(TenantAPIView):
    """The board's labels by name; a member adds one."""

    @extend_schema_serializer(component_name="LabelInput")
    class InputSerializer(serializers.Serializer[Any]):
        name = serializers.CharField(max_length=40)
        colour = serializers.ChoiceField(choices=Label.Colour.choices, default=Label.Colour.BLUE)

    @extend_schema(tags=TAGS, responses=LabelSerializer(many=True))
    def get(self, request: Request, org_slug: str, board_id: int) -> Response:
        seen = board_get_for_actor(actor=self.actor, board_id=board_id)
        return Response(LabelSerializer(board_label_list(seen=seen), many=True).data)

    @extend_schema(tags=TAGS, request=InputSerializer, responses={201: LabelSerializer})
    def post(self, request: Request, org_slug: str, board_id: int) -> Response:
        seen = board_get_for_actor(actor=self.actor, board_id=board_id)
        data = validated(self.InputSerializer, request.data)
        label = label_create(actor=self.actor, board=seen.board, **data)
        return Response(LabelSerializer(label).data, status=status.HTTP_201_CREATED)


class LabelDetailApi(TenantAPIView):
    """One label: read it, rename or recolour it, or delete it (it leaves every card)."""

    def _label(self, board_id: int, label_id: int) -> Label:
        seen = board_get_for_actor(actor=self.actor, board_id=board_id)
        return label_get_for_actor(actor=self.actor, seen=seen, label_id=label_id)

    @extend_schema(tags=TAGS, responses=LabelSerializer)
    def get(self, request: Request, org_slug: str, board_id: int, label_id: int) -> Response:
        return Response(LabelSerializer(self._label(board_id, label_id)).data)

    @extend_schema(tags=TAGS, request=LabelListApi.InputSerializer, responses=LabelSerializer)
    def patch(self, request: Request, org_slug: str, board_id: int, label_id: int) -> Response:
        changes = validated(LabelListApi.InputSerializer, request.data, partial=True)
        label = label_update(actor=self.actor, label=self._label(board_id, label_id), **changes)
        return Response(LabelSerializer(label).data)

    @extend_schema(tags=TAGS, responses={204: None})
    def delete(self, request: Request, org_slug: str, board_id: int, label_id: int) -> Response:
        label_delete(actor=self.actor, label=self._label(board_id, label_id))
        return Response(status=status.HTTP_204_NO_CONTENT)
