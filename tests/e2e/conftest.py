"""Browser tests: Debian chromium, a live server, no outside host, no console error, no 5xx.

Every test under tests/e2e is marked `e2e` and runs in its own pytest invocation (`make test-e2e`):
the unit run (`-p no:playwright -m "not e2e"`) collects and deselects them, so this module imports
only the playwright library, never the pytest plugin.
"""

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import BrowserContext, ConsoleMessage, Page, Response, Route

from officina.organisations.tests.factories import (
    EmploymentFactory,
    EnteFactory,
    OrganisationFactory,
    TeamFactory,
    TeamMembershipFactory,
    UserFactory,
)
from tests.e2e import asgi_server

# Every journey runs against uvicorn serving the ASGI application (WebSockets included), in a
# thread of this process: these fixtures replace pytest-django's WSGI `live_server`.
asgi_live_server = asgi_server.asgi_live_server
live_server = asgi_server.live_server

# The live server runs in a thread of this process while Playwright's sync API holds an event loop
# (microsoft/playwright-pytest#46): Django's async-safety guard would refuse every ORM call.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
E2E_DIR = Path(__file__).parent


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every browser test `e2e` before `-m` selects, whatever its module says."""
    for item in items:
        if E2E_DIR in item.path.parents:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser_type_launch_args() -> dict[str, Any]:
    """Debian's chromium (Playwright's browsers cannot be downloaded here), kept offline."""
    return {
        "executable_path": CHROMIUM,
        "headless": True,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    """A person in Italy: Italian browser, Rome time, a desktop window unless a test says so."""
    return {
        **browser_context_args,
        "locale": "it-IT",
        "timezone_id": "Europe/Rome",
        "viewport": {"width": 1280, "height": 900},
    }


@dataclass
class BrowserProblems:
    """What went wrong in the browser while a test ran; any entry fails the test at teardown."""

    outside_requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    server_errors: list[str] = field(default_factory=list)
    broken_resources: list[str] = field(default_factory=list)
    expected_console_errors: list[str] = field(default_factory=list)
    expected_broken_resources: list[str] = field(default_factory=list)

    def expect_console_error(self, text: str) -> None:
        """A test that provokes an error on purpose (a 404 page) names the console line."""
        self.expected_console_errors.append(text)

    def expect_broken_resource(self, text: str) -> None:
        """A test that provokes a 4xx answer to a script's request on purpose (a refused move)
        names part of its URL; the matching entries are not problems."""
        self.expected_broken_resources.append(text)

    def watch(self, context: BrowserContext) -> None:
        """Route every request of `context` through the host check and listen to its pages."""
        context.route("**/*", self._route)
        context.on("page", self._watch_page)
        context.on("response", self._on_response)
        for page in context.pages:
            self._watch_page(page)

    def _route(self, route: Route) -> None:
        url = route.request.url
        if url.startswith(("data:", "blob:")) or urlsplit(url).hostname in LOCAL_HOSTS:
            route.continue_()
            return
        self.outside_requests.append(f"{route.request.method} {url}")
        route.abort("blockedbyclient")

    def _watch_page(self, page: Page) -> None:
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.page_errors.append(_short(str(error))))

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        if any(text in message.text for text in self.expected_console_errors):
            return
        self.console_errors.append(f"{_short(message.text)} ({message.location.get('url', '')})")

    def _on_response(self, response: Response) -> None:
        request = response.request
        if response.status >= 500:
            self.server_errors.append(f"{response.status} {request.method} {response.url}")
        elif response.status >= 400 and request.resource_type != "document":
            # A page may answer 404 on purpose; its stylesheet, script or icon may not.
            entry = f"{response.status} {request.method} {response.url}"
            if not any(text in entry for text in self.expected_broken_resources):
                self.broken_resources.append(entry)

    def report(self) -> str:
        lines = []
        for title, entries in (
            ("Requests to an outside host (aborted)", self.outside_requests),
            ("Console errors", self.console_errors),
            ("Uncaught page errors", self.page_errors),
            ("Server errors (status >= 500)", self.server_errors),
            ("Resources that failed to load", self.broken_resources),
        ):
            if entries:
                lines.append(f"{title}:")
                lines.extend(f"  - {entry}" for entry in entries)
        return "\n".join(lines)


def _short(text: str, limit: int = 300) -> str:
    return text if len(text) <= limit else f"{text[:limit]}…"


@pytest.fixture(autouse=True)
def browser_problems(context: BrowserContext) -> Iterator[BrowserProblems]:
    """Abort and record requests that leave 127.0.0.1; fail on console errors, 5xx, broken files."""
    problems = BrowserProblems()
    problems.watch(context)
    yield problems
    report = problems.report()
    if report:
        pytest.fail(f"The browser saw problems during the test:\n{report}", pytrace=False)


@pytest.fixture
def signed_in(context: BrowserContext, live_server: Any) -> Callable[..., None]:
    """Give a browser the session cookie of `user` (the sign-in form has its own journey).

    Each call uses its own test client, so two people can be signed in at once in two contexts.
    """

    def sign_in(user: Any, browser_context: BrowserContext = context) -> None:
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        browser_context.add_cookies(
            [{"name": cookie.key, "value": cookie.value, "url": live_server.url}]
        )

    return sign_in


# --- Data: one organisation, two enti, a person with a team, and another organisation's team ---


@dataclass
class Workplace:
    """The people and teams a journey works with (names fixed, so tests can look for them)."""

    organisation: Any
    ente: Any
    user: Any
    colleague: Any
    team: Any
    foreign_team: Any

    @property
    def home_path(self) -> str:
        return f"/o/{self.organisation.slug}/"


@pytest.fixture
def workplace(transactional_db: None) -> Workplace:
    """Giulia Ferrari (Comune di Scandiano) and Marco Bertolini (Comune di Viano) in one team."""
    organisation = OrganisationFactory(name="Unione Tresinaro Secchia", slug="tresinaro-secchia")
    ente = EnteFactory(organisation=organisation, name="Comune di Scandiano")
    other_ente = EnteFactory(organisation=organisation, name="Comune di Viano")
    user = UserFactory(email="giulia.ferrari@example.org", first_name="Giulia", last_name="Ferrari")
    colleague = UserFactory(
        email="marco.bertolini@example.org", first_name="Marco", last_name="Bertolini"
    )
    EmploymentFactory(user=user, ente=ente, job_title="Istruttrice amministrativa")
    EmploymentFactory(user=colleague, ente=other_ente, job_title="Educatore")
    team = TeamFactory(organisation=organisation, name="Servizi educativi associati")
    TeamMembershipFactory(team=team, user=user)
    TeamMembershipFactory(team=team, user=colleague)
    stranger_org = OrganisationFactory(name="Unione Val d'Enza", slug="val-d-enza")
    foreign_team = TeamFactory(organisation=stranger_org, name="Squadra di un'altra unione")
    return Workplace(organisation, ente, user, colleague, team, foreign_team)
