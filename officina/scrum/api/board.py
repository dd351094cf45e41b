"""The rest of a Scrum board through the API, under /api/v1/o/<org_slug>/boards/<board_id>/:
its Scrum settings (switching Scrum on), velocity, epics with their progress, bulk actions on
the backlog, and a sprint's stand-up: what the pages show, as JSON."""

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from officina.boards.api.base import TenantAPIView, validated
from officina.boards.api.serializers import DetailSerializer
from officina.boards.selectors.boards import board_get_for_actor
from officina.common.api import IdField
from officina.scrum.models import MAX_CRITERIA_LENGTH, EstimateScale
from officina.scrum.selectors import (
    backlog_cards_by_number,
    epic_get,
    epic_progress_list,
    scrum_settings_for,
    sprint_get_for_actor,
    sprint_standup,
    velocity_rows,
)
from officina.scrum.services.backlog import epic_create
from officina.scrum.services.bulk import BULK_ACTIONS, backlog_bulk_update
from officina.scrum.services.settings import scrum_settings_save

TAGS = ["scrum"]
REFUSED = {400: DetailSerializer, 403: DetailSerializer, 404: DetailSerializer}


@extend_schema_serializer(component_name="ScrumSettings")
class ScrumSettingsSerializer(serializers.Serializer[Any]):
    enabled = serializers.BooleanField(
        read_only=True, help_text="False while the board is a Kanban board."
    )
    estimate_scale = serializers.ChoiceField(
        choices=EstimateScale.choices, default=EstimateScale.FIBONACCI
    )
    definition_of_ready = serializers.CharField(
        max_length=MAX_CRITERIA_LENGTH, required=False, allow_blank=True, default=""
    )
    definition_of_done = serializers.CharField(
        max_length=MAX_CRITERIA_LENGTH, required=False, allow_blank=True, default=""
    )


class ScrumSettingsApi(TenantAPIView):
    """The board's Scrum settings (`enabled` false while it is a Kanban board); PUT switches
    Scrum on or changes them (the board's managers)."""

    @extend_schema(tags=TAGS, responses={200: ScrumSettingsSerializer, 404: DetailSerializer})
    def get(self, request: Request, org_slug: str, board_id: int) -> Response:
        seen = board_get_for_actor(actor=self.actor, board_id=board_id)
        settings = scrum_settings_for(seen=seen)
        if settings is None:
            return Response({**ScrumSettingsSerializer({}).data, "enabled": False})
        return Response({**ScrumSettingsSerializer(settings).data, "enabled": True})

    @extend_schema(
        tags=TAGS,
        request=ScrumSettingsSerializer,
        responses={200: ScrumSettingsSerializer, **REFUSED},
    )
    def put(self, request: Request, org_slug: str, board_id: int) -> Response:
        seen = board_get_for_actor(actor=self.actor, board_id=board_id)
        data = validated(ScrumSettingsSerializer, request.data)
        settings = scrum_settings_save(actor=self.actor, board=seen.board, **data)
        return Response({**ScrumSettingsSerializer(settings).data, "enabled": True})


class VelocityRowSerializer(serializers.Serializer[Any]):
    sprint_id = serializers.IntegerField()
    name = serializers.CharField()
    committed = serializers.DecimalField(max_digits=9, decimal_places=2)
    completed = serializers.DecimalField(max_digits=9, decimal_places=2)
    working_days = serializers.IntegerField()
    say_do = serializers.DecimalField(
        max_digits=9,
        decimal_places=4,
        allow_null=True,
        help_text="completed / committed (flow-metrics §10); null without a commitment.",
    )


class VelocityApi(TenantAPIView):
    """The last closed sprints, oldest first: points committed at the start and completed at
    the close, working days, and the say/do ratio."""

    @extend_schema(tags=TAGS, responses={200: VelocityRowSerializer(many=True)})
    def get(self, request: Request, org_slug: str, board_id: int) -> Response:
        seen = board_get_for_actor(actor=self.actor, board_id=board_id)
        return Response(
            VelocityRowSerializer(velocity_rows(actor=self.actor, seen=seen), many=True).data
        )


class EpicProgressSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(source="epic.pk")
    name = serializers.CharField(source="epic.name")
    items = serializers.IntegerField()
    items_done = serializers.IntegerField()
    points = serializers.DecimalField(max_digits=9, decimal_places=2)
    points_done = serializers.DecimalField(max_digits=9, decimal_places=2)
    percent = serializers.IntegerField()


class EpicInputSerializer(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=120)


class EpicListApi(TenantAPIView):
    """The board's epics with their progress; a member creates one."""

    @extend_schema(tags=TAGS, responses={200: EpicProgressSerializer(many=True)})
    def get(self, request: Request, org_slug: str, board_id: int) -> Response:
        seen = board_get_for_actor(actor=self.actor, board_id=board_id)
        progress = epic_progress_list(actor=self.actor, seen=seen)
        return Response(EpicProgressSerializer(progress, many=True).data)

    @extend_schema(
        tags=TAGS,
        request=EpicInputSerializer,
        responses={201: EpicProgressSerializer, **REFUSED},
    )
    def post(self, request: Request, org_slug: str, board_id: int) -> Response:
        seen = board_get_for_actor(actor=self.actor, board_id=board_id)
        name = validated(EpicInputSerializer, request.data)["name"]
        epic = epic_create(actor=self.actor, board=seen.board, name=name)
        (progress,) = [
            row for row in epic_progress_list(actor=self.actor, seen=seen) if row.epic.pk == epic.pk
        ]
        return Response(EpicProgressSerializer(progress).data, status=status.HTTP_201_CREATED)


@extend_schema_serializer(component_name="BacklogBulk")
class BulkInputSerializer(serializers.Serializer[Any]):
    numbers = serializers.ListField(child=IdField(), min_length=1, max_length=500)
    action = serializers.ChoiceField(choices=BULK_ACTIONS)
    epic = IdField(required=False, help_text="For `epic`.")
    sprint = IdField(required=False, help_text="For `plan`.")


class BulkResultSerializer(serializers.Serializer[Any]):
    changed = serializers.IntegerField()


class BacklogBulkApi(TenantAPIView):
    """One action on several backlog items, all or none: `top`, `bottom` (their order kept),
    `plan` (into `sprint`), `ready`, `not_ready`, `epic` (into `epic`), `no_epic`."""

    @extend_schema(
        tags=TAGS, request=BulkInputSerializer, responses={200: BulkResultSerializer, **REFUSED}
    )
    def post(self, request: Request, org_slug: str, board_id: int) -> Response:
        seen = board_get_for_actor(actor=self.actor, board_id=board_id)
        data = validated(BulkInputSerializer, request.data)
        cards = backlog_cards_by_number(actor=self.actor, seen=seen, numbers=data["numbers"])
        epic = epic_get(seen=seen, epic_id=data["epic"]) if "epic" in data else None
        sprint = (
            sprint_get_for_actor(actor=self.actor, seen=seen, sprint_id=data["sprint"])
            if "sprint" in data
            else None
        )
        changed = backlog_bulk_update(
            actor=self.actor, cards=cards, action=data["action"], epic=epic, sprint=sprint
        )
        return Response({"changed": changed})


class StandupMoveSerializer(serializers.Serializer[Any]):
    number = serializers.IntegerField(source="work_item.number")
    title = serializers.CharField(source="work_item.title")
    from_column = serializers.CharField(source="from_column.name", allow_null=True)
    to_column = serializers.CharField(source="to_column.name", allow_null=True)
    occurred_at = serializers.DateTimeField()


class StandupBlockedSerializer(serializers.Serializer[Any]):
    number = serializers.IntegerField()
    title = serializers.CharField()
    column = serializers.CharField(source="column.name")
    blocked_reason = serializers.CharField()


class StandupSerializer(serializers.Serializer[Any]):
    """Team-level: no one's name is on a row."""

    since = serializers.DateField()
    moves = StandupMoveSerializer(many=True)
    blocked = StandupBlockedSerializer(many=True)


class StandupApi(TenantAPIView):
    """The sprint's daily stand-up: the moves since the previous working day and what is
    blocked (the sprint's goal and burndown are in its report)."""

    @extend_schema(tags=TAGS, responses={200: StandupSerializer, 404: DetailSerializer})
    def get(self, request: Request, org_slug: str, board_id: int, sprint_id: int) -> Response:
        seen = board_get_for_actor(actor=self.actor, board_id=board_id)
        sprint = sprint_get_for_actor(actor=self.actor, seen=seen, sprint_id=sprint_id)
        standup = sprint_standup(sprint=sprint, today=timezone.localdate())
        return Response(StandupSerializer(standup).data)
