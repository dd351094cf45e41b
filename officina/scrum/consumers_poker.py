"""The live estimation over a WebSocket (decision 0045).

The same consumer as the board's live view (access checked at connection and re-checked when
access changes; who is looking now), listening to the estimation's group instead. It sends the
public state (`selectors.poker.public_state`): before the reveal it names who has voted, never what.
"""

from typing import Any

from channels.db import database_sync_to_async

from officina.boards.consumers import BoardConsumer
from officina.scrum.selectors.poker import poker_group, public_state


class PokerConsumer(BoardConsumer):
    """One open view of a board's estimation."""

    def group_for(self, board_id: int) -> str:
        return poker_group(board_id)

    async def connect(self) -> None:
        await super().connect()
        if self.group is not None:
            await self._send_state()

    async def _answer_hello(self) -> None:
        """A (re)connecting browser gets the current state, so it knows what it missed."""
        if await self._still_seen() is not None:
            await self._send_state()

    async def _send_state(self) -> None:
        state = await database_sync_to_async(public_state)(self.board_id)
        await self.send_json({"type": "poker", "state": state})

    async def poker_state(self, event: dict[str, Any]) -> None:
        if self.group is None:
            return
        await self.send_json({"type": "poker", "state": event["state"]})
