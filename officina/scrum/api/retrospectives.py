"""The retrospectives' API (decision 0047), under
/api/v1/o/<org_slug>/boards/<board_id>/retrospectives/: the list and a new one, one
retrospective with its notes (dot counts, never who voted; no author for an anonymous note), its
actions and the previous retrospective's; adding a note; giving or taking back a dot; grouping;
and the facilitator's acts: an action (a backlog card with an owner), closing."""

from typing import Any

from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from officina.boards.api.base import ApiPagination, TenantAPIView, validated
from officina.boards.api.serializers import DetailSerializer
from officina.boards.selectors.boards import board_get_for_actor
from officina.common.api import BoundedIntegerField, IdField
from officina.scrum.api.serializers import SprintSerializer
from officina.scrum.models import DEFAULT_DOTS, MAX_DOTS, MAX_NOTE_LENGTH, Retrospective
from officina.scrum.retro_formats import COLUMN_KEY_LENGTH, DEFAULT_FORMAT, FORMAT_CHOICES
from officina.scrum.selectors import sprint_get_for_actor
from officina.scrum.selectors.retrospectives import (
    NoteView,
    RetroBoard,
    retro_board_for,
    retro_note_get,
    retrospective_get_for_actor,
    retrospective_list_for_actor,
)
from officina.scrum.services.retrospectives import (
    retro_action_create,
    retro_note_add,
    retro_note_group,
    retro_vote,
    retro_vote_take_back,
    retrospective_close,
    retrospective_create,
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


@extend_schema_serializer(component_name="RetrospectiveInput")
class RetrospectiveInputSerializer(serializers.Serializer[Any]):
    title = serializers.CharField(max_length=120)
    format = serializers.ChoiceField(choices=FORMAT_CHOICES, default=DEFAULT_FORMAT)
    sprint = IdField(required=False, allow_null=True, help_text="A sprint of the board.")
    dots_per_person = BoundedIntegerField(
        min_value=1, max_value=MAX_DOTS, default=DEFAULT_DOTS, help_text="One dot a note."
    )


class RetrospectiveListApi(RetroAPIView):
    """The board's retrospectives, newest first; a member of the team opens a new one."""

    pagination_class = ApiPagination

    @extend_schema(tags=TAGS, responses=RetrospectiveSerializer(many=True))
    def get(self, request: Request, org_slug: str, board_id: int) -> Response:
        seen = board_get_for_actor(actor=self.actor, board_id=board_id)
        retros = retrospective_list_for_actor(actor=self.actor, seen=seen)
        return self.paginated(retros, RetrospectiveSerializer)

    @extend_schema(
        tags=TAGS,
        request=RetrospectiveInputSerializer,
        responses={201: RetrospectiveSerializer, **REFUSED},
    )
    def post(self, request: Request, org_slug: str, board_id: int) -> Response:
        seen = board_get_for_actor(actor=self.actor, board_id=board_id)
        data = validated(RetrospectiveInputSerializer, request.data)
        sprint_id = data.pop("sprint", None)
        sprint = None
        if sprint_id is not None:
            sprint = sprint_get_for_actor(actor=self.actor, seen=seen, sprint_id=sprint_id)
        retro = retrospective_create(actor=self.actor, board_id=seen.pk, sprint=sprint, **data)
        return Response(RetrospectiveSerializer(retro).data, status=status.HTTP_201_CREATED)


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


@extend_schema_serializer(component_name="RetroGroupInput")
class RetroGroupInputSerializer(serializers.Serializer[Any]):
    note = IdField(help_text="The note to move.")
    under = IdField(
        allow_null=True, help_text="The note to put it under (its group's heading); null: none."
    )


class RetroGroupApi(RetroAPIView):
    """Put a note (and the notes under it) under another note, or take it out of its group."""

    @extend_schema(
        tags=TAGS,
        request=RetroGroupInputSerializer,
        responses={200: RetroNoteSerializer(many=True), **REFUSED},
    )
    def post(
        self, request: Request, org_slug: str, board_id: int, retrospective_id: int
    ) -> Response:
        retro = self.retrospective(board_id, retrospective_id)
        data = validated(RetroGroupInputSerializer, request.data)
        note = retro_note_get(retrospective=retro, note_id=data["note"])
        under = None
        if data["under"] is not None:
            under = retro_note_get(retrospective=retro, note_id=data["under"])
        retro_note_group(actor=self.actor, retrospective=retro, note=note, under=under)
        notes = self.wall(board_id, retrospective_id).notes
        return Response(RetroNoteSerializer(notes, many=True).data)


@extend_schema_serializer(component_name="RetroActionInput")
class RetroActionInputSerializer(serializers.Serializer[Any]):
    title = serializers.CharField(
        max_length=200, required=False, allow_blank=True, help_text="Empty: the note's text."
    )
    owner = IdField(help_text="A person of the board's team: the card's assignee.")
    note = IdField(required=False, allow_null=True, help_text="The note it comes from.")


class RetroActionCreateApi(RetroAPIView):
    """Decide an action: a task at the bottom of the board's backlog, assigned to its owner."""

    @extend_schema(
        tags=TAGS,
        request=RetroActionInputSerializer,
        responses={201: RetroActionSerializer, **REFUSED},
    )
    def post(
        self, request: Request, org_slug: str, board_id: int, retrospective_id: int
    ) -> Response:
        retro = self.retrospective(board_id, retrospective_id)
        data = validated(RetroActionInputSerializer, request.data)
        note = None
        if data.get("note") is not None:
            note = retro_note_get(retrospective=retro, note_id=data["note"])
        action = retro_action_create(
            actor=self.actor,
            retrospective=retro,
            title=data.get("title", ""),
            owner_id=data["owner"],
            note=note,
        )
        actions = self.wall(board_id, retrospective_id).actions
        made = next(view for view in actions if view.number == action.work_item.number)
        return Response(RetroActionSerializer(made).data, status=status.HTTP_201_CREATED)


class RetrospectiveCloseApi(RetroAPIView):
    """Close the retrospective: from now on it is a record."""

    @extend_schema(tags=TAGS, request=None, responses={200: RetrospectiveSerializer, **REFUSED})
    def post(
        self, request: Request, org_slug: str, board_id: int, retrospective_id: int
    ) -> Response:
        retro = self.retrospective(board_id, retrospective_id)
        closed = retrospective_close(actor=self.actor, retrospective=retro)
        closed.sprint = retro.sprint
        return Response(RetrospectiveSerializer(closed).data)
