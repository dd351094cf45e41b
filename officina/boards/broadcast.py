"""Tell every open view of a board that it changed, after the transaction commits.

The message is small and carries no content: each browser re-fetches what changed through the
normal permission-checked views, so what a person sees never depends on who caused the change.
"""

import logging
from collections.abc import Iterable

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

logger = logging.getLogger(__name__)


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
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        async_to_sync(layer.group_send)(board_group(board_id), message)
    except Exception:
        # The change is committed: a lost notice only delays other views until they reconnect
        # and catch up by version, so never fail the request for it.
        logger.exception("Could not publish the change of board %s", board_id)
