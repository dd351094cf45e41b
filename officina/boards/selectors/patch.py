"""What an open board page needs after some of its cards changed, without the whole board.

A drag answers with it, and a live notice ("cards 12 and 40 changed") fetches it: the rows of
those cards with the card each now stands above, and the column and lane counts. The page
swaps those cards' faces and the header row in place (decision 0030). A change of structure,
a page with filters, or a notice missed still fetch the whole body.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, OuterRef, Q, Subquery

from officina.boards.models import Label, WorkItem
from officina.boards.selectors.boards import (
    BoardWithAccess,
    board_label_list,
    board_parts,
    checked,
)
from officina.boards.selectors.display import CARD_STAMP, LAYOUT_FIELDS, ColumnView
from officina.organisations.actor import Actor

MAX_PATCH_CARDS = 200  # more changed at once (a column restaged): the page reloads its body


@dataclass
class BoardPatch:
    seen: BoardWithAccess
    columns: list[ColumnView]  # every column, with its counts (the header row)
    lane_counts: dict[int, int]
    rows: list[dict[str, Any]]  # LAYOUT_FIELDS, "stamp", and "before": the number of the
    # card each stands just above in its part of the cell (None: the bottom)
    gone: list[int]  # ids asked for that are no longer open on the board
    labels: list[Label]
    today: date


def board_patch_for_actor(
    *, actor: Actor, seen: BoardWithAccess, card_ids: list[int], today: date
) -> BoardPatch:
    """The patch for cards `card_ids` of a board the actor may see (ids of other boards are
    simply gone). `seen.board` must be the board's full row (its versions name the caches).

    Three queries, whatever the size of the board: the counts, the rows, the labels; the faces
    not in their cache add theirs (`rendering.card_faces`).
    """
    seen = checked(actor=actor, seen=seen)
    board = seen.board
    columns, _lanes = board_parts(board)
    views = {
        column.pk: ColumnView(column)
        for column in sorted(columns.values(), key=lambda column: (column.position, column.pk))
    }
    lane_counts: dict[int, int] = {}
    counts = (
        WorkItem.objects.filter(
            organisation_id=seen.organisation_id, board_id=board.pk, archived_at=None
        )
        .order_by()
        .values("column_id", "swimlane_id")
        .annotate(total=Count("pk"), ready=Count("pk", filter=Q(is_ready=True)))
    )
    for row in counts:
        view = views.get(row["column_id"])
        if view is not None:
            view.count += row["total"]
            view.ready += row["ready"]
        lane_counts[row["swimlane_id"]] = lane_counts.get(row["swimlane_id"], 0) + row["total"]
    next_card = (
        WorkItem.objects.filter(
            column_id=OuterRef("column_id"),
            swimlane_id=OuterRef("swimlane_id"),
            is_ready=OuterRef("is_ready"),
            archived_at=None,
            rank__gt=OuterRef("rank"),
        )
        .order_by("rank")
        .values("number")[:1]
    )
    rows = list(
        WorkItem.objects.filter(
            organisation_id=seen.organisation_id,
            board_id=board.pk,
            archived_at=None,
            pk__in=card_ids[:MAX_PATCH_CARDS],
        )
        .order_by("column_id", "swimlane_id", "is_ready", "rank")
        .values(*LAYOUT_FIELDS, stamp=CARD_STAMP, before=Subquery(next_card))
    )
    found = {row["id"] for row in rows}
    return BoardPatch(
        seen=seen,
        columns=list(views.values()),
        lane_counts=lane_counts,
        rows=rows,
        gone=[card_id for card_id in card_ids if card_id not in found],
        labels=list(board_label_list(seen=seen)),
        today=today,
    )
