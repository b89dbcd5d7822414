from django import forms
from django.utils.translation import gettext_lazy as _
from django_scopes.forms import SafeModelChoiceField

from .models import SCALE_MAX, SCALE_MIN, RespondentRole, Stage, SurveyForm, SurveyQuestion
from .tokens import DEFAULT_VALID_DAYS, MAX_VALID_DAYS


class SurveyFormForm(forms.ModelForm):
    class Meta:
        model = SurveyForm
        fields = ["title", "intro", "is_active"]
        widgets = {"intro": forms.Textarea(attrs={"rows": 3})}


class QuestionForm(forms.ModelForm):
    options_text = forms.CharField(
        label=_("Choices"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One choice per line, for the «one choice» type."),
    )

    class Meta:
        model = SurveyQuestion
        fields = ["text", "type", "options_text", "parameter", "audience", "required", "position"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["audience"].choices = [("", _("Everyone who answers the form")), *RespondentRole.choices]
        self.fields["position"].required = False
        if self.instance.pk:
            self.initial["options_text"] = "\n".join(self.instance.options)

    def clean(self):
        cleaned = super().clean()
        cleaned["options"] = [
            line.strip() for line in cleaned.get("options_text", "").splitlines() if line.strip()
        ]
        if cleaned.get("type") == SurveyQuestion.Type.CHOICE and len(cleaned["options"]) < 2:
            self.add_error("options_text", _("Give at least two choices, one per line."))
        return cleaned

    def values(self) -> dict:
        values = {
            name: self.cleaned_data[name]
            for name in ("text", "type", "options", "parameter", "audience", "required", "position")
        }
        if values["position"] is None:
            del values["position"]  # a new question goes last, an edited one keeps its place
        return values

    def _post_clean(self):
        # The service checks the question as a whole (choices, parameter) and saves it.
        pass


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
            self.fields[self.field_name(question)] = self._field(question)

    @staticmethod
    def field_name(question) -> str:
        return f"q{question.pk}"

    @staticmethod
    def _field(question):
        if question.type == SurveyQuestion.Type.SCALE:
            return forms.TypedChoiceField(
                label=question.text,
                required=question.required,
                coerce=int,
                empty_value=None,
                choices=[(n, str(n)) for n in range(SCALE_MIN, SCALE_MAX + 1)],
                widget=forms.RadioSelect,
            )
        if question.type == SurveyQuestion.Type.CHOICE:
            return forms.ChoiceField(
                label=question.text,
                required=question.required,
                choices=[(option, option) for option in question.options],
                widget=forms.RadioSelect,
            )
        return forms.CharField(
            label=question.text,
            required=question.required,
            max_length=5000,
            widget=forms.Textarea(attrs={"rows": 3}),
        )

    def values(self) -> dict:
        """{question: value} for the service."""
        return {q: self.cleaned_data.get(self.field_name(q)) for q in self.questions}

    def rows(self):
        """(question, bound field) pairs, for the template."""
        return [(q, self[self.field_name(q)]) for q in self.questions]
