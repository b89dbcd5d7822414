from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes.forms import SafeModelChoiceField

from apps.core.uploads import check_scan
from apps.participants.forms import DATE_INPUT, MAX_SCAN_BYTES
from apps.participants.models import Participant

from .models import DutyConsent, ProfessionalRequest, Situation


class ProfileForm(forms.Form):
    situation = forms.ChoiceField(label=_("Category of mentee"), choices=Situation.choices)
    started_on = forms.DateField(label=_("Started teaching on"), required=False, widget=DATE_INPUT)
    experience_years = forms.IntegerField(
        label=_("Years of teaching experience"), min_value=0, max_value=60, initial=0
    )
    position = forms.CharField(label=_("Position and subject"), max_length=255, required=False)
    new_role = forms.CharField(label=_("The new role"), max_length=255, required=False)


class RequestForm(forms.Form):
    source = forms.ChoiceField(label=_("Source"), choices=ProfessionalRequest.Source.choices)
    text = forms.CharField(label=_("Request"), max_length=500)


class DutyConsentForm(forms.Form):
    mentor = SafeModelChoiceField(label=_("Mentor"), queryset=Participant.objects.none())
    signed_on = forms.DateField(label=_("Signed on"), widget=DATE_INPUT, initial=timezone.localdate)
    starts_on = forms.DateField(label=_("Mentoring from"), widget=DATE_INPUT)
    ends_on = forms.DateField(label=_("Mentoring until"), widget=DATE_INPUT)
    document = forms.FileField(label=_("Scanned signed copy"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Mentors are employees: teachers of the base who mentor.
        self.fields["mentor"].queryset = Participant.objects.filter(
            anonymised_at__isnull=True,
            programme_role__in=("mentor", "both"),
            category__in=("teacher", "young_specialist"),
        )

    def clean_document(self):
        document = self.cleaned_data.get("document")
        if document:
            check_scan(document, max_bytes=MAX_SCAN_BYTES)
        return document


class EndEarlyForm(forms.Form):
    notice_by = forms.ChoiceField(label=_("Notice given by"), choices=DutyConsent.Side.choices)
    notice_on = forms.DateField(label=_("Notice given on"), widget=DATE_INPUT, initial=timezone.localdate)
    ended_on = forms.DateField(label=_("The duties end on"), widget=DATE_INPUT)
    reason = forms.CharField(label=_("Reason"), max_length=255, required=False)


class WordingForm(forms.Form):
    content = forms.CharField(label=_("Content of the mentoring"), widget=forms.Textarea(attrs={"rows": 4}))
    form = forms.CharField(label=_("Form of the mentoring"), widget=forms.Textarea(attrs={"rows": 2}))
    payment = forms.CharField(label=_("Payment or other incentive"), widget=forms.Textarea(attrs={"rows": 3}))
    termination = forms.CharField(label=_("Early termination"), widget=forms.Textarea(attrs={"rows": 3}))


class ProgrammeTemplateForm(forms.Form):
    field_order = ["situation", "title", "goals", "forms", "results", "assessment"]

    situation = forms.ChoiceField(label=_("Situation"), choices=Situation.choices, widget=forms.HiddenInput)
    title = forms.CharField(label=_("Title"), max_length=300)
    goals = forms.CharField(label=_("Goals"), widget=forms.Textarea(attrs={"rows": 3}))
    results = forms.CharField(
        label=_("Expected results"), widget=forms.Textarea(attrs={"rows": 4}), help_text=_("One a line.")
    )
    assessment = forms.CharField(
        label=_("How results are assessed"), widget=forms.Textarea(attrs={"rows": 3})
    )
    # Last: the name `forms` hides the module inside the class body from here on.
    forms = forms.CharField(
        label=_("Forms of work"), widget=forms.Textarea(attrs={"rows": 4}), help_text=_("One a line.")
    )


class ProgrammeDraftForm(forms.Form):
    situation = forms.ChoiceField(label=_("Template"), choices=Situation.choices, required=False)


class ProgrammeEditForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=500)
    body = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 20}))
