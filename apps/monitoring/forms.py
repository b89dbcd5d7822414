from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from apps.core.academic_year import academic_year_of

from .models import Headcount
from .periods import academic_year_label, parse_period


class HeadcountForm(forms.ModelForm):
    class Meta:
        model = Headcount
        fields = ["students", "teachers"]
        help_texts = {
            "students": _("All students of the organisation, not only those in the programme."),
            "teachers": _("All teachers, young specialists included."),
        }


class ReportForm(forms.Form):
    period = forms.CharField(
        label=_("Period"),
        max_length=12,
        help_text=_(
            "A quarter, e.g. 2026-Q4, a calendar year, e.g. 2026, or an academic year, e.g. 2026/27."
        ),
    )

    def clean_period(self):
        try:
            return parse_period(self.cleaned_data["period"]).label
        except ValueError:
            raise ValidationError(_("Write the period as 2026-Q4, 2026 or 2026/27.")) from None


YEARS_OFFERED = 5  # this academic year and the four before


class YearChoiceForm(forms.Form):
    """The committee's dashboard: which academic year, compared with which (GET)."""

    year = forms.ChoiceField(label=_("Academic year"))
    against = forms.ChoiceField(label=_("Compared with"))

    def __init__(self, *args, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.current = academic_year_of(today)
        choices = [
            (academic_year_label(y), academic_year_label(y))
            for y in range(self.current, self.current - YEARS_OFFERED, -1)
        ]
        self.fields["year"].choices = choices
        self.fields["against"].choices = choices
        self.fields["year"].initial, self.fields["against"].initial = choices[0][0], choices[1][0]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("year") and cleaned.get("year") == cleaned.get("against"):
            raise ValidationError(_("Choose two different academic years to compare."))
        return cleaned

    def years(self) -> tuple[int, int]:
        """The chosen years (their first calendar years); this one and the last by default."""
        if self.is_bound and self.is_valid():
            return (
                parse_period(self.cleaned_data["year"]).academic_year,
                parse_period(self.cleaned_data["against"]).academic_year,
            )
        return self.current, self.current - 1
