"""Startup of `officina serve`, and server time and queries of two pages with the demo Union.

Everything runs on a throw-away OFFICINA_VAR_DIR (a fresh SQLite database, migrated and loaded
with the demo before any timing), with DEBUG off as in production:
- startup_to_first_200: from starting `officina serve` to the first 200 of /accounts/login/;
- home_* and people_list_*: median time of 50 requests through Django's test client (no
  network), signed in as the demo employee, and the queries of one request.
"""

import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
REQUESTS = 50
STARTUP_TIMEOUT = 120  # seconds


def officina(*args: str) -> list[str]:
    """The `officina` command line (manage.py is the same entry point, always present)."""
    return [sys.executable, str(REPO / "manage.py"), *args]


def bench_environment(var_dir: str) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "OFFICINA_VAR_DIR": var_dir,
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "LOG_LEVEL": "WARNING",
    }


def timed_run(args: list[str], environment: dict[str, str]) -> float:
    """Run a command to completion; its wall-clock time in milliseconds."""
    started = time.perf_counter()
    subprocess.run(args, env=environment, cwd=REPO, check=True, stdout=subprocess.DEVNULL)
    return (time.perf_counter() - started) * 1000


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def answers_200(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


def startup_to_first_200(environment: dict[str, str]) -> float:
    """Milliseconds from starting the server process to the first 200 of the login page."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/accounts/login/"
    with tempfile.TemporaryFile() as log:
        started = time.perf_counter()
        server = subprocess.Popen(
            officina("serve", "--host", "127.0.0.1", "--port", str(port)),
            env=environment,
            cwd=REPO,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            while not answers_200(url):
                if server.poll() is not None or time.perf_counter() - started > STARTUP_TIMEOUT:
                    log.seek(0)
                    sys.stderr.write(log.read().decode(errors="replace"))
                    raise RuntimeError("officina serve did not answer 200")
                time.sleep(0.01)
            return (time.perf_counter() - started) * 1000
        finally:
            server.terminate()
            server.wait(timeout=30)


def page_figures(path: str) -> tuple[float, int]:
    """Median server time (ms) of REQUESTS requests to `path`, and the queries of one."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from officina.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(email="dipendente@demo.officina.example.it"))
    assert client.get(path).status_code == 200  # noqa: S101 - warm-up; figures of a 404 mislead
    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    query_count = len(queries)  # read now: the next request resets Django's query log
    times = []
    for _request in range(REQUESTS):
        started = time.perf_counter()
        client.get(path)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), query_count


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="officina-bench-") as var_dir:
        environment = bench_environment(var_dir)
        timed_run(officina("migrate", "--noinput", "-v0"), environment)
        print(f"demo_first_run: {timed_run(officina('demo', '--force'), environment):.0f} ms")
        print(f"demo_second_run: {timed_run(officina('demo', '--force'), environment):.0f} ms")
        print(f"startup_to_first_200: {startup_to_first_200(environment):.0f} ms", flush=True)

        os.environ.update(environment)
        sys.path.insert(0, str(REPO))
        import django

        django.setup()
        pages = {"home": "/o/tresinaro-secchia/", "people_list": "/o/tresinaro-secchia/people/"}
        for name, path in pages.items():
            median, queries = page_figures(path)
            print(f"{name}_server_time_p50: {median:.1f} ms")
            print(f"{name}_queries: {queries} count")


if __name__ == "__main__":
    main()
