"""Cards: list and create, read and change (with conflict detection), move, block, archive."""

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from officina.boards.api.base import ApiPagination, TenantAPIView, validated
from officina.boards.api.serializers import (
    CardFieldsSerializer,
    CardSerializer,
    ConflictSerializer,
    DetailSerializer,
)
from officina.boards.exceptions import BoardRuleError
from officina.boards.models import Column, Swimlane, WorkItem
from officina.boards.selectors.boards import (
    BoardWithAccess,
    board_get_for_actor,
    board_reference_for_actor,
    column_get_for_actor,
    swimlane_get_for_actor,
)
from officina.boards.selectors.cards import (
    with_assignees_and_labels,
    work_item_current_address,
    work_item_get_for_actor,
    work_item_list_for_actor,
)
from officina.boards.services.cards import (
    work_item_create,
    work_item_set_archived,
    work_item_set_blocked,
    work_item_update,
)
from officina.boards.services.moves import work_item_move
from officina.boards.services.transfer import work_item_transfer
from officina.common.api import BoundedIntegerField, IdField
from officina.common.exceptions import NotFound
from officina.organisations.actor import Actor

TAGS = ["cards"]
REFUSED = {400: DetailSerializer, 403: DetailSerializer, 404: DetailSerializer}
CONFLICT = {**REFUSED, 409: ConflictSerializer}


class CardMovedError(NotFound):
    """The card left this board (decision 0025): its new address, for the 404 answer."""


def seen_card_of(actor: Actor, board_id: int, number: int) -> tuple[BoardWithAccess, WorkItem]:
    """The board (with the actor's access) and the card the URL names; a card that moved to
    another board is a 404 that says where it is now, if the caller may see it (the API does not
    follow old addresses silently)."""
    try:
        seen = board_get_for_actor(actor=actor, board_id=board_id)
        return seen, work_item_get_for_actor(actor=actor, seen=seen, number=number)
    except NotFound:
        new_board, new_number = work_item_current_address(
            actor=actor, board_id=board_id, number=number
        )
        raise CardMovedError(
            _("This card is now card %(number)s of board %(board)s.")
            % {"number": new_number, "board": new_board}
        ) from None


def card_of(actor: Actor, board_id: int, number: int) -> WorkItem:
    return seen_card_of(actor, board_id, number)[1]


def card_data(actor: Actor, seen: BoardWithAccess, card: WorkItem) -> Any:
    """The card as stored now (a service returns it without its assignees and labels), read on
    the board the request has already checked."""
    return CardSerializer(work_item_get_for_actor(actor=actor, seen=seen, number=card.number)).data


def _column(actor: Actor, seen: BoardWithAccess, column_id: int) -> Column:
    """A column named in the input; one of another board is a rule error, not a 404."""
    try:
        return column_get_for_actor(actor=actor, seen=seen, column_id=column_id)
    except NotFound as error:
        raise BoardRuleError(_("This column belongs to another board.")) from error


def _swimlane(actor: Actor, seen: BoardWithAccess, swimlane_id: int) -> Swimlane:
    try:
        return swimlane_get_for_actor(actor=actor, seen=seen, swimlane_id=swimlane_id)
    except NotFound as error:
        raise BoardRuleError(_("This swimlane belongs to another board.")) from error


class CardListApi(TenantAPIView):
    """The board's cards in board order (open ones unless ?archived=true), filterable."""

    pagination_class = ApiPagination

    @extend_schema_serializer(component_name="CardListFilter")
    class FilterSerializer(serializers.Serializer[Any]):
        column = IdField(required=False)
        swimlane = IdField(required=False)
        assignee = IdField(required=False, help_text="A user id.")
        label = IdField(required=False)  # type: ignore[assignment]
        blocked = serializers.BooleanField(required=False, allow_null=True, default=None)
        archived = serializers.BooleanField(required=False, default=False)

    @extend_schema_serializer(component_name="CardCreate")
    class InputSerializer(CardFieldsSerializer):  # type: ignore[valid-type, misc]
        column = IdField(required=False, help_text="Default: first open column.")
        swimlane = IdField(required=False, help_text="Default: first lane.")

    @extend_schema(tags=TAGS, parameters=[FilterSerializer], responses=CardSerializer(many=True))
    def get(self, request: Request, org_slug: str, board_id: int) -> Response:
        seen = board_get_for_actor(actor=self.actor, board_id=board_id)
        filters = validated(self.FilterSerializer, request.query_params)
        cards = work_item_list_for_actor(actor=self.actor, seen=seen, filters=filters)
        return self.paginated(cards, CardSerializer)

    @extend_schema(tags=TAGS, request=InputSerializer, responses={201: CardSerializer, **REFUSED})
    def post(self, request: Request, org_slug: str, board_id: int) -> Response:
        actor = self.actor
        seen = board_get_for_actor(actor=actor, board_id=board_id)
        data = validated(self.InputSerializer, request.data)
        card = work_item_create(
            actor=actor,
            board=seen.board,
            title=data["title"],
            column=_column(actor, seen, data["column"]) if "column" in data else None,
            swimlane=_swimlane(actor, seen, data["swimlane"]) if "swimlane" in data else None,
            description=data.get("description", ""),
            assignee_ids=data.get("assignees", ()),
            label_ids=data.get("labels", ()),
            due_date=data.get("due_date"),
            estimate=data.get("estimate"),
            class_of_service=data.get("class_of_service", WorkItem.ClassOfService.STANDARD),
        )
        return Response(card_data(actor, seen, card), status=status.HTTP_201_CREATED)


class CardDetailApi(TenantAPIView):
    """One card by its number; a change names the `version` it started from (409 if stale)."""

    @extend_schema_serializer(component_name="CardUpdate")
    class InputSerializer(CardFieldsSerializer):  # type: ignore[valid-type, misc]
        version = IdField(
            required=False,
            help_text="The card's version you read: if it changed since, nothing is saved (409).",
        )

    @extend_schema(tags=TAGS, responses=CardSerializer)
    def get(self, request: Request, org_slug: str, board_id: int, number: int) -> Response:
        return Response(CardSerializer(card_of(self.actor, board_id, number)).data)

    @extend_schema(tags=TAGS, request=InputSerializer, responses={200: CardSerializer, **CONFLICT})
    def patch(self, request: Request, org_slug: str, board_id: int, number: int) -> Response:
        seen, card = seen_card_of(self.actor, board_id, number)
        changes = validated(self.InputSerializer, request.data, partial=True)
        version = changes.pop("version", None)
        card = work_item_update(
            actor=self.actor, work_item=card, data=changes, expected_version=version
        )
        return Response(card_data(self.actor, seen, card))


class CardMoveApi(TenantAPIView):
    """Move the card to a column, lane and 0-based position (default: bottom of the cell).

    In a column split into "in progress" and "ready", `ready` chooses the part (omitted: the
    card keeps its part within the column, and enters another column in progress) and the
    position is taken within that part.

    Refused moves (closed column, hard WIP limit, archived card) answer 400 and a stale
    `version` 409, each with a message in the caller's language; nothing is changed.
    """

    @extend_schema_serializer(component_name="CardMove")
    class InputSerializer(serializers.Serializer[Any]):
        column = IdField()
        swimlane = IdField(required=False, help_text="Default: the card's lane.")
        position = BoundedIntegerField(required=False)
        version = IdField(required=False)
        ready = serializers.BooleanField(required=False, allow_null=True, default=None)

    @extend_schema(tags=TAGS, request=InputSerializer, responses={200: CardSerializer, **CONFLICT})
    def post(self, request: Request, org_slug: str, board_id: int, number: int) -> Response:
        # The service reads card, column and lane under the board's lock, within this board
        # only: bare references are all it needs, and nothing is read twice (issue 9).
        actor = self.actor
        seen = board_reference_for_actor(actor=actor, board_id=board_id)
        data = validated(self.InputSerializer, request.data)
        lane_id = data.get("swimlane")
        try:
            card = work_item_move(
                actor=actor,
                work_item=WorkItem(board=seen.board, number=number),
                column=Column(pk=data["column"]),
                swimlane=Swimlane(pk=lane_id) if lane_id is not None else None,
                position=data.get("position"),
                expected_version=data.get("version"),
                ready=data.get("ready"),
            )
        except NotFound:
            seen_card_of(actor, board_id, number)  # a card that left: where it is now
            raise
        return Response(CardSerializer(with_assignees_and_labels(card)).data)


class CardBlockApi(TenantAPIView):
    """Flag the card as blocked, saying why (the blocked interval is recorded)."""

    @extend_schema_serializer(component_name="CardBlock")
    class InputSerializer(serializers.Serializer[Any]):
        reason = serializers.CharField(max_length=300)

    @extend_schema(tags=TAGS, request=InputSerializer, responses={200: CardSerializer, **REFUSED})
    def post(self, request: Request, org_slug: str, board_id: int, number: int) -> Response:
        seen, card = seen_card_of(self.actor, board_id, number)
        data = validated(self.InputSerializer, request.data)
        card = work_item_set_blocked(
            actor=self.actor, work_item=card, blocked=True, reason=data["reason"]
        )
        return Response(card_data(self.actor, seen, card))


class CardUnblockApi(TenantAPIView):
    """Clear the card's blocked flag."""

    @extend_schema(tags=TAGS, request=None, responses={200: CardSerializer, **REFUSED})
    def post(self, request: Request, org_slug: str, board_id: int, number: int) -> Response:
        seen, card = seen_card_of(self.actor, board_id, number)
        card = work_item_set_blocked(actor=self.actor, work_item=card, blocked=False)
        return Response(card_data(self.actor, seen, card))


class CardArchiveApi(TenantAPIView):
    """Archive the card: it leaves the board and keeps its history. `resolution` says how it
    left the flow (only delivered work counts in throughput); default: delivered when the
    card is in a done column, required otherwise."""

    @extend_schema_serializer(component_name="CardArchive")
    class InputSerializer(serializers.Serializer[Any]):
        resolution = serializers.ChoiceField(
            choices=WorkItem.Resolution.choices, required=False, allow_blank=True, default=""
        )

    @extend_schema(tags=TAGS, request=InputSerializer, responses={200: CardSerializer, **REFUSED})
    def post(self, request: Request, org_slug: str, board_id: int, number: int) -> Response:
        seen, card = seen_card_of(self.actor, board_id, number)
        data = validated(self.InputSerializer, request.data)
        card = work_item_set_archived(
            actor=self.actor, work_item=card, archived=True, resolution=data["resolution"]
        )
        return Response(card_data(self.actor, seen, card))


class CardRestoreApi(TenantAPIView):
    """Put an archived card back at the bottom of its cell."""

    @extend_schema(tags=TAGS, request=None, responses={200: CardSerializer, **REFUSED})
    def post(self, request: Request, org_slug: str, board_id: int, number: int) -> Response:
        seen, card = seen_card_of(self.actor, board_id, number)
        card = work_item_set_archived(actor=self.actor, work_item=card, archived=False)
        return Response(card_data(self.actor, seen, card))


class CardTransferApi(TenantAPIView):
    """Move the card to another board of the organisation (decision 0049): into `column`, or
    the new board's column of the card's stage. The card keeps its history, comments and files,
    takes the next number of the new board, and its old address answers 404 naming the new one.
    The caller must change cards on both boards; a story planned in a sprint is refused (400)."""

    @extend_schema_serializer(component_name="CardTransfer")
    class InputSerializer(serializers.Serializer[Any]):
        board = IdField(help_text="The board the card moves to.")
        column = IdField(required=False, help_text="Default: the column of the card's stage.")

    @extend_schema(tags=TAGS, request=InputSerializer, responses={200: CardSerializer, **REFUSED})
    def post(self, request: Request, org_slug: str, board_id: int, number: int) -> Response:
        _seen, card = seen_card_of(self.actor, board_id, number)
        data = validated(self.InputSerializer, request.data)
        moved = work_item_transfer(
            actor=self.actor,
            work_item=card,
            to_board_id=data["board"],
            column_id=data.get("column"),
        )
        return Response(CardSerializer(card_of(self.actor, moved.board_id, moved.number)).data)
