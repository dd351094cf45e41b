"""Across server processes: a move reaches the views open on every worker, through Redis.

Two uvicorn processes serve the application on the test database; a browser-like client is
connected to each. Runs when REDIS_URL is set and Redis answers (CI's PostgreSQL + Redis pass);
skipped on the embedded default, whose in-memory channel layer is one process by design.
"""

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from websockets.sync.client import ClientConnection, connect
from websockets.typing import Origin

from officina.accounts.models import User
from officina.boards.models import Board
from officina.boards.services.moves import work_item_move
from officina.boards.tests.factories import bulk_cards
from officina.organisations.selectors import actor_for_user

PROJECT_ROOT = Path(__file__).resolve().parents[3]
REDIS_URL = os.environ.get("REDIS_URL", "")
DELIVERED_WITHIN = 1.0
# Longer than channels_redis's blocking receive (5 s): an idle view must survive it.
IDLE_SECONDS = 6
START_TIMEOUT = 30.0


def _redis_answers() -> bool:
    if not REDIS_URL:
        return False
    import redis

    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_timeout=1).ping())
    except redis.RedisError:
        return False


pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not _redis_answers(), reason="needs Redis (REDIS_URL) for the channel layer"
    ),
]


def _database_url() -> str:
    """The test database, as the server processes must reach it."""
    db = connection.settings_dict
    if db["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{Path(db['NAME']).resolve()}"
    credentials = f"{quote(db['USER'], safe='')}:{quote(db['PASSWORD'], safe='')}"
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _wait_until_listening(process: subprocess.Popen[bytes], port: int) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"uvicorn on port {port} exited: {process.stderr.read()!r}")  # type: ignore[union-attr]
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"uvicorn on port {port} did not start")


@pytest.fixture
def two_servers() -> Iterator[list[int]]:
    """Two worker processes of the application, sharing the test database and Redis."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "config.settings.test"),
        "DATABASE_URL": _database_url(),
        "REDIS_URL": REDIS_URL,
    }
    ports = [_free_port(), _free_port()]
    processes = [
        subprocess.Popen(  # noqa: S603 (a fixed command line)
            [sys.executable, "-m", "uvicorn", "config.asgi:application", "--host", "127.0.0.1"]
            + ["--port", str(port), "--lifespan", "off", "--ws", "websockets-sansio"]
            + ["--log-level", "warning"],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for port in ports
    ]
    try:
        for process, port in zip(processes, ports, strict=True):
            _wait_until_listening(process, port)
        yield ports
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


@pytest.fixture
def open_view() -> Iterator[Callable[[User, int, Board], ClientConnection]]:
    """A signed-in browser's socket on the board, on the server at `port`."""
    with ExitStack() as sockets:

        def open_socket(user: User, port: int, board: Board) -> ClientConnection:
            client = Client()
            client.force_login(user)
            session = client.cookies[settings.SESSION_COOKIE_NAME].value
            return sockets.enter_context(
                connect(
                    f"ws://127.0.0.1:{port}/ws/o/{board.organisation.slug}/boards/{board.pk}/",
                    origin=Origin(f"http://127.0.0.1:{port}"),
                    additional_headers={"Cookie": f"{settings.SESSION_COOKIE_NAME}={session}"},
                    proxy=None,
                )
            )

        yield open_socket


def next_of_type(view: ClientConnection, kind: str, timeout: float) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        message: dict[str, Any] = json.loads(view.recv(timeout=deadline - time.monotonic()))
        if message["type"] == kind:
            return message


def presence_names(view: ClientConnection, expected: list[str]) -> list[str]:
    names: list[str] = []
    while names != expected:
        message = next_of_type(view, "presence", timeout=5)
        names = [person["name"] for person in message["people"]]
    return names


def test_a_move_reaches_the_views_on_both_server_processes(
    two_servers: list[int], open_view: Any, board: Board, member: User, lead: User
) -> None:
    port_a, port_b = two_servers
    column, target = list(board.columns.order_by("position"))[:2]
    (card,) = bulk_cards(board=board, count=1, column=column, swimlane=board.swimlanes.get())
    # given Giulia's view is served by one process and Marco's by the other
    giulia = open_view(member, port_a, board)
    marco = open_view(lead, port_b, board)

    # then they see each other although their processes share no memory
    both = ["Giulia Ferrari", "Marco Bertolini"]
    assert presence_names(giulia, both) == both
    assert presence_names(marco, both) == both

    # when, after a quiet while, a card moves (here, in a third process: this test's)
    time.sleep(IDLE_SECONDS)
    actor = actor_for_user(user=lead, organisation_slug=board.organisation.slug)
    work_item_move(actor=actor, work_item=card, column=target)
    moved_at = time.monotonic()
    version = Board.objects.values_list("version", flat=True).get(pk=board.pk)

    # then both views hear of it within a second
    for view in (giulia, marco):
        changed = next_of_type(view, "changed", timeout=DELIVERED_WITHIN)
        assert changed == {
            "type": "changed",
            "version": version,
            "cards": [card.pk],
            "structure": False,
        }
    assert time.monotonic() - moved_at < DELIVERED_WITHIN
