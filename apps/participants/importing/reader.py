"""Reading an uploaded xlsx safely.

An xlsx is a zip of XML files: before openpyxl touches it we check its size, that it is a
zip at all, and the uncompressed size of its parts (a zip bomb expands a few kilobytes into
gigabytes). Then we read the first sheet in openpyxl's read-only mode, refuse formulas and
merged cells (their values would be guessed, not read), and drop blank rows (LibreOffice can
write a million of them after the data).
"""

import re
import zipfile
from dataclasses import dataclass
from datetime import date, datetime

from django.utils.translation import gettext as _
from openpyxl import load_workbook

MAX_FILE_BYTES = 10 * 1024 * 1024  # 10 MB: 10,000 rows of a typical template take ~1 MB
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_DATA_ROWS = 20_000
MERGE_CELL = re.compile(rb"<(?:\w+:)?mergeCell\b")


class ImportFileError(Exception):
    """The file as a whole cannot be read; the message is for the person who uploaded it."""


@dataclass
class Sheet:
    header: list[str]
    rows: list[tuple[int, list]]  # (row number in the file, cell values)


def read_sheet(fileobj, *, size: int) -> Sheet:
    if size == 0:
        raise ImportFileError(_("The file is empty."))
    if size > MAX_FILE_BYTES:
        raise ImportFileError(
            _("The file is larger than %(limit)d MB. Split it into several files.")
            % {"limit": MAX_FILE_BYTES // (1024 * 1024)}
        )
    worksheet_names = _check_zip(fileobj)
    try:
        workbook = load_workbook(fileobj, read_only=True, data_only=False)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise ImportFileError(_("The file could not be read as an Excel workbook (.xlsx).")) from error
    try:
        if not workbook.worksheets:
            raise ImportFileError(_("The workbook has no sheet."))
        worksheet = workbook.worksheets[0]
        _refuse_merged_cells(fileobj, worksheet_names)
        return _read_rows(worksheet)
    finally:
        workbook.close()


def _check_zip(fileobj) -> list[str]:
    fileobj.seek(0)
    if not zipfile.is_zipfile(fileobj):
        raise ImportFileError(
            _("This is not an Excel .xlsx file. Save it as «Книга Excel (.xlsx)» and upload again.")
        )
    fileobj.seek(0)
    with zipfile.ZipFile(fileobj) as archive:
        infos = archive.infolist()
        if sum(info.file_size for info in infos) > MAX_UNCOMPRESSED_BYTES:
            raise ImportFileError(_("The file unpacks to too much data to be a questionnaire table."))
        names = [info.filename for info in infos]
    if "xl/workbook.xml" not in names:
        raise ImportFileError(
            _("This is not an Excel .xlsx file. Save it as «Книга Excel (.xlsx)» and upload again.")
        )
    fileobj.seek(0)
    return [n for n in names if n.startswith("xl/worksheets/sheet") and n.endswith(".xml")]


def _refuse_merged_cells(fileobj, worksheet_names):
    """Read-only worksheets do not expose merged cells: look for them in the sheet's XML."""
    if not worksheet_names:
        return
    first = sorted(worksheet_names, key=lambda n: int(re.sub(r"\D", "", n) or 0))[0]
    fileobj.seek(0)
    with zipfile.ZipFile(fileobj) as archive, archive.open(first) as xml:
        tail = b""
        while chunk := xml.read(1024 * 1024):
            if MERGE_CELL.search(tail + chunk):
                raise ImportFileError(
                    _("The sheet has merged cells. Unmerge them so that every value stands in its own cell.")
                )
            tail = chunk[-32:]
    fileobj.seek(0)


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
        if len(rows) > MAX_DATA_ROWS:
            raise ImportFileError(
                _("The file has more than %(limit)d rows. Split it into several files.")
                % {"limit": MAX_DATA_ROWS}
            )
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
