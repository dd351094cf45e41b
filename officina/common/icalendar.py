"""Calendars as iCalendar files (RFC 5545): all-day events, escaped and folded as the RFC asks."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from officina.common.spreadsheets import XML_ILLEGAL

ICS_CONTENT_TYPE = "text/calendar; charset=utf-8"


@dataclass(frozen=True)
class AllDayEvent:
    """One all-day event (a card's due date, a closure day)."""

    uid: str
    summary: str
    day: date
    url: str
    description: str
    stamp: datetime


def _ics_text(value: str) -> str:
    """A TEXT value escaped as RFC 5545 §3.3.11 asks."""
    value = XML_ILLEGAL.sub("", value).replace("\r\n", "\n").replace("\r", "\n")
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space (§3.1), never
    splitting a UTF-8 character."""
    folded: list[str] = []
    current = ""
    size = 0
    limit = 75
    for char in line:
        width = len(char.encode())
        if size + width > limit:
            folded.append(current)
            current, size, limit = " ", 1, 75
        current += char
        size += width
    folded.append(current)
    return "\r\n".join(folded)


def _ics_utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def ics_bytes(calendar_name: str, entries: Iterable[AllDayEvent]) -> bytes:
    """A calendar with one all-day VEVENT per entry, CRLF line ends, folded lines."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Officina//Bacheche//IT",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_ics_text(calendar_name)}",
    ]
    for entry in entries:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{_ics_text(entry.uid)}",
            f"DTSTAMP:{_ics_utc(entry.stamp)}",
            f"DTSTART;VALUE=DATE:{entry.day:%Y%m%d}",
            f"DTEND;VALUE=DATE:{entry.day + timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{_ics_text(entry.summary)}",
            f"DESCRIPTION:{_ics_text(entry.description)}",
            f"URL;VALUE=URI:{entry.url}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(f"{_fold(line)}\r\n" for line in lines).encode()
