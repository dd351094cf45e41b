"""Reading a people file (CSV or XLSX) into rows of text, and the empty models to fill in.

Nothing here knows the organisation: `people_import.py` matches and checks the rows.
"""

import codecs
import csv
import hashlib
import io
import unicodedata
from dataclasses import dataclass
from typing import Any, TypedDict

import openpyxl
from django.utils.translation import gettext as _

MAX_ROWS = 5000
MAX_FILE_SIZE = 5 * 1024 * 1024
MAX_COLUMNS = 30
# Excel files often carry formatted but empty rows at the end: stop reading after this many.
MAX_BLANK_ROWS = 1000
ACCEPTED_EXTENSIONS = (".csv", ".xlsx")
TEAM_SEPARATOR = ";"
UNIT_PATH_SEPARATOR = ">"
TEMPLATE_HEADERS = ("nome", "cognome", "email", "ente", "ufficio", "qualifica", "team")

# Column names people write, after `plain_text` (lower case, no accents, "_"/"-" as spaces).
_HEADER_ALIASES = {
    "first_name": ("nome", "first name", "firstname", "given name"),
    "last_name": ("cognome", "last name", "lastname", "surname", "family name"),
    "full_name": ("nome e cognome", "name", "full name"),
    "email": ("email", "e mail", "mail", "indirizzo email", "posta elettronica"),
    "ente": ("ente", "public body", "employer"),
    "org_unit": ("ufficio", "unita", "unita organizzativa", "org unit", "unit", "servizio"),
    "job_title": ("qualifica", "job title", "profilo", "profilo professionale"),
    "teams": ("team", "teams"),
}
# Words that start an Italian (or foreign) surname: "Anna De Luca", "Marco Lo Russo".
_SURNAME_PARTICLES = frozenset(
    {"d'", "da", "dal", "dalla", "de", "dei", "del", "della", "delle", "dello", "di", "la", "lo"}
    | {"li", "mc", "san", "santa", "van", "von"}
)


class ImportRow(TypedDict):
    """One data row of the file, as text: what the session keeps between preview and import."""

    line: int
    first_name: str
    last_name: str
    email: str
    ente: str
    org_unit: str
    job_title: str
    teams: str


class ImportFileError(Exception):
    """The file as a whole cannot be imported; `message` (translated) is shown to the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class ParsedFile:
    rows: list[ImportRow]
    ignored_columns: list[str]
    digest: str


def file_digest(content: bytes) -> str:
    """The SHA-256 of the uploaded bytes: ties a confirmation to the preview it saw."""
    return hashlib.sha256(content).hexdigest()


def read_people_file(*, name: str, content: bytes) -> ParsedFile:
    """Read a CSV or XLSX file into rows; ImportFileError when the file cannot be used at all."""
    if len(content) > MAX_FILE_SIZE:
        raise ImportFileError(_("The file is larger than 5 MB: split it into smaller files."))
    extension = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension == ".csv":
        table = _read_csv(content)
    elif extension == ".xlsx":
        table = _read_xlsx(content)
    else:
        raise ImportFileError(
            _("Only CSV (.csv) and Excel (.xlsx) files can be imported: save the file as one.")
        )
    rows, ignored = _rows_from_table(table)
    return ParsedFile(rows=rows, ignored_columns=ignored, digest=file_digest(content))


def _read_csv(content: bytes) -> list[tuple[int, list[str]]]:
    if b"\x00" in content or content.startswith(b"PK\x03\x04"):
        raise ImportFileError(_("The file is not a CSV text file."))
    if content.startswith(codecs.BOM_UTF8):
        content = content[len(codecs.BOM_UTF8) :]
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = content.decode("cp1252")  # what Italian Excel writes for "CSV (delimitato)"
        except UnicodeDecodeError as exc:
            raise ImportFileError(
                _("The file's characters cannot be read: save it as UTF-8.")
            ) from exc
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max(";,\t", key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    table: list[tuple[int, list[str]]] = []
    try:
        for cells in reader:
            table.append((reader.line_num, [cell.strip() for cell in cells[:MAX_COLUMNS]]))
            if len(table) > MAX_ROWS + MAX_BLANK_ROWS:
                break
    except csv.Error as exc:
        message = _("The CSV file is damaged near line %(line)s.") % {"line": reader.line_num}
        raise ImportFileError(message) from exc
    return table


def _read_xlsx(content: bytes) -> list[tuple[int, list[str]]]:
    table: list[tuple[int, list[str]]] = []
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        try:
            sheet = workbook.worksheets[0]
            for number, values in enumerate(
                sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS), start=1
            ):
                table.append((number, [_cell_text(value) for value in values]))
                if len(table) > MAX_ROWS + MAX_BLANK_ROWS:
                    break
        finally:
            workbook.close()
    except Exception as exc:  # openpyxl raises many kinds of error on a damaged or foreign file
        raise ImportFileError(_("The file is not a valid Excel (.xlsx) file.")) from exc
    return table


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def plain_text(text: str) -> str:
    """Lower case, no accents, one space between words, one kind of apostrophe: for matching."""
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'"))
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(stripped.casefold().split())


_HEADER_INDEX = {alias: key for key, aliases in _HEADER_ALIASES.items() for alias in aliases}


def _map_header(cells: list[str]) -> tuple[dict[str, int], list[str]]:
    columns: dict[str, int] = {}
    ignored: list[str] = []
    for index, cell in enumerate(cells):
        key = _HEADER_INDEX.get(plain_text(cell.replace("_", " ").replace("-", " ")))
        if key is None:
            if cell:
                ignored.append(cell)
            continue
        if key in columns:
            raise ImportFileError(_("The column “%(column)s” appears twice.") % {"column": cell})
        columns[key] = index
    missing = [
        label
        for label, present in (
            (
                "nome, cognome",
                "full_name" in columns or {"first_name", "last_name"} <= columns.keys(),
            ),
            ("email", "email" in columns),
            ("ente", "ente" in columns),
        )
        if not present
    ]
    if missing:
        raise ImportFileError(
            _("Missing columns: %(columns)s. The first row must name the columns, as in the model.")
            % {"columns": "; ".join(missing)}
        )
    return columns, ignored


def _rows_from_table(table: list[tuple[int, list[str]]]) -> tuple[list[ImportRow], list[str]]:
    lines = iter((number, cells) for number, cells in table if any(cells))
    header = next(lines, None)
    if header is None:
        raise ImportFileError(_("The file is empty."))
    columns, ignored = _map_header(header[1])
    rows = [_row_from_cells(number, cells, columns) for number, cells in lines]
    if not rows:
        raise ImportFileError(_("The file has the column names but no people."))
    if len(rows) > MAX_ROWS:
        raise ImportFileError(
            _("The file has more than %(max)s rows: split it into smaller files.")
            % {"max": MAX_ROWS}
        )
    return rows, ignored


def _row_from_cells(number: int, cells: list[str], columns: dict[str, int]) -> ImportRow:
    def cell(key: str) -> str:
        index = columns.get(key)
        return cells[index] if index is not None and index < len(cells) else ""

    first_name, last_name = cell("first_name"), cell("last_name")
    if not (first_name or last_name) and cell("full_name"):
        first_name, last_name = split_full_name(cell("full_name"))
    return ImportRow(
        line=number,
        first_name=first_name,
        last_name=last_name,
        email=cell("email").lower(),
        ente=cell("ente"),
        org_unit=cell("org_unit"),
        job_title=cell("job_title"),
        teams=cell("teams"),
    )


def split_full_name(full_name: str) -> tuple[str, str]:
    """Split "Maria Grazia De Luca" into ("Maria Grazia", "De Luca"); "Rossi, Anna" too."""
    if "," in full_name:
        last, first = full_name.split(",", 1)
        return first.strip(), last.strip()
    words = full_name.split()
    if len(words) < 2:
        return full_name.strip(), ""
    start = len(words) - 1
    while start > 1 and words[start - 1].casefold() in _SURNAME_PARTICLES:
        start -= 1
    return " ".join(words[:start]), " ".join(words[start:])


# --- Downloadable models -------------------------------------------------------------------


def template_csv() -> bytes:
    """An empty CSV model (header row only), as Italian Excel opens it: UTF-8 BOM and ";"."""
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerow(TEMPLATE_HEADERS)
    return codecs.BOM_UTF8 + buffer.getvalue().encode("utf-8")


def template_xlsx() -> bytes:
    """An empty Excel model with the header row."""
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Persone")
    sheet.append(list(TEMPLATE_HEADERS))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
