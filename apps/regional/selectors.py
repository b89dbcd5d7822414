"""Reads of the regional level: the region's dashboard (municipalities in aggregate) and the
values of a monitoring form. Names of municipalities and numbers only, never a person; every
figure from grouped queries, so a page costs the same for 10 organisations or 1,000."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError

from apps.monitoring import targets
from apps.monitoring.periods import Period
from apps.monitoring.selectors import current_numbers
from apps.organizations.models import Municipality, Organization

from . import formula
from .counts import NAMES, counts_by_municipality, region_total
from .models import Indicator, IndicatorSet

AMBER_POINTS = 10  # within ten points below the target is amber (issue #19), further red


def _organizations(municipality_ids) -> list[tuple[int, int]]:
    return list(
        Organization.objects.filter(municipality_id__in=municipality_ids, is_active=True).values_list(
            "pk", "municipality_id"
        )
    )


def region_overview(region, as_of: date) -> dict:
    """The region's municipalities side by side: the targets summed over each one's
    organisations (numerators over denominators), and the region's total."""
    municipalities = list(Municipality.objects.filter(parent_region=region).order_by("name"))
    organizations = _organizations([m.pk for m in municipalities])
    numbers, taken_at = current_numbers([org for org, _m in organizations], as_of)
    summed = {m.pk: {t.code: [0, 0] for t in targets.TARGETS} for m in municipalities}
    counted = {m.pk: 0 for m in municipalities}
    for org, municipality in organizations:
        counted[municipality] += 1
        for code, (numerator, denominator) in numbers.get(org, {}).items():
            summed[municipality][code][0] += numerator
            summed[municipality][code][1] += denominator
    rows = [
        {
            "municipality": m,
            "organizations": counted[m.pk],
            "targets": targets.values_of({c: tuple(v) for c, v in summed[m.pk].items()}),
        }
        for m in municipalities
    ]
    total = {
        t.code: (sum(s[t.code][0] for s in summed.values()), sum(s[t.code][1] for s in summed.values()))
        for t in targets.TARGETS
    }
    return {
        "rows": rows,
        "totals": targets.values_of(total),
        "targets": targets.TARGETS,
        "organizations": len(organizations),
        "taken_at": taken_at,
    }


@dataclass(frozen=True)
class Value:
    number: float | None
    indicator: Indicator

    @property
    def shown(self) -> float | None:
        if self.number is None:
            return None
        return (
            round(self.number, 1) if self.indicator.unit == Indicator.Unit.PERCENT else round(self.number, 2)
        )

    @property
    def state(self) -> str:
        """green at or above the target, amber within 10 points below, red further."""
        target = self.indicator.target
        if self.number is None or target is None:
            return "none"
        target = float(target)
        if self.number >= target:
            return "green"
        margin = AMBER_POINTS if self.indicator.unit == Indicator.Unit.PERCENT else target / AMBER_POINTS
        return "amber" if self.number >= target - margin else "red"


def indicators_of(indicator_set: IndicatorSet, period: Period) -> list[Indicator]:
    """The set's indicators reported in this period: a quarter's form leaves out the yearly ones."""
    rows = list(indicator_set.indicators.all())
    if period.is_quarter:
        rows = [i for i in rows if i.period == Indicator.Period.QUARTER]
    return rows


def _tree(indicator: Indicator):
    try:
        return formula.parse(indicator.formula, NAMES)
    except ValidationError:
        return None  # a count removed since the formula was saved: the value is «no data»


def form_values(indicator_set: IndicatorSet, municipalities: list, period: Period, as_of: date) -> dict:
    """The form's numbers: per indicator, a value per municipality and the total over them."""
    indicators = indicators_of(indicator_set, period)
    trees = {i.pk: _tree(i) for i in indicators}
    needed = set().union(*(formula.names_in(t) for t in trees.values() if t is not None))
    per_municipality = counts_by_municipality(_organizations([m.pk for m in municipalities]), as_of, needed)
    empty = dict.fromkeys(NAMES, 0)
    total = region_total(per_municipality) if per_municipality else empty

    def value(indicator, counts):
        tree = trees[indicator.pk]
        return Value(None if tree is None else formula.evaluate(tree, counts), indicator)

    rows = [
        {
            "indicator": indicator,
            "values": [value(indicator, per_municipality.get(m.pk, empty)) for m in municipalities],
            "total": value(indicator, total),
        }
        for indicator in indicators
    ]
    return {
        "indicator_set": indicator_set,
        "municipalities": municipalities,
        "rows": rows,
        "period": period,
        "as_of": as_of,
    }


def target_text(indicator: Indicator) -> str:
    if indicator.target is None:
        return ""
    number = indicator.target.normalize() if isinstance(indicator.target, Decimal) else indicator.target
    return f"{number:f}".replace(".", ",")
