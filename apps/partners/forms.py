from django import forms
from django.utils.translation import gettext_lazy as _

from apps.core.uploads import check_scan
from apps.participants.forms import DATE_INPUT, MAX_SCAN_BYTES
from apps.participants.models import PartnerOrganization

from .models import Agreement, Status
from .selectors import NO_AGREEMENT


class PartnerForm(forms.ModelForm):
    # «omsk.ru» typed without a scheme is read as https.
    website = forms.URLField(label=_("website"), max_length=300, required=False, assume_scheme="https")

    class Meta:
        model = PartnerOrganization
        fields = ["name", "kind", "inn", "ogrn", "address", "contact", "phone", "email", "website"]
        help_texts = {
            "inn": _("Optional: 10 digits for an organisation, 12 for an entrepreneur."),
            "ogrn": _("Optional: 13 digits, or 15 for an entrepreneur."),
        }

    def clean_inn(self):
        return "".join(self.cleaned_data.get("inn", "").split())

    def clean_ogrn(self):
        return "".join(self.cleaned_data.get("ogrn", "").split())


class AgreementForm(forms.ModelForm):
    class Meta:
        model = Agreement
        fields = ["number", "concluded_on", "starts_on", "ends_on", "subject", "scan"]
        widgets = {
            "concluded_on": DATE_INPUT,
            "starts_on": DATE_INPUT,
            "ends_on": DATE_INPUT,
            "subject": forms.Textarea(attrs={"rows": 3}),
            # A new scan replaces the old one; there is no «clear» box: an agreement keeps its scan.
            "scan": forms.FileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
        }

    def clean_scan(self):
        scan = self.cleaned_data.get("scan")
        if scan and hasattr(scan, "content_type"):  # something new uploaded
            check_scan(scan, max_bytes=MAX_SCAN_BYTES)
        return scan

    def clean(self):
        data = super().clean()
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The agreement cannot end before it starts."))
        return data


class StatusFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Agreement"),
        required=False,
        choices=[("", _("All partners")), *Status.choices, (NO_AGREEMENT, _("No agreement"))],
    )
