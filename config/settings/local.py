"""The embedded default (`make run`): SQLite, in-memory layer, files under var/, DEBUG off.

The demo shows the product's own error pages, never Django's technical ones: a colleague trying
it should see what a town hall would. Set `DEBUG=true` while developing.
"""

import contextlib
import secrets
import socket

from config.env import VAR_DIR, env
from config.settings.base import *  # noqa: F403
from config.settings.base import ALLOWED_HOSTS, STATIC_ROOT, STORAGES


def _secret_key_from_var() -> str:
    """Generate the key once into var/ so sessions survive restarts; never committed."""
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


def _machine_addresses() -> list[str]:
    """This machine's name and its addresses on the local network, as a tablet would type them."""
    name = socket.gethostname()
    found = {name, f"{name}.local", socket.getfqdn()}
    with contextlib.suppress(OSError):
        found.update(socket.gethostbyname_ex(name)[2])
    # The address of the route out (a UDP "connect" sends nothing).
    with contextlib.suppress(OSError), socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.connect(("192.0.2.1", 9))
        found.add(probe.getsockname()[0])
    return sorted(address for address in found if address)


SECRET_KEY = env.str("SECRET_KEY", default="") or _secret_key_from_var()
DEBUG = env.bool("DEBUG", default=False)
# `officina demo` may create the accounts with the published demo password here only.
OFFICINA_DEMO = env.bool("OFFICINA_DEMO", default=True)
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
# `make run HOST=0.0.0.0` listens on every interface so a tablet on the local network can open the
# demo: the machine's names and addresses are then accepted too. Anyone on that network can reach
# it, over plain HTTP, with the published demo password: only on a network you trust.
OFFICINA_LISTEN_HOST = env.str("OFFICINA_LISTEN_HOST", default="127.0.0.1")
OFFICINA_LAN_ADDRESSES = (
    _machine_addresses() if OFFICINA_LISTEN_HOST in ("0.0.0.0", "::") else []  # noqa: S104
)
ALLOWED_HOSTS = [*ALLOWED_HOSTS, *OFFICINA_LAN_ADDRESSES]
# WhiteNoise serves static files straight from the apps in every mode, without collectstatic:
# indexed once at start with DEBUG off, looked up on each request with DEBUG on.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
# WhiteNoise also looks in STATIC_ROOT and warns at start when it is missing.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
