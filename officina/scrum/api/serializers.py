"""Output shapes of the Scrum API (inputs live with their view)."""

from typing import Any

from rest_framework import serializers

from officina.scrum.models import GoalMet, ItemType, ReviewOutcome, Sprint


class SprintSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField()
    goal = serializers.CharField()
    start_date = serializers.DateField()
    end_date = serializers.DateField()
    state = serializers.ChoiceField(choices=Sprint.State.choices)
    started_at = serializers.DateTimeField(allow_null=True)
    closed_at = serializers.DateTimeField(allow_null=True)


class EpicRefSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField()


class BacklogItemSerializer(serializers.Serializer[Any]):
    """A backlog item: the card (number, title, estimate, column) and what Scrum adds."""

    number = serializers.IntegerField()
    title = serializers.CharField()
    estimate = serializers.DecimalField(max_digits=6, decimal_places=1, allow_null=True)
    column = serializers.CharField(source="column.name")
    item_type = serializers.SerializerMethodField()
    epic = serializers.SerializerMethodField()
    is_ready = serializers.SerializerMethodField()
    acceptance_criteria = serializers.SerializerMethodField()
    sprint = serializers.SerializerMethodField()

    def _entry(self, card: Any) -> Any:
        return getattr(card, "backlog_item", None)

    def get_item_type(self, card: Any) -> str:
        entry = self._entry(card)
        return entry.item_type if entry else str(ItemType.STORY)

    def get_epic(self, card: Any) -> dict[str, Any] | None:
        entry = self._entry(card)
        if entry is None or entry.epic is None:
            return None
        return {"id": entry.epic.pk, "name": entry.epic.name}

    def get_is_ready(self, card: Any) -> bool:
        entry = self._entry(card)
        return bool(entry and entry.is_ready)

    def get_acceptance_criteria(self, card: Any) -> str:
        entry = self._entry(card)
        return entry.acceptance_criteria if entry else ""

    def get_sprint(self, card: Any) -> int | None:
        entry = self._entry(card)
        return entry.sprint_id if entry else None


class SprintDetailSerializer(SprintSerializer):
    items = BacklogItemSerializer(many=True, help_text="The sprint's cards, in order.")


class DayPointSerializer(serializers.Serializer[Any]):
    """The sprint at the end of a day (`day` null: at its start); flow-metrics §10.1."""

    day = serializers.DateField(allow_null=True)
    working = serializers.BooleanField()
    lived = serializers.BooleanField(help_text="False for days still to come (only `ideal`).")
    completed_change = serializers.DecimalField(max_digits=9, decimal_places=2)
    scope_change = serializers.DecimalField(max_digits=9, decimal_places=2)
    scope = serializers.DecimalField(max_digits=9, decimal_places=2)
    completed = serializers.DecimalField(max_digits=9, decimal_places=2)
    remaining = serializers.DecimalField(max_digits=9, decimal_places=2)
    scope_items = serializers.IntegerField()
    done_items = serializers.IntegerField()
    remaining_items = serializers.IntegerField()
    ideal = serializers.DecimalField(max_digits=9, decimal_places=2)


def ratio_field(help_text: str) -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=9, decimal_places=4, allow_null=True, help_text=help_text
    )


class SprintNumbersSerializer(serializers.Serializer[Any]):
    """Totals and the say/do variants of flow-metrics §10.3 (fractions, null without a base)."""

    committed_points = serializers.DecimalField(max_digits=9, decimal_places=2)
    committed_items = serializers.IntegerField()
    completed_points = serializers.DecimalField(max_digits=9, decimal_places=2)
    completed_items = serializers.IntegerField()
    added_points = serializers.DecimalField(max_digits=9, decimal_places=2)
    added_items = serializers.IntegerField()
    removed_points = serializers.DecimalField(max_digits=9, decimal_places=2)
    removed_items = serializers.IntegerField()
    estimate_change = serializers.DecimalField(max_digits=9, decimal_places=2)
    scope_points = serializers.DecimalField(max_digits=9, decimal_places=2)
    scope_items = serializers.IntegerField()
    unestimated_items = serializers.IntegerField()
    say_do = ratio_field("(a) completed ÷ committed points")
    say_do_committed = ratio_field("(b) committed items completed, at first estimates ÷ committed")
    say_do_items = ratio_field("(c) committed items done ÷ committed items")
    say_do_final_scope = ratio_field("(d) completed ÷ final scope points")


class SprintReportSerializer(serializers.Serializer[Any]):
    sprint = SprintSerializer()
    working_days = serializers.IntegerField()
    start = DayPointSerializer()
    days = DayPointSerializer(many=True)
    numbers = SprintNumbersSerializer()


class ReviewStorySerializer(serializers.Serializer[Any]):
    """One story of the sprint and its outcome at the review ("" not decided yet)."""

    number = serializers.IntegerField(source="card.number")
    title = serializers.CharField(source="card.title")
    outcome = serializers.ChoiceField(
        choices=[("", "not decided"), *ReviewOutcome.choices], allow_blank=True
    )
    note = serializers.CharField(allow_blank=True)


class SprintReviewSerializer(serializers.Serializer[Any]):
    """A sprint's review: whether its goal was met ("" not said), the notes, each story."""

    sprint = serializers.IntegerField(source="sprint.pk")
    goal = serializers.CharField(source="sprint.goal")
    goal_met = serializers.ChoiceField(
        choices=[("", "not said"), *GoalMet.choices], allow_blank=True
    )
    notes = serializers.CharField(allow_blank=True)
    stories = ReviewStorySerializer(many=True, source="rows")
