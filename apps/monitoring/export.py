"""The committee's dashboard as xlsx: organisations' names and numbers, nothing personal."""

from apps.core.xlsx import XlsxWriter

from .targets import TARGETS

WIDTHS = {"A": 45}


def committee_workbook(municipality, overview: dict, as_of) -> bytes:
    writer = XlsxWriter()
    sheet = writer.sheet("Показатели", widths=WIDTHS)
    sheet.append(
        [f"{municipality.committee_name}: показатели целевой модели наставничества на {as_of:%d.%m.%Y}"]
    )
    sheet.append([])
    header = ["Организация"] + [f"{t.label} (цель ≥ {t.threshold} %)" for t in TARGETS]
    header.append("Удовлетворённость участников (из 10, от 3 ответов)")
    sheet.append([str(h) for h in header], bold=True)
    for row in overview["rows"]:
        score = (row["satisfaction"] or {}).get("average")
        sheet.append([row["organization"].short_name] + [v.percent for v in row["targets"]] + [score])
    sheet.append([sheet.cell("Итого по муниципалитету", bold=True)] + [v.percent for v in overview["totals"]])

    counts = writer.sheet("Числа", widths=WIDTHS)
    counts.append(["Организация", "Показатель", "Числитель", "Знаменатель"])
    for row in overview["rows"]:
        for value in row["targets"]:
            counts.append(
                [row["organization"].short_name, str(value.target.label), value.numerator, value.denominator]
            )

    trend = writer.sheet("Динамика", widths=WIDTHS)
    trend.append(["Показатель"] + overview["quarters"])
    for target in TARGETS:
        trend.append([str(target.label)] + list(overview["total_trend"][target.code]))
    return writer.to_bytes()
