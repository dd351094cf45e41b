"""Reads of the due-date calendars: a board's, and a person's own cards across boards."""

from datetime import date

from django.db.models import QuerySet

from officina.boards.models import WorkItem
from officina.boards.selectors.boards import BoardWithAccess, checked
from officina.boards.selectors.cards import my_open_work_item_list
from officina.organisations.actor import Actor


def _due_between(cards: QuerySet[WorkItem], first: date, last: date) -> QuerySet[WorkItem]:
    return (
        cards.filter(archived_at__isnull=True, due_date__gte=first, due_date__lte=last)
        .select_related("board")
        .order_by("due_date", "board_id", "number")
    )


def board_due_cards(
    *, actor: Actor, seen: BoardWithAccess, first: date, last: date
) -> QuerySet[WorkItem]:
    """Open cards of the board due from `first` to `last` (done ones too: they were due)."""
    board = checked(actor=actor, seen=seen).board
    cards = WorkItem.objects.filter(organisation=actor.organisation, board_id=board.pk)
    return _due_between(cards, first, last)


def my_due_cards(*, actor: Actor, first: date, last: date) -> QuerySet[WorkItem]:
    """The actor's own cards (assigned to them) due from `first` to `last`, on boards they can
    still see, not done."""
    return _due_between(my_open_work_item_list(actor=actor).prefetch_related(None), first, last)
