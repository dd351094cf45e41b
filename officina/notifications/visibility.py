"""Whether a person may still see what a notification is about, asked before it is e-mailed.

The notifications app does not know cards: the app that owns a kind of subject registers a
check for the prefix of `Notification.about` (boards registers "card"), and e-mails about
anything the person may no longer see are not sent (they stay in the app, where the link
answers 404 as any other).
"""

from collections.abc import Callable, Iterable

from officina.notifications.models import Notification

# Given notifications about subjects with the prefix, the ids of those the person may not see.
HiddenCheck = Callable[[list[Notification]], set[int]]
_CHECKS: dict[str, HiddenCheck] = {}


def register_visibility_check(prefix: str, check: HiddenCheck) -> None:
    _CHECKS[prefix] = check


def hidden_notification_ids(notifications: Iterable[Notification]) -> set[int]:
    by_prefix: dict[str, list[Notification]] = {}
    for notification in notifications:
        prefix = notification.about.partition(":")[0]
        if prefix in _CHECKS:
            by_prefix.setdefault(prefix, []).append(notification)
    hidden: set[int] = set()
    for prefix, group in by_prefix.items():
        hidden |= _CHECKS[prefix](group)
    return hidden
