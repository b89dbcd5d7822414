"""Reading a roadmap (дорожная карта) from the school's own Word (.docx) or Excel (.xlsx) file.

`read_roadmap` returns the roadmap in the template schema of builtin_templates/SCHEMA.md and
follows its reading rules 1–8, so a seed turned into a .docx imports to the same stages and
activities as its curated template. Responsible people keep their names (no roles); the orders
an activity names give its "orders" and "event" (links.py, the templates' own phrase table).
What cannot be understood is kept as written and listed in "warnings"
(and in the activity's "problems") for a person to fix in the preview.

The steps: the file becomes a grid (rows of cells, a cell is a list of paragraphs, merged cells
read as empty except their first cell), the header row tells which column is which, page-break
continuation rows are glued to the row above (rule 2), and the remaining rows become stages and
activities (rules 3–6).
"""

import html
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from io import BytesIO
from pathlib import Path

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from docx import Document
from docx.table import Table
from openpyxl import load_workbook
from openpyxl.utils.cell import column_index_from_string, get_column_letter, range_boundaries
from openpyxl.worksheet._reader import WorkSheetParser
from openpyxl.xml.constants import SHEET_MAIN_NS
from openpyxl.xml.functions import iterparse

from apps.core.academic_year import academic_year_of
from apps.core.uploads import MB, OFFICE_FORMATS, OfficeFileGuard, Refusal, UploadRefused

from .deadlines import MONTHS, UNKNOWN, parse_deadline
from .links import links_of

MAX_FILE_BYTES = 10 * MB

# Header words of each column, tried in this order on the lower-cased header cell.
COLUMN_WORDS = [
    # «№», «№ п/п», «NN п/п», «п/п», «№№»
    ("number", re.compile(r"^(?:(?:№{1,2}|nn?|no|номер)\s*(?:п\s*/\s*п|пп)?|п\s*/\s*п)\.?$")),
    ("stage", re.compile(r"этап")),
    # before «мероприят»: «Содержание деятельности и примерный план мероприятий» is content
    ("content", re.compile(r"содержание")),
    ("activity", re.compile(r"мероприят")),
    ("deadline", re.compile(r"срок|дата")),
    ("responsible", re.compile(r"ответствен|исполнител")),
    ("indicator", re.compile(r"показател")),
    ("result", re.compile(r"результат|вид документа")),
]
TEXT_COLUMNS = ("stage", "activity", "content")
MAX_HEADER_WORDS = 8  # «Содержание деятельности и примерный план мероприятий»; longer is a row
NOTE_KEY = "note:"  # the key of a column the importer does not know: «note:1», «note:2»…
# A stage's number as written in its own cell or before its title: «1», «1.», «I.», «Этап 1.»
STAGE_NUMBER = re.compile(r"^(?:этап\s*)?(?:\d{1,2}|[IVX]{1,5})\.?$", re.I)
MARKED_STAGE_NUMBER = re.compile(r"^(?:этап\s*\d{1,2}|[IVX]{1,5})\.?$", re.I)  # never an activity's

HTML_BREAK = re.compile(r"</?(?:p|li|ul|ol|div)\b[^>]*>|<br\s*/?>", re.I)
HTML_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
ONLY_DASHES = re.compile(r"[-–—_\s]+")  # «--», «-----»: a ruler, not text
LIST_MARKER = re.compile(r"(?:^|(?<=\s))(\d{1,2})[.)]\s+(?=[А-ЯЁA-Z«\"])")
BULLET = re.compile(r"^[-–—•·*]\s*")
TOP_NUMBER = re.compile(r"\d+\.?")
SUB_NUMBER = re.compile(r"\d+\.\d+.*")
NUMBERED_TITLE = re.compile(r"^((?:[Ээ]тап\s*)?(?:\d{1,2}|[IVX]{1,5})\.?)\s+(?=\S)")
STAGE_NOTE = re.compile(r"\b(?:Задач[аи]|Цел[ьи]|Результаты?)\s*:")
PERSON = (
    r"(?:[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?\s+[А-ЯЁ]\.\s?[А-ЯЁ]\.?"
    r"|[А-ЯЁ]\.\s?[А-ЯЁ]\.\s?[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?)"
)
PEOPLE_ONLY = re.compile(rf"(?:\s*{PERSON}\s*)+")
SENTENCE_END = re.compile(r"(?<=[а-яёa-z]{2})\.\s+(?=[А-ЯЁ])")  # «Наставники. Наставляемые», not «Л.М. П»

APPROVED = re.compile(r"^(УТВЕРЖДАЮ|УТВЕРЖДЕН[АОЫ]?)(?![а-яё])[:.]?\s*", re.I)
ACCEPTED = re.compile(r"^(ПРИНЯТ[АОЫ]?|РАССМОТРЕН[АОЫ]?|СОГЛАСОВАН[АОЫ]?)(?![а-яё])[:.]?\s*", re.I)
# «Архипова Л.И.», «Е.В. Тарабанова», «Е.В.ТАРАБАНОВА» at the end of a line, after a signature line
APPROVER_NAME = re.compile(
    r"[_\s]*(?:[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?\s+[А-ЯЁ]\.\s?[А-ЯЁ]\.?"
    r"|[А-ЯЁ]\.\s?[А-ЯЁ]\.\s?[А-ЯЁ][а-яёА-ЯЁ]+(?:-[А-ЯЁ][а-яёА-ЯЁ]+)?)[_\s]*$"
)
ORDER_WORDS = re.compile(r"\(?\b(?:приказ|протокол)\w*\s*(?:№|от|N\b)", re.I)
BLANK_DATE = re.compile(r"(?:от\s*)?«?[_\s]*»?\s*_+\s*(?:20_*|\d{4})?\s*(?:г\.?|года)?")
ANNEX = re.compile(r"^Приложение\b", re.I)
ANNEX_GOES_ON = re.compile(r"^(?:к\s|от\s|№|приказ|заведующ|директор|МБ|МА|МК|ОГ)", re.I)
NUMERIC_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
WORDS_DATE = re.compile(r"«?\s*(\d{1,2})\s*»?\s+([а-яё]+)\s+(\d{4})", re.I)
DATE_LINE = re.compile(
    r"^(?:от\s+)?(?:«?\s*\d{1,2}\s*»?\s+[а-яё]+\s+\d{4}|\d{1,2}\.\d{1,2}\.\d{4})\s*(?:г\.?|года)?$", re.I
)
INLINE_LIST = re.compile(r"^(.+?):\s+[-–—]\s+(.+)$")
INLINE_DASH = re.compile(r";\s*[-–—]\s+")
YEAR_WRITTEN = re.compile(r"(?<!\d)(20\d\d)(?!\d)")
TITLE_WORDS = re.compile(r"дорожн\w*\s+карт|\bплан\b", re.I)


class RoadmapFileError(UploadRefused):
    """The file as a whole cannot be read; str(error) says why, for the person who uploaded it."""


GUARD = OfficeFileGuard(
    max_bytes=MAX_FILE_BYTES,
    max_unpacked_bytes=200 * MB,
    max_rows=2_000,
    messages={
        Refusal.UNPACKS_TOO_MUCH: gettext_lazy("The file unpacks to too much data to be a roadmap."),
        Refusal.TOO_MANY_ROWS: gettext_lazy(
            "The table has more than %(limit)s rows, the limit for a roadmap."
        ),
    },
    error=RoadmapFileError,
)


class GridRow(list):
    """A row of the table's grid: its cells (lists of paragraphs), and the columns whose cell is
    merged with the one to its left (a title merged across the rest of a stage row)."""

    def __init__(self, cells=(), merged_left: set[int] | None = None):
        super().__init__(cells)
        self.merged_left = set(merged_left or ())


@dataclass
class Row:
    number: int  # 1-based row number in the table
    cells: dict[str, list[str]] = field(default_factory=dict)  # column key -> paragraphs
    first_column: str | None = None  # key of the table's first column, for section rows
    spans_rest: bool = False  # its last text cell is merged across every column to its right

    def text(self, key: str | None) -> str:
        return " ".join(self.cells.get(key, [])) if key else ""

    def filled(self) -> list[str]:
        return [key for key, paragraphs in self.cells.items() if paragraphs]


@dataclass
class Layout:
    keys: list[str | None]  # column key of each table column, None when not recognised
    titles: dict[str, str]  # column key -> the header text as written
    title_key: str | None  # the column that holds activity titles
    content_key: str | None  # the column that holds content items
    numbered_stages: bool = False  # stages are rows numbered «1» among activities numbered «1.1» (003)


# --- the file -----------------------------------------------------------------------------------


def read_roadmap(file, filename: str, *, year: int) -> dict:
    """Read the roadmap table of a .docx or .xlsx file; `year` is the academic year's September."""
    extension = Path(filename or "").suffix.lower()
    if extension not in OFFICE_FORMATS:
        raise RoadmapFileError(
            _("«%(name)s» is not a Word (.docx) or Excel (.xlsx) file. Save the roadmap in one of them.")
            % {"name": filename or ""}
        )
    GUARD.check(file, name=filename)
    data = file.read()
    if extension == ".docx":
        before, grid = _docx_table(data, filename)
    else:
        before, grid = _xlsx_table(data, filename)
    return _roadmap(before, grid, year)


def _docx_table(data: bytes, filename: str) -> tuple[list[str], list[list[list[str]]]]:
    """The paragraphs before the first table with a header row, and that table's grid."""
    try:
        document = Document(BytesIO(data))
        blocks = list(document.iter_inner_content())
    except Exception as error:  # python-docx raises many kinds for a damaged file
        GUARD.refuse(Refusal.NOT_OFFICE_FILE, name=filename, cause=error)
    before, tables_seen = [], 0
    for block in blocks:
        if not isinstance(block, Table):
            before.append(block.text)
            continue
        tables_seen += 1
        grid = _docx_grid(block)
        if _find_header(grid) is not None:
            return before, grid
        before += _side_by_side(grid)  # a borderless table of the approval block, one side per column
    if not tables_seen:
        raise RoadmapFileError(_("No table was found in the file: the roadmap must be a table."))
    raise RoadmapFileError(_no_header())


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _docx_grid(table) -> list[list[list[str]]]:
    """Rows of cells of paragraphs, read from the table's XML (python-docx's cell objects take
    seconds for a table of 2,000 rows). A merged cell counts once: the columns a cell spans
    (gridSpan) and the cells that continue one above (vMerge) read as empty."""
    grid = []
    for tr in table._tbl.iterchildren(f"{W}tr"):
        line = GridRow()
        line.extend([] for _ in range(_int_property(tr.find(f"{W}trPr"), "gridBefore")))
        for tc in tr.iterchildren(f"{W}tc"):
            properties = tc.find(f"{W}tcPr")
            vertical = properties.find(f"{W}vMerge") if properties is not None else None
            continues_above = vertical is not None and vertical.get(f"{W}val") in (None, "continue")
            first = len(line)
            line.append(
                [] if continues_above else _paragraphs([_docx_text(p) for p in tc.iterchildren(f"{W}p")])
            )
            for offset in range(1, max(_int_property(properties, "gridSpan"), 1)):
                line.append([])
                line.merged_left.add(first + offset)
        grid.append(line)
    return grid


def _int_property(properties, name: str) -> int:
    element = properties.find(f"{W}{name}") if properties is not None else None
    try:
        return int(element.get(f"{W}val")) if element is not None else 0
    except (TypeError, ValueError):
        return 0


def _docx_text(paragraph) -> str:
    """A paragraph's text as python-docx reads it: tabs and line breaks kept."""
    parts = []
    for element in paragraph.iter(f"{W}t", f"{W}tab", f"{W}br", f"{W}cr", f"{W}noBreakHyphen"):
        tag = element.tag
        if tag == f"{W}t":
            parts.append(element.text or "")
        elif tag == f"{W}tab":
            parts.append("\t")
        elif tag == f"{W}noBreakHyphen":
            parts.append("-")
        else:
            parts.append("\n")
    return "".join(parts)


def _xlsx_table(data: bytes, filename: str) -> tuple[list[str], list[list[list[str]]]]:
    """The first sheet with a header row: the rows above the header are the text before the table."""
    try:
        workbook = load_workbook(BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        GUARD.refuse(Refusal.NOT_OFFICE_FILE, name=filename, cause=error)
    try:
        found_rows = False
        for sheet in workbook.worksheets:
            grid = _sheet_grid(sheet, filename)
            found_rows = found_rows or any(any(cells) for cells in grid)
            header = _find_header(grid)
            if header is not None:
                before = _sheet_lines(grid[:header])
                # the title rows above the header are no part of the table
                return before, [[] for _row in grid[:header]] + grid[header:]
    finally:
        workbook.close()
    if not found_rows:
        raise RoadmapFileError(_("No table was found in the file: the roadmap must be a table."))
    raise RoadmapFileError(_no_header())


def _side_by_side(grid: list[list[list[str]]]) -> list[str]:
    """A table's text column after column, a blank line after each: the sides of a block."""
    lines = []
    for column in range(max((len(row) for row in grid), default=0)):
        texts = [paragraph for row in grid if column < len(row) for paragraph in row[column]]
        if texts:
            lines += [*texts, ""]
    return lines


def _sheet_lines(rows: list[list[list[str]]]) -> list[str]:
    """The rows above a sheet's header as lines: a cell's paragraphs one under the other; cells
    side by side on one line apart by a tab, or, when a cell has several lines, column after column."""
    lines = []
    for row in rows:
        cells = [cell for cell in row if cell]
        if len(cells) == 1:
            lines += cells[0]
        elif cells and all(len(cell) == 1 for cell in cells):
            lines.append("\t".join(cell[0] for cell in cells))
        elif cells:
            lines += _side_by_side([cells])
        else:
            lines.append("")
    return lines


# --- a sheet, read row by row -------------------------------------------------------------------
#
# A sheet's XML may claim any size (its <dimension>, a cell at XFD1048576, a merge over the whole
# sheet) in a few kilobytes, and openpyxl's normal mode builds a cell object for all of it. So the
# sheet is read here in one pass over its XML, with openpyxl's own cell parser for the values
# (shared strings, dates, numbers as openpyxl reads them): every element is dropped as soon as it
# is read, only cells holding a value are kept, and a value beyond MAX_ROWS or MAX_COLUMNS
# refuses the file at once. Merged ranges (read-only openpyxl has none: they come after the rows
# in the XML) are clipped to those bounds, and their covered cells read as empty, as openpyxl's
# normal mode reads them. Memory is bounded by MAX_ROWS x MAX_COLUMNS cells whatever the file
# claims (beside openpyxl's table of shared strings, which the guard's unpacked size bounds);
# time by that unpacked size (a million blank rows, 65 MB of XML, take a few seconds).

MAX_ROWS = GUARD.max_rows
MAX_COLUMNS = 50  # a roadmap has ten at most; a value further right is a stray cell

ROW_TAG = f"{{{SHEET_MAIN_NS}}}row"
CELL_TAG = f"{{{SHEET_MAIN_NS}}}c"
MERGE_TAG = f"{{{SHEET_MAIN_NS}}}mergeCell"


def _sheet_grid(sheet, filename: str) -> list[list[list[str]]]:
    """The sheet from A1 to its last value: rows of cells of paragraphs."""
    try:
        values, merges = _sheet_values(sheet)
    except RoadmapFileError:
        raise
    except Exception as error:  # a damaged sheet: bad XML, coordinates, numbers, string indexes
        GUARD.refuse(Refusal.NOT_OFFICE_FILE, name=filename, cause=error)
    last_row = max(values, default=0)
    width = max((column for row in values.values() for column in row), default=0)
    merged_left: dict[int, set[int]] = {}
    for first_row, first_column, end_row, end_column in merges:
        for row_number in range(first_row, min(end_row, last_row) + 1):
            row = values.get(row_number, {})
            for column in range(first_column, min(end_column, width) + 1):
                if (row_number, column) != (first_row, first_column):
                    row.pop(column, None)
                if column > first_column:
                    merged_left.setdefault(row_number - 1, set()).add(column - 1)
    return [
        GridRow(
            (
                _paragraphs(_xlsx_value(values.get(row, {}).get(column)).split("\n"))
                for column in range(1, width + 1)
            ),
            merged_left=merged_left.get(row - 1),
        )
        for row in range(1, last_row + 1)
    ]


def _sheet_values(sheet) -> tuple[dict[int, dict[int, object]], list[tuple[int, int, int, int]]]:
    """{row: {column: value}} of the cells holding a value, and the merged ranges within bounds."""
    parser = WorkSheetParser(  # as openpyxl's read-only sheets read their cells
        None,
        sheet._shared_strings,
        data_only=True,
        epoch=sheet.parent.epoch,
        date_formats=sheet.parent._date_formats,
        timedelta_formats=sheet.parent._timedelta_formats,
    )
    values: dict[int, dict[int, object]] = {}
    merges, merged_area = [], 0
    open_elements, in_cell = [], False
    with sheet._get_source() as source:
        for event, element in iterparse(source, events=("start", "end")):
            if event == "start":
                open_elements.append(element)
                if element.tag == ROW_TAG:
                    parser.row_counter = _row_number(element, parser.row_counter)
                    parser.col_counter = 0
                in_cell = in_cell or element.tag == CELL_TAG
                continue
            open_elements.pop()
            if element.tag == CELL_TAG:
                in_cell = False
                if len(element):  # a cell with neither value nor text (only a style) is skipped
                    cell = parser.parse_cell(element)
                    if cell["value"] is not None and cell["value"] != "":
                        _check_bounds(cell["row"], cell["column"])
                        values.setdefault(cell["row"], {})[cell["column"]] = cell["value"]
                else:  # counted as parse_cell counts: a cell without a coordinate is the next one
                    coordinate = element.get("r")
                    parser.col_counter = (
                        column_index_from_string(coordinate.rstrip("0123456789"))
                        if coordinate
                        else parser.col_counter + 1
                    )
            elif in_cell:
                continue  # the cell's value and text: parse_cell reads them at the cell's end
            elif element.tag == MERGE_TAG:
                if merge := _merged_range(element.get("ref", "")):
                    merges.append(merge)
                    merged_area += (merge[2] - merge[0] + 1) * (merge[3] - merge[1] + 1)
                    if merged_area > MAX_ROWS * MAX_COLUMNS:
                        raise ValueError("merged ranges overlap")  # Excel never writes them
            if open_elements:
                open_elements[-1].remove(element)  # read: the tree never grows
    return values, merges


def _row_number(element, previous: int) -> int:
    number = element.get("r")
    if number is None:
        return previous + 1
    if number.isdigit():
        return int(number)
    value = float(number)
    if not value.is_integer() or value < 1:
        raise ValueError(f"{number} is not a row number")
    return int(value)


def _check_bounds(row: int, column: int) -> None:
    cell = f"{get_column_letter(column)}{row}"
    if row > MAX_ROWS:
        raise RoadmapFileError(
            _(
                "The sheet has more than %(limit)s rows, the limit for a roadmap: cell %(cell)s holds "
                "a value. Delete what lies below the table and upload the file again."
            )
            % {"limit": f"{MAX_ROWS:,}", "cell": cell}
        )
    if column > MAX_COLUMNS:
        raise RoadmapFileError(
            _(
                "The sheet has more than %(limit)s columns: cell %(cell)s holds a value. Delete what "
                "lies right of the table and upload the file again."
            )
            % {"limit": MAX_COLUMNS, "cell": cell}
        )


def _merged_range(ref: str) -> tuple[int, int, int, int] | None:
    """(first row, first column, last row, last column) of a merged range, clipped to the bounds;
    None when it covers nothing there (or one cell only)."""
    first_column, first_row, end_column, end_row = range_boundaries(ref)
    if None in (first_column, first_row, end_column, end_row):
        raise ValueError(f"{ref} is not a range of cells")
    end_row, end_column = min(end_row, MAX_ROWS), min(end_column, MAX_COLUMNS)
    if first_row > end_row or first_column > end_column or (first_row, first_column) == (end_row, end_column):
        return None
    return first_row, first_column, end_row, end_column


def _xlsx_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _no_header() -> str:
    return _(
        "No header row was recognised in the table. The header must name the columns, "
        "e.g. «№», «Мероприятие», «Сроки», «Ответственные»."
    )


# --- text of a cell -----------------------------------------------------------------------------


def _paragraphs(texts: list[str]) -> list[str]:
    """Rule 1: paragraphs without HTML and «**», spaces collapsed; <p>, <li>, <br> also end one."""
    result = []
    for text in texts:
        for part in HTML_BREAK.sub("\n", text or "").split("\n"):
            clean = _clean(part)
            if clean and not ONLY_DASHES.fullmatch(clean):
                result.append(clean)
    return result


def _clean(text: str) -> str:
    text = html.unescape(HTML_TAG.sub("", text)).replace("**", "")
    return " ".join(text.replace("\xa0", " ").split())


# --- the header ---------------------------------------------------------------------------------


def _column_key(text: str) -> str | None:
    words = text.lower().replace("ё", "е").split()
    if not words or len(words) > MAX_HEADER_WORDS:
        return None
    normal = " ".join(words)
    return next((key for key, pattern in COLUMN_WORDS if pattern.search(normal)), None)


def _find_header(grid: list[list[list[str]]]) -> int | None:
    """The first row that names at least two known columns, one of them a text column."""
    for index, row in enumerate(grid):
        keys = {_column_key(" ".join(cell)) for cell in row} - {None}
        if len(keys) >= 2 and keys & set(TEXT_COLUMNS):
            return index
    return None


def _layout(header: list[list[str]]) -> Layout:
    """Each column's key. A column the importer does not know (or a second one of a kind) that
    has a title is kept as a note of each activity: «note:1», «note:2»…"""
    keys, titles, notes = [], {}, 0
    for cell in header:
        title = " ".join(cell)
        key = _column_key(title)
        if key in titles or (key is None and title):
            notes += 1
            key = f"{NOTE_KEY}{notes}"
        keys.append(key)
        if key:
            titles[key] = title
    if "activity" in titles:
        title_key, content_key = "activity", ("content" if "content" in titles else None)
    elif "content" in titles and "stage" not in titles:
        # 004: «Содержание» is all the table says of an activity: it is the activity column
        keys = ["activity" if key == "content" else key for key in keys]
        titles["activity"] = titles.pop("content")
        title_key, content_key = "activity", None
    else:
        title_key, content_key = None, ("content" if "content" in titles else None)  # 001
    titles = {key: titles[key] for key in keys if key}  # in the table's order
    return Layout(keys=keys, titles=titles, title_key=title_key, content_key=content_key)


def _is_note(key: str | None) -> bool:
    return bool(key) and key.startswith(NOTE_KEY)


# --- from the grid to the roadmap ---------------------------------------------------------------


def _roadmap(before: list[str], grid: list[list[list[str]]], year: int) -> dict:
    header_index = _find_header(grid)
    layout = _layout(grid[header_index])
    warnings: list[dict] = []
    rows = _rows(grid, header_index, layout)
    kept = _kept_columns(rows, layout)
    GUARD.check_rows(len(rows))
    layout.numbered_stages = (
        "stage" not in layout.titles
        and any(TOP_NUMBER.fullmatch(row.text("number")) for row in rows)
        and any(SUB_NUMBER.fullmatch(row.text("number")) for row in rows)
    )
    rows = _join_continuations(rows, layout)
    stages = _stages(rows, layout, year, warnings)
    if not any(stage["activities"] for stage in stages):
        raise RoadmapFileError(_("The roadmap table has no stages or activities under its header row."))
    title, approval, preamble, annex = _front_matter(before)
    source_year = _written_year(stages, title) or year
    return {
        "title": title,
        "approval": approval,
        "annex": annex,
        "preamble": preamble,
        # the academic year the file's dates belong to: roadmap_create moves them to `year`
        "source_year": source_year,
        "year_shift": year - source_year,
        "columns": [key for key in layout.keys if key and not _is_note(key)],
        "column_titles": {key: text for key, text in layout.titles.items() if not _is_note(key)},
        "kept_columns": kept,
        "stages": stages,
        "warnings": warnings,
    }


def _written_year(stages: list[dict], title: str) -> int | None:
    """The first academic year the deadlines are written for («сентябрь 2022», «до 15.10.2022»
    -> 2022, «май 2023» -> 2022), or the title's first year when no deadline names one."""
    years = []
    for stage in stages:
        for activity in stage["activities"]:
            text = activity["deadline"]
            if not YEAR_WRITTEN.search(text):
                continue
            parsed = parse_deadline(text, academic_start=2000)
            day = parsed.start or parsed.end
            if day is not None:
                years.append(academic_year_of(day))
    if years:
        return min(years)
    match = YEAR_WRITTEN.search(title)
    return int(match.group(1)) if match else None


def _kept_columns(rows: list[Row], layout: Layout) -> list[str]:
    """The titles of the unknown columns that hold text: kept as notes of the activities."""
    return [
        layout.titles[key] for key in layout.keys if _is_note(key) and any(row.cells.get(key) for row in rows)
    ]


def _warning(row: int, column: str, message: str) -> dict:
    return {"row": row, "column": column, "message": message}


def _rows(grid: list[list[list[str]]], header_index: int, layout: Layout) -> list[Row]:
    """The non-empty rows under the header, cells keyed by column. A stage or number repeating
    the one above is a merged cell (python-docx repeats its text) and reads as empty. A repeated
    activity title is kept: it reads the same as the empty title cell it stands for (rule 4)."""
    rows, last = [], {}
    header = grid[header_index]
    for index in range(header_index + 1, len(grid)):
        line = grid[index]
        if _is_column_numbers(line) or (line == header and any(line)):
            continue  # «1 | 2 | 3 | 4 | 5» under the header, or the header repeated on a new page
        row = Row(number=index + 1, first_column=next((key for key in layout.keys if key), None))
        for cell, key in zip(line, layout.keys, strict=False):
            if key and cell:
                row.cells[key] = list(cell)
        filled = [column for column, cell in enumerate(line) if cell]
        merged_left = getattr(line, "merged_left", set())
        row.spans_rest = (
            bool(filled)
            and all(column in merged_left for column in range(filled[-1] + 1, len(layout.keys)))
            and filled[-1] + 2 < len(layout.keys)
        )
        for key in ("stage", "number"):
            if text := row.text(key):
                if text == last.get(key):
                    row.cells[key] = []
                last[key] = text
        if row.filled():
            rows.append(row)
    return rows


def _is_column_numbers(line: list[list[str]]) -> bool:
    """The ministry's sample numbers its columns in a row under the header: «1 | 2 | 3 | 4 | 5»."""
    texts = [" ".join(cell) for cell in line if cell]
    return len(texts) >= 2 and texts == [str(number) for number in range(1, len(texts) + 1)]


def _join_continuations(rows: list[Row], layout: Layout) -> list[Row]:
    joined: list[Row] = []
    for row in rows:
        if joined and _is_continuation(row, joined[-1], layout):
            for key in row.filled():
                _append(
                    joined[-1].cells.setdefault(key, []), row.cells[key], is_content=key == layout.content_key
                )
        else:
            joined.append(row)
    return joined


def _is_continuation(row: Row, previous: Row, layout: Layout) -> bool:
    """Rule 2: a page break split the row above. The row has no number (and no stage) of its own
    and its cells start with a lower-case letter or a digit («мых и от …», «5. Проведение …», the
    «2025» of «Октябрь 2024- май»). The responsible cell is left out of that test when there are
    others, as names start in upper case (004's «сентябрь 2025 | методологии … | Ерофеева Н.Ю.»).
    Also continuations: a row holding content only (rule 4 makes no activity of it), and 003's
    «Задача: …» under its stage row, the stage's note (rule 3)."""
    if row.text("number") or row.text("stage") or _is_section_row(row):
        return False
    filled = row.filled()
    tested = [key for key in filled if key != "responsible"] or filled
    if all(_goes_on(row.text(key)) for key in tested):
        return True
    if filled == [layout.content_key]:
        return True
    return (
        filled == [layout.title_key]
        and _stage_kind(previous, layout) != ""
        and STAGE_NOTE.match(row.text(layout.title_key)) is not None
    )


def _goes_on(text: str) -> bool:
    """The text starts (after dashes and the like) with a lower-case letter or a digit."""
    first = next((char for char in text if char.isalnum()), "")
    return first.islower() or first.isdigit()


def _append(paragraphs: list[str], more: list[str], *, is_content: bool) -> None:
    """Rule 2: join the continuation to the cell's last paragraph with a space, or with neither
    hyphen nor space after a word cut by a hyphen («наставляе-» + «мых» = «наставляемых»). A content
    item starting with «N.» and the continuation's further paragraphs stay items of their own."""
    for index, paragraph in enumerate(more):
        previous = paragraphs[-1] if paragraphs else ""
        new_item = index > 0 or (is_content and LIST_MARKER.match(paragraph) is not None)
        if not previous or new_item:
            paragraphs.append(paragraph)
        elif previous.endswith("-") and previous[-2:-1].isalpha() and paragraph[:1].islower():
            paragraphs[-1] = previous[:-1] + paragraph
        else:
            paragraphs[-1] = f"{previous} {paragraph}"


def _is_section_row(row: Row) -> bool:
    """Rule 3: a row holding one text only, in the first column (a merged row in Word), that
    starts like a heading: 002's «1. Нормативное правовое …», 004's «Организационно-методическое …»."""
    filled = row.filled()
    if len(filled) != 1 or filled[0] != row.first_column:
        return False
    text = row.text(filled[0])
    return not TOP_NUMBER.fullmatch(text) and (text[:1].isupper() or text[:1].isdigit())


# --- stages and activities ----------------------------------------------------------------------


def _stages(rows: list[Row], layout: Layout, year: int, warnings: list[dict]) -> list[dict]:
    stages: list[dict] = []
    for row in rows:
        kind = _stage_kind(row, layout)
        if kind:
            stages.append(_stage(row, kind, layout))
            if not _carries_activity(row, kind, layout):
                continue
        elif not stages:
            stages.append({"number": "", "title": "", "note": "", "row": row.number, "activities": []})
            warnings.append(
                _warning(
                    row.number, "", _("Activities above the first stage were put in a stage without a title.")
                )
            )
        activity = _activity(row, kind, stages[-1], layout, year, warnings)
        if layout.title_key is None and layout.content_key:
            stages[-1]["activities"] += _item_activities(activity)
        else:
            stages[-1]["activities"].append(activity)
    for stage in stages:
        for activity in stage["activities"]:
            # the orders it names, as the templates link theirs: approving one marks it done
            activity.update(links_of(activity))
    return stages


def _item_activities(activity: dict) -> list[dict]:
    """001: a stage column and a content column, no activity column: each item of the cell
    (its «–» items, its «1)», «2)» items) is an activity of its own, with the row's deadline and
    people. A lead-in ending with «:» («Подготовка и принятие локальных … актов:») is the
    description of the items under it."""
    items = activity["content"]
    if len(items) < 2:
        return [activity]
    activities, lead_in = [], []
    for index, item in enumerate(items):
        if item.endswith(":") and index + 1 < len(items):
            lead_in = [item]
            continue
        title, content = item.rstrip(";").strip(), list(lead_in)
        if match := INLINE_LIST.match(title):  # «Обучение наставников …: - подготовка …; - проведение …»
            title = match.group(1).strip()
            content = [part.strip(" ;") for part in INLINE_DASH.split(match.group(2)) if part.strip(" ;")]
        activities.append({**activity, "title": title, "content": content})
    return activities


def _stage_kind(row: Row, layout: Layout) -> str:
    """How the row opens a stage: "column" (its stage cell, 000/001), "section" (a heading row,
    002/004), "numbered" (a top-level number among sub-numbers, 003), or "" for an activity."""
    if row.text("stage"):
        return "column"
    if _is_section_row(row):
        return "section"
    number = row.text("number")
    texts = [key for key in row.filled() if key != "number"]
    if row.spans_rest and len(texts) == 1 and not _goes_on(row.text(texts[0])):
        return "spanning"  # «1. | Нормативное правовое обеспечение» merged across the rest
    if layout.numbered_stages and TOP_NUMBER.fullmatch(number) and row.text(layout.title_key):
        return "numbered"
    if MARKED_STAGE_NUMBER.fullmatch(number) and row.text(layout.title_key):
        return "numbered"  # «I.», «Этап 1.» in the number column
    return ""


def _stage(row: Row, kind: str, layout: Layout) -> dict:
    number = row.text("number")
    if kind == "column":
        paragraphs = row.cells["stage"]
    elif kind == "numbered":
        paragraphs = row.cells[layout.title_key]
    elif kind == "spanning":
        paragraphs = row.cells[next(key for key in row.filled() if key != "number")]
    else:
        paragraphs = row.cells[row.first_column]
        number = ""
        if match := NUMBERED_TITLE.match(paragraphs[0]):  # «1. Нормативное …», «II. …», «Этап 1. …»
            number = match.group(1).removesuffix(".") if match.group(1)[:1].isdigit() else match.group(1)
            paragraphs = [paragraphs[0][match.end() :], *paragraphs[1:]]
    title, note = _title_and_note(" ".join(paragraphs))
    return {"number": number, "title": title, "note": note, "row": row.number, "activities": []}


def _title_and_note(text: str) -> tuple[str, str]:
    """003: «Формирование базы наставников Задача: … Результат: …» -> the title, and the note."""
    match = STAGE_NOTE.search(text)
    if not match or match.start() == 0:
        return text, ""
    return text[: match.start()].strip(), text[match.start() :].strip()


def _carries_activity(row: Row, kind: str, layout: Layout) -> bool:
    """Rule 3: 000 puts the first activity on the stage row, 001 its only one."""
    used = {"column": {"number", "stage"}, "numbered": {"number", layout.title_key}}.get(kind)
    return used is not None and any(key not in used for key in row.filled())


def _activity(row: Row, kind: str, stage: dict, layout: Layout, year: int, warnings: list[dict]) -> dict:
    previous = stage["activities"][-1] if stage["activities"] else None
    problems = []
    title = row.text(layout.title_key) if kind != "numbered" else ""
    if not title and previous:  # rule 4: an empty title cell was merged with the one above
        title = previous["title"]
    elif not title and (kind or not layout.title_key):  # 001: the stage row is its own activity
        title = stage["title"]
    if not title:
        problems.append("title")
        warnings.append(_warning(row.number, layout.title_key or "", _("The activity has no title.")))
    deadline, responsible = row.text("deadline"), row.cells.get("responsible", [])
    if deadline and not responsible and _unreadable(deadline, year) and _only_people(deadline):
        # 000: the names slipped into the deadline column, the responsible cell is empty
        responsible, deadline = [deadline], ""
        message = _("The deadline cell holds names: they were read as the responsible persons.")
        warnings.append(_warning(row.number, "deadline", message))
    if not deadline and previous:  # rule 4: a merged deadline cell
        deadline = previous["deadline"]
    if deadline and _unreadable(deadline, year):
        problems.append("deadline")
        message = _("The deadline «%(text)s» could not be read as a date or a period.") % {"text": deadline}
        warnings.append(_warning(row.number, "deadline", message))
    return {
        "number": "" if kind else row.text("number"),  # a stage row's number is the stage's
        "title": title,
        "content": _content(row.cells.get(layout.content_key, [])) if layout.content_key else [],
        "deadline": deadline,
        "responsible": [{"text": text} for text in _people(responsible)],
        "result": row.text("result"),
        "indicator": row.text("indicator"),
        "notes": [
            {"title": layout.titles[key], "text": row.text(key)}
            for key in layout.keys
            if _is_note(key) and row.text(key)
        ],
        "event": "",
        "row": row.number,
        "problems": problems,
    }


def _unreadable(deadline: str, year: int) -> bool:
    return parse_deadline(deadline, academic_start=year).kind == UNKNOWN


def _content(paragraphs: list[str]) -> list[str]:
    """Rule 5: each paragraph is an item, and «1. … 2. …» in one paragraph are items too; the
    numbering («1.», «1)») and list dashes are dropped."""
    items = []
    for paragraph in paragraphs:
        for item in _numbered_items(paragraph):
            if item := BULLET.sub("", item).strip():
                items.append(item)
    return items


def _numbered_items(paragraph: str) -> list[str]:
    """Split at a run of list markers counting up by one: the first at the start of the paragraph
    (any number: a list may go on from the paragraph above) or «1.» anywhere."""
    chain = []
    for marker in LIST_MARKER.finditer(paragraph):
        number = int(marker.group(1))
        if not chain and (marker.start() == 0 or number == 1):
            chain.append(marker)
        elif chain and number == int(chain[-1].group(1)) + 1:
            chain.append(marker)
    if not chain or (len(chain) == 1 and chain[0].start() > 0):
        return [paragraph]
    items = [paragraph[: chain[0].start()]]
    ends = [marker.start() for marker in chain[1:]] + [len(paragraph)]
    items += [paragraph[marker.end() : end] for marker, end in zip(chain, ends, strict=True)]
    return [item.strip() for item in items if item.strip()]


def _people(paragraphs: list[str]) -> list[str]:
    """Rule 6: people and bodies as written: one per paragraph, comma or semicolon (outside
    parentheses), sentence («Наставники. Наставляемые») or name («Балуева Е.В. Богоявленская Г.И.»)."""
    people = []
    for paragraph in paragraphs:
        for part in _split_outside_parentheses(paragraph):
            for sentence in SENTENCE_END.split(part):
                for person in _split_names(sentence):
                    if person := re.sub(r"(?<=[а-яёa-z]{2})\.$", "", person.strip()):
                        people.append(person)
    return people


def _split_outside_parentheses(text: str) -> list[str]:
    parts, current, depth = [], "", 0
    for char in text:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char in ",;" and depth <= 0:
            parts.append(current)
            current = ""
        else:
            current += char
    return [part.strip() for part in [*parts, current] if part.strip()]


def _split_names(text: str) -> list[str]:
    names = re.findall(PERSON, text)
    if len(names) > 1 and PEOPLE_ONLY.fullmatch(text):
        return names
    return [text]


def _only_people(text: str) -> bool:
    return all(PEOPLE_ONLY.fullmatch(part) for part in _split_outside_parentheses(text))


# --- the text before the table ------------------------------------------------------------------
#
# Above the table a school writes its approval block: «УТВЕРЖДАЮ / УТВЕРЖДЕНО» on the right (the
# director's position, name, date, order) and often «ПРИНЯТО / СОГЛАСОВАНО / РАССМОТРЕНО» on the
# left (a council or a deputy, protocol, date), as paragraphs one under the other, as paragraphs
# with the two sides on one line apart by tabs, or as a borderless table of two columns. Then
# «Приложение № 1 к приказу …», and the title.


def _front_matter(paragraphs: list[str]) -> tuple[str, dict, list[str], str]:
    """The title, the approval block, the other prose before the table and the annex line
    («Приложение № 1 к приказу …») (best effort)."""
    lines = [_clean(paragraph) for paragraph in _sides_apart(paragraphs)]
    approval, used = _approval(lines)
    annex, annex_used = _annex(lines, used)
    used |= annex_used
    free = [index for index, line in enumerate(lines) if line and index not in used]
    titled = [index for index in free if TITLE_WORDS.search(lines[index])]
    if titled:
        start = titled[-1]
        while start - 1 in free and TITLE_WORDS.search(lines[start - 1]):
            start -= 1  # «ДОРОЖНАЯ КАРТА» over «(план мероприятий) по реализации …»
    else:  # the last block of lines before the table
        start = free[-1] if free else len(lines)
        while start - 1 in free:
            start -= 1
    title = " ".join(lines[index] for index in free if index >= start)
    preamble = [lines[index] for index in free if index < start]
    return title, approval, preamble, annex


SIDES = re.compile(r"\t+|\s{3,}")


def _sides_apart(paragraphs: list[str]) -> list[str]:
    """«СОГЛАСОВАНО<tab><tab>УТВЕРЖДАЮ» and the lines under it that have two sides: the left
    side's lines, a blank line, then the right side's, as if they were one under the other."""
    result, left, right = [], [], []
    for paragraph in paragraphs:
        parts = [part for part in SIDES.split(paragraph.strip()) if part.strip()]
        opens = len(parts) == 2 and all(APPROVED.match(part) or ACCEPTED.match(part) for part in parts)
        if opens or (left and len(parts) == 2):
            left.append(parts[0])
            right.append(parts[1])
            continue
        if left and len(parts) == 1 and paragraph.startswith((" ", "\t")):
            right.append(parts[0])  # a line of the right side only
            continue
        if left:
            result += [*left, "", *right, ""]
            left, right = [], []
        result.append(paragraph)
    if left:
        result += [*left, "", *right, ""]
    return result


APPROVAL_KEYS = {
    "heading": "",
    "approver_position": "",
    "approver_role": "",
    "approver_name": "",
    "order_reference": "",
    "approval_date": "",
    "accepted_heading": "",
    "accepted_by": "",
    "accepted_name": "",
    "accepted_protocol": "",
    "accepted_date": "",
}


def _approval(lines: list[str]) -> tuple[dict, set[int]]:
    approval = dict(APPROVAL_KEYS)
    used: set[int] = set()
    for index, line in enumerate(lines):
        if index in used:
            continue
        if not approval["heading"] and (match := APPROVED.match(line)):
            approval["heading"] = match.group(1).upper()
            block, block_used = _read_block(lines, index, line[match.end() :])
            used |= block_used
            approval["approver_position"] = block["position"]
            approval["approver_name"] = block["name"]
            approval["order_reference"] = block["order"]
            approval["approval_date"] = (
                block["date"] or _iso_date(block["order"]) or _iso_date(block["position"])
            )
        elif not approval["accepted_heading"] and (match := ACCEPTED.match(line)):
            approval["accepted_heading"] = match.group(1).upper()
            block, block_used = _read_block(lines, index, line[match.end() :])
            used |= block_used
            approval["accepted_by"] = block["position"]
            approval["accepted_name"] = block["name"]
            approval["accepted_protocol"] = block["order"]
            approval["accepted_date"] = block["date"] or _iso_date(block["order"])
    return approval, used


def _read_block(lines: list[str], start: int, rest: str) -> tuple[dict, set[int]]:
    """One side of the block: «директор БМАОУ «Лицей № 7» / Архипова Л.И. / Приказ №135/1 – ОД
    от 05.10.2020 г.», «Педагогический совет … / протокол № 1 от 31.08.2020», «Директор школы
    ________ Е.В. Тарабанова / «__» ______ 20__ г.». It ends at a blank line, the title, the other
    side's heading or a line that is none of these."""
    block = {"position": "", "name": "", "order": "", "date": ""}
    used, position = {start}, []
    following = [(start, rest)] + [(index, lines[index]) for index in range(start + 1, len(lines))]
    for index, line in following:
        if not line:
            if index == start or not position or _dated_next(lines, index):
                continue  # «УТВЕРЖДАЮ / … / Ю.И. Бутова / (blank) / «23» октября 2020 г.»
            break
        if (
            index != start
            and (APPROVED.match(line) or ACCEPTED.match(line) or ANNEX.match(line))
            or TITLE_WORDS.search(line)
        ):
            break
        if BLANK_DATE.fullmatch(line):
            pass  # «___» __________ 20__ г.: a place to write the date in
        elif DATE_LINE.match(line):
            block["date"] = _iso_date(line)
        elif (at := _order_at(line)) is not None:
            if at:
                position.append(line[:at].strip(" (,"))
            block["order"] = line[at:].strip(" ()")
        elif match := APPROVER_NAME.search(line):
            if head := line[: match.start()].strip(" _"):
                position.append(head)
            block["name"] = match.group(0).strip(" _")
        elif not block["name"] and not block["order"] and len(position) < 4 and len(line) < 120:
            position.append(line.strip(" _"))
        else:
            break
        used.add(index)
    block["position"] = " ".join(part for part in position if part)
    return block, used


def _dated_next(lines: list[str], index: int) -> bool:
    """The next line with text is a date or an order: it still belongs to the block."""
    following = next((line for line in lines[index + 1 :] if line), "")
    return bool(DATE_LINE.match(following) or BLANK_DATE.fullmatch(following) or ORDER_WORDS.match(following))


def _order_at(line: str) -> int | None:
    """Where «приказ № …» or «протокол № …» starts in the line, or None."""
    match = ORDER_WORDS.search(line)
    return match.start() if match else None


def _annex(lines: list[str], used: set[int]) -> tuple[str, set[int]]:
    """«Приложение № 1 / к приказу МБДОУ №18 / от 01.09.2022 №21/1» as its lines."""
    for index, line in enumerate(lines):
        if index in used or not ANNEX.match(line):
            continue
        annex, taken = [line], {index}
        for following in range(index + 1, min(index + 4, len(lines))):
            text = lines[following]
            if not text or following in used or TITLE_WORDS.search(text) or len(text) > 120:
                break
            if not (text[:1].islower() or ANNEX_GOES_ON.match(text)):
                break
            annex.append(text)
            taken.add(following)
        return "\n".join(annex), taken
    return "", set()


def _iso_date(text: str) -> str:
    """«05.10.2020» or «23» октября 2020 г. as 2020-10-05; "" when there is none."""
    try:
        if match := NUMERIC_DATE.search(text):
            day, month, year = map(int, match.groups())
            return date(year, month, day).isoformat()
        if match := WORDS_DATE.search(text):
            month = next((n for stem, n in MONTHS.items() if match.group(2).lower().startswith(stem)), None)
            if month:
                return date(int(match.group(3)), month, int(match.group(1))).isoformat()
    except ValueError:
        pass
    return ""
