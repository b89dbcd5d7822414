"""The committee's dashboard as xlsx: organisations' names and numbers, nothing personal."""

from django.utils import timezone

from apps.core.xlsx import XlsxWriter

from .targets import TARGETS

WIDTHS = {"A": 45}


BREAKDOWN_TITLES = {
    "forms": "Участники по формам наставничества",
    "categories": "Участники по категориям",
    "ages": "Участники по возрастным группам",
    "origins": "Наставники по происхождению",
    "inclusion": "Группы инклюзии (менее 3 человек не показываются)",
}


def committee_workbook(
    municipality, overview: dict, as_of, comparison: dict | None = None, breakdowns: dict | None = None
) -> bytes:
    """`breakdowns`: the dashboard's (`selectors.municipality_breakdowns`, the same hourly
    snapshot); None when nothing was recorded for the period (no sheet then)."""
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
    if breakdowns:
        sheet = writer.sheet("Разрезы", widths=WIDTHS)
        counted_at = breakdowns["counted_at"]
        sheet.append([f"Разрезы муниципалитета по данным на {timezone.localtime(counted_at):%d.%m.%Y %H:%M}"])
        for key, title in BREAKDOWN_TITLES.items():
            sheet.append([])
            sheet.append([title], bold=True)
            for label, count in breakdowns["labelled"][key]:
                sheet.append([str(label), "менее 3" if count is None else count])
        sheet.append([])
        sheet.append(
            ["Доля обучающихся 10–18 лет, участвующих в наставничестве, %", breakdowns["pupils_share"]]
        )
    return writer.to_bytes()
