"""Reads of the regional level: the region's dashboard (municipalities in aggregate) and the
values of a monitoring form. Names of municipalities and numbers only, never a person; every
figure from grouped queries, so a page costs the same for 10 organisations or 1,000."""

from collections import Counter
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Count, Min, Sum

from apps.monitoring import targets
from apps.monitoring.models import TargetSnapshot
from apps.monitoring.periods import Period, quarter_of
from apps.monitoring.selectors import snapshot_sums
from apps.organizations.models import Municipality, Organization

from . import formula
from .counts import COUNTS, NAMES, counts_by_municipality, region_total
from .models import Indicator, IndicatorSet

AMBER_POINTS = 10  # within ten points below the target is amber (issue #19), further red


def _organizations(municipality_ids) -> list[tuple[int, int]]:
    return list(
        Organization.objects.filter(municipality_id__in=municipality_ids, is_active=True).values_list(
            "pk", "municipality_id"
        )
    )


def region_overview(region, as_of: date, municipalities: list | None = None) -> dict:
    """The region's municipalities side by side: the targets summed over each one's
    organisations (numerators over denominators), and the total over them. Summed in SQL from
    the quarter's snapshots (a few dozen rows back for 1,000 organisations); only an
    organisation without its snapshots yet is counted afresh. `municipalities`: some of the
    region's only (a page of the API), the total then theirs."""
    in_region = {"municipality__parent_region": region}
    if municipalities is None:
        municipalities = list(Municipality.objects.filter(parent_region=region).order_by("name"))
    else:
        in_region["municipality__in"] = municipalities
    organizations = Organization.objects.filter(**in_region, is_active=True)
    counted = dict(organizations.values_list("municipality_id").annotate(n=Count("pk")).order_by())
    snapshots = TargetSnapshot.objects.filter(
        period=quarter_of(as_of),
        **{f"organization__{key}": value for key, value in in_region.items()},
        organization__is_active=True,
    )
    summed = {m.pk: {t.code: [0, 0] for t in targets.TARGETS} for m in municipalities}
    rows = list(
        snapshots.values("organization__municipality_id", "code").annotate(**snapshot_sums()).order_by()
    )
    complete = {(row["organization__municipality_id"], row["code"]): row["organizations"] for row in rows}
    missing = []
    if any(complete.get((m, t.code), 0) != n for m, n in counted.items() for t in targets.TARGETS):
        # Some organisation has no snapshot yet (new, or the beat has not run): those are
        # counted afresh, and their partial snapshots left out. Rare: the beat runs hourly.
        found = Counter(snapshots.values_list("organization_id", flat=True))
        missing = [
            (org, municipality)
            for org, municipality in organizations.values_list("pk", "municipality_id")
            if found[org] < len(targets.TARGETS)
        ]
        rows = list(
            snapshots.exclude(organization_id__in=[org for org, _m in missing])
            .values("organization__municipality_id", "code")
            .annotate(numerator=Sum("numerator"), denominator=Sum("denominator"), taken_at=Min("taken_at"))
            .order_by()
        )
    taken = []
    for row in rows:
        if row["code"] in summed[row["organization__municipality_id"]]:
            pair = summed[row["organization__municipality_id"]][row["code"]]
            pair[0] += row["numerator"]
            pair[1] += row["denominator"]
            taken.append(row["taken_at"])
    if missing:
        fresh = targets.compute([org for org, _m in missing], as_of)
        for org, municipality in missing:
            for code, (numerator, denominator) in fresh[org].items():
                summed[municipality][code][0] += numerator
                summed[municipality][code][1] += denominator
    rows = [
        {
            "municipality": m,
            "organizations": counted.get(m.pk, 0),
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
        "organizations": sum(counted.values()),
        "taken_at": min(taken) if taken and not missing else None,
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

    labels = {count.name: str(count.label) for count in COUNTS}

    def value(indicator, counts):
        tree = trees[indicator.pk]
        return Value(None if tree is None else formula.evaluate(tree, counts), indicator)

    rows = [
        {
            "indicator": indicator,
            "formula_in_words": formula.in_words(indicator.formula, labels),
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
