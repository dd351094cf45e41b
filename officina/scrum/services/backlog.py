"""The product backlog: items (cards with what Scrum adds), their order, epics.

A backlog item is a card of the board: creating one creates the card through the boards'
service (history, number, column), and its estimate is the card's (a re-estimate is one
`estimated` event in the card's history). Ordering writes one row (sparse ranks, decision 0029).
"""

from datetime import datetime
from decimal import Decimal
from typing import Final

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from officina.boards.models import Board, WorkItem
from officina.boards.services.cards import work_item_create, work_item_update
from officina.common.exceptions import full_clean_or_refuse
from officina.common.ranks import rank_after, rank_between, spread
from officina.organisations.actor import Actor
from officina.scrum.exceptions import ScrumRuleError
from officina.scrum.models import BacklogItem, Epic, ItemType, ScrumSettings
from officina.scrum.scales import is_on_scale, off_scale_message
from officina.scrum.services.common import (
    backlog_q,
    bottom_of,
    entry_for,
    in_list,
    lock_for_planning,
    materialise_entries,
)


class _Unset:
    pass


UNSET: Final = _Unset()
CHECKED = ("organisation", "board", "work_item", "sprint", "epic")


def _epic_of(board: Board, epic: Epic | None) -> Epic | None:
    if epic is not None and epic.board_id != board.pk:
        raise ScrumRuleError(_("This epic belongs to another board."))
    return epic


def _check_estimate(settings: ScrumSettings, estimate: Decimal | None) -> None:
    if not is_on_scale(settings.estimate_scale, estimate):
        raise ScrumRuleError(off_scale_message(settings.estimate_scale))


@transaction.atomic
def backlog_item_create(  # noqa: PLR0913 - an item's fields, each optional
    *,
    actor: Actor,
    board: Board,
    title: str,
    item_type: str = ItemType.STORY,
    estimate: Decimal | None = None,
    epic: Epic | None = None,
    acceptance_criteria: str = "",
    is_ready: bool = False,
    at: datetime | None = None,
) -> BacklogItem:
    """A new card at the bottom of the product backlog (in the board's first open column)."""
    locked, settings = lock_for_planning(actor=actor, board_id=board.pk)
    _check_estimate(settings, estimate)
    _epic_of(locked, epic)
    card = work_item_create(actor=actor, board=locked, title=title, estimate=estimate, at=at)
    item = BacklogItem(
        organisation_id=locked.organisation_id,
        board=locked,
        work_item=card,
        rank=bottom_of(locked.pk, None),
        item_type=item_type,
        epic=epic,
        acceptance_criteria=acceptance_criteria.strip(),
        is_ready=is_ready,
        created_at=at or timezone.now(),
    )
    full_clean_or_refuse(item, exclude=CHECKED, error=ScrumRuleError)
    item.save()
    return item


@transaction.atomic
def backlog_item_update(  # noqa: PLR0913 - each field optional
    *,
    actor: Actor,
    work_item: WorkItem,
    item_type: str | None = None,
    epic: Epic | None | _Unset = UNSET,
    acceptance_criteria: str | None = None,
    is_ready: bool | None = None,
    estimate: Decimal | None | _Unset = UNSET,
    at: datetime | None = None,
) -> BacklogItem:
    """Change what Scrum adds to a card and, through the card's own service, its estimate
    (which must be on the board's scale)."""
    locked, settings = lock_for_planning(actor=actor, board_id=work_item.board_id)
    item = entry_for(locked, work_item)
    if not isinstance(estimate, _Unset):
        _check_estimate(settings, estimate)
        work_item_update(actor=actor, work_item=work_item, data={"estimate": estimate}, at=at)
    if item_type is not None:
        item.item_type = item_type
    if not isinstance(epic, _Unset):
        item.epic = _epic_of(locked, epic)
    if acceptance_criteria is not None:
        item.acceptance_criteria = acceptance_criteria.strip()
    if is_ready is not None:
        item.is_ready = is_ready
    full_clean_or_refuse(item, exclude=CHECKED, error=ScrumRuleError)
    item.save()
    return item


@transaction.atomic
def backlog_item_move(
    *,
    actor: Actor,
    work_item: WorkItem,
    to: str = "",
    before: int | None = None,
    position: int | None = None,
) -> BacklogItem:
    """Reorder an item in its list (the product backlog, or its sprint): `to` "top" or
    "bottom", or just above the card numbered `before`, or at the 0-based `position`; the
    item's row is the only one written (unless the ranks touch and the list is laid out)."""
    locked, _settings = lock_for_planning(actor=actor, board_id=work_item.board_id)
    materialise_entries(locked)
    item = entry_for(locked, work_item)
    rank = _wanted_rank(item, to=to, before=before, position=position)
    if rank is None:  # two neighbours touch: lay the list out again, then place the item
        _spread(item)
        rank = _wanted_rank(item, to=to, before=before, position=position)
    item.rank = rank if rank is not None else bottom_of(locked.pk, item.sprint_id)
    item.save(update_fields=["rank", "updated_at"])
    return item


def _siblings(item: BacklogItem):  # type: ignore[no-untyped-def]
    siblings = BacklogItem.objects.filter(in_list(item.sprint_id), board_id=item.board_id)
    if item.sprint_id is None:
        siblings = siblings.filter(backlog_q())
    return siblings.exclude(pk=item.pk)


def _wanted_rank(
    item: BacklogItem, *, to: str, before: int | None, position: int | None
) -> int | None:
    siblings = _siblings(item)
    ranks = siblings.order_by("rank").values_list("rank", flat=True)
    if to == "top":
        return rank_between(None, ranks.first())
    if to == "bottom" or (before is None and position is None):
        return rank_after(siblings.order_by("-rank").values_list("rank", flat=True).first())
    if before is not None:
        target = siblings.filter(work_item__number=before).values_list("rank", flat=True).first()
        if target is None:
            raise ScrumRuleError(_("Card #%(number)s is not in this list.") % {"number": before})
    else:
        target = ranks[position : position + 1].first() if position is not None else None
        if target is None:
            return rank_after(siblings.order_by("-rank").values_list("rank", flat=True).first())
    above = siblings.filter(rank__lt=target).order_by("-rank").values_list("rank", flat=True)
    return rank_between(above.first(), target)


def _spread(item: BacklogItem) -> None:
    rows = list(
        BacklogItem.objects.filter(in_list(item.sprint_id), board_id=item.board_id)
        .exclude(pk=item.pk)
        .order_by("rank", "pk")
    )
    for row, rank in zip(rows, spread(len(rows)), strict=True):
        row.rank = rank
    BacklogItem.objects.bulk_update(rows, ["rank"], batch_size=500)


@transaction.atomic
def epic_create(*, actor: Actor, board: Board, name: str) -> Epic:
    """A new epic of the board."""
    locked, _settings = lock_for_planning(actor=actor, board_id=board.pk)
    name = name.strip()
    if not name:
        raise ScrumRuleError(_("An epic needs a name."))
    if Epic.objects.filter(board_id=locked.pk, name=name).exists():
        raise ScrumRuleError(_("The board already has an epic with this name."))
    epic = Epic(organisation_id=locked.organisation_id, board=locked, name=name)
    full_clean_or_refuse(epic, exclude=("organisation", "board"), error=ScrumRuleError)
    epic.save()
    return epic


def backlog_item_leave_board(work_item: WorkItem, target: Board) -> None:
    """A card moves to another board (`boards.services.transfer` hook, inside its transaction):
    a story planned in a sprint stays until someone takes it out (the sprint's ledger says what
    was committed); otherwise its backlog facts belong to the old board and are dropped. On a
    Scrum board it arrives at the bottom of the backlog, like any card without them."""
    item = BacklogItem.objects.filter(work_item_id=work_item.pk).select_related("sprint").first()
    if item is None:
        return
    if item.sprint is not None:
        raise ScrumRuleError(
            _("The card is planned in «%(sprint)s»: take it out of the sprint before moving it.")
            % {"sprint": item.sprint.name}
        )
    item.delete()
