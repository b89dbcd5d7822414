"""Reading an uploaded table safely: an .xlsx workbook or a .csv export of an online form.

The kernel's guard (apps.core.uploads) checks the file before openpyxl opens it: its size,
that it is a zip at all, the unpacked size of its parts (zip bombs) and XML declarations.
Then we read the first sheet in openpyxl's read-only mode, refuse formulas and merged cells
(their values would be guessed, not read), and drop blank rows (LibreOffice can write a
million of them after the data: a scan of the sheet's XML finds the last row holding a cell,
and openpyxl stops there instead of parsing every empty row after it).

A .csv (what Google Forms and Yandex Forms download) is recognised by its content, not its
name: UTF-8 with or without a byte order mark, else Windows-1251; comma, semicolon or tab,
whichever splits the header into most columns and the rows alike. It goes through the same
guard's limits (size, rows) and never through openpyxl.
"""

import codecs
import csv
import io
import re
import zipfile
import zlib
from dataclasses import dataclass
from datetime import date, datetime

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook

from apps.core.uploads import MB, OfficeFileGuard, Refusal, UploadRefused

MAX_FILE_BYTES = 10 * MB  # 10,000 rows of a typical template take ~1 MB
MAX_DATA_ROWS = 20_000
MERGE_CELL = re.compile(rb"<(?:\w+:)?mergeCell\b")
# A row's or a cell's start tag in a sheet's XML (any namespace prefix), and a row's number.
ROW_OR_CELL = re.compile(rb"<(?:\w+:)?(row|c)[\s/>]")
CELL = re.compile(rb"<(?:\w+:)?c[\s/>]")
ROW_NUMBER = re.compile(rb"""\sr\s*=\s*["'](\d+)["']""")
# What reading a damaged sheet raises: its XML unparsable (ParseError and lxml's errors are
# SyntaxErrors), a part's data corrupt, values openpyxl cannot make sense of.
DAMAGED_SHEET = (
    SyntaxError,
    ValueError,
    TypeError,
    KeyError,
    IndexError,
    EOFError,
    zipfile.BadZipFile,
    zlib.error,
)


class ImportFileError(UploadRefused):
    """The file as a whole cannot be read; the message is for the person who uploaded it."""


GUARD = OfficeFileGuard(
    max_bytes=MAX_FILE_BYTES,
    max_unpacked_bytes=200 * MB,
    max_rows=MAX_DATA_ROWS,
    required_part="xl/workbook.xml",
    messages={
        Refusal.TOO_LARGE: gettext_lazy("The file is larger than %(limit)d MB. Split it into several files."),
        Refusal.NOT_OFFICE_FILE: gettext_lazy(
            "This is not an Excel .xlsx file. Save it as «Книга Excel (.xlsx)» and upload again."
        ),
        Refusal.UNPACKS_TOO_MUCH: gettext_lazy(
            "The file unpacks to too much data to be a questionnaire table."
        ),
    },
    error=ImportFileError,
)


@dataclass
class Sheet:
    header: list[str]
    rows: list[tuple[int, list]]  # (row number in the file, cell values)


ZIP_MAGIC = b"PK\x03\x04"
# Files that are text to a decoder but no table: the guard refuses them as not a workbook.
NOT_TABLES = (
    b"%PDF",
    b"{\\rtf",
    b"\xd0\xcf\x11\xe0",
    b"\x89PNG",
    b"\xff\xd8\xff",
    b"GIF8",
    b"<?xml",
    b"<html",
    b"<!DOCTYPE",
)
CSV_DELIMITERS = (",", ";", "\t")
CSV_MAX_FIELD = 32_767  # Excel's limit for one cell


def read_sheet(fileobj, *, size: int) -> Sheet:
    """The first sheet of an .xlsx, or a .csv, whichever the content is."""
    fileobj.seek(0)
    head = fileobj.read(4)
    fileobj.seek(0)
    if size and head and not head.startswith(ZIP_MAGIC) and _looks_like_text(fileobj):
        return read_csv(fileobj, size=size)
    return read_xlsx(fileobj, size=size)


def _looks_like_text(fileobj) -> bool:
    sample = fileobj.read(64 * 1024)
    fileobj.seek(0)
    start = sample.lstrip()[:16].lower()
    return b"\0" not in sample and not any(start.startswith(magic.lower()) for magic in NOT_TABLES)


def read_csv(fileobj, *, size: int) -> Sheet:
    if size > MAX_FILE_BYTES:
        GUARD.refuse(Refusal.TOO_LARGE, limit=MAX_FILE_BYTES // MB)
    text = _decode(fileobj.read(MAX_FILE_BYTES + 1))
    if not text.strip():
        GUARD.refuse(Refusal.EMPTY)
    delimiter = _delimiter(text)
    csv.field_size_limit(CSV_MAX_FIELD)
    header, rows = None, []
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        for values in reader:
            if not any(v.strip() for v in values):
                continue
            if header is None:
                header = [v.strip() for v in values]
                continue
            rows.append((reader.line_num, [v if v.strip() else None for v in values]))
            GUARD.check_rows(len(rows))
    except csv.Error as error:
        raise ImportFileError(
            _("The file could not be read as a table (.csv): %(reason)s.") % {"reason": error}
        ) from error
    if header is None:
        raise ImportFileError(_("The sheet is empty: the first row must hold the column names."))
    if not rows:
        raise ImportFileError(_("The sheet has column names but no rows of data."))
    return Sheet(header=header, rows=rows)


def _decode(data: bytes) -> str:
    """UTF-8 (a byte order mark or not), else Windows-1251: what Russian spreadsheets write."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1251", errors="replace")


def _delimiter(text: str) -> str:
    """The delimiter that gives the header most columns (quoted commas in a long question do
    not count: the csv module reads the header with each candidate)."""
    best, best_count = ",", 1
    for delimiter in CSV_DELIMITERS:
        try:
            header = next(csv.reader(io.StringIO(text[: 64 * 1024], newline=""), delimiter=delimiter), [])
        except csv.Error:
            continue
        if len(header) > best_count:
            best, best_count = delimiter, len(header)
    return best


def read_xlsx(fileobj, *, size: int) -> Sheet:
    GUARD.check(fileobj, size=size)
    try:
        workbook = load_workbook(fileobj, read_only=True, data_only=False)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise ImportFileError(_("The file could not be read as an Excel workbook (.xlsx).")) from error
    try:
        if not workbook.worksheets:
            raise ImportFileError(_("The workbook has no sheet."))
        worksheet = workbook.worksheets[0]
        _refuse_merged_cells(fileobj)
        last_row = _last_row_with_cells(fileobj, getattr(worksheet, "_worksheet_path", None))
        try:
            return _read_rows(worksheet, last_row=last_row)
        except DAMAGED_SHEET as error:  # read-only openpyxl parses the sheet while reading it
            raise ImportFileError(_("The file could not be read as an Excel workbook (.xlsx).")) from error
    finally:
        workbook.close()


def _refuse_merged_cells(fileobj):
    """Read-only worksheets do not expose merged cells: look for them in the first sheet's XML."""
    fileobj.seek(0)
    with zipfile.ZipFile(fileobj) as archive:
        names = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet") and n.endswith(".xml")]
        first = min(names, key=lambda n: int(re.sub(r"\D", "", n) or 0), default=None)
        if first is not None and _has_merged_cells(archive, first):
            raise ImportFileError(
                _("The sheet has merged cells. Unmerge them so that every value stands in its own cell.")
            )
    fileobj.seek(0)


def _has_merged_cells(archive, name) -> bool:
    with archive.open(name) as xml:
        tail = b""
        while chunk := xml.read(1024 * 1024):
            if MERGE_CELL.search(tail + chunk):
                return True
            tail = chunk[-32:]
    return False


def _last_row_with_cells(fileobj, part) -> int | None:
    """The number of the last row of the sheet's XML that holds a cell element, or None when
    it cannot be told (then every row is read). Rows are in ascending order in a sheet (openpyxl
    drops any out of order), so every row after it is blank: nothing is lost by stopping there.
    A streaming scan of the raw XML: a million empty rows take a second, not openpyxl's ten."""
    if not part:
        return None
    fileobj.seek(0)
    try:
        with zipfile.ZipFile(fileobj) as archive, archive.open(part.lstrip("/")) as xml:
            return _scan_last_row(xml)
    except (KeyError, zipfile.BadZipFile, zlib.error, EOFError):
        return None  # what openpyxl makes of such a part is its own message
    finally:
        fileobj.seek(0)


def _scan_last_row(xml) -> int | None:
    row_tag = last = None  # the start tag of the row being read; that of the last row with a cell
    carry = b""
    while chunk := xml.read(1024 * 1024):
        buffer = carry + chunk
        # A tag that starts before the last "<" also ends before it ("<" is escaped in XML).
        cut = buffer.rfind(b"<")
        carry, buffer = (buffer[cut:], buffer[:cut]) if cut >= 0 else (b"", buffer)
        if CELL.search(buffer):
            tags = ROW_OR_CELL.finditer(buffer)
        else:  # no cell here: only the last row's start tag matters, for a cell further on
            tags = list(ROW_OR_CELL.finditer(buffer, max(0, len(buffer) - 4096)))
            tags = tags or ROW_OR_CELL.finditer(buffer)
        for tag in tags:
            if tag.group(1) == b"row":
                row_tag = buffer[tag.start() : buffer.find(b">", tag.end()) + 1]
            elif row_tag is not None:
                last = row_tag
    if last is None:
        return None
    number = ROW_NUMBER.search(last)
    return int(number.group(1)) if number else None  # a row without its number: read them all


def _read_rows(worksheet, *, last_row: int | None = None) -> Sheet:
    header = None
    rows = []
    # Generators often write a wrong sheet size in the file: read every row there is, up to
    # the last that holds a cell (the rows after it are blank).
    worksheet.reset_dimensions()
    for number, row in enumerate(worksheet.iter_rows(min_row=1, max_row=last_row), start=1):
        values = [_cell_value(cell) for cell in row]
        if not any(v not in (None, "") for v in values):
            continue  # blank rows anywhere are ignored
        if header is None:
            header = [("" if v is None else str(v)).strip() for v in values]
            continue
        rows.append((number, values))
        GUARD.check_rows(len(rows))
    if header is None:
        raise ImportFileError(_("The sheet is empty: the first row must hold the column names."))
    if not rows:
        raise ImportFileError(_("The sheet has column names but no rows of data."))
    return Sheet(header=header, rows=rows)


def _cell_value(cell):
    if getattr(cell, "data_type", None) == "f":
        raise ImportFileError(
            _("Cell %(cell)s holds a formula. Copy the sheet and paste it as values, then upload again.")
            % {"cell": cell.coordinate}
        )
    value = cell.value
    if isinstance(value, datetime):
        return value.date() if value.time() == datetime.min.time() else value
    if isinstance(value, date | int | float | str) or value is None:
        return value
    return str(value)
