"""The region's monitoring form as xlsx, in the set's own column layout (core.xlsx)."""

from apps.core.xlsx import XlsxWriter

from .models import IndicatorSet
from .selectors import target_text

UNIT_TEXT = {"percent": "%", "number": "ед."}
PERIOD_TEXT = {"quarter": "квартал, год", "year": "год"}


def form_workbook(*, owner_name: str, data: dict) -> bytes:
    """`owner_name` heads the form (the regional centre or the committee); the numbers are the
    municipalities' and the total over them, no organisation's and nobody's."""
    indicator_set, period = data["indicator_set"], data["period"]
    municipalities, rows = data["municipalities"], data["rows"]
    with_total = len(municipalities) > 1
    writer = XlsxWriter()
    sheet = writer.sheet("Форма", widths={"A": 8, "B": 60} if _by_indicator(indicator_set) else {"A": 40})
    sheet.append([sheet.cell(indicator_set.title, bold=True)])
    sheet.append([owner_name])
    sheet.append([f"Период: {period.label}; данные на {data['as_of']:%d.%m.%Y}"])
    if indicator_set.basis:
        sheet.append([f"Основание: {indicator_set.basis}"])
    sheet.append([])
    if _by_indicator(indicator_set):
        header = ["№", "Показатель", "Ед. изм.", "Периодичность", "Целевое значение"]
        header += [m.name for m in municipalities] + (["Итого по региону"] if with_total else [])
        sheet.append(header, bold=True)
        for row in rows:
            indicator = row["indicator"]
            line = [
                indicator.code,
                indicator.label,
                UNIT_TEXT[indicator.unit],
                PERIOD_TEXT[indicator.period],
                _target(indicator),
            ]
            line += [v.shown for v in row["values"]] + ([row["total"].shown] if with_total else [])
            sheet.append(line)
    else:
        header = ["Муниципалитет"] + [_column(row["indicator"]) for row in rows]
        sheet.append(header, bold=True)
        for index, municipality in enumerate(municipalities):
            sheet.append([municipality.name] + [row["values"][index].shown for row in rows])
        if with_total:
            sheet.append([sheet.cell("Итого по региону", bold=True)] + [row["total"].shown for row in rows])
    return writer.to_bytes()


def _by_indicator(indicator_set) -> bool:
    return indicator_set.layout == IndicatorSet.Layout.INDICATORS_IN_ROWS


def _target(indicator):
    return float(indicator.target) if indicator.target is not None else None


def _column(indicator) -> str:
    head = f"{indicator.code}. {indicator.label}" if indicator.code else indicator.label
    target = target_text(indicator)
    return f"{head}, {UNIT_TEXT[indicator.unit]}" + (f" (цель {target})" if target else "")
