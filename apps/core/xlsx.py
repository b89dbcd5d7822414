"""The one xlsx writer of the portal: every export and template is written here.

Spreadsheets that are safe to open: a text cell that starts with = + - @ (or a tab or
carriage return) would be run as a formula by Excel (CSV/formula injection), so it is
written as text with a leading apostrophe. Every value goes through `safe_cell`, whether it
comes in a plain row or in a styled cell.

Sheets are written as they go (openpyxl's write-only mode), so a large export does not hold
every cell in memory: set a sheet's widths and frozen panes when adding it, then append rows.
"""

from io import BytesIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
BOLD = Font(bold=True)


def safe_cell(value):
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


class Sheet:
    def __init__(self, worksheet):
        self.worksheet = worksheet

    def cell(self, value, *, bold=False, fill: str | None = None, wrap=False, number_format=None) -> Cell:
        """A styled cell for `append`; `fill` is a colour such as "DDE7F3"."""
        cell = WriteOnlyCell(self.worksheet, value=safe_cell(value))
        if bold:
            cell.font = BOLD
        if fill:
            cell.fill = PatternFill("solid", fgColor=fill)
        if wrap:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        if number_format:
            cell.number_format = number_format
        return cell

    def append(self, values, *, bold=False) -> None:
        """One row: plain values (made safe) or cells from `cell`."""
        self.worksheet.append(
            [v if isinstance(v, Cell) else self.cell(v, bold=True) if bold else safe_cell(v) for v in values]
        )

    def add_validation(self, validation) -> None:
        """A data validation (a drop-down list…), at any time before the workbook is saved."""
        self.worksheet.data_validations.append(validation)


class XlsxWriter:
    def __init__(self):
        self.workbook = Workbook(write_only=True)

    def sheet(
        self, title: str, *, widths: dict[str, float] | None = None, freeze: str | None = None
    ) -> Sheet:
        """A new sheet; `widths` by column letter, `freeze` the top-left cell that scrolls ("A2")."""
        worksheet = self.workbook.create_sheet(title=title[:31])  # Excel's limit for a sheet's name
        for letter, width in (widths or {}).items():
            worksheet.column_dimensions[letter].width = width
        if freeze:
            worksheet.freeze_panes = freeze
        return Sheet(worksheet)

    def to_bytes(self) -> bytes:
        buffer = BytesIO()
        self.workbook.save(buffer)
        return buffer.getvalue()


def workbook_bytes(*, title: str, header: list[str], rows) -> bytes:
    """One sheet: a bold header, then the rows, every text cell made safe."""
    writer = XlsxWriter()
    sheet = writer.sheet(title)
    sheet.append(header, bold=True)
    for row in rows:
        sheet.append(row)
    return writer.to_bytes()
