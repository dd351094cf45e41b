"""The live view of a board over a WebSocket: change notices and who is looking now.

The socket carries no content. A "changed" notice says which version the board reached and
which cards moved; the browser re-fetches them through the permission-checked pages, so what
each person sees still depends only on their own access (decision 0017).

Access is checked at connection, and again whenever it may have changed: on the notice that
someone's access changed (`realtime.access`) and, as a backstop, at a heartbeat when the access
generation moved. A person who may no longer see the board has the socket closed (4404), so it
stops carrying the board's changes and the names of who is looking.
"""

import asyncio
import json
import time
from typing import Any

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from officina.accounts.models import User
from officina.boards.broadcast import board_group
from officina.boards.selectors.boards import BoardWithAccess, board_get_for_actor
from officina.common.exceptions import NotFound
from officina.organisations.access_cache import current_generation
from officina.organisations.selectors import actor_for_user
from officina.realtime.access import ACCESS_GROUP
from officina.realtime.presence import Person, Roster

# Application close codes (4000-4999): the browser stops reconnecting when it gets one of these.
CLOSE_UNAUTHENTICATED = 4401
CLOSE_NOT_FOUND = 4404
# A client sends one ping every 25 s: more often is a broken or hostile client, and each ping
# is fanned out to every view of the board.
MIN_SECONDS_BETWEEN_BROADCAST_PINGS = 5.0
# Notices of access changes arrive in bursts (an import, an admin saving a team): one re-check
# covers all those of this long.
RECHECK_DELAY_SECONDS = 0.2


def _board_seen_by(user: User, org_slug: str, board_id: int) -> tuple[BoardWithAccess, str | None]:
    """The board if `user` may see it now; NotFound otherwise (same checks as the page).

    The actor is built afresh at every check, as for a request: a socket stays open for hours,
    and the person's roles and teams may change meanwhile.
    """
    actor = actor_for_user(user=user, organisation_slug=org_slug)
    return board_get_for_actor(actor=actor, board_id=board_id), actor.access_generation


class BoardConsumer(AsyncJsonWebsocketConsumer):
    """One open view of one board."""

    group: str | None = None
    last_broadcast_ping = float("-inf")
    generation: str | None = None
    recheck: asyncio.Task[None] | None = None

    async def connect(self) -> None:
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self._refuse(CLOSE_UNAUTHENTICATED)
            return
        route = self.scope["url_route"]["kwargs"]
        try:
            _seen, generation = await database_sync_to_async(_board_seen_by)(
                user, route["org_slug"], route["board_id"]
            )
        except NotFound:
            # Missing and forbidden look the same: never reveal that a board exists.
            await self._refuse(CLOSE_NOT_FOUND)
            return
        self.user: User = user
        self.org_slug: str = route["org_slug"]
        self.board_id = int(route["board_id"])
        self.me = Person(
            id=user.pk, name=user.get_full_name() or user.email, initials=user.initials
        )
        self.roster = Roster()
        self.shown: list[Person] | None = None
        self.generation = generation
        self.group = self.group_for(self.board_id)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.channel_layer.group_add(ACCESS_GROUP, self.channel_name)
        await self.accept()
        self.roster.refresh(self.channel_name, self.me)
        await self.channel_layer.group_send(self.group, self._presence("presence.join"))
        await self._show_presence()

    def group_for(self, board_id: int) -> str:
        """The channel-layer group this view listens to (a subclass may follow another)."""
        return board_group(board_id)

    async def _refuse(self, code: int) -> None:
        # Accept, then close with the reason: a refused handshake would only tell the browser
        # "failed" (and log an error), not that retrying is pointless.
        await self.accept()
        await self.close(code=code)

    async def disconnect(self, code: int) -> None:
        if self.recheck is not None:
            self.recheck.cancel()
        await self._leave()

    async def _leave(self) -> None:
        """Say goodbye to the board's viewers and stop receiving its changes and notices."""
        if self.group is None:
            return
        group, self.group = self.group, None
        await self.channel_layer.group_send(group, self._presence("presence.leave"))
        await self.channel_layer.group_discard(group, self.channel_name)
        await self.channel_layer.group_discard(ACCESS_GROUP, self.channel_name)

    async def receive(
        self, text_data: str | None = None, bytes_data: bytes | None = None, **kwargs: Any
    ) -> None:
        # Anything but a JSON text frame is ignored: a bad client must not crash its consumer.
        try:
            content = json.loads(text_data) if text_data else None
        except ValueError:
            return
        await self.receive_json(content)

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        if not isinstance(content, dict) or self.group is None:
            return
        kind = content.get("type")
        if kind == "hello":
            await self._answer_hello()
        elif kind == "ping":
            await self._heartbeat()

    async def _answer_hello(self) -> None:
        """Tell a (re)connecting browser the current version, so it knows if it missed changes."""
        seen = await self._still_seen()
        if seen is not None:
            await self.send_json({"type": "state", "version": seen.board.version})

    async def _still_seen(self) -> BoardWithAccess | None:
        """The board if the person may still see it; otherwise the socket is closed."""
        try:
            found: tuple[BoardWithAccess, str | None] = await database_sync_to_async(
                _board_seen_by
            )(self.user, self.org_slug, self.board_id)
        except NotFound:
            await self._lose_access()
            return None
        seen, self.generation = found
        return seen

    async def _lose_access(self) -> None:
        """Stop everything the socket carries, then close it: no further change or name."""
        await self._leave()
        await self.close(code=CLOSE_NOT_FOUND)

    def _open_group(self) -> str | None:
        """The board's group while the socket is open (a check may close it meanwhile)."""
        return self.group

    async def _check_access_if_changed(self) -> None:
        """Re-check access when the generation moved since the last check (one point query)."""
        generation = await database_sync_to_async(current_generation)()
        if generation != self.generation:
            await self._still_seen()

    async def _heartbeat(self) -> None:
        if self.group is None:
            return
        await self._check_access_if_changed()
        group = self._open_group()
        if group is None:  # the check closed the socket
            return
        self.roster.refresh(self.channel_name, self.me)
        now = time.monotonic()
        if now - self.last_broadcast_ping >= MIN_SECONDS_BETWEEN_BROADCAST_PINGS:
            self.last_broadcast_ping = now
            await self.channel_layer.group_send(group, self._presence("presence.here"))
        await self.send_json({"type": "pong"})
        await self._show_presence()

    # --- Messages from the channel layer ---

    async def access_changed(self, event: dict[str, Any]) -> None:
        """Someone's access changed: re-check ours once the burst of notices is over."""
        if self.group is None or (self.recheck is not None and not self.recheck.done()):
            return
        self.recheck = asyncio.create_task(self._recheck_later())

    async def _recheck_later(self) -> None:
        await asyncio.sleep(RECHECK_DELAY_SECONDS)
        if self.group is not None:
            await self._check_access_if_changed()

    async def board_changed(self, event: dict[str, Any]) -> None:
        if self.group is None:
            return
        await self.send_json(
            {
                "type": "changed",
                "version": event["version"],
                "cards": event.get("cards", []),
                "structure": bool(event.get("structure")),
            }
        )

    async def presence_join(self, event: dict[str, Any]) -> None:
        if event["channel"] == self.channel_name:
            return
        self.roster.refresh(event["channel"], Person.from_message(event["person"]))
        # Answer the newcomer alone: it learns who was already here without a stored list.
        await self.channel_layer.send(event["channel"], self._presence("presence.here"))
        await self._show_presence()

    async def presence_here(self, event: dict[str, Any]) -> None:
        if event["channel"] == self.channel_name:
            return
        self.roster.refresh(event["channel"], Person.from_message(event["person"]))
        await self._show_presence()

    async def presence_leave(self, event: dict[str, Any]) -> None:
        if event["channel"] == self.channel_name:
            return
        self.roster.drop(event["channel"])
        await self._show_presence()

    # --- Helpers ---

    def _presence(self, kind: str) -> dict[str, Any]:
        return {"type": kind, "channel": self.channel_name, "person": self.me.as_message()}

    async def _show_presence(self) -> None:
        """Send the list of people to the browser when it differs from what it last got."""
        self.roster.prune()
        people = self.roster.people()
        if people == self.shown:
            return
        self.shown = people
        await self.send_json(
            {
                "type": "presence",
                "people": [person.as_message() for person in people],
                "you": self.me.id,
            }
        )
