"""Send a message to a channel-layer group from synchronous code, without holding up a request.

`async_to_sync(layer.group_send)` costs a new event loop and a new thread on every call when no
server loop is around (the test client, the task worker, a command: about 0.7 ms), and under
the ASGI server it makes the request's thread wait for the server's loop. Here:
- in a process that runs the ASGI server (`RecordServerLoop` notes its loop), the message is
  handed to the server's event loop and the request goes on; the loop sends it a moment later
  (FIFO with the other hand-overs). The in-memory layer's consumers live on that loop, so this
  is also the only thread-safe way to reach them from a request's worker thread;
- anywhere else, one long-lived publisher thread per process runs its own loop, and the caller
  waits for the send (bounded), so a command or a test knows the message has left.
Notices carry versions and every client catches up by version, so a notice that arrives a
millisecond later, or (rarely) after the next one, changes nothing for anyone.
"""

import asyncio
import logging
import os
import threading
from concurrent.futures import Future
from typing import Any

from asgiref.sync import SyncToAsync
from channels import DEFAULT_CHANNEL_LAYER
from channels.layers import InMemoryChannelLayer, channel_layers, get_channel_layer

logger = logging.getLogger(__name__)

SEND_TIMEOUT_SECONDS = 5.0

_server_loop_seen: asyncio.AbstractEventLoop | None = None
_publisher_loop: asyncio.AbstractEventLoop | None = None
_publisher_layer: Any = None
_publisher_pid: int | None = None
_publisher_lock = threading.Lock()


def group_send(group: str, message: dict[str, Any]) -> None:
    """Send `message` to `group`; failures are logged, never raised (the change has committed)."""
    layer = get_channel_layer()
    if layer is None:
        return
    server_loop = _server_loop()
    if server_loop is not None:
        server_loop.call_soon_threadsafe(_start_send, layer, group, message)
        return
    loop, own_layer = _own_loop_and_layer(layer)
    future: Future[None] = asyncio.run_coroutine_threadsafe(
        own_layer.group_send(group, message), loop
    )
    try:
        future.result(timeout=SEND_TIMEOUT_SECONDS)
    except Exception:
        logger.exception("Could not send a message to %s", group)


def _server_loop() -> asyncio.AbstractEventLoop | None:
    """The ASGI server's running loop in this process, if there is one."""
    local = SyncToAsync.threadlocal  # set by asgiref in its own worker threads
    candidates = [_server_loop_seen]
    if getattr(local, "main_event_loop_pid", None) == os.getpid():
        candidates.insert(0, getattr(local, "main_event_loop", None))
    for loop in candidates:
        if loop is not None and not loop.is_closed() and loop.is_running():
            return loop
    return None


class RecordServerLoop:
    """ASGI middleware: note the server's event loop, which requests hand notices to."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        global _server_loop_seen
        loop = asyncio.get_running_loop()
        if _server_loop_seen is not loop:
            _server_loop_seen = loop
        await self.app(scope, receive, send)


def _start_send(layer: Any, group: str, message: dict[str, Any]) -> None:
    task = asyncio.ensure_future(layer.group_send(group, message))
    task.add_done_callback(_log_failure)


def _log_failure(task: "asyncio.Future[Any]") -> None:
    if not task.cancelled() and task.exception() is not None:
        logger.error("Could not send a channel-layer message", exc_info=task.exception())


def _own_loop_and_layer(layer: Any) -> tuple[asyncio.AbstractEventLoop, Any]:
    """This process's publisher loop, started on first use (and again after a fork), and the
    layer it sends with.

    The in-memory layer keeps its groups in its one instance, so that instance is used. Any other
    layer gets an instance of its own here: channels_redis keeps connection pools per event loop,
    and `flush()` on the shared instance closes them all from the caller's loop.
    """
    global _publisher_loop, _publisher_layer, _publisher_pid
    with _publisher_lock:
        if _publisher_loop is None or _publisher_pid != os.getpid():
            loop = asyncio.new_event_loop()
            thread = threading.Thread(
                target=loop.run_forever, name="channel-layer-publisher", daemon=True
            )
            thread.start()
            _publisher_loop, _publisher_pid = loop, os.getpid()
            _publisher_layer = None
        if isinstance(layer, InMemoryChannelLayer):
            return _publisher_loop, layer
        if _publisher_layer is None:
            _publisher_layer = channel_layers.make_backend(DEFAULT_CHANNEL_LAYER)
        return _publisher_loop, _publisher_layer
