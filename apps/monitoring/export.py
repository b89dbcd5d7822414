"""The committee's dashboard as xlsx: organisations' names and numbers, nothing personal."""

from apps.core.xlsx import XlsxWriter

from .targets import TARGETS

WIDTHS = {"A": 45}


def committee_workbook(municipality, overview: dict, as_of, comparison: dict | None = None) -> bytes:
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

    if comparison:
        this, that = comparison["year"].label, comparison["against"].label
        years = writer.sheet("Год к году", widths=WIDTHS)
        years.append([f"{this} учебный год в сравнении с {that} ({' / '.join(comparison['quarters'])})"])
        years.append([])
        years.append(["Показатель", f"{this}, %", f"{that}, %", "Изменение, п.п."], bold=True)
        for item in comparison["totals"]:
            last = item["last"].percent if item["last"] else None
            years.append([str(item["this"].target.label), item["this"].percent, last, item["change"]])
        years.append([])
        years.append(["Организация"] + [f"{t.label}, п.п." for t in TARGETS], bold=True)
        for row in overview["rows"]:
            changes = comparison["organizations"][row["organization"].pk]
            years.append([row["organization"].short_name] + [item["change"] for item in changes])
    return writer.to_bytes()
