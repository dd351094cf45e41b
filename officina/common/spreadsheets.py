"""Tables as files in open formats: CSV (streamed), ODS and XLSX, written directly.

Rows are generators all the way down, so a CSV of 50,000 rows streams in constant memory, and
the spreadsheets are written a few hundred rows per compression call (openpyxl without lxml
needs ~20 s for 50,000 rows, odfpy ~20 s for 10,000). Every text cell goes through
`neutralise_formula`: an export is opened in a spreadsheet, where a title like
`=HYPERLINK(...)` would otherwise run.
"""

import codecs
import csv
import io
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from typing import IO
from xml.sax.saxutils import escape, quoteattr

Cell = str | int | Decimal | date | datetime | None
Row = list[Cell]

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
ODS_CONTENT_TYPE = "application/vnd.oasis.opendocument.spreadsheet"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# OWASP's list: a spreadsheet evaluates a cell starting with these as a formula.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Characters XML 1.0 (so ODS and XLSX) cannot hold at all; CSV keeps them.
XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def neutralise_formula(text: str) -> str:
    """The text with a leading apostrophe when a spreadsheet would read it as a formula."""
    return f"'{text}" if text.startswith(_FORMULA_STARTS) else text


# --- CSV ------------------------------------------------------------------------------------

CSV_ROWS_PER_CHUNK = 500


class _Line:
    """A file-like sink that hands back what csv.writer writes, instead of storing it."""

    def write(self, value: str) -> str:
        return value


def _csv_text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return neutralise_formula(value)
    return str(value)


def csv_chunks(headers: Sequence[str], rows: Iterable[Row]) -> Iterator[bytes]:
    """The CSV as byte chunks: UTF-8 with a BOM (Excel then reads accents right), comma
    separated, quoted where needed, CRLF line ends (RFC 4180)."""
    writer = csv.writer(_Line())
    yield codecs.BOM_UTF8 + writer.writerow([neutralise_formula(h) for h in headers]).encode()
    lines: list[str] = []
    for row in rows:
        lines.append(writer.writerow([_csv_text(value) for value in row]))
        if len(lines) >= CSV_ROWS_PER_CHUNK:
            yield "".join(lines).encode()
            lines = []
    if lines:
        yield "".join(lines).encode()


# --- XLSX (written directly: openpyxl without lxml needs ~20 s for 50,000 events) -------------

_XLSX_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
<Default Extension="xml" ContentType="application/xml"/>\
<Override PartName="/xl/workbook.xml" \
ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
<Override PartName="/xl/worksheets/sheet1.xml" \
ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>\
<Override PartName="/xl/styles.xml" \
ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>\
</Types>"""
_XLSX_ROOT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
<Relationship Id="rId1" Target="xl/workbook.xml" \
Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>\
</Relationships>"""
_XLSX_WORKBOOK = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\
<sheets><sheet name={name} sheetId="1" r:id="rId1"/></sheets></workbook>"""
_XLSX_WORKBOOK_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
<Relationship Id="rId1" Target="worksheets/sheet1.xml" \
Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"/>\
<Relationship Id="rId2" Target="styles.xml" \
Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"/>\
</Relationships>"""
# Cell formats by index: 0 general, 1 date, 2 date and time, 3 bold (the header row).
_XLSX_STYLES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/>\
<numFmt numFmtId="165" formatCode="yyyy-mm-dd hh:mm:ss"/></numFmts>\
<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>\
<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>\
<fills count="2"><fill><patternFill patternType="none"/></fill>\
<fill><patternFill patternType="gray125"/></fill></fills>\
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>\
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>\
</styleSheet>"""
_XLSX_SHEET_HEAD = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
<sheetViews><sheetView workbookViewId="0">\
<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>\
</sheetView></sheetViews><sheetData>
"""
_XLSX_SHEET_TAIL = "</sheetData></worksheet>"
_EXCEL_EPOCH = datetime(1899, 12, 30)  # noqa: DTZ001 - Excel's serial dates have no zone
_EXCEL_MAX_TEXT = 32767


def _column_letters(count: int) -> list[str]:
    letters = []
    for index in range(1, count + 1):
        name = ""
        while index:
            index, remainder = divmod(index - 1, 26)
            name = chr(65 + remainder) + name
        letters.append(name)
    return letters


def _xlsx_cell(ref: str, value: Cell, style: int = 0) -> str:
    if value is None:
        return ""
    styled = f' s="{style}"' if style else ""
    if isinstance(value, str):
        text = _xml_escaped(value[:_EXCEL_MAX_TEXT])
        return f'<c r="{ref}" t="inlineStr"{styled}><is><t xml:space="preserve">{text}</t></is></c>'
    if isinstance(value, datetime):
        serial = (value.replace(tzinfo=None) - _EXCEL_EPOCH).total_seconds() / 86400
        return f'<c r="{ref}" s="2"><v>{serial!r}</v></c>'
    if isinstance(value, date):
        return f'<c r="{ref}" s="1"><v>{(value - _EXCEL_EPOCH.date()).days}</v></c>'
    return f'<c r="{ref}"><v>{value}</v></c>'


def _xlsx_rows(letters: list[str], rows: Iterable[Row]) -> Iterator[str]:
    for number, row in enumerate(rows, start=2):
        cells = "".join(
            _xlsx_cell(f"{letter}{number}", value)
            for letter, value in zip(letters, row, strict=True)
        )
        yield f'<row r="{number}">{cells}</row>\n'


def xlsx_bytes(sheet_title: str, headers: Sequence[str], rows: Iterable[Row]) -> bytes:
    """An Excel workbook with one sheet, the header row in bold and frozen; dates and times
    are real cells, in local time (a spreadsheet has no time zones)."""
    letters = _column_letters(len(headers))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", _XLSX_TYPES)
        package.writestr("_rels/.rels", _XLSX_ROOT_RELS)
        name = quoteattr(XML_ILLEGAL.sub("", sheet_title)[:31])
        package.writestr("xl/workbook.xml", _XLSX_WORKBOOK.format(name=name))
        package.writestr("xl/_rels/workbook.xml.rels", _XLSX_WORKBOOK_RELS)
        package.writestr("xl/styles.xml", _XLSX_STYLES)
        with package.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(_XLSX_SHEET_HEAD.encode())
            header = "".join(
                _xlsx_cell(f"{letter}1", text, 3)
                for letter, text in zip(letters, headers, strict=True)
            )
            sheet.write(f'<row r="1">{header}</row>\n'.encode())
            _write_lines(sheet, _xlsx_rows(letters, rows))
            sheet.write(_XLSX_SHEET_TAIL.encode())
    return buffer.getvalue()


@lru_cache(maxsize=4096)
def _xml_escaped(value: str) -> str:
    """A text cell for ODS and XLSX: safe from formulas, without the characters XML cannot
    hold, escaped. Cached: column, lane and people's names repeat on every row."""
    return escape(neutralise_formula(XML_ILLEGAL.sub("", value)))


XML_ROWS_PER_WRITE = 200


def _write_lines(stream: IO[bytes], lines: Iterable[str]) -> None:
    """Write the sheet's rows a few hundred at a time (each write is a compression call)."""
    batch: list[str] = []
    for line in lines:
        batch.append(line)
        if len(batch) >= XML_ROWS_PER_WRITE:
            stream.write("".join(batch).encode())
            batch = []
    stream.write("".join(batch).encode())


# --- ODS (written directly: odfpy needs ~20 s for 10,000 cards) --------------------------------

_ODS_MIMETYPE = ODS_CONTENT_TYPE
_ODS_MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" \
manifest:version="1.2">
 <manifest:file-entry manifest:full-path="/" manifest:version="1.2" \
manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>
"""
_ODS_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-content \
xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" \
xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" \
xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" \
xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" \
xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" \
xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" office:version="1.2">
<office:automatic-styles>
<number:date-style style:name="Ndate">\
<number:year number:style="long"/><number:text>-</number:text>\
<number:month number:style="long"/><number:text>-</number:text><number:day number:style="long"/>\
</number:date-style>
<number:date-style style:name="Ntime">\
<number:year number:style="long"/><number:text>-</number:text>\
<number:month number:style="long"/><number:text>-</number:text><number:day number:style="long"/>\
<number:text> </number:text><number:hours number:style="long"/><number:text>:</number:text>\
<number:minutes number:style="long"/><number:text>:</number:text><number:seconds \
number:style="long"/></number:date-style>
<style:style style:name="Cdate" style:family="table-cell" style:data-style-name="Ndate"/>
<style:style style:name="Ctime" style:family="table-cell" style:data-style-name="Ntime"/>
<style:style style:name="Chead" style:family="table-cell"><style:text-properties \
fo:font-weight="bold"/></style:style>
</office:automatic-styles>
<office:body><office:spreadsheet>
"""
_ODS_TAIL = "</table:table></office:spreadsheet></office:body></office:document-content>\n"


def _ods_string(text: str, style: str = "") -> str:
    styled = f' table:style-name="{style}"' if style else ""
    return (
        f'<table:table-cell office:value-type="string"{styled}>'
        f"<text:p>{_xml_escaped(text)}</text:p></table:table-cell>"
    )


def _ods_cell(value: Cell) -> str:
    if value is None:
        return "<table:table-cell/>"
    if isinstance(value, str):
        return _ods_string(value)
    if isinstance(value, datetime):
        moment = value.replace(tzinfo=None, microsecond=0).isoformat()
        return (
            f'<table:table-cell table:style-name="Ctime" office:value-type="date" '
            f'office:date-value="{moment}"><text:p>{moment.replace("T", " ")}</text:p>'
            "</table:table-cell>"
        )
    if isinstance(value, date):
        day = value.isoformat()
        return (
            f'<table:table-cell table:style-name="Cdate" office:value-type="date" '
            f'office:date-value="{day}"><text:p>{day}</text:p></table:table-cell>'
        )
    return (
        f'<table:table-cell office:value-type="float" office:value="{value}">'
        f"<text:p>{value}</text:p></table:table-cell>"
    )


def _ods_rows(rows: Iterable[Row]) -> Iterator[str]:
    for row in rows:
        cells = "".join(_ods_cell(value) for value in row)
        yield f"<table:table-row>{cells}</table:table-row>\n"


def ods_bytes(sheet_title: str, headers: Sequence[str], rows: Iterable[Row]) -> bytes:
    """An OpenDocument spreadsheet with one sheet, the header row in bold."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        # The mimetype comes first and uncompressed, so tools recognise the file by its bytes.
        package.writestr(zipfile.ZipInfo("mimetype"), _ODS_MIMETYPE, zipfile.ZIP_STORED)
        package.writestr("META-INF/manifest.xml", _ODS_MANIFEST)
        with package.open("content.xml", "w") as content:
            content.write(_ODS_HEAD.encode())
            name = quoteattr(XML_ILLEGAL.sub("", sheet_title))
            content.write(f"<table:table table:name={name}>".encode())
            header_cells = "".join(_ods_string(header, "Chead") for header in headers)
            content.write(f"<table:table-row>{header_cells}</table:table-row>\n".encode())
            _write_lines(content, _ods_rows(rows))
            content.write(_ODS_TAIL.encode())
    return buffer.getvalue()
