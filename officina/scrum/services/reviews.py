"""The sprint review: whether the goal was met, the general notes, and an outcome per story.

Whoever edits the board's cards writes it, under the board's lock like every Scrum change; a
planned sprint has nothing to review yet. Saving again replaces what the review said."""

from collections.abc import Mapping
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from officina.common.exceptions import full_clean_or_refuse
from officina.organisations.actor import Actor
from officina.scrum.exceptions import ScrumRuleError
from officina.scrum.models import (
    MAX_REVIEW_NOTE_LENGTH,
    GoalMet,
    ReviewOutcome,
    Sprint,
    SprintReview,
    SprintReviewItem,
)
from officina.scrum.selectors.reviews import sprint_review_cards
from officina.scrum.services.common import lock_for_planning


@transaction.atomic
def sprint_review_save(  # noqa: PLR0913 - the review's parts
    *,
    actor: Actor,
    sprint: Sprint,
    goal_met: str = "",
    notes: str = "",
    outcomes: Mapping[int, tuple[str, str]] | None = None,
    at: datetime | None = None,
) -> SprintReview:
    """Write the sprint's review. `outcomes` maps a card id of the sprint to (outcome, note);
    an outcome "" clears that story's outcome; stories not named keep theirs."""
    lock_for_planning(actor=actor, board_id=sprint.board_id)
    sprint = Sprint.objects.get(pk=sprint.pk, board_id=sprint.board_id)
    if sprint.state == Sprint.State.PLANNED:
        raise ScrumRuleError(_("A sprint is reviewed once it has started."))
    if goal_met and goal_met not in GoalMet.values:
        raise ScrumRuleError(_("Say whether the sprint goal was met: yes, partly or no."))
    now = at or timezone.now()
    review = SprintReview.objects.filter(sprint_id=sprint.pk).first() or SprintReview(
        organisation_id=sprint.organisation_id, sprint=sprint, created_at=now
    )
    review.goal_met = goal_met
    review.notes = notes.strip()
    review.updated_by = actor.user
    full_clean_or_refuse(
        review, exclude=("organisation", "sprint", "updated_by"), error=ScrumRuleError
    )
    review.save()
    if outcomes:
        _save_outcomes(review, sprint, outcomes, now)
    return review


def _save_outcomes(
    review: SprintReview, sprint: Sprint, outcomes: Mapping[int, tuple[str, str]], at: datetime
) -> None:
    stories = {card.pk: card for card in sprint_review_cards(sprint=sprint)}
    for card_id, (outcome, note) in outcomes.items():
        if card_id not in stories:
            raise ScrumRuleError(_("Only the sprint's own stories have an outcome at its review."))
        if outcome and outcome not in ReviewOutcome.values:
            raise ScrumRuleError(
                _("Choose an outcome for #%(number)s: accepted, to rework or not shown.")
                % {"number": stories[card_id].number}
            )
        if len(note.strip()) > MAX_REVIEW_NOTE_LENGTH:
            raise ScrumRuleError(
                _("The note on #%(number)s is longer than %(limit)s characters.")
                % {"number": stories[card_id].number, "limit": MAX_REVIEW_NOTE_LENGTH}
            )
    existing = {item.work_item_id: item for item in review.items.all()}
    cleared = [
        existing[pk].pk
        for pk, (outcome, _note) in outcomes.items()
        if not outcome and pk in existing
    ]
    if cleared:
        SprintReviewItem.objects.filter(review_id=review.pk, pk__in=cleared).delete()
    new, changed = [], []
    for card_id, (outcome, note) in outcomes.items():
        if not outcome:
            continue
        item = existing.get(card_id)
        if item is None:
            new.append(
                SprintReviewItem(
                    organisation_id=review.organisation_id,
                    review=review,
                    work_item_id=card_id,
                    outcome=outcome,
                    note=note.strip(),
                    created_at=at,
                )
            )
        elif (item.outcome, item.note) != (outcome, note.strip()):
            item.outcome, item.note, item.updated_at = outcome, note.strip(), at
            changed.append(item)
    SprintReviewItem.objects.bulk_create(new)
    SprintReviewItem.objects.bulk_update(changed, ["outcome", "note", "updated_at"])
