"""The region's monitoring forms: indicator sets, their indicators, and the committees' notes.

A set belongs to a region (the regional centre keeps it); each indicator is a label, a
formula over the portal's named counts (`formula.py`, `counts.py`), the periods it is
reported for, and a target. A committee fills the form for its municipality: the numbers come
from the portal, the analytical note (`FormNote`) is its own, printed with the chair's
signature block (a `documents` kind).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.models import OwnedModel


class IndicatorSet(models.Model):
    class Layout(models.TextChoices):
        INDICATORS_IN_ROWS = "indicators", _("An indicator per row, a municipality per column")
        MUNICIPALITIES_IN_ROWS = "municipalities", _("A municipality per row, an indicator per column")

    region = models.ForeignKey(
        "organizations.Region",
        verbose_name=_("region"),
        on_delete=models.CASCADE,
        related_name="indicator_sets",
    )
    title = models.CharField(_("title"), max_length=500)
    basis = models.TextField(_("normative basis"), blank=True)
    layout = models.CharField(
        _("column layout"), max_length=16, choices=Layout.choices, default=Layout.INDICATORS_IN_ROWS
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("indicator set")
        verbose_name_plural = _("indicator sets")
        ordering = ["pk"]

    def __str__(self):
        return self.title


class Indicator(models.Model):
    class Unit(models.TextChoices):
        PERCENT = "percent", _("per cent")
        NUMBER = "number", _("number")

    class Period(models.TextChoices):
        QUARTER = "quarter", _("every quarter and year")
        YEAR = "year", _("the year only")

    indicator_set = models.ForeignKey(IndicatorSet, on_delete=models.CASCADE, related_name="indicators")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    code = models.CharField(_("number in the form"), max_length=16, blank=True)
    label = models.CharField(_("indicator"), max_length=500)
    formula = models.CharField(_("formula"), max_length=300)
    unit = models.CharField(_("unit"), max_length=8, choices=Unit.choices, default=Unit.PERCENT)
    period = models.CharField(_("reported"), max_length=8, choices=Period.choices, default=Period.QUARTER)
    target = models.DecimalField(_("target"), max_digits=9, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.label


class FormNote(OwnedModel):
    """A committee's analytical note to the region's form for one period."""

    indicator_set = models.ForeignKey(IndicatorSet, on_delete=models.CASCADE, related_name="notes")
    period = models.CharField(_("period"), max_length=16)
    note = models.TextField(_("analytical note"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("analytical note")
        verbose_name_plural = _("analytical notes")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "indicator_set", "period"],
                name="one_note_per_municipality_set_period",
            )
        ]

    def __str__(self):
        return f"{self.indicator_set} · {self.period}"
