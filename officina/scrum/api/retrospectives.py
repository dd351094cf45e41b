"""The retrospectives' API (decision 0047), under
/api/v1/o/<org_slug>/boards/<board_id>/retrospectives/: the list, one retrospective with its
notes (dot counts, never who voted; no author for an anonymous note), its actions and the
previous retrospective's; adding a note; giving or taking back a dot."""

from typing import Any

from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from officina.boards.api.base import ApiPagination, TenantAPIView, validated
from officina.boards.api.serializers import DetailSerializer
from officina.boards.selectors.boards import board_get_for_actor
from officina.common.api import IdField
from officina.scrum.api.serializers import SprintSerializer
from officina.scrum.models import MAX_NOTE_LENGTH, Retrospective
from officina.scrum.retro_formats import COLUMN_KEY_LENGTH, FORMAT_CHOICES
from officina.scrum.selectors.retrospectives import (
    NoteView,
    RetroBoard,
    retro_board_for,
    retro_note_get,
    retrospective_get_for_actor,
    retrospective_list_for_actor,
)
from officina.scrum.services.retrospectives import (
    retro_note_add,
    retro_vote,
    retro_vote_take_back,
)

TAGS = ["scrum"]
REFUSED = {400: DetailSerializer, 403: DetailSerializer, 404: DetailSerializer}


class RetrospectiveSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    title = serializers.CharField()
    format = serializers.ChoiceField(choices=FORMAT_CHOICES)
    sprint = SprintSerializer(allow_null=True)
    dots_per_person = serializers.IntegerField()
    created_at = serializers.DateTimeField()
    closed_at = serializers.DateTimeField(allow_null=True)


class RetroColumnSerializer(serializers.Serializer[Any]):
    key = serializers.CharField()
    name = serializers.CharField(source="label", help_text="The column's heading.")
    prompt = serializers.CharField()


class RetroNoteSerializer(serializers.Serializer[Any]):
    """A note: its dots and whether one is the caller's; `author` is null when anonymous."""

    id = serializers.IntegerField(source="note.pk")
    column = serializers.CharField(source="note.column")
    text = serializers.CharField(source="note.text")
    anonymous = serializers.SerializerMethodField()
    author = serializers.SerializerMethodField()
    group = serializers.IntegerField(source="note.group_id", allow_null=True)
    dots = serializers.IntegerField()
    mine = serializers.BooleanField(help_text="One of the dots is the caller's.")

    def get_anonymous(self, view: NoteView) -> bool:
        return view.note.author_id is None

    def get_author(self, view: NoteView) -> str | None:
        return view.author_name or None


class RetroActionSerializer(serializers.Serializer[Any]):
    """An action's card as it stands now."""

    number = serializers.IntegerField()
    title = serializers.CharField()
    column = serializers.CharField()
    done = serializers.BooleanField()
    archived = serializers.BooleanField()
    owners = serializers.ListField(child=serializers.CharField())
    note = serializers.IntegerField(source="note_id", allow_null=True)


class RetroDetailSerializer(RetrospectiveSerializer):
    columns = RetroColumnSerializer(many=True)
    notes = RetroNoteSerializer(many=True)
    dots_left = serializers.IntegerField(help_text="The caller's dots still to give.")
    actions = RetroActionSerializer(many=True)
    previous = RetrospectiveSerializer(allow_null=True)
    previous_actions = RetroActionSerializer(many=True)


def _detail(wall: RetroBoard) -> dict[str, Any]:
    retro = wall.retrospective
    previous = wall.previous
    return {
        **_summary(retro),
        "columns": list(wall.format.columns),
        "notes": wall.notes,
        "dots_left": wall.dots_left,
        "actions": wall.actions,
        "previous": _summary(previous) if previous is not None else None,
        "previous_actions": wall.previous_actions,
    }


def _summary(retro: Retrospective) -> dict[str, Any]:
    return {
        "id": retro.pk,
        "title": retro.title,
        "format": retro.format,
        "sprint": retro.sprint,
        "dots_per_person": retro.dots_per_person,
        "created_at": retro.created_at,
        "closed_at": retro.closed_at,
    }


class RetroAPIView(TenantAPIView):
    def wall(self, board_id: int, retrospective_id: int) -> RetroBoard:
        seen = board_get_for_actor(actor=self.actor, board_id=board_id)
        retro = retrospective_get_for_actor(
            actor=self.actor, seen=seen, retrospective_id=retrospective_id
        )
        return retro_board_for(actor=self.actor, seen=seen, retrospective=retro)

    def retrospective(self, board_id: int, retrospective_id: int) -> Retrospective:
        seen = board_get_for_actor(actor=self.actor, board_id=board_id)
        return retrospective_get_for_actor(
            actor=self.actor, seen=seen, retrospective_id=retrospective_id
        )


class RetrospectiveListApi(RetroAPIView):
    """The board's retrospectives, newest first."""

    pagination_class = ApiPagination

    @extend_schema(tags=TAGS, responses=RetrospectiveSerializer(many=True))
    def get(self, request: Request, org_slug: str, board_id: int) -> Response:
        seen = board_get_for_actor(actor=self.actor, board_id=board_id)
        retros = retrospective_list_for_actor(actor=self.actor, seen=seen)
        return self.paginated(retros, RetrospectiveSerializer)


class RetrospectiveDetailApi(RetroAPIView):
    """One retrospective: its columns, notes with their dots, its actions and the previous
    retrospective's actions with their cards' state."""

    @extend_schema(tags=TAGS, responses=RetroDetailSerializer)
    def get(
        self, request: Request, org_slug: str, board_id: int, retrospective_id: int
    ) -> Response:
        return Response(RetroDetailSerializer(_detail(self.wall(board_id, retrospective_id))).data)


@extend_schema_serializer(component_name="RetroNoteInput")
class RetroNoteInputSerializer(serializers.Serializer[Any]):
    column = serializers.CharField(
        max_length=COLUMN_KEY_LENGTH, help_text="A column key of the retrospective's format."
    )
    text = serializers.CharField(max_length=MAX_NOTE_LENGTH)
    anonymous = serializers.BooleanField(
        default=False, help_text="Store no author at all: nobody can learn who wrote it."
    )


class RetroNoteCreateApi(RetroAPIView):
    """Add a note to a column of the retrospective (anonymously if asked)."""

    @extend_schema(
        tags=TAGS,
        request=RetroNoteInputSerializer,
        responses={201: RetroNoteSerializer, **REFUSED},
    )
    def post(
        self, request: Request, org_slug: str, board_id: int, retrospective_id: int
    ) -> Response:
        retro = self.retrospective(board_id, retrospective_id)
        data = validated(RetroNoteInputSerializer, request.data)
        note = retro_note_add(actor=self.actor, retrospective=retro, **data)
        view = NoteView(note, dots=0, mine=False)
        return Response(RetroNoteSerializer(view).data, status=status.HTTP_201_CREATED)


@extend_schema_serializer(component_name="RetroVoteInput")
class RetroVoteInputSerializer(serializers.Serializer[Any]):
    note = IdField(help_text="A note of the retrospective.")
    take_back = serializers.BooleanField(
        default=False, help_text="Take the caller's dot back from the note instead."
    )


class RetroVoteResultSerializer(serializers.Serializer[Any]):
    note = RetroNoteSerializer()
    dots_left = serializers.IntegerField()


class RetroVoteApi(RetroAPIView):
    """Give one of the caller's dots to a note (one a note, a few in all), or take it back."""

    @extend_schema(
        tags=TAGS,
        request=RetroVoteInputSerializer,
        responses={200: RetroVoteResultSerializer, **REFUSED},
    )
    def post(
        self, request: Request, org_slug: str, board_id: int, retrospective_id: int
    ) -> Response:
        retro = self.retrospective(board_id, retrospective_id)
        data = validated(RetroVoteInputSerializer, request.data)
        note = retro_note_get(retrospective=retro, note_id=data["note"])
        if data["take_back"]:
            retro_vote_take_back(actor=self.actor, retrospective=retro, note=note)
        else:
            retro_vote(actor=self.actor, retrospective=retro, note=note)
        wall = self.wall(board_id, retrospective_id)
        view = next(view for view in wall.notes if view.note.pk == note.pk)
        return Response(RetroVoteResultSerializer({"note": view, "dots_left": wall.dots_left}).data)
