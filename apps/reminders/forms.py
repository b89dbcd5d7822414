from django import forms
from django.utils.translation import gettext as _

from .registry import KINDS


def _switch(initial: bool, label: str) -> forms.BooleanField:
    widget = forms.CheckboxInput(attrs={"class": "form-check-input", "aria-label": label})
    return forms.BooleanField(required=False, initial=initial, label=label, widget=widget)


class PreferencesForm(forms.Form):
    """Two switches per kind: by e-mail, in the portal."""

    def __init__(self, *args, preferences: dict[str, tuple[bool, bool]], **kwargs):
        super().__init__(*args, **kwargs)
        for code, kind in KINDS.items():
            by_email, in_portal = preferences[code]
            label = {"kind": kind.label}
            self.fields[f"{code}-email"] = _switch(by_email, _("%(kind)s: by e-mail") % label)
            self.fields[f"{code}-portal"] = _switch(in_portal, _("%(kind)s: in the portal") % label)

    def rows(self):
        """(kind, e-mail field, portal field) for the table of the page."""
        return [(kind, self[f"{code}-email"], self[f"{code}-portal"]) for code, kind in KINDS.items()]

    def preferences(self) -> dict[str, tuple[bool, bool]]:
        data = self.cleaned_data
        return {code: (data[f"{code}-email"], data[f"{code}-portal"]) for code in KINDS}
