"""The unread count behind the bell in the header."""

from collections.abc import Callable
from functools import cache
from typing import Any

from django.http import HttpRequest

from officina.notifications.selectors import notification_unread_count


def unread_notifications(request: HttpRequest) -> dict[str, Any]:
    """On tenant pages only, and lazily: the one query runs when the header shows the count,
    so HTMX fragments, which have no header, do not pay for it."""
    actor = getattr(request, "actor", None)
    if actor is None:
        return {}
    count: Callable[[], int] = cache(lambda: notification_unread_count(actor=actor))
    return {"unread_notification_count": count}
