"""Reading an uploaded xlsx safely.

The kernel's guard (apps.core.uploads) checks the file before openpyxl opens it: its size,
that it is a zip at all, the unpacked size of its parts (zip bombs) and XML declarations.
Then we read the first sheet in openpyxl's read-only mode, refuse formulas and merged cells
(their values would be guessed, not read), and drop blank rows (LibreOffice can write a
million of them after the data).
"""

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


def read_sheet(fileobj, *, size: int) -> Sheet:
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
        try:
            return _read_rows(worksheet)
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


def _read_rows(worksheet) -> Sheet:
    header = None
    rows = []
    # Generators often write a wrong sheet size in the file: read every row there is.
    worksheet.reset_dimensions()
    for number, row in enumerate(worksheet.iter_rows(min_row=1), start=1):
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
