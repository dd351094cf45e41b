"""Tell every open view of a board that it changed, after the transaction commits.

The message is small and carries no content: each browser re-fetches what changed through the
normal permission-checked views, so what a person sees never depends on who caused the change.
"""

from collections.abc import Iterable

from django.db import transaction

from officina.realtime.publish import group_send


def board_group(board_id: int) -> str:
    """The channel-layer group of a board's open views."""
    return f"board-{board_id}"


def board_changed_on_commit(
    *, board_id: int, version: int, card_ids: Iterable[int] = (), structure: bool = False
) -> None:
    """Publish "board N is at version V" once the current transaction has committed."""
    message = {
        "type": "board.changed",
        "board": board_id,
        "version": version,
        "cards": sorted(set(card_ids)),
        "structure": structure,
    }
    transaction.on_commit(lambda: _publish(board_id, message))


def _publish(board_id: int, message: dict[str, object]) -> None:
    # The change is committed: a lost notice only delays other views until they reconnect and
    # catch up by version, so `group_send` logs a failure and never fails the request.
    group_send(board_group(board_id), message)
