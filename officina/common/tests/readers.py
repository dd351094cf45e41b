"""Reading exported files back, as a spreadsheet or calendar program would (tests only)."""

import csv
import io
from decimal import Decimal

import openpyxl
from odf.namespaces import OFFICENS
from odf.opendocument import load as load_ods
from odf.table import Table, TableCell, TableRow


def read_csv(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf"), "Excel needs the BOM to read accents"
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def read_xlsx(content: bytes) -> list[list[object]]:
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    return [list(row) for row in workbook.active.iter_rows(values_only=True)]


def _ods_cell_value(cell: TableCell) -> object:
    kind = cell.getAttrNS(OFFICENS, "value-type")
    if kind == "float":
        return Decimal(cell.getAttrNS(OFFICENS, "value"))
    if kind == "date":
        return cell.getAttrNS(OFFICENS, "date-value")
    if kind == "string":
        return "".join(str(part) for part in cell.childNodes)
    return None


def read_ods(content: bytes) -> list[list[object]]:
    document = load_ods(io.BytesIO(content))
    [table] = document.spreadsheet.getElementsByType(Table)
    return [
        [_ods_cell_value(cell) for cell in row.getElementsByType(TableCell)]
        for row in table.getElementsByType(TableRow)
    ]


def read_table(fmt: str, content: bytes) -> list[list[str]]:
    """Every cell as text, whatever the format, to compare the three alike."""
    if fmt == "csv":
        return read_csv(content)
    rows = read_ods(content) if fmt == "ods" else read_xlsx(content)
    return [["" if value is None else str(value) for value in row] for row in rows]


def read_ics(content: bytes) -> list[dict[str, str]]:
    """The VEVENTs of a calendar, unfolded, as {property (with parameters): value}."""
    text = content.decode("utf-8")
    assert "\n" not in text.replace("\r\n", ""), "every line ends with CRLF"
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n")), "folded at 75 octets"
    lines = text.replace("\r\n ", "").split("\r\n")
    assert lines[0] == "BEGIN:VCALENDAR"
    assert lines[-2:] == ["END:VCALENDAR", ""]
    events: list[dict[str, str]] = []
    current: dict[str, str] | None = None
    for line in lines:
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT" and current is not None:
            events.append(current)
            current = None
        elif current is not None:
            name, value = line.split(":", 1)
            current[name] = value
    return events
