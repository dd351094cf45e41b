"""Tell every open WebSocket that access changed somewhere, so that each re-checks its own.

The notice names nobody and carries nothing: each consumer asks the database again whether its
person may still see what the socket shows, and closes it if not. Sent after the change has
committed (`access_cache.access_generation_changed`), through the channel layer, so every server
process hears it with Redis; consumers also compare the generation at their heartbeats, which
covers a change made by another process under the in-memory layer.
"""

from typing import Any

from officina.realtime.publish import group_send

ACCESS_GROUP = "access-changes"


def announce_access_changed(sender: Any = None, **kwargs: Any) -> None:
    group_send(ACCESS_GROUP, {"type": "access.changed"})
