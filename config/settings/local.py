"""The embedded default (`make run`): SQLite, in-memory layer, files under var/, DEBUG off.

The demo shows the product's own error pages, never Django's technical ones: a colleague trying
it should see what a town hall would. Set `DEBUG=true` while developing.
"""

import secrets

from config.env import VAR_DIR, env
from config.settings.base import *  # noqa: F403
from config.settings.base import STATIC_ROOT, STORAGES


def _secret_key_from_var() -> str:
    """Generate the key once into var/ so sessions survive restarts; never committed."""
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = env.str("SECRET_KEY", default="") or _secret_key_from_var()
DEBUG = env.bool("DEBUG", default=False)
# `officina demo` may create the accounts with the published demo password here only.
OFFICINA_DEMO = env.bool("OFFICINA_DEMO", default=True)
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
# WhiteNoise serves static files straight from the apps in every mode, without collectstatic:
# indexed once at start with DEBUG off, looked up on each request with DEBUG on.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
# WhiteNoise also looks in STATIC_ROOT and warns at start when it is missing.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
