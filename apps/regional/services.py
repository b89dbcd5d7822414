"""Writes of the region's forms: sets, indicators, the committees' notes. Each one audited."""

from django.db import transaction
from django.db.models import Max

from apps.audit.services import log_action

from . import defaults, formula
from .counts import NAMES
from .models import FormNote, Indicator, IndicatorSet

INDICATOR_FIELDS = ("code", "label", "formula", "unit", "period", "target")


def _log(action, *, actor, target: IndicatorSet, data=None):
    # A region's rows belong to no organisation or municipality: the entry is the region's own.
    log_action(
        organization=None,
        municipality=None,
        region=target.region,
        actor=actor,
        action=action,
        target=target,
        data=data,
    )


@transaction.atomic
def indicator_set_create_default(*, region, actor=None) -> IndicatorSet:
    """The region's copy of the federal set (defaults.py)."""
    indicator_set = IndicatorSet.objects.create(
        region=region, title=defaults.TITLE, basis=defaults.BASIS, layout=defaults.DEFAULT_LAYOUT
    )
    Indicator.objects.bulk_create(
        Indicator(
            indicator_set=indicator_set,
            position=i,
            code=code,
            label=label,
            formula=text,
            unit=unit,
            period=period,
            target=target,
        )
        for i, (code, label, text, unit, period, target) in enumerate(defaults.INDICATORS, start=1)
    )
    _log("regional.set_created", actor=actor, target=indicator_set)
    return indicator_set


@transaction.atomic
def indicator_set_update(
    *, indicator_set: IndicatorSet, actor, title: str, basis: str, layout: str
) -> IndicatorSet:
    stored = IndicatorSet.objects.select_for_update().get(pk=indicator_set.pk)
    values = {"title": title, "basis": basis, "layout": layout}
    changed = [f for f, v in values.items() if getattr(stored, f) != v]
    for field in changed:
        setattr(stored, field, values[field])
    if changed:
        stored.save(update_fields=[*changed, "updated_at"])
        _log("regional.set_changed", actor=actor, target=stored, data={"fields": changed})
    return stored


@transaction.atomic
def indicator_save(
    *, indicator_set: IndicatorSet, actor, indicator: Indicator | None = None, **values
) -> Indicator:
    """Create or change an indicator; its formula is checked against the named counts."""
    formula.parse(values["formula"], NAMES)
    if indicator is None:
        last = indicator_set.indicators.aggregate(last=Max("position"))["last"] or 0
        indicator = Indicator.objects.create(indicator_set=indicator_set, position=last + 1, **values)
        _log("regional.indicator_added", actor=actor, target=indicator_set, data={"fields": list(values)})
        return indicator
    stored = Indicator.objects.select_for_update().get(pk=indicator.pk, indicator_set=indicator_set)
    changed = [f for f in INDICATOR_FIELDS if f in values and getattr(stored, f) != values[f]]
    for field in changed:
        setattr(stored, field, values[field])
    if changed:
        stored.save(update_fields=changed)
        _log("regional.indicator_changed", actor=actor, target=indicator_set, data={"fields": changed})
    return stored


@transaction.atomic
def indicator_delete(*, indicator: Indicator, actor) -> None:
    indicator_set = indicator.indicator_set
    indicator.delete()
    _log("regional.indicator_deleted", actor=actor, target=indicator_set)


@transaction.atomic
def form_note_save(*, municipality, indicator_set: IndicatorSet, period: str, note: str, actor) -> FormNote:
    """The committee's analytical note for a period (one per municipality, set and period)."""
    row, created = FormNote.objects.select_for_update().get_or_create(
        organization=None,
        municipality=municipality,
        indicator_set=indicator_set,
        period=period,
        defaults={"note": note},
    )
    if not created and row.note != note:
        row.note = note
        row.save(update_fields=["note", "updated_at"])
    row.log("regional.note_saved", actor=actor, data={"period": period})
    return row
