"""The committee's dashboard as xlsx: organisations' names and numbers, nothing personal."""

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Font

from .targets import TARGETS


def committee_workbook(municipality, overview: dict, as_of) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Показатели"
    sheet.append(
        [f"{municipality.committee_name}: показатели целевой модели наставничества на {as_of:%d.%m.%Y}"]
    )
    sheet.append([])
    header = ["Организация"] + [f"{t.label} (цель ≥ {t.threshold} %)" for t in TARGETS]
    header.append("Удовлетворённость участников (из 10, от 3 ответов)")
    sheet.append([str(h) for h in header])
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for row in overview["rows"]:
        score = (row["satisfaction"] or {}).get("average")
        sheet.append([row["organization"].short_name] + [v.percent for v in row["targets"]] + [score])
    sheet.append(["Итого по муниципалитету"] + [v.percent for v in overview["totals"]])
    sheet[sheet.max_row][0].font = Font(bold=True)

    counts = workbook.create_sheet("Числа")
    counts.append(["Организация", "Показатель", "Числитель", "Знаменатель"])
    for row in overview["rows"]:
        for value in row["targets"]:
            counts.append(
                [row["organization"].short_name, str(value.target.label), value.numerator, value.denominator]
            )

    trend = workbook.create_sheet("Динамика")
    trend.append(["Показатель"] + overview["quarters"])
    for target in TARGETS:
        trend.append([str(target.label)] + list(overview["total_trend"][target.code]))
    for worksheet in workbook.worksheets:
        worksheet.column_dimensions["A"].width = 45
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
