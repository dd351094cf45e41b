"""Reads of the sprint review: the review of a sprint, and its stories with their outcomes.

The stories of a sprint are those it holds while it runs; once closed, those its close
completed or carried over (read from the ledger, since a carried-over card has left it)."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from officina.boards.models import WorkItem
from officina.scrum.models import (
    BacklogItem,
    GoalMet,
    ReviewOutcome,
    Sprint,
    SprintEvent,
    SprintReview,
    SprintReviewItem,
)


@dataclass(frozen=True)
class ReviewRow:
    """One story of the sprint and its outcome at the review ("" not decided yet)."""

    card: WorkItem
    outcome: str
    note: str

    @property
    def outcome_label(self) -> str:
        return str(dict(ReviewOutcome.choices).get(self.outcome, ""))


@dataclass(frozen=True)
class ReviewState:
    """What the review page, the report and the API show of a sprint's review."""

    sprint: Sprint
    review: SprintReview | None
    rows: list[ReviewRow]

    @property
    def goal_met(self) -> str:
        return self.review.goal_met if self.review else ""

    @property
    def goal_met_label(self) -> str:
        return str(dict(GoalMet.choices).get(self.goal_met, ""))

    @property
    def notes(self) -> str:
        return self.review.notes if self.review else ""

    @property
    def is_empty(self) -> bool:
        return self.review is None

    def count(self, outcome: str) -> int:
        return sum(1 for row in self.rows if row.outcome == outcome)

    @property
    def counts(self) -> list[tuple[str, int]]:
        """(outcome's label, how many stories) for each outcome, and those not decided."""
        rows = [(str(label), self.count(value)) for value, label in ReviewOutcome.choices]
        return [*rows, (str(_("Not decided")), self.count(""))]


def sprint_review_cards(*, sprint: Sprint) -> list[WorkItem]:
    """The sprint's stories by number, with their columns (one query)."""
    if sprint.state == Sprint.State.CLOSED:
        closing = SprintEvent.objects.filter(
            organisation_id=sprint.organisation_id,
            sprint_id=sprint.pk,
            kind__in=(SprintEvent.Kind.COMPLETED, SprintEvent.Kind.CARRIED_OVER),
        ).values("work_item_id")
        cards = WorkItem.objects.filter(organisation_id=sprint.organisation_id, pk__in=closing)
    else:
        held = BacklogItem.objects.filter(
            organisation_id=sprint.organisation_id, sprint_id=sprint.pk
        ).values("work_item_id")
        cards = WorkItem.objects.filter(organisation_id=sprint.organisation_id, pk__in=held)
    return list(cards.select_related("column").order_by("number"))


def sprint_review_for(*, sprint: Sprint) -> ReviewState:
    """The sprint's review (None before anyone wrote it) and each story's outcome (three
    queries). `sprint` comes from `sprint_get_for_actor`, so the actor may see it."""
    review = SprintReview.objects.filter(
        organisation_id=sprint.organisation_id, sprint_id=sprint.pk
    ).first()
    outcomes: dict[int, tuple[str, str]] = {}
    if review is not None:
        outcomes = {
            work_item_id: (outcome, note)
            for work_item_id, outcome, note in SprintReviewItem.objects.filter(
                organisation_id=sprint.organisation_id, review_id=review.pk
            ).values_list("work_item_id", "outcome", "note")
        }
    rows = [
        ReviewRow(card, *outcomes.get(card.pk, ("", "")))
        for card in sprint_review_cards(sprint=sprint)
    ]
    return ReviewState(sprint, review, rows)
