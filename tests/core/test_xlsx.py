"""The xlsx writer of apps/core/xlsx.py: no cell it writes runs as a formula."""

from io import BytesIO

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.datavalidation import DataValidation

from apps.core.xlsx import XlsxWriter, safe_cell, workbook_bytes

HOSTILE = ["=1+1", "+7 900", "-2", "@SUM(A1)", "\tx", "\rx", '=HYPERLINK("http://evil","x")']


@pytest.mark.parametrize("value", HOSTILE)
def test_formula_looking_text_is_written_as_text(value):
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["Иванова", "", "a=b", 42, -2, 1.5, None])
def test_other_values_are_kept(value):
    assert safe_cell(value) == value


def _cells(content: bytes):
    workbook = load_workbook(BytesIO(content))
    return [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]


def test_one_sheet_with_a_bold_header():
    content = workbook_bytes(
        title="Реестр участников наставничества 2024",
        header=["=Имя", "Возраст"],
        rows=[HOSTILE[:2], ["Иванова", 15]],
    )
    workbook = load_workbook(BytesIO(content))
    sheet = workbook.active
    assert sheet.title == "Реестр участников наставничества 2024"[:31]  # Excel's limit
    assert [c.value for c in sheet[1]] == ["'=Имя", "Возраст"]
    assert all(c.font.bold for c in sheet[1])
    assert [c.value for c in sheet[2]] == ["'=1+1", "'+7 900"]
    assert [c.value for c in sheet[3]] == ["Иванова", 15]
    assert not sheet[3][0].font.bold
    assert all(c.data_type != "f" for c in _cells(content))


def test_sheets_with_widths_frozen_panes_styled_cells_and_lists():
    writer = XlsxWriter()
    sheet = writer.sheet("Участники", widths={"A": 30}, freeze="A2")
    sheet.append([sheet.cell("=Фамилия", bold=True, fill="DDE7F3", wrap=True), "Дата"])
    sheet.append([None, sheet.cell(None, number_format="DD.MM.YYYY")])
    validation = DataValidation(type="list", formula1='"да,нет"')
    sheet.add_validation(validation)
    validation.add("A2:A10")
    totals = writer.sheet("Итого")
    totals.append([totals.cell("Итого", bold=True), 3])
    content = writer.to_bytes()

    workbook = load_workbook(BytesIO(content))
    first, second = workbook.worksheets
    assert first.column_dimensions["A"].width == 30
    assert first.freeze_panes == "A2"
    header = first["A1"]
    assert header.value == "'=Фамилия"
    assert header.font.bold and header.fill.fgColor.rgb.endswith("DDE7F3") and header.alignment.wrap_text
    assert first["B2"].number_format == "DD.MM.YYYY"
    assert [str(v.sqref) for v in first.data_validations.dataValidation] == ["A2:A10"]
    assert second["A1"].font.bold and not second["B1"].font.bold
    assert all(c.data_type != "f" for c in _cells(content))
