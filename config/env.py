"""The one place that reads the environment (twelve-factor). Settings modules import from here."""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# A `.env` file next to manage.py is optional; real deployments set variables in the environment.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

VAR_DIR = Path(env.str("OFFICINA_VAR_DIR", default=str(BASE_DIR / "var")))
# The embedded default keeps its database, key and files here; a fresh clone has no var/ yet.
VAR_DIR.mkdir(parents=True, exist_ok=True)
