"""Quiet hours: when a person receives no e-mail from Officina (the right to disconnect).

A person sets a start and an end (e.g. 19:00-08:00, which spans midnight) and may add the
weekends. Times are of the installation's time zone (settings.TIME_ZONE, Europe/Rome). A
message due in a quiet period waits until the period ends.
"""

from datetime import datetime, time, timedelta

from django.utils import timezone

from officina.notifications.models import NotificationPreference

SATURDAY = 5


def quiet_until(preference: NotificationPreference, at: datetime) -> datetime | None:
    """When the quiet period `at` falls in ends (aware), or None when `at` is not quiet.

    Periods that touch are chained: a Friday evening with quiet weekends and nights ends on
    Monday morning."""
    local = timezone.localtime(at)
    end = None
    for _ in range(4):  # a night, a weekend, a night: never more
        next_end = _period_end(preference, local)
        if next_end is None or next_end <= local:
            break
        end = local = next_end
    return end


def _at(day: datetime, moment: time) -> datetime:
    """The day's wall-clock `moment`, in the installation's zone (DST handled by zoneinfo)."""
    return datetime.combine(day.date(), moment, tzinfo=timezone.get_current_timezone())


def _period_end(preference: NotificationPreference, local: datetime) -> datetime | None:
    if preference.quiet_weekends and local.weekday() >= SATURDAY:
        monday = local + timedelta(days=7 - local.weekday())
        return _at(monday, time(0))
    start, end = preference.quiet_start, preference.quiet_end
    if start is None or end is None or start == end:
        return None
    now = local.time().replace(tzinfo=None)
    if start < end:  # e.g. 13:00-14:00
        return _at(local, end) if start <= now < end else None
    if now >= start:  # e.g. 19:00-08:00, in the evening: until tomorrow morning
        return _at(local + timedelta(days=1), end)
    if now < end:  # after midnight: until this morning
        return _at(local, end)
    return None
