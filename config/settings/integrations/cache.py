"""Cache: local memory by default, Redis when REDIS_URL is set (shared by every worker)."""

from config.env import env

REDIS_URL: str = env.str("REDIS_URL", default="")
USE_REDIS = bool(REDIS_URL)

# Actors and board access of recent requests, per process and keyed by a generation token kept
# in the database, so no cross-process invalidation is needed (officina/organisations/
# access_cache.py, decision 0021).
ACCESS_CACHE = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "officina-access",
    "OPTIONS": {"MAX_ENTRIES": 20_000},
}

if USE_REDIS:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "officina",
        },
        "access": ACCESS_CACHE,
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "access": ACCESS_CACHE,
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.db"
