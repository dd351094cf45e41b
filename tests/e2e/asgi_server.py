"""A live server that speaks WebSocket: uvicorn serving `config.asgi.application` in a thread.

pytest-django's `live_server` is a WSGI server: a board page opened there cannot reach its
WebSocket, and Chromium itself logs a console error for the failed handshake. This server runs in
a thread of the test process, so it shares the test database and the in-memory channel layer
(and serves static files through whitenoise's finders, like the WSGI one).

Use it in a test module by importing the fixtures, which replaces `live_server` for that module
only (the `signed_in` fixture then gives the browser a cookie for this server):

    from tests.e2e.asgi_server import asgi_live_server, live_server  # noqa: F401

and request `live_server` in the tests.
"""

import asyncio
import socket
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import pytest
import uvicorn
from asgiref.sync import sync_to_async

T = TypeVar("T")

START_TIMEOUT = 10.0


class _NoSettingsChange:
    """pytest-django enables/disables this around each test using `live_server`: nothing to do,
    since the test settings already allow every host."""

    def enable(self) -> None:
        return None

    def disable(self) -> None:
        return None


class _WithTestPages:
    """The application, plus fixed HTML pages a test registers (served from the same origin, so
    the browser treats them exactly like the site's pages)."""

    def __init__(self, application: Any) -> None:
        self.application = application
        self.pages: dict[str, bytes] = {}
        self.open_sockets = 0

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "websocket":
            self.open_sockets += 1
            try:
                await self.application(scope, receive, send)
            finally:
                self.open_sockets -= 1
            return
        page = self.pages.get(scope["path"]) if scope["type"] == "http" else None
        if page is None:
            await self.application(scope, receive, send)
            return
        headers = [
            (b"content-type", b"text/html; charset=utf-8"),
            (b"content-length", str(len(page)).encode()),
        ]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": page})


class AsgiLiveServer:
    """uvicorn in a daemon thread on a free port of 127.0.0.1."""

    _live_server_modified_settings = _NoSettingsChange()

    def __init__(self) -> None:
        from config.asgi import application

        self._socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._socket.bind(("127.0.0.1", 0))
        self.port: int = self._socket.getsockname()[1]
        self._app = _WithTestPages(application)
        config = uvicorn.Config(
            self._app,
            loop="asyncio",
            lifespan="off",
            ws="websockets-sansio",  # the maintained implementation (legacy is deprecated)
            log_level="warning",
            timeout_graceful_shutdown=1,
        )
        self._server = uvicorn.Server(config)
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._run, name="asgi-live-server", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + START_TIMEOUT
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("The ASGI live server did not start")
            time.sleep(0.02)

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        self._loop.run_until_complete(self._server.serve(sockets=[self._socket]))

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __str__(self) -> str:
        return self.url

    def serve_page(self, path: str, html: str) -> str:
        """Serve `html` at `path` (a test-only page); returns its URL."""
        self._app.pages[path] = html.encode()
        return f"{self.url}{path}"

    def call(self, function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run `function` as a request of this server would (in its loop's sync thread).

        The test's own thread holds Playwright's event loop, where a service could not publish
        its change notice; here it reaches the server's channel layer like a real request.
        """
        coroutine = sync_to_async(function)(*args, **kwargs)
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(timeout=30)

    def wait_for_sockets_to_close(self, timeout: float = 5.0) -> None:
        """Let consumers of closed pages finish while the test may still use the database."""
        deadline = time.monotonic() + timeout
        while self._app.open_sockets and time.monotonic() < deadline:
            time.sleep(0.02)

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=10)
        self._socket.close()


@pytest.fixture(scope="session")
def asgi_live_server(django_db_setup: None) -> Iterator[AsgiLiveServer]:
    """One ASGI server for the session, started once the test database exists."""
    server = AsgiLiveServer()
    yield server
    server.stop()


@pytest.fixture
def live_server(
    asgi_live_server: AsgiLiveServer, transactional_db: None
) -> Iterator[AsgiLiveServer]:
    """The ASGI server in place of pytest-django's WSGI one, for the modules that import it.

    Request this one in tests (not `asgi_live_server`): pytest-django then sets it up before the
    browser, so at teardown the browser's pages are closed first and their sockets are drained
    here, before the database is flushed and closed to the server's threads.
    """
    yield asgi_live_server
    asgi_live_server.wait_for_sockets_to_close()
