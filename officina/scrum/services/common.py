"""What every Scrum service does first: check the actor's access to the board, take the
board's lock (the one every board write takes, `boards.services.locking`) and read the board's
Scrum settings; and the backlog's ranks."""

from django.db.models import Max, Min, Q
from django.utils.translation import gettext as _

from officina.boards.models import Board, Stage, WorkItem
from officina.boards.permissions import require_edit_cards
from officina.boards.selectors.boards import board_access_for_actor
from officina.boards.services.locking import lock_board
from officina.common.ranks import GAP, rank_after
from officina.organisations.actor import Actor
from officina.scrum.exceptions import ScrumRuleError
from officina.scrum.models import BacklogItem, ScrumSettings


def lock_for_planning(*, actor: Actor, board_id: int) -> tuple[Board, ScrumSettings]:
    """The board locked for this transaction, and its Scrum settings, once the actor is known
    to edit its cards (403 read-only, 404 invisible); refused when the board is not Scrum."""
    require_edit_cards(board_access_for_actor(actor=actor, board_id=board_id))
    locked = lock_board(board_id)
    settings = ScrumSettings.objects.filter(board_id=board_id).first()
    if settings is None:
        raise ScrumRuleError(
            _("This board does not use Scrum yet: switch it on in the board's Scrum settings.")
        )
    return locked, settings


def backlog_q() -> Q:
    """Entries of the product backlog as people see it: not in a sprint, the card open and not
    in a done column (a filter on BacklogItem)."""
    return Q(sprint__isnull=True, work_item__archived_at__isnull=True) & ~Q(
        work_item__column__stage=Stage.DONE
    )


def in_list(sprint_id: int | None) -> Q:
    """Entries of one list: a sprint's, or the product backlog (no sprint)."""
    return Q(sprint__isnull=True) if sprint_id is None else Q(sprint_id=sprint_id)


def top_of_backlog(board_id: int) -> int:
    first = BacklogItem.objects.filter(board_id=board_id, sprint__isnull=True).aggregate(
        first=Min("rank")
    )["first"]
    return GAP if first is None else first - GAP


def bottom_of(board_id: int, sprint_id: int | None) -> int:
    last = BacklogItem.objects.filter(in_list(sprint_id), board_id=board_id).aggregate(
        last=Max("rank")
    )["last"]
    return rank_after(last)


def materialise_entries(locked: Board) -> None:
    """Give a backlog entry to every open card of the board that has none yet (cards created
    on the board page), at the bottom of the backlog in number order: where the backlog
    already showed them. Under the board's lock; one query when there is nothing to do."""
    missing = list(
        WorkItem.objects.filter(
            board_id=locked.pk, archived_at__isnull=True, backlog_item__isnull=True
        )
        .order_by("number")
        .values_list("pk", flat=True)
    )
    if not missing:
        return
    first = bottom_of(locked.pk, None)
    BacklogItem.objects.bulk_create(
        BacklogItem(
            organisation_id=locked.organisation_id,
            board_id=locked.pk,
            work_item_id=pk,
            rank=first + GAP * index,
        )
        for index, pk in enumerate(missing)
    )


def entry_for(locked: Board, work_item: WorkItem) -> BacklogItem:
    """The card's backlog entry (made at the bottom of the backlog if it has none); refused
    for a card of another board."""
    if work_item.board_id != locked.pk:
        raise ScrumRuleError(
            _("Card #%(number)s belongs to another board: it cannot be planned here.")
            % {"number": work_item.number}
        )
    entry = BacklogItem.objects.filter(work_item_id=work_item.pk).first()
    if entry is None:
        entry = BacklogItem.objects.create(
            organisation_id=locked.organisation_id,
            board_id=locked.pk,
            work_item_id=work_item.pk,
            rank=bottom_of(locked.pk, None),
        )
    return entry
