"""Output shapes shared by several endpoints of the boards API (inputs live with their view).

A card's own fields come from their declaration on the model (`card_fields.py`): the card
serializers are built from it, so a new card field reaches the API without a line here.
"""

from typing import Any

from rest_framework import serializers

from officina.boards.api.shapes import LabelSerializer, PersonSerializer
from officina.boards.card_fields import card_fields
from officina.boards.models import Board, Column, Stage, WorkItem, WorkItemEvent
from officina.boards.models.fields import CardFieldKind

__all__ = ["LabelSerializer", "PersonSerializer"]


class TeamRefSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField()


class BoardSerializer(serializers.Serializer[Any]):
    """A board as lists show it; `version` grows with every change to it or its cards."""

    id = serializers.IntegerField()
    name = serializers.CharField()
    description = serializers.CharField()
    visibility = serializers.ChoiceField(choices=Board.Visibility.choices)
    guest_rights = serializers.ChoiceField(
        choices=Board.GuestRights.choices, help_text="What the guests invited to the board may do."
    )
    team = TeamRefSerializer()
    version = serializers.IntegerField()
    archived_at = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()


class ColumnSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField()
    position = serializers.IntegerField()
    stage = serializers.ChoiceField(choices=Stage.choices)
    wip_limit = serializers.IntegerField(allow_null=True)
    wip_policy = serializers.ChoiceField(choices=Column.WipPolicy.choices)
    policy = serializers.CharField()
    is_collapsed = serializers.BooleanField()
    is_closed = serializers.BooleanField()
    is_split = serializers.BooleanField(
        help_text="Split into 'in progress' and 'ready': finished cards wait to be pulled."
    )


class SwimlaneSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField()
    position = serializers.IntegerField()
    is_collapsed = serializers.BooleanField()


class AccessSerializer(serializers.Serializer[Any]):
    """What the caller may do on the board."""

    can_comment = serializers.BooleanField()
    can_edit_cards = serializers.BooleanField()
    can_manage = serializers.BooleanField(help_text="Change the structure and settings.")


class BoardDetailSerializer(BoardSerializer):
    """A board with its structure and what the caller may do on it."""

    columns = ColumnSerializer(many=True, source="column_list")
    swimlanes = SwimlaneSerializer(many=True, source="swimlane_list")
    labels = LabelSerializer(many=True, source="label_list")
    access = AccessSerializer()


class CardStateSerializer(serializers.Serializer[Any]):
    """What every card carries besides its fields: where it is, and its state."""

    id = serializers.IntegerField()
    number = serializers.IntegerField()
    column = serializers.IntegerField(source="column_id")
    swimlane = serializers.IntegerField(source="swimlane_id")
    position = serializers.IntegerField(help_text="0-based order inside its column and lane.")
    is_ready = serializers.BooleanField(
        help_text="In the 'ready' part of a split column (then below the cards in progress)."
    )
    is_blocked = serializers.BooleanField()
    blocked_reason = serializers.CharField()
    resolution = serializers.ChoiceField(
        choices=WorkItem.Resolution.choices,
        allow_blank=True,
        help_text="How an archived card left the flow; empty while it is on the board.",
    )
    version = serializers.IntegerField()
    started_at = serializers.DateTimeField(allow_null=True)
    finished_at = serializers.DateTimeField(allow_null=True)
    archived_at = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()


def _card_output_fields() -> dict[str, serializers.Field]:  # type: ignore[type-arg]
    fields: dict[str, serializers.Field] = {}  # type: ignore[type-arg]
    for field in card_fields():
        fields[field.name] = field.output_field()
        if field.kind == CardFieldKind.MARKDOWN:
            fields[f"{field.name}_html"] = serializers.CharField(
                help_text="The same text as sanitised HTML."
            )
    return fields


def _card_input_fields() -> dict[str, serializers.Field]:  # type: ignore[type-arg]
    return {field.name: field.input_field() for field in card_fields()}


# A card; send `version` back with a change to have a conflicting change refused.
CardSerializer: type[serializers.Serializer[Any]] = type(
    "CardSerializer",
    (CardStateSerializer,),
    {"__doc__": "A card: its fields, where it is and its state.", **_card_output_fields()},
)
# The card fields a caller sends to create or change a card.
CardFieldsSerializer: type[serializers.Serializer[Any]] = type(
    "CardFieldsSerializer",
    (serializers.Serializer,),
    {"__doc__": "A card's fields, as a caller sends them.", **_card_input_fields()},
)


class CommentSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    author = PersonSerializer(allow_null=True)
    body = serializers.CharField(help_text="Markdown.")
    body_html = serializers.CharField(help_text="The comment, sanitised HTML.")
    created_at = serializers.DateTimeField()
    edited_at = serializers.DateTimeField(allow_null=True)


class StructureEventSerializer(serializers.Serializer[Any]):
    """One change to a board or its columns and lanes (their name, position and stage at the
    time are in `data`)."""

    id = serializers.IntegerField()
    kind = serializers.CharField()
    actor = PersonSerializer(allow_null=True)
    occurred_at = serializers.DateTimeField()
    column = serializers.IntegerField(source="column_ref", allow_null=True)
    swimlane = serializers.IntegerField(source="swimlane_ref", allow_null=True)
    data = serializers.JSONField()  # type: ignore[assignment]


class EventSerializer(serializers.Serializer[Any]):
    """One change to a card. Moves carry columns, lanes and stages before and after."""

    id = serializers.IntegerField()
    card = serializers.IntegerField(source="work_item.number", help_text="The card's number.")
    kind = serializers.ChoiceField(choices=WorkItemEvent.Kind.choices)
    actor = PersonSerializer(allow_null=True)
    occurred_at = serializers.DateTimeField()
    from_column = serializers.IntegerField(source="from_column_id", allow_null=True)
    to_column = serializers.IntegerField(source="to_column_id", allow_null=True)
    from_swimlane = serializers.IntegerField(source="from_swimlane_id", allow_null=True)
    to_swimlane = serializers.IntegerField(source="to_swimlane_id", allow_null=True)
    from_stage = serializers.CharField()
    to_stage = serializers.CharField()
    data = serializers.JSONField(  # type: ignore[assignment]
        help_text='What changed, e.g. {"title": ["before", "after"]}.'
    )


class DetailSerializer(serializers.Serializer[Any]):
    """An error: one sentence in the caller's language."""

    detail = serializers.CharField()


class ConflictSerializer(DetailSerializer):
    current_version = serializers.IntegerField()
