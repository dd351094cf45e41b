"""Channel layer: in memory for one process (embedded default), Redis across several workers."""

from config.env import env

_redis_url: str = env.str("REDIS_URL", default="")

if _redis_url:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            # redis-py 8 times reads out after 5 s, exactly channels_redis's blocking receive
            # (BZPOPMIN 5 s): without more time every idle consumer would crash.
            "CONFIG": {
                "hosts": [{"address": _redis_url, "socket_timeout": 10}],
                "prefix": "officina",
            },
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
