"""The one lock and version counter every board change goes through.

Each write takes the board's row lock first (`SELECT … FOR UPDATE` on PostgreSQL; SQLite
serialises writers with BEGIN IMMEDIATE), so concurrent moves on one board run one after the
other: ranks stay ordered and no card is lost or duplicated. The board's version is bumped in
the same transaction and published after commit.
"""

from collections.abc import Iterable

from django.utils import timezone

from officina.boards.broadcast import board_changed_on_commit
from officina.boards.models import Board
from officina.common.exceptions import NotFound


def lock_board(board_id: int) -> Board:
    """Lock the board row for the rest of the transaction and return it fresh."""
    locked = Board.objects.select_for_update().filter(pk=board_id).first()
    if locked is None:  # deleted since the caller found it
        raise NotFound
    return locked


def lock_and_bump_board(board_id: int) -> Board:
    """Lock the board and advance its version in one statement, for a change that happens
    unless refused (a move): the caller announces the version it returns, and a refusal rolls
    both back. UPDATE … RETURNING, on PostgreSQL and SQLite alike."""
    table = Board._meta.db_table
    rows = list(
        Board.objects.raw(
            f'UPDATE "{table}" SET "version" = "version" + 1, "updated_at" = %s '  # noqa: S608
            'WHERE "id" = %s RETURNING *',
            [timezone.now(), board_id],
        )
    )
    if not rows:  # deleted since the caller found it
        raise NotFound
    return rows[0]


def bump_board(locked: Board, *, card_ids: Iterable[int] = (), structure: bool = False) -> int:
    """Advance the board's version (and structure version) and announce it after commit."""
    locked.version += 1
    fields = ["version", "updated_at"]
    if structure:
        locked.structure_version += 1
        fields.append("structure_version")
    locked.save(update_fields=fields)
    board_changed_on_commit(
        board_id=locked.pk, version=locked.version, card_ids=card_ids, structure=structure
    )
    return locked.version
