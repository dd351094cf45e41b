"""Recurring cards: the board's managers define them; the daily task creates the due cards.

`recurring_cards_create_due` is idempotent: each recurrence's row is locked, the latest
occurrence not yet served is computed under the lock, and its date is stored in the same
transaction as the card. Run twice, or by two workers at once, it makes one card per
occurrence; after a pause it makes only the latest missed one (decision 0040).
"""

import logging
from collections.abc import Sequence
from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from officina.boards.exceptions import BoardRuleError
from officina.boards.models import Board, CardRecurrence, CardTemplate, Swimlane, WorkItem
from officina.boards.permissions import require_manage_board
from officina.boards.recurrence import LAST, Rule, latest_occurrence
from officina.boards.selectors.boards import board_access_for_actor
from officina.boards.services.cards import work_item_create_unchecked
from officina.boards.services.locking import lock_board
from officina.organisations.actor import Actor

logger = logging.getLogger(__name__)
Frequency = CardRecurrence.Frequency


def rule_of(recurrence: CardRecurrence) -> Rule:
    """The recurrence's rule, for `recurrence.py`."""
    return Rule(
        frequency=recurrence.frequency,
        weekdays=tuple(recurrence.weekdays or ()),
        day_of_month=recurrence.day_of_month,
        week_of_month=recurrence.week_of_month,
        weekday=recurrence.weekday,
    )


def _check_rule(recurrence: CardRecurrence) -> None:
    """Keep only the fields the frequency uses, and refuse a rule that names no date."""
    frequency = recurrence.frequency
    weekdays = sorted({int(day) for day in recurrence.weekdays or ()})
    if frequency == Frequency.WEEKLY and (not weekdays or not set(weekdays) <= set(range(7))):
        raise BoardRuleError(_("Choose at least one day of the week."))
    if frequency == Frequency.MONTHLY_DAY and recurrence.day_of_month not in range(1, 32):
        raise BoardRuleError(_("Choose a day of the month between 1 and 31."))
    if frequency == Frequency.MONTHLY_WEEKDAY and (
        recurrence.week_of_month not in (1, 2, 3, 4, LAST) or recurrence.weekday not in range(7)
    ):
        raise BoardRuleError(_("Choose which weekday of the month (e.g. the first Monday)."))
    if frequency not in Frequency.values:
        raise BoardRuleError(_("Choose how often the card repeats."))
    recurrence.weekdays = weekdays if frequency == Frequency.WEEKLY else []
    if frequency != Frequency.MONTHLY_DAY:
        recurrence.day_of_month = None
    if frequency != Frequency.MONTHLY_WEEKDAY:
        recurrence.week_of_month = recurrence.weekday = None


@transaction.atomic
def card_recurrence_create(  # noqa: PLR0913 - a rule's fields, each used by one frequency
    *,
    actor: Actor,
    board: Board,
    frequency: str,
    starts_on: date,
    template: CardTemplate | None = None,
    title: str = "",
    swimlane: Swimlane | None = None,
    weekdays: Sequence[int] = (),
    day_of_month: int | None = None,
    week_of_month: int | None = None,
    weekday: int | None = None,
) -> CardRecurrence:
    """A recurring card of the board (managers only), from a template of the board or a title.
    Its first card is the first occurrence on or after `starts_on`."""
    require_manage_board(board_access_for_actor(actor=actor, board_id=board.pk))
    locked = lock_board(board.pk)
    if template is not None and template.board_id != locked.pk:
        raise BoardRuleError(_("The card template belongs to another board."))
    if swimlane is not None and swimlane.board_id != locked.pk:
        raise BoardRuleError(_("This swimlane belongs to another board."))
    title = title.strip()
    if template is None and not title:
        raise BoardRuleError(_("Choose a card template or write the card's title."))
    recurrence = CardRecurrence(
        organisation_id=locked.organisation_id,
        board=locked,
        template=template,
        title=title[:200],
        swimlane=swimlane,
        frequency=frequency,
        weekdays=list(weekdays),
        day_of_month=day_of_month,
        week_of_month=week_of_month,
        weekday=weekday,
        starts_on=starts_on,
        created_by=actor.user,
    )
    _check_rule(recurrence)
    recurrence.save()
    return recurrence


@transaction.atomic
def card_recurrence_delete(*, actor: Actor, recurrence: CardRecurrence) -> None:
    """Stop a recurring card (managers only); the cards it made stay."""
    require_manage_board(board_access_for_actor(actor=actor, board_id=recurrence.board_id))
    lock_board(recurrence.board_id)
    CardRecurrence.objects.filter(pk=recurrence.pk, board_id=recurrence.board_id).delete()


def recurring_cards_create_due(*, today: date, at: datetime | None = None) -> int:
    """Create the card of every recurrence whose latest occurrence up to `today` is not yet
    served; how many cards were made. Each recurrence in its own transaction, so one board's
    refusal (e.g. a full first column) does not hold up the others: it is tried again next run."""
    at = at or timezone.now()
    made = 0
    due_ids = CardRecurrence.objects.filter(
        board__archived_at__isnull=True, starts_on__lte=today
    ).values_list("pk", flat=True)
    for recurrence_id in list(due_ids):
        try:
            made += _serve(recurrence_id, today=today, at=at)
        except BoardRuleError as error:
            logger.warning("Recurring card %s not created: %s", recurrence_id, error.text)
    return made


@transaction.atomic
def _serve(recurrence_id: int, *, today: date, at: datetime) -> int:
    # Lock order as everywhere: the board first (the managers' writes lock it), then the row.
    board_id = (
        CardRecurrence.objects.filter(pk=recurrence_id).values_list("board_id", flat=True).first()
    )
    if board_id is None:
        return 0
    board = lock_board(board_id)
    recurrence = (
        CardRecurrence.objects.select_for_update(of=("self",))
        .select_related("template")
        .filter(pk=recurrence_id, board_id=board_id)
        .first()
    )
    if recurrence is None or board.archived_at is not None:
        return 0
    recurrence.board = board
    not_before = recurrence.starts_on
    if recurrence.last_occurrence is not None:
        not_before = max(not_before, recurrence.last_occurrence + timedelta(days=1))
    occurrence = latest_occurrence(rule_of(recurrence), on_or_before=today, not_before=not_before)
    if occurrence is None:
        return 0
    _create_card(recurrence, at=at)
    recurrence.last_occurrence = occurrence
    recurrence.save(update_fields=["last_occurrence", "updated_at"])
    return 1


def _create_card(recurrence: CardRecurrence, *, at: datetime) -> WorkItem:
    template = recurrence.template
    return work_item_create_unchecked(
        board=recurrence.board,
        by=None,
        title=recurrence.title or (template.title if template else ""),
        swimlane=recurrence.swimlane,
        description=template.description if template else "",
        label_ids=[label.pk for label in template.labels.all()] if template else (),
        checklist=template.checklist if template else (),
        at=at,
        source=f"recurrence:{recurrence.pk}",
    )
