"""`officina check --deploy` is clean with production-style settings (issue #2 acceptance)."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

# Variables of the developer's or CI's shell that would change what the check sees.
_INHERITED_TO_DROP = (
    "DEBUG",
    "REDIS_URL",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "DJANGO_ALLOW_ASYNC_UNSAFE",  # set for browser tests only
)


def _production_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in _INHERITED_TO_DROP}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(64),
            "ALLOWED_HOSTS": "officina.example.it",
            "CSRF_TRUSTED_ORIGINS": "https://officina.example.it",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'officina.sqlite3'}",
            "OFFICINA_VAR_DIR": str(tmp_path),
        }
    )
    return env


def test_deploy_check_reports_no_issues_with_production_environment(tmp_path):
    # given production settings configured only through environment variables
    env = _production_env(tmp_path)

    # when the deployment checklist runs, failing on any warning
    result = subprocess.run(  # noqa: S603 - fixed argument list, no shell
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    # then it passes and says so
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "no issues" in output


def test_production_settings_refuse_to_start_without_secret_key(tmp_path):
    # given production settings with every variable but SECRET_KEY
    env = _production_env(tmp_path)
    del env["SECRET_KEY"]

    # when any management command starts
    result = subprocess.run(  # noqa: S603 - fixed argument list, no shell
        [sys.executable, "manage.py", "check"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    # then it stops and names the missing variable instead of running with a weak key
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_trusted_proxy_count_is_read_from_the_environment(tmp_path):
    # given production settings behind one proxy, configured through the environment
    env = _production_env(tmp_path)
    env["ALLAUTH_TRUSTED_PROXY_COUNT"] = "1"

    # when the settings are loaded
    result = subprocess.run(  # noqa: S603 - fixed argument list, no shell
        [
            sys.executable,
            "manage.py",
            "shell",
            "--no-imports",
            "-c",
            "from django.conf import settings; print(settings.ALLAUTH_TRUSTED_PROXY_COUNT)",
        ],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    # then allauth trusts one proxy
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "1"
