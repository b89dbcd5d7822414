from django import forms
from django.utils.translation import gettext_lazy as _

from . import formula
from .counts import NAMES
from .models import Indicator, IndicatorSet


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = ["code", "label", "formula", "unit", "period", "target"]
        help_texts = {
            "formula": _(
                "Counts by name, numbers, + − * / and brackets, e.g. 100 * student_mentors / students."
            ),
            "target": _("Empty: no target, the value is shown without a state."),
        }

    def clean_formula(self):
        text = self.cleaned_data["formula"].strip()
        formula.parse(text, NAMES)  # a ValidationError names the unknown count or sign
        return text


class IndicatorSetForm(forms.ModelForm):
    class Meta:
        model = IndicatorSet
        fields = ["title", "basis", "layout"]
        widgets = {"basis": forms.Textarea(attrs={"rows": 2})}


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Analytical note"), required=False, max_length=20000, widget=forms.Textarea(attrs={"rows": 8})
    )
