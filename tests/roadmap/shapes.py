"""Roadmap tables in the shapes schools publish them, built as real Word and Excel files.

A table is a list of rows of cell texts; «<» merges the cell into the one on its left, «^» into
the one above (as Word and Excel merge them). Paragraphs of a cell are separated by «\n».
"""

from io import BytesIO

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from openpyxl import Workbook

LEFT, UP = "<", "^"


def _merge_ranges(rows: list[list[str]]) -> list[tuple[int, int, int, int]]:
    """(first row, first column, last row, last column) of every merged range, 0-based."""
    owner: dict[tuple[int, int], tuple[int, int]] = {}
    for r, fields in enumerate(rows):
        for c, text in enumerate(fields):
            if text == LEFT:
                owner[(r, c)] = owner[(r, c - 1)]
            elif text == UP:
                owner[(r, c)] = owner[(r - 1, c)]
            else:
                owner[(r, c)] = (r, c)
    ranges: dict[tuple[int, int], list[int]] = {}
    for (r, c), first in owner.items():
        if (r, c) != first:
            bounds = ranges.setdefault(first, [first[0], first[1], first[0], first[1]])
            bounds[2], bounds[3] = max(bounds[2], r), max(bounds[3], c)
    return [tuple(bounds) for bounds in ranges.values()]


def shaped_docx(
    rows: list[list[str]],
    before: tuple[str, ...] = ("Дорожная карта",),
    approval_table: list[list[str]] | None = None,
) -> BytesIO:
    """Paragraphs, an optional borderless two-column approval table, then the roadmap table."""
    document = Document()
    if approval_table:
        table = document.add_table(rows=len(approval_table), cols=len(approval_table[0]))
        for r, fields in enumerate(approval_table):
            for c, text in enumerate(fields):
                _fill(table.cell(r, c), text)
        borders = OxmlElement("w:tblBorders")
        for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
            element = OxmlElement(f"w:{side}")
            element.set(qn("w:val"), "nil")
            borders.append(element)
        table._tbl.tblPr.append(borders)
    for paragraph in before:
        document.add_paragraph(paragraph)
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = "Table Grid"
    for r, fields in enumerate(rows):
        for c, text in enumerate(fields):
            if text not in (LEFT, UP):
                _fill(table.cell(r, c), text)
    for first_row, first_column, last_row, last_column in _merge_ranges(rows):
        table.cell(first_row, first_column).merge(table.cell(last_row, last_column))
    buffer = BytesIO()
    document.save(buffer)
    buffer.seek(0)
    return buffer


def _fill(cell, text: str) -> None:
    for index, paragraph in enumerate(text.split("\n")):
        if index == 0:
            cell.paragraphs[0].text = paragraph
        else:
            cell.add_paragraph(paragraph)


def shaped_xlsx(rows: list[list[str]], before: tuple[str, ...] = ("Дорожная карта",)) -> BytesIO:
    """The lines before the table in column A, then the table with its merged ranges."""
    workbook = Workbook()
    sheet = workbook.active
    for line in before:
        sheet.append([line])
    offset = len(before)
    for fields in rows:
        sheet.append([None if text in (LEFT, UP, "") else text for text in fields])
    for first_row, first_column, last_row, last_column in _merge_ranges(rows):
        sheet.merge_cells(
            start_row=offset + first_row + 1,
            start_column=first_column + 1,
            end_row=offset + last_row + 1,
            end_column=last_column + 1,
        )
    buffer = BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


def shaped(kind: str, rows: list[list[str]], before: tuple[str, ...] = ("Дорожная карта",)) -> BytesIO:
    return shaped_docx(rows, before) if kind == "docx" else shaped_xlsx(rows, before)
