"""The open-format writers on their own: CSV streamed in chunks, ODS and XLSX with real cells."""

from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from officina.common.spreadsheets import (
    Row,
    csv_chunks,
    neutralise_formula,
    ods_bytes,
    xlsx_bytes,
)
from officina.common.tests.readers import read_csv, read_ods, read_xlsx


def test_csv_is_streamed_in_chunks():
    rows: Iterator[Row] = ([number, f"Pratica {number}"] for number in range(1200))

    chunks = list(csv_chunks(["Numero", "Titolo"], rows))

    assert len(chunks) == 4  # the header, then 500 rows at a time
    assert read_csv(b"".join(chunks))[-1] == ["1199", "Pratica 1199"]


@pytest.mark.parametrize(
    ("text", "safe"),
    [
        ("=1+1", "'=1+1"),
        ("+39 0522", "'+39 0522"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("Pratica = 3", "Pratica = 3"),
        ("", ""),
    ],
)
def test_formula_injection_is_neutralised(text: str, safe: str):
    assert neutralise_formula(text) == safe


@pytest.mark.parametrize("fmt", ["ods", "xlsx"])
def test_spreadsheets_keep_numbers_dates_and_times_as_real_cells(fmt: str):
    moment = timezone.localtime(timezone.now()).replace(microsecond=0)
    rows: list[Row] = [
        [7, Decimal("2.5"), date(2026, 11, 26), moment, "Testo\x01 con controllo", None]
    ]

    content = (ods_bytes if fmt == "ods" else xlsx_bytes)("Schede", list("ABCDEF"), iter(rows))

    if fmt == "xlsx":
        [row] = read_xlsx(content)[1:]
        assert row[:2] == [7, 2.5]
        assert row[2] == datetime(2026, 11, 26)  # noqa: DTZ001 - as Excel stores it
        assert row[3] == moment.replace(tzinfo=None)
        assert row[4:] == ["Testo con controllo", None]
    else:
        [row] = read_ods(content)[1:]
        assert row[:2] == [Decimal(7), Decimal("2.5")]
        assert row[2:4] == ["2026-11-26", moment.replace(tzinfo=None).isoformat()]
        assert row[4] == "Testo con controllo"
        assert row[5] is None


def test_the_ods_package_starts_with_its_mimetype():
    content = ods_bytes("Schede", ["A"], iter([]))

    assert content[30:38] == b"mimetype"
    assert content[38:84] == b"application/vnd.oasis.opendocument.spreadsheet"
