"""The iCalendar writer on its own."""

from datetime import date

from django.utils import timezone

from officina.common.icalendar import AllDayEvent, ics_bytes
from officina.common.tests.readers import read_ics


def test_long_lines_fold_without_splitting_a_character():
    entry = AllDayEvent(
        uid="scheda-1@ente.officina",
        summary="#1 " + "è" * 100,
        day=date(2026, 12, 1),
        url="http://testserver/",
        description="",
        stamp=timezone.now(),
    )

    content = ics_bytes("Calendario", [entry])

    [event] = read_ics(content)
    assert event["SUMMARY"] == "#1 " + "è" * 100
