from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes.forms import SafeModelChoiceField

from apps.core.uploads import check_scan
from apps.questions.forms import answer_field
from apps.questions.models import Question

from .models import (
    Category,
    Consent,
    ExtraInformation,
    Participant,
    PartnerOrganization,
    ProgrammeRole,
    SensitiveAttributes,
    Status,
)

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ParticipantForm(forms.ModelForm):
    class Meta:
        model = Participant
        fields = [
            "last_name",
            "first_name",
            "patronymic",
            "birth_date",
            "category",
            "group_name",
            "programme_role",
            "status",
            "email",
            "phone",
            "partner",
        ]
        widgets = {"birth_date": DATE_INPUT}
        # The default queryset would be built at import time, outside any tenant scope.
        field_classes = {"partner": SafeModelChoiceField}

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        # The scoped manager already limits partners to this organisation; be explicit anyway.
        self.fields["partner"].queryset = PartnerOrganization.objects.filter(organization=organization)
        self.fields["status"].choices = [c for c in Status.choices if c[0] != Status.LEFT]

    def clean(self):
        cleaned = super().clean()
        birth_date = cleaned.get("birth_date")
        if birth_date and birth_date > timezone.localdate():
            self.add_error("birth_date", _("The birth date is in the future."))
        if cleaned.get("category") == Category.STUDENT and not birth_date:
            self.add_error("birth_date", _("A student's birth date decides whose consent is needed."))
        return cleaned


class RegistryFilterForm(forms.Form):
    query = forms.CharField(label=_("Search"), required=False, max_length=100)
    category = forms.ChoiceField(
        label=_("Category"), required=False, choices=[("", _("All categories")), *Category.choices]
    )
    programme_role = forms.ChoiceField(
        label=_("Role in the programme"),
        required=False,
        choices=[("", _("Mentors and mentees")), *ProgrammeRole.choices[:2]],
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All statuses")), *Status.choices]
    )
    consent = forms.ChoiceField(
        label=_("Consent"),
        required=False,
        choices=[("", _("Any")), ("ok", _("Consent on file")), ("missing", _("Consent missing"))],
    )
    group_name = forms.CharField(label=_("Class or group"), required=False, max_length=50)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("name", _("Name, A to Z")),
            ("-name", _("Name, Z to A")),
            ("group", _("Class or group")),
            ("birth_date", _("Oldest first")),
            ("-birth_date", _("Youngest first")),
            ("status", _("Status")),
            ("-created", _("Newest first")),
        ],
    )


MAX_SCAN_BYTES = 10 * 1024 * 1024


class ConsentForm(forms.ModelForm):
    class Meta:
        model = Consent
        fields = [
            "given_by",
            "representative_name",
            "representative_relation",
            "signed_on",
            "scope",
            "document",
        ]
        widgets = {"signed_on": DATE_INPUT, "scope": forms.Textarea(attrs={"rows": 2})}

    def clean_document(self):
        document = self.cleaned_data.get("document")
        if document:
            check_scan(document, max_bytes=MAX_SCAN_BYTES)
        return document


class RevokeConsentForm(forms.Form):
    revoked_on = forms.DateField(label=_("Revoked on"), widget=DATE_INPUT, initial=timezone.localdate)
    reason = forms.CharField(label=_("Reason"), max_length=255, required=False)

    def clean_revoked_on(self):
        # A date ahead would put off the removal of the data past the 30 days of the law.
        revoked_on = self.cleaned_data["revoked_on"]
        if revoked_on > timezone.localdate():
            raise forms.ValidationError(_("A consent cannot be revoked in the future."))
        return revoked_on


class LeaveForm(forms.Form):
    left_on = forms.DateField(label=_("Left on"), widget=DATE_INPUT, initial=timezone.localdate)
    reason = forms.CharField(label=_("Reason"), max_length=255)


class ExtraInformationForm(forms.ModelForm):
    class Meta:
        model = ExtraInformation
        fields = ["source", "author_name", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}


class AnswersForm(forms.Form):
    """One field per question of the questionnaire, by its answer type."""

    def __init__(self, *args, questions, answers, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            name = f"q{question.pk}"
            self.fields[name] = answer_field(question)
            if question.pk in answers:
                value = answers[question.pk]
                if question.kind == Question.Kind.YES_NO and isinstance(value, bool):
                    value = "yes" if value else "no"
                self.initial[name] = value

    def values(self) -> dict[int, object]:
        return {q.pk: self.cleaned_data.get(f"q{q.pk}") for q in self.questions}


class SensitiveAttributesForm(forms.Form):
    """The inclusion groups of a participant, ticked under one of their consents in force."""

    disability = forms.BooleanField(
        label=SensitiveAttributes._meta.get_field("disability").verbose_name, required=False
    )
    difficult_situation = forms.BooleanField(
        label=SensitiveAttributes._meta.get_field("difficult_situation").verbose_name, required=False
    )
    low_income = forms.BooleanField(
        label=SensitiveAttributes._meta.get_field("low_income").verbose_name, required=False
    )
    rural = forms.BooleanField(
        label=SensitiveAttributes._meta.get_field("rural").verbose_name, required=False
    )
    consent = SafeModelChoiceField(
        queryset=Consent.objects.none(),
        label=_("Under the consent"),
        help_text=_("The consent whose scope covers these data; its words are kept with them."),
    )

    def __init__(self, *args, participant, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent"].queryset = Consent.objects.filter(
            participant=participant, revoked_on__isnull=True
        )
