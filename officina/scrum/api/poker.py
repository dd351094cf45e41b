"""The live estimation through the API (decision 0045), under
/api/v1/o/<org_slug>/boards/<board_id>/poker/: the same state the page renders and the WebSocket
pushes (hidden votes stay hidden), and one POST per step of a round."""

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from officina.boards.api.base import TenantAPIView, validated
from officina.boards.api.serializers import DetailSerializer
from officina.boards.selectors.boards import BoardWithAccess, board_get_for_actor
from officina.common.api import IdField
from officina.scrum.exceptions import ScrumRuleError
from officina.scrum.selectors import backlog_card_get_for_actor, scrum_settings_for
from officina.scrum.selectors.poker import deck, poker_view_for
from officina.scrum.services.poker import (
    poker_accept,
    poker_close,
    poker_open,
    poker_pick_story,
    poker_reveal,
    poker_revote,
    poker_vote,
)

TAGS = ["scrum"]
REFUSED = {400: DetailSerializer, 403: DetailSerializer, 404: DetailSerializer}


class PokerCardSerializer(serializers.Serializer[Any]):
    value = serializers.CharField()
    text = serializers.CharField()


@extend_schema_serializer(component_name="PokerView")
class PokerViewSerializer(serializers.Serializer[Any]):
    """The estimation as the caller sees it."""

    state = serializers.JSONField(
        help_text=(
            "The public state: `open`; with a round, its story, `voted` (who has voted) and, "
            "once revealed, `votes` and `summary` (distribution, median, min, max)."
        )
    )
    deck = PokerCardSerializer(many=True)
    my_vote = serializers.CharField(allow_null=True, help_text="Your own vote in this round.")
    can_facilitate = serializers.BooleanField()
    can_vote = serializers.BooleanField()


ANSWERS: dict[int, Any] = {200: PokerViewSerializer, **REFUSED}


class PokerStoryInputSerializer(serializers.Serializer[Any]):
    story = IdField(help_text="The number of a backlog card of the board.")


class PokerValueInputSerializer(serializers.Serializer[Any]):
    value = serializers.CharField(max_length=10, help_text="A card of the board's deck.")


class PokerApi(TenantAPIView):
    def seen(self, board_id: int) -> BoardWithAccess:
        """The board as the caller sees it (404 if they may not), before the input is read: a
        board of another organisation is a 404 whatever the body says."""
        seen = board_get_for_actor(actor=self.actor, board_id=board_id)
        if scrum_settings_for(seen=seen) is None:
            raise ScrumRuleError(_("This board does not use Scrum: switch Scrum on first."))
        return seen

    def answer(self, seen: BoardWithAccess) -> Response:
        """The estimation as it stands after the step (the board as read before it)."""
        view = poker_view_for(seen=seen)
        data = {
            "state": view.state,
            "deck": [{"value": value, "text": text} for value, text in deck(view.scale)],
            "my_vote": view.my_vote,
            "can_facilitate": view.can_facilitate,
            "can_vote": view.can_vote,
        }
        return Response(PokerViewSerializer(data).data)


class PokerStateApi(PokerApi):
    """The board's estimation now (404 for a Kanban board)."""

    @extend_schema(tags=TAGS, responses=ANSWERS)
    def get(self, request: Request, org_slug: str, board_id: int) -> Response:
        seen = self.seen(board_id)
        return self.answer(seen)


class PokerOpenApi(PokerApi):
    """Open the estimation; the caller facilitates it."""

    @extend_schema(tags=TAGS, request=None, responses=ANSWERS)
    def post(self, request: Request, org_slug: str, board_id: int) -> Response:
        seen = self.seen(board_id)
        poker_open(actor=self.actor, board_id=board_id)
        return self.answer(seen)


class PokerStoryApi(PokerApi):
    """Estimate this backlog story next: a new round, votes hidden."""

    @extend_schema(
        tags=TAGS,
        request=PokerStoryInputSerializer,
        responses=ANSWERS,
    )
    def post(self, request: Request, org_slug: str, board_id: int) -> Response:
        seen = self.seen(board_id)
        number = validated(PokerStoryInputSerializer, request.data)["story"]
        card = backlog_card_get_for_actor(actor=self.actor, seen=seen, number=number)
        poker_pick_story(actor=self.actor, board_id=board_id, work_item=card)
        return self.answer(seen)


class PokerVoteApi(PokerApi):
    """Vote (hidden until the reveal); a second vote replaces the first."""

    @extend_schema(
        tags=TAGS,
        request=PokerValueInputSerializer,
        responses=ANSWERS,
    )
    def post(self, request: Request, org_slug: str, board_id: int) -> Response:
        seen = self.seen(board_id)
        value = validated(PokerValueInputSerializer, request.data)["value"]
        poker_vote(actor=self.actor, board_id=board_id, value=value)
        return self.answer(seen)


class PokerRevealApi(PokerApi):
    """Show every vote of the round at once."""

    @extend_schema(tags=TAGS, request=None, responses=ANSWERS)
    def post(self, request: Request, org_slug: str, board_id: int) -> Response:
        seen = self.seen(board_id)
        poker_reveal(actor=self.actor, board_id=board_id)
        return self.answer(seen)


class PokerRevoteApi(PokerApi):
    """After a discussion: a new round on the same story."""

    @extend_schema(tags=TAGS, request=None, responses=ANSWERS)
    def post(self, request: Request, org_slug: str, board_id: int) -> Response:
        seen = self.seen(board_id)
        poker_revote(actor=self.actor, board_id=board_id)
        return self.answer(seen)


class PokerAcceptApi(PokerApi):
    """Write the agreed estimate to the story and its history."""

    @extend_schema(
        tags=TAGS,
        request=PokerValueInputSerializer,
        responses=ANSWERS,
    )
    def post(self, request: Request, org_slug: str, board_id: int) -> Response:
        seen = self.seen(board_id)
        value = validated(PokerValueInputSerializer, request.data)["value"]
        poker_accept(actor=self.actor, board_id=board_id, value=value)
        return self.answer(seen)


class PokerCloseApi(PokerApi):
    """Close the estimation."""

    @extend_schema(tags=TAGS, request=None, responses=ANSWERS)
    def post(self, request: Request, org_slug: str, board_id: int) -> Response:
        seen = self.seen(board_id)
        poker_close(actor=self.actor, board_id=board_id)
        return self.answer(seen)
