"""The one question form of the editor, and the one answer field of a question (a
questionnaire's card, a survey's page)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Question
from .registry import OwnerSpec

# Which answer types use which field: the others are hidden on the page and ignored here.
FIELDS_BY_KIND = {
    "choices_text": Question.CHOICE_KINDS,
    "scale_max": (Question.Kind.SCALE,),
    "parameter": (Question.Kind.SCALE,),
}


class QuestionForm(forms.ModelForm):
    choices_text = forms.CharField(
        label=_("Choices"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One choice per line."),
    )

    class Meta:
        model = Question
        fields = [
            "text",
            "kind",
            "topic",
            "choices_text",
            "scale_max",
            "parameter",
            "audience",
            "is_required",
        ]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, spec: OwnerSpec, **kwargs):
        super().__init__(*args, **kwargs)
        self.spec = spec
        for name in ("topic", "parameter", "audience"):
            if name not in spec.extra_fields:
                del self.fields[name]
        if spec.fixed_scale_max:
            del self.fields["scale_max"]
        else:
            self.fields["scale_max"].required = False  # asked of scale questions only
            self.fields["scale_max"].widget.attrs.update(min=2, max=10)
        if "audience" in self.fields:
            self.fields["audience"].choices = [
                ("", _("Everyone who answers the form")),
                *Question.Audience.choices,
            ]
        kind = self.fields["kind"]
        kind.choices = [(value, label) for value, label in Question.Kind.choices if value in spec.kinds]
        kind.widget.attrs["data-kind-select"] = ""
        if self.instance.pk:
            self.initial["choices_text"] = "\n".join(self.instance.choices)

    def shown_for(self):
        """(bound field, the kinds it is shown for, space-separated, or "") for the template."""
        return [(field, " ".join(FIELDS_BY_KIND.get(field.name, ()))) for field in self.visible_fields()]

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        choices = [line.strip() for line in cleaned.get("choices_text", "").splitlines() if line.strip()]
        if kind in Question.CHOICE_KINDS and len(choices) < 2:
            self.add_error("choices_text", _("Give at least two choices, one per line."))
        cleaned["choices"] = choices if kind in Question.CHOICE_KINDS else []
        if "scale_max" in self.fields:
            scale_max = cleaned.get("scale_max")
            if kind == Question.Kind.SCALE and not (scale_max and 2 <= scale_max <= 10):
                self.add_error("scale_max", _("Give the scale's maximum, from 2 to 10."))
            if kind != Question.Kind.SCALE:
                cleaned["scale_max"] = self.instance.scale_max if self.instance.pk else 5
        if "parameter" in self.fields and kind != Question.Kind.SCALE:
            if cleaned.get("parameter"):
                self.add_error(None, _("Only scale questions are compared before and after."))
        return cleaned

    def _post_clean(self):
        # The service checks and saves the question (the form has no model validation to do).
        pass

    def values(self) -> dict:
        names = ["text", "kind", "choices", "is_required", *self.spec.extra_fields]
        if "scale_max" in self.fields:
            names.append("scale_max")
        return {name: self.cleaned_data[name] for name in names}


def answer_field(question: Question, *, radios: bool = False, required: bool | None = None):
    """The form field answering `question`, by its kind."""
    common = {
        "label": question.text,
        "required": question.is_required if required is None else required,
    }
    choices = [(c, c) for c in question.choices]
    if question.kind == Question.Kind.CHOICE:
        if radios:
            return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)
        return forms.ChoiceField(choices=[("", "—"), *choices], **common)
    if question.kind == Question.Kind.MULTIPLE:
        return forms.MultipleChoiceField(choices=choices, widget=forms.CheckboxSelectMultiple, **common)
    if question.kind == Question.Kind.SCALE:
        scale = [(n, str(n)) for n in range(1, question.scale_max + 1)]
        if radios:
            return forms.TypedChoiceField(
                choices=scale, coerce=int, empty_value=None, widget=forms.RadioSelect, **common
            )
        return forms.TypedChoiceField(choices=[("", "—"), *scale], coerce=int, empty_value=None, **common)
    if question.kind == Question.Kind.YES_NO:
        return forms.TypedChoiceField(
            choices=[("", "—"), ("yes", _("Yes")), ("no", _("No"))],
            coerce=lambda value: value == "yes",
            empty_value=None,
            **common,
        )
    if question.kind == Question.Kind.NUMBER:
        return forms.DecimalField(**common)
    if question.kind == Question.Kind.DATE:
        return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), **common)
    return forms.CharField(max_length=5000, widget=forms.Textarea(attrs={"rows": 3}), **common)
