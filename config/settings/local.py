"""The embedded default (`make run`): SQLite, in-memory layer, files under var/, DEBUG on."""

import secrets

from config.env import VAR_DIR, env
from config.settings.base import *  # noqa: F403
from config.settings.base import STORAGES


def _secret_key_from_var() -> str:
    """Generate the key once into var/ so sessions survive restarts; never committed."""
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = env.str("SECRET_KEY", default="") or _secret_key_from_var()
DEBUG = env.bool("DEBUG", default=True)
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
