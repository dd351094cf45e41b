"""Dates read the same in Italy whatever the language: English never puts the month first."""

from datetime import date, datetime

import pytest
from django.template import Context, Template
from django.utils import translation
from django.utils.formats import date_format

DAY = date(2026, 12, 5)
MOMENT = datetime(2026, 12, 5, 14, 30)  # noqa: DTZ001 - formatting only, no time zone involved


@pytest.mark.parametrize(
    ("value", "format_name", "expected"),
    [
        (DAY, "DATE_FORMAT", "5 Dec 2026"),
        (DAY, "SHORT_DATE_FORMAT", "2026-12-05"),
        (MOMENT, "DATETIME_FORMAT", "5 Dec 2026, 14:30"),
        (MOMENT, "SHORT_DATETIME_FORMAT", "2026-12-05 14:30"),
    ],
)
def test_english_dates_are_unambiguous(value, format_name, expected):
    with translation.override("en"):
        assert date_format(value, format_name) == expected


def test_english_templates_show_the_short_date_as_iso():
    # given a page fragment as the templates write it
    template = Template('{{ day|date:"SHORT_DATE_FORMAT" }} · {{ day|date }}')

    # when rendered in English
    with translation.override("en"):
        text = template.render(Context({"day": DAY}))

    # then
    assert text == "2026-12-05 · 5 Dec 2026"


def test_italian_dates_keep_the_day_first():
    with translation.override("it"):
        assert date_format(DAY, "SHORT_DATE_FORMAT") == "05/12/2026"
