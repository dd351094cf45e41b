"""What the board benchmarks share: a throw-away installation, people, and big realistic boards.

Cards are inserted in bulk (`officina.boards.tests.factories.bulk_cards`, no events), then given
what real cards carry: a title of realistic length, labels, one or two assignees, due dates and
a few blocks, so the page renders what it would for an office, not empty stubs.
Import after `setup_django()`, except for the environment helpers at the top.
"""

import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from officina.accounts.models import User
    from officina.boards.models import Board, Column, Swimlane
    from officina.organisations.models import Organisation, Team

REPO = Path(__file__).resolve().parent.parent
STARTED = time.perf_counter()
PASSWORD = "bench-password-not-secret"  # noqa: S105 - throw-away accounts of a throw-away database

# 6 columns, like the Kanboard and Taiga boards the issue compares with.
SIX_COLUMNS: tuple[tuple[str, str], ...] = (
    ("Arretrato", "not_started"),
    ("Da fare", "not_started"),
    ("In analisi", "in_progress"),
    ("In corso", "in_progress"),
    ("In verifica", "in_progress"),
    ("Fatto", "done"),
)
THREE_LANES = ("Urgente", "Comuni", "Unione")
TITLES = (
    "Richiesta accesso agli atti prot. {n}",
    "Rinnovo certificato SSL del portale dei servizi online n. {n}",
    "Cambio di residenza con provenienza da altro Comune, pratica {n}",
    "Sostituzione postazione ufficio tributi (ticket {n})",
    "Verifica pagamenti pagoPA non riconciliati, lotto {n}",
    "Menù invernale nido Girasole: variante {n}",
    "Aggiornamento gestionale protocollo, segnalazione {n}",
)
LABELS = (("Urgente", "red"), ("PNRR", "green"), ("Privacy", "purple"), ("Rete", "blue"))


def bench_environment(var_dir: str, **overrides: str) -> dict[str, str]:
    """The environment of a throw-away installation in `var_dir`, DEBUG off."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "OFFICINA_VAR_DIR": var_dir,
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "LOG_LEVEL": "WARNING",
        **overrides,
    }


# The production settings, but static files collected without compressing them (which takes
# minutes and changes nothing on a page): the pages still name the hashed files of the manifest.
BENCH_PRODUCTION_SETTINGS = """
from config.settings.production import *  # noqa: F403
from config.settings.production import STORAGES

STORAGES["staticfiles"] = {
    "BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"
}
"""


def production_environment(var_dir: str, *, database_url: str, redis_url: str) -> dict[str, str]:
    """A production installation in `var_dir` on PostgreSQL (with its connection pool) and
    Redis, HTTPS redirect off (as behind a proxy)."""
    (Path(var_dir) / "bench_settings.py").write_text(BENCH_PRODUCTION_SETTINGS)
    return bench_environment(
        var_dir,
        DJANGO_SETTINGS_MODULE="bench_settings",
        PYTHONPATH=os.pathsep.join([var_dir, str(REPO)]),
        SECRET_KEY="bench-only-" + "x" * 50,
        SECURE_SSL_REDIRECT="false",
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
    )


def setup_django(environment: dict[str, str]) -> None:
    """Configure Django in this process with `environment` and migrate its database."""
    os.environ.update(environment)
    for folder in reversed(environment.get("PYTHONPATH", str(REPO)).split(os.pathsep)):
        if folder not in sys.path:
            sys.path.insert(0, folder)
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", "--noinput", verbosity=0)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for_200(url: str, server: subprocess.Popen[bytes], timeout: float = 120) -> None:
    """Return once `url` answers 200; fail if the server exits or takes longer than `timeout`."""
    started = time.perf_counter()
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - 127.0.0.1
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        if server.poll() is not None or time.perf_counter() - started > timeout:
            raise RuntimeError(f"the server did not answer 200 at {url}")
        time.sleep(0.05)


@contextmanager
def served(environment: dict[str, str], *, workers: int = 2) -> Iterator[str]:
    """`officina serve` with `workers` processes on a free port; yields its base URL and prints
    the end of its log on stderr when it stops."""
    port = free_port()
    with tempfile.TemporaryFile() as server_log:
        server = subprocess.Popen(
            [sys.executable, str(REPO / "manage.py"), "serve", "--host", "127.0.0.1"]
            + ["--port", str(port), "--workers", str(workers), "--no-access-log"],
            env=environment,
            cwd=REPO,
            stdout=server_log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            wait_for_200(f"http://127.0.0.1:{port}/accounts/login/", server)
            yield f"http://127.0.0.1:{port}"
        finally:
            server.terminate()
            try:
                server.wait(timeout=60)
            except subprocess.TimeoutExpired:
                # Still waiting for a client's WebSocket after a minute: stop its process group.
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()
            server_log.seek(0)
            sys.stderr.write(server_log.read().decode(errors="replace")[-8000:])


def percentile(values: Sequence[float], share: float) -> float:
    """The `share` (0-1) percentile by the nearest-rank method."""
    ordered = sorted(values)
    rank = max(1, round(share * len(ordered) + 0.5))
    return ordered[min(rank, len(ordered)) - 1]


def median(values: Sequence[float]) -> float:
    return float(statistics.median(values))


def log(message: str) -> None:
    """Progress for the person running the bench: stderr, never the figures' stdout."""
    print(f"[{time.perf_counter() - STARTED:6.1f} s] {message}", file=sys.stderr, flush=True)


# --- Data (Django must be set up) -------------------------------------------------------------


@dataclass
class BenchWorld:
    organisation: "Organisation"
    team: "Team"
    people: list["User"] = field(default_factory=list)


def make_world(*, slug: str = "bench", people: int = 8, teams: int = 1) -> list[BenchWorld]:
    """An organisation with `teams` teams of `people` employed members each."""
    from django.contrib.auth.hashers import make_password

    from officina.accounts.models import User
    from officina.organisations.models import (
        Employment,
        Ente,
        Organisation,
        Team,
        TeamMembership,
    )

    organisation = Organisation.objects.create(name="Unione di prova", slug=slug)
    ente = Ente.objects.create(organisation=organisation, name="Comune di prova")
    password = make_password(PASSWORD)
    worlds = []
    for team_number in range(teams):
        team = Team.objects.create(organisation=organisation, name=f"Team {team_number + 1}")
        users = User.objects.bulk_create(
            User(
                email=f"persona{team_number}-{n}@{slug}.example.it",
                first_name=f"Persona{n}",
                last_name=f"Team{team_number}",
                password=password,
            )
            for n in range(people)
        )
        Employment.objects.bulk_create(
            Employment(organisation=organisation, user=user, ente=ente, job_title="Istruttore")
            for user in users
        )
        TeamMembership.objects.bulk_create(
            TeamMembership(
                organisation=organisation,
                team=team,
                user=user,
                role=TeamMembership.Role.LEAD if n == 0 else TeamMembership.Role.MEMBER,
            )
            for n, user in enumerate(users)
        )
        worlds.append(BenchWorld(organisation, team, list(users)))
    return worlds


def make_big_board(
    world: BenchWorld,
    *,
    name: str,
    open_cards: int = 0,
    done_cards: int = 0,
    one_column: bool = False,
    seed: int = 1,
) -> "Board":
    """A 6-column, 3-lane board with `open_cards` spread over its cells (or all in "Da fare",
    first lane, when `one_column`) and `done_cards` more in "Fatto"."""
    from officina.boards.models import Label
    from officina.boards.tests.factories import make_board

    board = make_board(team=world.team, name=name, columns=SIX_COLUMNS, lanes=THREE_LANES)
    Label.objects.bulk_create(
        Label(organisation=world.organisation, board=board, name=label, colour=colour)
        for label, colour in LABELS
    )
    columns = list(board.columns.all())
    lanes = list(board.swimlanes.all())
    chance = random.Random(seed)  # noqa: S311 - reproducible data, not security
    if one_column:
        _fill(board, columns[1], lanes[0], open_cards, world, chance)
    else:
        cells = [(column, lane) for column in columns for lane in lanes]
        for index, (column, lane) in enumerate(cells):
            count = open_cards // len(cells) + (1 if index < open_cards % len(cells) else 0)
            _fill(board, column, lane, count, world, chance)
    for lane in lanes:
        _fill(board, columns[-1], lane, done_cards // len(lanes), world, chance)
    board.refresh_from_db()
    return board


def _fill(
    board: "Board",
    column: "Column",
    lane: "Swimlane",
    count: int,
    world: BenchWorld,
    chance: random.Random,
) -> None:
    """`count` realistic cards at the bottom of one cell (in batches: SQLite's variable limit)."""
    from django.utils import timezone

    from officina.boards.models import Label, WorkItem
    from officina.boards.tests.factories import bulk_cards

    labels = list(Label.objects.filter(board=board))
    today = timezone.localdate()
    while count > 0:
        batch = min(count, 500)
        count -= batch
        cards = bulk_cards(board=board, count=batch, column=column, swimlane=lane)
        assignees, tags = [], []
        for card in cards:
            card.title = chance.choice(TITLES).format(n=card.number)
            if chance.random() < 0.4:
                card.due_date = today + timedelta(days=chance.randint(-5, 40))
            if chance.random() < 0.05:
                card.is_blocked, card.blocked_reason = True, "In attesa del fornitore"
            if chance.random() < 0.2:
                card.class_of_service = WorkItem.ClassOfService.URGENT
            for person in chance.sample(world.people, chance.choice((0, 1, 1, 2))):
                assignees.append(WorkItem.assignees.through(workitem=card, user=person))
            for label in chance.sample(labels, chance.choice((0, 1, 1, 2))):
                tags.append(WorkItem.labels.through(workitem=card, label=label))
        WorkItem.objects.bulk_update(
            cards, ["title", "due_date", "is_blocked", "blocked_reason", "class_of_service"]
        )
        WorkItem.assignees.through.objects.bulk_create(assignees)
        WorkItem.labels.through.objects.bulk_create(tags)


def signed_in_client(user: "User") -> Any:
    """Django's test client, signed in as `user` (a session in the configured session store)."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def session_cookie(user: "User") -> str:
    """A `sessionid` cookie value for `user`, valid for a server sharing this configuration."""
    return str(signed_in_client(user).cookies["sessionid"].value)


def board_url(board: "Board") -> str:
    from django.urls import reverse

    return reverse(
        "boards:board-detail",
        kwargs={"org_slug": board.organisation.slug, "board_id": board.pk},
    )
