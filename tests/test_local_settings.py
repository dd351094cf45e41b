"""`make run` (config.settings.local) shows the product's pages, never Django's technical ones."""

import os
import socket
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

# Requests through the local settings in a fresh process: a missing page, a static file.
_PROBE = """
import django
django.setup()
from django.conf import settings
from django.test import Client
client = Client(HTTP_HOST="localhost")
missing = client.get("/indirizzo-che-non-esiste/")
static = client.get("/static/officina/css/officina.css")
print("debug", settings.DEBUG)
print("missing", missing.status_code, "Pagina non trovata" in missing.content.decode())
print("technical", "URLconf" in missing.content.decode())
print("static", static.status_code, b"".join(static.streaming_content)[:1] != b"")
"""


_DROPPED = ("DEBUG", "DATABASE_URL", "REDIS_URL", "ALLOWED_HOSTS", "OFFICINA_LISTEN_HOST")

# A request from a tablet that typed this machine's name.
_TABLET_PROBE = """
import socket, django
django.setup()
from django.test import Client
response = Client(HTTP_HOST=socket.gethostname() + ":8000").get("/accounts/login/")
print("status", response.status_code)
"""


def _local_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in _DROPPED}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.local",
            "OFFICINA_VAR_DIR": str(tmp_path),
            "DATABASE_URL": f"sqlite:///{tmp_path / 'officina.sqlite3'}",
        }
    )
    return env


def _run(probe: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - fixed argument list, no shell
        [sys.executable, "-c", probe],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_local_settings_answer_a_missing_page_with_the_product_404_and_serve_static_files(
    tmp_path,
):
    # given the settings `make run` uses, with nothing set in the environment
    env = _local_env(tmp_path)

    # when a missing page and a static file are asked for
    result = _run(_PROBE, env)

    # then DEBUG is off, the 404 is the product's page, and the static file is served
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "debug False" in lines
    assert "missing 404 True" in lines
    assert "technical False" in lines
    assert "static 200 True" in lines


def test_listening_on_every_interface_accepts_the_machine_name(tmp_path):
    # given `make run HOST=0.0.0.0`
    env = _local_env(tmp_path)
    env["OFFICINA_LISTEN_HOST"] = "0.0.0.0"  # noqa: S104 - what the test is about

    # when a tablet asks for the sign-in page by the machine's name
    result = _run(_TABLET_PROBE, env)

    # then it gets the page
    assert result.returncode == 0, result.stderr
    assert "status 200" in result.stdout.splitlines()


def test_listening_on_loopback_accepts_only_local_names(tmp_path):
    # given plain `make run`
    env = _local_env(tmp_path)

    # when a request names the machine (unless its name is localhost)
    result = _run(_TABLET_PROBE, env)

    # then it is refused as a bad host
    assert result.returncode == 0, result.stderr
    expected = "status 200" if socket.gethostname() in ("localhost", "127.0.0.1") else "status 400"
    assert expected in result.stdout.splitlines()
