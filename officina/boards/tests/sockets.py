"""Opening a board's WebSocket in tests, the way a browser on the site does, and reading it."""

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.test import Client

from config.asgi import application
from officina.accounts.models import User
from officina.boards.models import Board

TIMEOUT = 2
Connect = Callable[..., Awaitable[WebsocketCommunicator]]


def _session_cookie(user: User | None) -> list[tuple[bytes, bytes]]:
    if user is None:
        return []
    client = Client()
    client.force_login(user)
    value = client.cookies[settings.SESSION_COOKIE_NAME].value
    return [(b"cookie", f"{settings.SESSION_COOKIE_NAME}={value}".encode())]


def board_path(board: Board, org_slug: str | None = None) -> str:
    # The factories keep team and organisation cached: no query in the async test.
    slug = org_slug or board.team.organisation.slug
    return f"/ws/o/{slug}/boards/{board.pk}/"


async def sockets() -> AsyncIterator[Connect]:
    """What the `connect` fixture gives: open a socket as `user` (None: anonymous), the way a
    browser on the site would; every socket opened is closed at the end."""
    opened: list[WebsocketCommunicator] = []
    await get_channel_layer().flush()

    async def open_socket(user: User | None, path: str) -> WebsocketCommunicator:
        headers = [(b"origin", b"http://testserver"), (b"host", b"testserver")]
        headers += await database_sync_to_async(_session_cookie)(user)
        communicator = WebsocketCommunicator(application, path, headers=headers)
        connected, _ = await communicator.connect(timeout=TIMEOUT)
        assert connected
        opened.append(communicator)
        return communicator

    yield open_socket
    for communicator in opened:
        await communicator.disconnect()


async def next_of_type(communicator: WebsocketCommunicator, kind: str) -> dict[str, Any]:
    """The next message of a kind, skipping the others (presence updates arrive any time)."""
    while True:
        message: dict[str, Any] = await communicator.receive_json_from(timeout=TIMEOUT)
        if message["type"] == kind:
            return message


async def presence_names(communicator: WebsocketCommunicator, expected: list[str]) -> list[str]:
    """Read presence updates until the list shows `expected` (or time runs out)."""
    names: list[str] = []
    while names != expected:
        message = await next_of_type(communicator, "presence")
        names = [person["name"] for person in message["people"]]
    return names


async def closed_with(communicator: WebsocketCommunicator) -> int:
    output = await communicator.receive_output(timeout=TIMEOUT)
    assert output["type"] == "websocket.close"
    code: int = output["code"]
    return code
