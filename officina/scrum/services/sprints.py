"""Sprints: create, plan (add and remove items), start, close with carry-over.

Every change to a sprint's scope after its start is an event of its ledger (`SprintEvent`):
committed when it starts, added and removed later, completed and carried over when it closes.
The sprint report is computed from that ledger and the cards' own history (`selectors.py`).
"""

from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from officina.boards.models import Stage, WorkItem
from officina.boards.services.locking import bump_board
from officina.common.exceptions import full_clean_or_refuse
from officina.common.ranks import GAP
from officina.organisations.actor import Actor
from officina.scrum.exceptions import ScrumRuleError
from officina.scrum.models import BacklogItem, Sprint, SprintEvent
from officina.scrum.services.common import (
    bottom_of,
    entry_for,
    lock_for_planning,
    top_of_backlog,
)

Kind = SprintEvent.Kind
TO_BACKLOG, TO_NEXT = "backlog", "next"


def _fresh(sprint: Sprint) -> Sprint:
    """The sprint as it is now, read under the board's lock."""
    return Sprint.objects.get(pk=sprint.pk, board_id=sprint.board_id)


def _event(
    sprint: Sprint,
    card: WorkItem,
    kind: str,
    *,
    actor: Actor,
    at: datetime,
    points: Decimal | None = None,
    data: dict[str, object] | None = None,
) -> SprintEvent:
    return SprintEvent(
        organisation_id=sprint.organisation_id,
        sprint=sprint,
        work_item=card,
        kind=kind,
        actor=actor.user,
        occurred_at=at,
        points=points,
        data=data or {},
    )


def _is_done(card: WorkItem) -> bool:
    return card.column.stage == Stage.DONE


@transaction.atomic
def sprint_create(  # noqa: PLR0913 - the sprint's fields
    *,
    actor: Actor,
    board_id: int,
    name: str,
    start_date: date,
    end_date: date,
    goal: str = "",
    at: datetime | None = None,
) -> Sprint:
    """A planned sprint of the board."""
    locked, _settings = lock_for_planning(actor=actor, board_id=board_id)
    name = name.strip()
    if not name:
        raise ScrumRuleError(_("A sprint needs a name."))
    if end_date < start_date:
        raise ScrumRuleError(_("A sprint cannot end before it starts."))
    sprint = Sprint(
        organisation_id=locked.organisation_id,
        board=locked,
        name=name,
        goal=goal.strip(),
        start_date=start_date,
        end_date=end_date,
        created_by=actor.user,
        created_at=at or timezone.now(),
    )
    full_clean_or_refuse(
        sprint, exclude=("organisation", "board", "created_by"), error=ScrumRuleError
    )
    sprint.save()
    return sprint


@transaction.atomic
def sprint_add_item(
    *, actor: Actor, sprint: Sprint, work_item: WorkItem, at: datetime | None = None
) -> BacklogItem:
    """Plan a card in the sprint (at its bottom). After the start it is scope added."""
    locked, _settings = lock_for_planning(actor=actor, board_id=sprint.board_id)
    sprint = _fresh(sprint)
    if sprint.state == Sprint.State.CLOSED:
        raise ScrumRuleError(_("The sprint “%(name)s” is closed.") % {"name": sprint.name})
    item = entry_for(locked, work_item)
    if item.sprint_id == sprint.pk:
        return item
    if item.sprint_id is not None:
        raise ScrumRuleError(
            _("Card #%(number)s is already in another sprint: remove it from there first.")
            % {"number": work_item.number}
        )
    card = WorkItem.objects.select_related("column").get(pk=work_item.pk)
    if card.archived_at is not None:
        raise ScrumRuleError(_("An archived card cannot be planned: restore it first."))
    item.sprint, item.rank = sprint, bottom_of(locked.pk, sprint.pk)
    item.save(update_fields=["sprint", "rank", "updated_at"])
    bump_board(locked, card_ids=[card.pk])  # the sprint board shows it now
    if sprint.state == Sprint.State.ACTIVE:
        _event(
            sprint,
            card,
            Kind.ADDED,
            actor=actor,
            at=at or timezone.now(),
            points=card.estimate,
            data={"done": _is_done(card)},
        ).save()
    return item


@transaction.atomic
def sprint_remove_item(
    *, actor: Actor, sprint: Sprint, work_item: WorkItem, at: datetime | None = None
) -> BacklogItem:
    """Take a card out of the sprint, back to the top of the product backlog. After the start
    it is scope removed; a card already done stays in the sprint (it is work done)."""
    locked, _settings = lock_for_planning(actor=actor, board_id=sprint.board_id)
    sprint = _fresh(sprint)
    item = entry_for(locked, work_item)
    if item.sprint_id != sprint.pk:
        raise ScrumRuleError(
            _("Card #%(number)s is not in this sprint.") % {"number": work_item.number}
        )
    if sprint.state == Sprint.State.CLOSED:
        raise ScrumRuleError(_("The sprint “%(name)s” is closed.") % {"name": sprint.name})
    card = WorkItem.objects.select_related("column").get(pk=work_item.pk)
    if sprint.state == Sprint.State.ACTIVE:
        if _is_done(card):
            raise ScrumRuleError(
                _("Card #%(number)s is done: it stays in the sprint as work completed.")
                % {"number": card.number}
            )
        _event(
            sprint, card, Kind.REMOVED, actor=actor, at=at or timezone.now(), points=card.estimate
        ).save()
    item.sprint, item.rank = None, top_of_backlog(locked.pk)
    item.save(update_fields=["sprint", "rank", "updated_at"])
    bump_board(locked, card_ids=[card.pk])  # the sprint board no longer shows it
    return item


def _items_with_cards(sprint: Sprint) -> list[BacklogItem]:
    return list(
        BacklogItem.objects.filter(sprint_id=sprint.pk)
        .select_related("work_item__column")
        .order_by("rank")
    )


@transaction.atomic
def sprint_start(*, actor: Actor, sprint: Sprint, at: datetime | None = None) -> Sprint:
    """Start the sprint: what it holds now is its commitment (at the estimates of now)."""
    _locked, _settings = lock_for_planning(actor=actor, board_id=sprint.board_id)
    sprint = _fresh(sprint)
    if sprint.state == Sprint.State.ACTIVE:
        raise ScrumRuleError(
            _("The sprint “%(name)s” has already started.") % {"name": sprint.name}
        )
    if sprint.state == Sprint.State.CLOSED:
        raise ScrumRuleError(_("The sprint “%(name)s” is closed.") % {"name": sprint.name})
    running = Sprint.objects.filter(board_id=sprint.board_id, state=Sprint.State.ACTIVE).first()
    if running is not None:
        raise ScrumRuleError(
            _("The sprint “%(name)s” is still running: close it before starting another one.")
            % {"name": running.name}
        )
    at = at or timezone.now()
    sprint.state, sprint.started_at = Sprint.State.ACTIVE, at
    sprint.save(update_fields=["state", "started_at", "updated_at"])
    SprintEvent.objects.bulk_create(
        _event(
            sprint,
            item.work_item,
            Kind.COMMITTED,
            actor=actor,
            at=at,
            points=item.work_item.estimate,
            data={"done": _is_done(item.work_item)},
        )
        for item in _items_with_cards(sprint)
    )
    return sprint


@transaction.atomic
def sprint_close(
    *,
    actor: Actor,
    sprint: Sprint,
    carry_over: Mapping[int, str] | None = None,
    next_sprint: Sprint | None = None,
    at: datetime | None = None,
) -> Sprint:
    """Close the sprint. Each unfinished card goes back to the top of the product backlog, or
    into `next_sprint` when `carry_over[card id]` is "next"; what was done stays in the sprint.
    The ledger keeps what was completed and where each unfinished card went."""
    locked, _settings = lock_for_planning(actor=actor, board_id=sprint.board_id)
    sprint = _fresh(sprint)
    if sprint.state == Sprint.State.CLOSED:
        raise ScrumRuleError(_("The sprint “%(name)s” is already closed.") % {"name": sprint.name})
    if sprint.state == Sprint.State.PLANNED:
        raise ScrumRuleError(
            _("The sprint “%(name)s” has not started yet.") % {"name": sprint.name}
        )
    carry_over = carry_over or {}
    if TO_NEXT in carry_over.values():
        next_sprint = _next_sprint(sprint, next_sprint)
    at = at or timezone.now()
    events: list[SprintEvent] = []
    to_backlog: list[BacklogItem] = []
    for item in _items_with_cards(sprint):
        card = item.work_item
        if _is_done(card):
            events.append(
                _event(sprint, card, Kind.COMPLETED, actor=actor, at=at, points=card.estimate)
            )
            continue
        if card.archived_at is not None:
            continue  # left the board without being done: it stays, not completed
        if carry_over.get(card.pk) == TO_NEXT and next_sprint is not None:
            item.sprint, item.rank = next_sprint, bottom_of(locked.pk, next_sprint.pk)
            where: object = next_sprint.pk
            item.save(update_fields=["sprint", "rank", "updated_at"])
        else:
            to_backlog.append(item)
            where = TO_BACKLOG
        events.append(
            _event(
                sprint,
                card,
                Kind.CARRIED_OVER,
                actor=actor,
                at=at,
                points=card.estimate,
                data={"to": where},
            )
        )
    # Back at the top of the product backlog, in the sprint's order.
    top = top_of_backlog(locked.pk)
    for index, item in enumerate(to_backlog):
        item.sprint, item.rank = None, top - GAP * (len(to_backlog) - 1 - index)
        item.save(update_fields=["sprint", "rank", "updated_at"])
    SprintEvent.objects.bulk_create(events)
    if events:  # cards left the sprint board: who looks at it sees them go
        bump_board(locked, card_ids=[event.work_item_id for event in events])
    sprint.state, sprint.closed_at = Sprint.State.CLOSED, at
    sprint.save(update_fields=["state", "closed_at", "updated_at"])
    return sprint


def _next_sprint(sprint: Sprint, next_sprint: Sprint | None) -> Sprint:
    if next_sprint is None:
        raise ScrumRuleError(_("Choose the next sprint the unfinished cards go into."))
    found = Sprint.objects.filter(
        pk=next_sprint.pk, board_id=sprint.board_id, state=Sprint.State.PLANNED
    ).first()
    if found is None or found.pk == sprint.pk:
        raise ScrumRuleError(_("The next sprint must be a planned sprint of the same board."))
    return found
