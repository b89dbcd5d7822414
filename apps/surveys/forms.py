from django import forms
from django.utils.translation import gettext_lazy as _
from django_scopes.forms import SafeModelChoiceField

from apps.questions.forms import answer_field

from .models import RespondentRole, Stage, SurveyForm
from .tokens import DEFAULT_VALID_DAYS, MAX_VALID_DAYS


class SurveyFormForm(forms.ModelForm):
    class Meta:
        model = SurveyForm
        fields = ["title", "intro", "is_active"]
        widgets = {"intro": forms.Textarea(attrs={"rows": 3})}


class InviteForm(forms.Form):
    """Personal links of one form for chosen members of the programme's pairs."""

    form = SafeModelChoiceField(label=_("Form"), queryset=SurveyForm.objects.none())
    stage = forms.ChoiceField(
        label=_("Stage"),
        required=False,
        choices=[
            ("", _("— for the evaluation only —")),
            (Stage.BEFORE, Stage.BEFORE.label),
            (Stage.AFTER, Stage.AFTER.label),
        ],
        help_text=_("The evaluation is made before the programme and again after it."),
    )
    valid_days = forms.IntegerField(
        label=_("Valid for, days"), min_value=1, max_value=MAX_VALID_DAYS, initial=DEFAULT_VALID_DAYS
    )
    recipients = forms.MultipleChoiceField(label=_("Who is asked"), widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, organization, recipients, **kwargs):
        super().__init__(*args, **kwargs)
        self.recipients = {r.key: r for r in recipients}
        self.fields["form"].queryset = SurveyForm.objects.filter(organization=organization, is_active=True)
        self.fields["recipients"].choices = [
            (r.key, f"{r.participant.full_name} · {RespondentRole(r.role).label}") for r in recipients
        ]
        self.initial.setdefault("recipients", list(self.recipients))

    def clean(self):
        cleaned = super().clean()
        form, stage = cleaned.get("form"), cleaned.get("stage", "")
        if form is not None:
            if form.has_stages and not stage:
                self.add_error("stage", _("Choose the stage: before or after the programme."))
            elif not form.has_stages:
                cleaned["stage"] = ""
        return cleaned

    def chosen(self) -> list:
        return [self.recipients[key] for key in self.cleaned_data["recipients"]]


class AnswerForm(forms.Form):
    """The questions of a form asked of one role, one field per question ("q<id>")."""

    def __init__(self, *args, form: SurveyForm, questions, role: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = [q for q in questions if q.is_asked_of(role)]
        for question in self.questions:
            self.fields[self.field_name(question)] = answer_field(question, radios=True)

    @staticmethod
    def field_name(question) -> str:
        return f"q{question.pk}"

    def values(self) -> dict:
        """{question: value} for the service."""
        return {q: self.cleaned_data.get(self.field_name(q)) for q in self.questions}

    def rows(self):
        """(question, bound field) pairs, for the template."""
        return [(q, self[self.field_name(q)]) for q in self.questions]
