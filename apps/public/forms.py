from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.roadmap.models import Roadmap

from .models import NewsItem, PublicDocument, PublicSection
from .services import publishable_orders

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class SectionForm(forms.ModelForm):
    class Meta:
        model = PublicSection
        fields = [
            "is_open",
            "intro",
            "contact_name",
            "contact_position",
            "contact_phone",
            "contact_email",
            "show_events",
            "show_targets",
        ]
        widgets = {"intro": forms.Textarea(attrs={"rows": 3})}


class NewsForm(forms.ModelForm):
    publish = forms.BooleanField(label=_("Publish now"), required=False)

    class Meta:
        model = NewsItem
        fields = ["title", "text", "published_on", "about_results"]
        widgets = {"text": forms.Textarea(attrs={"rows": 8}), "published_on": DATE_INPUT}
        help_texts = {"text": _("Paragraphs, lists and tables; anything else is removed.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.initial["published_on"] = timezone.localdate()
        else:
            del self.fields["publish"]


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=PublicDocument.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=300, required=False)
    file = forms.FileField(label=_("PDF file"), required=False)
    order = forms.ModelChoiceField(
        label=_("Approved order"),
        queryset=None,
        required=False,
        help_text=_("Orders naming participants (the pairs order, rewards…) are never published."),
    )
    published_on = forms.DateField(label=_("Date"), widget=DATE_INPUT)
    publish = forms.BooleanField(label=_("Publish now"), required=False)

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["order"].queryset = publishable_orders(organization)
        self.fields["published_on"].initial = timezone.localdate()

    def clean(self):
        data = super().clean()
        if data.get("kind") != PublicDocument.Kind.ORDER and not data.get("title", "").strip():
            self.add_error("title", _("Give the document a title."))
        return data


class RoadmapPublishForm(forms.Form):
    roadmap = forms.ModelChoiceField(
        label=_("Roadmap"),
        queryset=None,
        required=False,
        empty_label=_("None"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["roadmap"].queryset = Roadmap.objects.filter(organization=organization).order_by(
            "-academic_year"
        )


class WinnerConsentForm(forms.Form):
    signed_on = forms.DateField(
        label=_("Consent to publication signed on"),
        widget=forms.DateInput(
            attrs={"type": "date", "class": "form-control form-control-sm"}, format="%Y-%m-%d"
        ),
    )
