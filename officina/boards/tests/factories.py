"""Boards for tests and benchmarks, built directly (no services) when history is not the point."""

from collections.abc import Sequence

from django.db.models import Max
from django.utils import timezone

from officina.boards.models import Board, Column, Stage, Swimlane, WorkItem
from officina.common.ranks import GAP, rank_after
from officina.organisations.models import Team

BASIC_COLUMNS: tuple[tuple[str, str], ...] = (
    ("Da fare", Stage.NOT_STARTED),
    ("In corso", Stage.IN_PROGRESS),
    ("Fatto", Stage.DONE),
)


def make_board(
    *,
    team: Team,
    name: str = "Bacheca del team",
    columns: Sequence[tuple[str, str]] = BASIC_COLUMNS,
    lanes: Sequence[str] = ("Attività",),
    **fields: object,
) -> Board:
    """A board with its columns and lanes (no template, no events)."""
    board = Board.objects.create(
        organisation_id=team.organisation_id, team=team, name=name, **fields
    )
    Column.objects.bulk_create(
        Column(organisation_id=team.organisation_id, board=board, name=n, stage=s, position=i)
        for i, (n, s) in enumerate(columns)
    )
    Swimlane.objects.bulk_create(
        Swimlane(organisation_id=team.organisation_id, board=board, name=n, position=i)
        for i, n in enumerate(lanes)
    )
    return board


def bulk_cards(
    *, board: Board, count: int, column: Column, swimlane: Swimlane, title: str = "Pratica"
) -> list[WorkItem]:
    """`count` cards at the bottom of one cell, numbered after the board's last (no events)."""
    last_rank = WorkItem.objects.filter(
        column=column, swimlane=swimlane, archived_at=None, is_ready=False
    ).aggregate(last=Max("rank"))["last"]
    first_number = board.next_number
    now = timezone.now()
    cards = WorkItem.objects.bulk_create(
        WorkItem(
            organisation_id=board.organisation_id,
            board=board,
            number=first_number + i,
            title=f"{title} {first_number + i}",
            column=column,
            swimlane=swimlane,
            rank=rank_after(last_rank) + GAP * i,
            column_entered_at=now,
            started_at=now if column.stage != Stage.NOT_STARTED else None,
            finished_at=now if column.stage == Stage.DONE else None,
        )
        for i in range(count)
    )
    Board.objects.filter(pk=board.pk).update(next_number=first_number + count)
    board.next_number = first_number + count
    return cards


def open_positions(**filters: object) -> list[tuple[str, int]]:
    """(title, position) of the open cards matching `filters`, in board order: the 0-based
    positions people and the API see, counted from the ranks."""
    from officina.boards.selectors.cards import with_position

    return list(
        with_position(WorkItem.objects.filter(archived_at=None, **filters))  # type: ignore[misc]
        .order_by("column__position", "swimlane__position", "is_ready", "rank")
        .values_list("title", "position")
    )
