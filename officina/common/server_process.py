"""What a long-running server process does once it has started (decision 0033).

Django, the apps and their views make about a million objects at start-up that live as long as
the process. Python's collector walks all of them at each full collection: 100-240 ms, on a
request's time, a few times a minute under load. Frozen, they are never walked again. The young
generation is collected after 10,000 new objects instead of 700: a board page makes thousands,
and 700 meant a collection every few requests, most of whose objects a request frees anyway.
"""

import gc

from django.urls import get_resolver

YOUNG_COLLECTION_THRESHOLD = 10_000


def settle_garbage_collector() -> None:
    """Freeze what start-up made and collect the young generation less often."""
    get_resolver().url_patterns  # noqa: B018 - imports every view module before the freeze
    gc.collect()
    gc.freeze()
    _young, middle, old = gc.get_threshold()
    gc.set_threshold(YOUNG_COLLECTION_THRESHOLD, middle, old)
