"""Output shapes shared by several endpoints of the boards API (inputs live with their view)."""

from typing import Any

from rest_framework import serializers

from officina.boards.models import Board, Column, Label, Stage, WorkItem, WorkItemEvent


class PersonSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField(source="get_full_name")


class TeamRefSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField()


class BoardSerializer(serializers.Serializer[Any]):
    """A board as lists show it; `version` grows with every change to it or its cards."""

    id = serializers.IntegerField()
    name = serializers.CharField()
    description = serializers.CharField()
    visibility = serializers.ChoiceField(choices=Board.Visibility.choices)
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


class LabelSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField()
    colour = serializers.ChoiceField(choices=Label.Colour.choices)


class AccessSerializer(serializers.Serializer[Any]):
    """What the caller may do on the board."""

    can_edit_cards = serializers.BooleanField()
    can_manage = serializers.BooleanField()


class BoardDetailSerializer(BoardSerializer):
    """A board with its structure and what the caller may do on it."""

    columns = ColumnSerializer(many=True, source="column_list")
    swimlanes = SwimlaneSerializer(many=True, source="swimlane_list")
    labels = LabelSerializer(many=True, source="label_list")
    access = AccessSerializer()


class CardSerializer(serializers.Serializer[Any]):
    """A card; send `version` back with a change to have a conflicting change refused."""

    id = serializers.IntegerField()
    number = serializers.IntegerField()
    title = serializers.CharField()
    description = serializers.CharField(help_text="Markdown.")
    description_html = serializers.CharField(help_text="The description, sanitised HTML.")
    column = serializers.IntegerField(source="column_id")
    swimlane = serializers.IntegerField(source="swimlane_id")
    position = serializers.IntegerField(help_text="0-based order inside its column and lane.")
    is_ready = serializers.BooleanField(
        help_text="In the 'ready' part of a split column (then below the cards in progress)."
    )
    assignees = PersonSerializer(many=True, source="assignees.all")
    labels = LabelSerializer(many=True, source="labels.all")
    due_date = serializers.DateField(allow_null=True)
    estimate = serializers.DecimalField(max_digits=6, decimal_places=1, allow_null=True)
    class_of_service = serializers.ChoiceField(choices=WorkItem.ClassOfService.choices)
    is_blocked = serializers.BooleanField()
    blocked_reason = serializers.CharField()
    version = serializers.IntegerField()
    started_at = serializers.DateTimeField(allow_null=True)
    finished_at = serializers.DateTimeField(allow_null=True)
    archived_at = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()


class CommentSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    author = PersonSerializer(allow_null=True)
    body = serializers.CharField(help_text="Markdown.")
    body_html = serializers.CharField(help_text="The comment, sanitised HTML.")
    created_at = serializers.DateTimeField()
    edited_at = serializers.DateTimeField(allow_null=True)


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
