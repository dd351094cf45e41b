"""Boards: list, create (from a template or a copy), read, change, archive and restore."""

from typing import Any, TypeVar

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from officina.boards.api.base import ApiPagination, TenantAPIView, validated
from officina.boards.api.serializers import (
    AccessSerializer,
    BoardDetailSerializer,
    BoardSerializer,
    ColumnSerializer,
    DetailSerializer,
    LabelSerializer,
    SwimlaneSerializer,
)
from officina.boards.models import Board, BoardTemplate
from officina.boards.selectors.boards import (
    BoardWithAccess,
    board_column_list,
    board_get_for_actor,
    board_label_list,
    board_list_for_actor,
    board_swimlane_list,
    board_template_list_for_actor,
)
from officina.boards.services.boards import board_create, board_set_archived, board_update
from officina.common.api import IdField
from officina.organisations.actor import Actor
from officina.organisations.selectors import team_list_for_actor

TAGS = ["boards"]
M = TypeVar("M", BoardTemplate, Board)


def board_detail(actor: Actor, seen: BoardWithAccess) -> dict[str, Any]:
    """The board with its columns, lanes, labels and the caller's access."""
    data: dict[str, Any] = dict(BoardSerializer(seen.board).data)
    data["columns"] = ColumnSerializer(board_column_list(seen=seen), many=True).data
    data["swimlanes"] = SwimlaneSerializer(board_swimlane_list(seen=seen), many=True).data
    data["labels"] = LabelSerializer(board_label_list(seen=seen), many=True).data
    data["access"] = AccessSerializer(seen.access).data
    return data


def board_detail_now(actor: Actor, board: Board) -> dict[str, Any]:
    """A board a service returned, read again, so the answer shows what is stored now."""
    return board_detail(actor, board_get_for_actor(actor=actor, board_id=board.pk))


class BoardListApi(TenantAPIView):
    """Boards the caller may see; a team's member creates one from a template or a copy."""

    pagination_class = ApiPagination

    @extend_schema_serializer(component_name="BoardListFilter")
    class FilterSerializer(serializers.Serializer[Any]):
        team = IdField(required=False, help_text="Only this team's boards.")
        archived = serializers.BooleanField(
            required=False, default=False, help_text="Archived boards instead of active ones."
        )

    @extend_schema_serializer(component_name="BoardCreate")
    class InputSerializer(serializers.Serializer[Any]):
        team_id = IdField()
        name = serializers.CharField(max_length=120)
        description = serializers.CharField(required=False, allow_blank=True, default="")
        visibility = serializers.ChoiceField(
            choices=Board.Visibility.choices, default=Board.Visibility.TEAM
        )
        template_id = IdField(required=False, help_text="A board template.")
        copy_from = IdField(required=False, help_text="A board whose columns and lanes are copied.")

        def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
            if ("template_id" in attrs) == ("copy_from" in attrs):
                raise serializers.ValidationError(
                    _("Give either template_id or copy_from, not both.")
                )
            return attrs

    @extend_schema(tags=TAGS, parameters=[FilterSerializer], responses=BoardSerializer(many=True))
    def get(self, request: Request, org_slug: str) -> Response:
        filters = validated(self.FilterSerializer, request.query_params)
        boards = board_list_for_actor(actor=self.actor, include_archived=filters["archived"])
        if filters["archived"]:
            boards = boards.filter(archived_at__isnull=False)
        if "team" in filters:
            boards = boards.filter(team_id=filters["team"])
        return self.paginated(boards, BoardSerializer)

    @extend_schema(tags=TAGS, request=InputSerializer, responses={201: BoardDetailSerializer})
    def post(self, request: Request, org_slug: str) -> Response:
        data = validated(self.InputSerializer, request.data)
        actor = self.actor
        team = team_list_for_actor(actor=actor).filter(pk=data["team_id"]).first()
        if team is None:
            raise serializers.ValidationError({"team_id": [_("No such team.")]})
        templates = board_template_list_for_actor(actor=actor)
        boards = board_list_for_actor(actor=actor, include_archived=True)
        copy_from = _chosen(boards, data, "copy_from", _("No such board."))
        board = board_create(
            actor=actor,
            team=team,
            name=data["name"],
            template=_chosen(templates, data, "template_id", _("No such template.")),
            copy_from=(
                board_get_for_actor(actor=actor, board_id=copy_from.pk) if copy_from else None
            ),
            description=data["description"],
            visibility=data["visibility"],
        )
        return Response(board_detail_now(actor, board), status=status.HTTP_201_CREATED)


class BoardDetailApi(TenantAPIView):
    """One board with its structure; its managers change name, description, visibility and what
    invited guests may do."""

    @extend_schema_serializer(component_name="BoardUpdate")
    class InputSerializer(serializers.Serializer[Any]):
        name = serializers.CharField(max_length=120, required=False)
        description = serializers.CharField(allow_blank=True, required=False)
        visibility = serializers.ChoiceField(choices=Board.Visibility.choices, required=False)
        guest_rights = serializers.ChoiceField(choices=Board.GuestRights.choices, required=False)

    @extend_schema(tags=TAGS, responses=BoardDetailSerializer)
    def get(self, request: Request, org_slug: str, board_id: int) -> Response:
        seen = board_get_for_actor(actor=self.actor, board_id=board_id)
        return Response(board_detail(self.actor, seen))

    @extend_schema(tags=TAGS, request=InputSerializer, responses=BoardDetailSerializer)
    def patch(self, request: Request, org_slug: str, board_id: int) -> Response:
        seen = board_get_for_actor(actor=self.actor, board_id=board_id)
        changes = validated(self.InputSerializer, request.data, partial=True)
        board = board_update(actor=self.actor, board=seen.board, **changes)
        return Response(board_detail_now(self.actor, board))


class BoardArchiveApi(TenantAPIView):
    """Archive the board: it leaves the lists and keeps its history."""

    archived = True

    @extend_schema(
        tags=TAGS, request=None, responses={200: BoardDetailSerializer, 403: DetailSerializer}
    )
    def post(self, request: Request, org_slug: str, board_id: int) -> Response:
        seen = board_get_for_actor(actor=self.actor, board_id=board_id)
        board = board_set_archived(actor=self.actor, board=seen.board, archived=self.archived)
        return Response(board_detail_now(self.actor, board))


class BoardRestoreApi(BoardArchiveApi):
    """Bring an archived board back."""

    archived = False


class BoardTemplateListApi(TenantAPIView):
    """The templates a new board can start from: the built-in ones and the organisation's."""

    @extend_schema_serializer(component_name="BoardTemplate")
    class OutputSerializer(serializers.Serializer[Any]):
        id = serializers.IntegerField()
        key = serializers.CharField()
        name = serializers.CharField()
        description = serializers.CharField()
        structure = serializers.JSONField()

    @extend_schema(tags=TAGS, responses=OutputSerializer(many=True))
    def get(self, request: Request, org_slug: str) -> Response:
        templates = board_template_list_for_actor(actor=self.actor)
        return Response(self.OutputSerializer(templates, many=True).data)


def _chosen(choices: QuerySet[M], data: dict[str, Any], field: str, missing: Any) -> M | None:
    """The template or board the input names, among those visible; a 400 on that field if not."""
    if field not in data:
        return None
    found = choices.filter(pk=data[field]).first()
    if found is None:
        raise serializers.ValidationError({field: [missing]})
    return found
