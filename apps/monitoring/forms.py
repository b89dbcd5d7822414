from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import Headcount
from .periods import parse_period


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
        label=_("Period"), max_length=12, help_text=_("A quarter, e.g. 2026-Q4, a calendar year, e.g. 2026, or an academic year, e.g. 2026/27.")
    )

    def clean_period(self):
        try:
            return parse_period(self.cleaned_data["period"]).label
        except ValueError:
            raise ValidationError(_("Write the period as 2026-Q4, 2026 or 2026/27.")) from None
