"""Tests: fast hashing, immediate tasks, plain static storage, a fixed key."""

from config.env import VAR_DIR, env
from config.settings.base import *  # noqa: F403
from config.settings.base import DATABASES, STORAGES

SECRET_KEY = "test-only-not-secret"  # noqa: S105
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
STORAGES["default"] = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": str(VAR_DIR / "test-media")},
}
WHITENOISE_USE_FINDERS = True
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A named file, not :memory:, so a daphne subprocess in browser tests can share it
    # (channels #2176).
    DATABASES["default"]["TEST"] = {
        "NAME": env.str("OFFICINA_TEST_DB", default=str(VAR_DIR / "test.sqlite3"))
    }
ALLOWED_HOSTS = ["*"]  # the test client and live servers use several host names
