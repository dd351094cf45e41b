"""The Scrum API: sprints (list, create, start, close, plan), the backlog (list, create,
reorder) and the sprint report, under /api/v1/o/<org_slug>/boards/<board_id>/."""

from typing import Any

from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from officina.boards.api.base import ApiPagination, TenantAPIView, validated
from officina.boards.api.serializers import DetailSerializer
from officina.boards.selectors.boards import board_get_for_actor
from officina.common.api import BoundedIntegerField, IdField
from officina.scrum.api.serializers import (
    BacklogItemSerializer,
    SprintDetailSerializer,
    SprintReportSerializer,
    SprintReviewSerializer,
    SprintSerializer,
)
from officina.scrum.models import (
    MAX_CRITERIA_LENGTH,
    MAX_REVIEW_NOTE_LENGTH,
    GoalMet,
    ItemType,
    ReviewOutcome,
    Sprint,
)
from officina.scrum.selectors import (
    backlog_card_get_for_actor,
    backlog_list_for_actor,
    epic_get,
    sprint_get_for_actor,
    sprint_item_list,
    sprint_list_for_actor,
    sprint_report_for,
)
from officina.scrum.selectors.reviews import sprint_review_for
from officina.scrum.services.backlog import backlog_item_create, backlog_item_move
from officina.scrum.services.reviews import sprint_review_save
from officina.scrum.services.sprints import (
    TO_BACKLOG,
    TO_NEXT,
    sprint_add_item,
    sprint_close,
    sprint_create,
    sprint_remove_item,
    sprint_start,
)

TAGS = ["scrum"]
REFUSED = {400: DetailSerializer, 403: DetailSerializer, 404: DetailSerializer}


class ScrumAPIView(TenantAPIView):
    def sprint(self, board_id: int, sprint_id: int) -> Sprint:
        seen = board_get_for_actor(actor=self.actor, board_id=board_id)
        return sprint_get_for_actor(actor=self.actor, seen=seen, sprint_id=sprint_id)


@extend_schema_serializer(component_name="SprintInput")
class SprintInputSerializer(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=120)
    goal = serializers.CharField(max_length=MAX_CRITERIA_LENGTH, required=False, allow_blank=True)
    start_date = serializers.DateField()
    end_date = serializers.DateField()


class SprintListApi(ScrumAPIView):
    """The board's sprints, newest first; a member plans a new one."""

    pagination_class = ApiPagination

    @extend_schema(tags=TAGS, responses=SprintSerializer(many=True))
    def get(self, request: Request, org_slug: str, board_id: int) -> Response:
        seen = board_get_for_actor(actor=self.actor, board_id=board_id)
        return self.paginated(sprint_list_for_actor(actor=self.actor, seen=seen), SprintSerializer)

    @extend_schema(
        tags=TAGS, request=SprintInputSerializer, responses={201: SprintSerializer, **REFUSED}
    )
    def post(self, request: Request, org_slug: str, board_id: int) -> Response:
        seen = board_get_for_actor(actor=self.actor, board_id=board_id)
        data = validated(SprintInputSerializer, request.data)
        sprint = sprint_create(actor=self.actor, board_id=seen.pk, **data)
        return Response(SprintSerializer(sprint).data, status=status.HTTP_201_CREATED)


class SprintDetailApi(ScrumAPIView):
    """One sprint and its cards, in order."""

    @extend_schema(tags=TAGS, responses=SprintDetailSerializer)
    def get(self, request: Request, org_slug: str, board_id: int, sprint_id: int) -> Response:
        sprint = self.sprint(board_id, sprint_id)
        cards = []
        for item in sprint_item_list(sprint=sprint):
            card = item.work_item
            card.backlog_item = item  # the entry already read, not read again per card
            cards.append(card)
        return Response(
            SprintDetailSerializer({**SprintSerializer(sprint).data, "items": cards}).data
        )


class SprintStartApi(ScrumAPIView):
    """Start the sprint: what it holds now is its commitment. One sprint runs at a time."""

    @extend_schema(tags=TAGS, request=None, responses={200: SprintSerializer, **REFUSED})
    def post(self, request: Request, org_slug: str, board_id: int, sprint_id: int) -> Response:
        sprint = sprint_start(actor=self.actor, sprint=self.sprint(board_id, sprint_id))
        return Response(SprintSerializer(sprint).data)


class CarryOverSerializer(serializers.Serializer[Any]):
    number = IdField(help_text="The card's number on the board.")
    to = serializers.ChoiceField(choices=[TO_BACKLOG, TO_NEXT])


@extend_schema_serializer(component_name="SprintCloseInput")
class SprintCloseInputSerializer(serializers.Serializer[Any]):
    carry_over = CarryOverSerializer(
        many=True,
        required=False,
        help_text="Where each unfinished card goes; unnamed ones go back to the backlog.",
    )
    next_sprint = IdField(required=False, help_text="A planned sprint of the board.")


class SprintCloseApi(ScrumAPIView):
    """Close the running sprint, choosing for each unfinished card: backlog or next sprint."""

    @extend_schema(
        tags=TAGS, request=SprintCloseInputSerializer, responses={200: SprintSerializer, **REFUSED}
    )
    def post(self, request: Request, org_slug: str, board_id: int, sprint_id: int) -> Response:
        seen = board_get_for_actor(actor=self.actor, board_id=board_id)
        sprint = sprint_get_for_actor(actor=self.actor, seen=seen, sprint_id=sprint_id)
        data = validated(SprintCloseInputSerializer, request.data)
        carry_over = {}
        for choice in data.get("carry_over", []):
            card = backlog_card_get_for_actor(actor=self.actor, seen=seen, number=choice["number"])
            carry_over[card.pk] = choice["to"]
        next_sprint = None
        if "next_sprint" in data:
            next_sprint = sprint_get_for_actor(
                actor=self.actor, seen=seen, sprint_id=data["next_sprint"]
            )
        closed = sprint_close(
            actor=self.actor, sprint=sprint, carry_over=carry_over, next_sprint=next_sprint
        )
        return Response(SprintSerializer(closed).data)


@extend_schema_serializer(component_name="SprintItemInput")
class SprintItemInputSerializer(serializers.Serializer[Any]):
    number = IdField(help_text="The card's number on the board.")


class SprintItemListApi(ScrumAPIView):
    """Plan a card of the board in the sprint (after the start: scope added)."""

    @extend_schema(
        tags=TAGS,
        request=SprintItemInputSerializer,
        responses={201: BacklogItemSerializer, **REFUSED},
    )
    def post(self, request: Request, org_slug: str, board_id: int, sprint_id: int) -> Response:
        seen = board_get_for_actor(actor=self.actor, board_id=board_id)
        sprint = sprint_get_for_actor(actor=self.actor, seen=seen, sprint_id=sprint_id)
        data = validated(SprintItemInputSerializer, request.data)
        card = backlog_card_get_for_actor(actor=self.actor, seen=seen, number=data["number"])
        sprint_add_item(actor=self.actor, sprint=sprint, work_item=card)
        card = backlog_card_get_for_actor(actor=self.actor, seen=seen, number=card.number)
        return Response(BacklogItemSerializer(card).data, status=status.HTTP_201_CREATED)


class SprintItemRemoveApi(ScrumAPIView):
    """Take a card out of the sprint, back to the top of the backlog (after the start: scope
    removed)."""

    @extend_schema(tags=TAGS, request=None, responses={204: None, **REFUSED})
    def post(
        self, request: Request, org_slug: str, board_id: int, sprint_id: int, number: int
    ) -> Response:
        seen = board_get_for_actor(actor=self.actor, board_id=board_id)
        sprint = sprint_get_for_actor(actor=self.actor, seen=seen, sprint_id=sprint_id)
        card = backlog_card_get_for_actor(actor=self.actor, seen=seen, number=number)
        sprint_remove_item(actor=self.actor, sprint=sprint, work_item=card)
        return Response(status=status.HTTP_204_NO_CONTENT)


class SprintReportApi(ScrumAPIView):
    """Burndown and burnup day by day (points and items, scope change apart, ideal line,
    non-working days) and the sprint's totals with the say/do variants (flow-metrics §10)."""

    @extend_schema(tags=TAGS, responses=SprintReportSerializer)
    def get(self, request: Request, org_slug: str, board_id: int, sprint_id: int) -> Response:
        sprint = self.sprint(board_id, sprint_id)
        report = sprint_report_for(sprint=sprint)
        data = {
            "sprint": sprint,
            "working_days": report.working_days,
            "start": report.start,
            "days": report.days,
            "numbers": report.numbers,
        }
        return Response(SprintReportSerializer(data).data)


class ReviewOutcomeInputSerializer(serializers.Serializer[Any]):
    number = IdField(help_text="The card's number on the board.")
    outcome = serializers.ChoiceField(
        choices=[("", "not decided"), *ReviewOutcome.choices],
        allow_blank=True,
        help_text="Empty clears the story's outcome.",
    )
    note = serializers.CharField(
        max_length=MAX_REVIEW_NOTE_LENGTH, required=False, allow_blank=True, default=""
    )


@extend_schema_serializer(component_name="SprintReviewInput")
class SprintReviewInputSerializer(serializers.Serializer[Any]):
    goal_met = serializers.ChoiceField(
        choices=[("", "not said"), *GoalMet.choices], required=False, allow_blank=True, default=""
    )
    notes = serializers.CharField(
        max_length=MAX_CRITERIA_LENGTH, required=False, allow_blank=True, default=""
    )
    stories = ReviewOutcomeInputSerializer(
        many=True, required=False, help_text="Stories not named keep their outcome."
    )


class SprintReviewApi(ScrumAPIView):
    """The sprint review: whether the goal was met, the notes and an outcome per story.
    Anyone who sees the board reads it; whoever edits its cards writes it (a started sprint)."""

    @extend_schema(tags=TAGS, responses=SprintReviewSerializer)
    def get(self, request: Request, org_slug: str, board_id: int, sprint_id: int) -> Response:
        sprint = self.sprint(board_id, sprint_id)
        return Response(SprintReviewSerializer(sprint_review_for(sprint=sprint)).data)

    @extend_schema(
        tags=TAGS,
        request=SprintReviewInputSerializer,
        responses={200: SprintReviewSerializer, **REFUSED},
    )
    def put(self, request: Request, org_slug: str, board_id: int, sprint_id: int) -> Response:
        seen = board_get_for_actor(actor=self.actor, board_id=board_id)
        sprint = sprint_get_for_actor(actor=self.actor, seen=seen, sprint_id=sprint_id)
        data = validated(SprintReviewInputSerializer, request.data)
        outcomes = {}
        for story in data.get("stories", []):
            card = backlog_card_get_for_actor(actor=self.actor, seen=seen, number=story["number"])
            outcomes[card.pk] = (story["outcome"], story.get("note", ""))
        sprint_review_save(
            actor=self.actor,
            sprint=sprint,
            goal_met=data["goal_met"],
            notes=data["notes"],
            outcomes=outcomes,
        )
        return Response(SprintReviewSerializer(sprint_review_for(sprint=sprint)).data)


@extend_schema_serializer(component_name="BacklogFilter")
class BacklogFilterSerializer(serializers.Serializer[Any]):
    item_type = serializers.ChoiceField(choices=ItemType.choices, required=False)
    ready = serializers.BooleanField(required=False, allow_null=True, default=None)
    search = serializers.CharField(max_length=100, required=False, allow_blank=True)


@extend_schema_serializer(component_name="BacklogItemInput")
class BacklogItemInputSerializer(serializers.Serializer[Any]):
    title = serializers.CharField(max_length=200)
    item_type = serializers.ChoiceField(choices=ItemType.choices, required=False)
    estimate = serializers.DecimalField(
        max_digits=6,
        decimal_places=1,
        allow_null=True,
        required=False,
        help_text="A value of the board's scale (t-shirt sizes as their numbers).",
    )
    epic = IdField(required=False, allow_null=True)
    acceptance_criteria = serializers.CharField(
        max_length=MAX_CRITERIA_LENGTH, required=False, allow_blank=True
    )
    is_ready = serializers.BooleanField(required=False)


class BacklogListApi(ScrumAPIView):
    """The product backlog in order (cards in no sprint and not done); a member adds an item
    at its bottom."""

    pagination_class = ApiPagination

    @extend_schema(
        tags=TAGS, parameters=[BacklogFilterSerializer], responses=BacklogItemSerializer(many=True)
    )
    def get(self, request: Request, org_slug: str, board_id: int) -> Response:
        seen = board_get_for_actor(actor=self.actor, board_id=board_id)
        filters = validated(BacklogFilterSerializer, request.query_params)
        cards = backlog_list_for_actor(actor=self.actor, seen=seen, **filters)
        return self.paginated(cards, BacklogItemSerializer)

    @extend_schema(
        tags=TAGS,
        request=BacklogItemInputSerializer,
        responses={201: BacklogItemSerializer, **REFUSED},
    )
    def post(self, request: Request, org_slug: str, board_id: int) -> Response:
        seen = board_get_for_actor(actor=self.actor, board_id=board_id)
        data = validated(BacklogItemInputSerializer, request.data)
        epic_id = data.pop("epic", None)
        epic = epic_get(seen=seen, epic_id=epic_id) if epic_id else None
        item = backlog_item_create(actor=self.actor, board=seen.board, epic=epic, **data)
        card = backlog_card_get_for_actor(actor=self.actor, seen=seen, number=item.work_item.number)
        return Response(BacklogItemSerializer(card).data, status=status.HTTP_201_CREATED)


@extend_schema_serializer(component_name="BacklogMoveInput")
class BacklogMoveInputSerializer(serializers.Serializer[Any]):
    to = serializers.ChoiceField(choices=["top", "bottom"], required=False)
    before = IdField(required=False, help_text="Just above the card with this number.")
    position = BoundedIntegerField(required=False, help_text="0-based, in the item's list.")


class BacklogMoveApi(ScrumAPIView):
    """Reorder an item in its list (the backlog, or its sprint)."""

    @extend_schema(
        tags=TAGS,
        request=BacklogMoveInputSerializer,
        responses={200: BacklogItemSerializer, **REFUSED},
    )
    def post(self, request: Request, org_slug: str, board_id: int, number: int) -> Response:
        seen = board_get_for_actor(actor=self.actor, board_id=board_id)
        card = backlog_card_get_for_actor(actor=self.actor, seen=seen, number=number)
        data = validated(BacklogMoveInputSerializer, request.data)
        backlog_item_move(actor=self.actor, work_item=card, **data)
        card = backlog_card_get_for_actor(actor=self.actor, seen=seen, number=number)
        return Response(BacklogItemSerializer(card).data)
