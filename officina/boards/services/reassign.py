"""A person's open cards passed to a colleague when the person leaves the organisation.

The organisations app deactivates the person (`organisations.services.people`) and asks this
module, through the `Departure` it registers (`organisations.departures`), what is left and to
hand it over, so the boards' rules stay here. Open means on the board (not archived) and in a
column whose stage is not "done"; done and archived cards keep the leaver as assignee, since
that is who did the work. Each card records who was unassigned and who assigned (by the HR
officer), so its history tells the story; older events keep naming the leaver.
"""

from collections import defaultdict
from datetime import datetime

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import ngettext

from officina.accounts.models import User
from officina.boards import history
from officina.boards.models import Board, Stage, WorkItem
from officina.boards.permissions import WORKING_ROLES, board_people_q
from officina.boards.services.locking import bump_board, lock_board
from officina.organisations.actor import Actor
from officina.organisations.departures import LeftWork
from officina.organisations.models import Organisation, TeamMembership
from officina.organisations.services.teams import team_membership_set


def open_work_item_list(*, organisation: Organisation, user: User) -> QuerySet[WorkItem]:
    """The cards assigned to the person that are still open, in one organisation."""
    return (
        WorkItem.objects.filter(organisation=organisation, assignees=user, archived_at__isnull=True)
        .exclude(column__stage=Stage.DONE)
        .order_by("board_id", "number")
    )


def _make_successor_a_worker(actor: Actor, board: Board, successor: User) -> bool:
    """The successor must work on the board to hold its cards: a team member, or an invited
    guest of the team. Someone outside the team joins it as a member (audited). Whether the
    board's people changed."""
    if User.objects.filter(pk=successor.pk).filter(board_people_q(board)).exists():
        return False
    role = (
        TeamMembership.objects.filter(team_id=board.team_id, user=successor)
        .values_list("role", flat=True)
        .first()
    )
    if role == TeamMembership.Role.GUEST:
        board.guests.add(successor)
    elif role not in WORKING_ROLES:
        team_membership_set(
            actor=actor,
            team=board.team,
            user=successor,
            role=TeamMembership.Role.MEMBER,
            check=False,
        )
    return True


@transaction.atomic
def work_items_hand_over(
    *, actor: Actor, leaver: User, successor: User | None, at: datetime | None = None
) -> int:
    """Unassign the leaver from their open cards and assign `successor` in their place (left
    unassigned when None); boards locked in id order. How many cards changed."""
    at = at or timezone.now()
    by_board: dict[int, list[int]] = defaultdict(list)
    for card_id, board_id in open_work_item_list(
        organisation=actor.organisation, user=leaver
    ).values_list("pk", "board_id"):
        by_board[board_id].append(card_id)
    for board_id in sorted(by_board):
        locked = lock_board(board_id)
        # The people offered as assignees and mentions are drawn with the board's structure.
        people_changed = successor is not None and _make_successor_a_worker(
            actor, locked, successor
        )
        events = []
        cards = WorkItem.objects.filter(board=locked, pk__in=by_board[board_id])
        for card in cards.prefetch_related("assignees"):
            card.assignees.remove(leaver)
            events.append(
                history.unassigned(card, by=actor.user, at=at, people=[(leaver.pk, str(leaver))])
            )
            if successor is not None and successor not in card.assignees.all():
                card.assignees.add(successor)
                events.append(history.assigned(card, by=actor.user, at=at, people=[successor]))
            card.version += 1
            card.save(update_fields=["version", "updated_at"])
        history.record(*events)
        bump_board(locked, card_ids=by_board[board_id], structure=people_changed)
    return sum(len(ids) for ids in by_board.values())


class BoardsDeparture:
    """The boards' part when a person leaves (registered in `BoardsConfig.ready`)."""

    def left_work(self, *, organisation: Organisation, user: User) -> LeftWork | None:
        cards = open_work_item_list(organisation=organisation, user=user)
        count = cards.count()
        if not count:
            return None
        boards = cards.values("board").distinct().count()
        cards_text = ngettext("%(count)s open card", "%(count)s open cards", count) % {
            "count": count
        }
        boards_text = ngettext("on %(count)s board", "on %(count)s boards", boards) % {
            "count": boards
        }
        return LeftWork(count, f"{cards_text} {boards_text}")

    def hand_over(self, *, actor: Actor, user: User, successor: User | None) -> int:
        return work_items_hand_over(actor=actor, leaver=user, successor=successor)
