from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from apps.core.idempotency import idempotent
from apps.organizations.views_base import tenant_view

from .models import Question, QuestionnaireTemplate
from .questionnaires import (
    QUESTION_FIELDS,
    question_add,
    question_delete,
    question_move,
    question_update,
    questionnaires_create_standard,
)

CHOICE_KINDS = (Question.Kind.CHOICE, Question.Kind.MULTIPLE)
# Which answer types use which field: the others are hidden on the page and ignored here.
FIELDS_BY_KIND = {"choices_text": CHOICE_KINDS, "scale_max": (Question.Kind.SCALE,)}


class QuestionForm(forms.ModelForm):
    choices_text = forms.CharField(
        label=gettext_lazy("Choices"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("One choice per line."),
    )

    class Meta:
        model = Question
        fields = ["text", "kind", "topic", "choices_text", "scale_max", "is_required"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scale_max"].required = False  # asked of scale questions only
        self.fields["scale_max"].widget.attrs.update(min=2, max=10)
        self.fields["kind"].widget.attrs["data-kind-select"] = ""
        if self.instance.pk:
            self.initial["choices_text"] = "\n".join(self.instance.choices)

    def shown_for(self):
        """(bound field, the kinds it is shown for, space-separated, or "") for the template."""
        return [(field, " ".join(FIELDS_BY_KIND.get(field.name, ()))) for field in self.visible_fields()]

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        choices = [line.strip() for line in cleaned.get("choices_text", "").splitlines() if line.strip()]
        if kind in CHOICE_KINDS and len(choices) < 2:
            self.add_error("choices_text", _("Give at least two choices, one per line."))
        cleaned["choices"] = choices if kind in CHOICE_KINDS else []
        scale_max = cleaned.get("scale_max")
        if kind == Question.Kind.SCALE and not (scale_max and 2 <= scale_max <= 10):
            self.add_error("scale_max", _("Give the scale's maximum, from 2 to 10."))
        if kind != Question.Kind.SCALE:
            cleaned["scale_max"] = self.instance.scale_max if self.instance.pk else 5
        return cleaned

    def _post_clean(self):
        # The service checks and saves the question (the form has no model validation to do).
        pass

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in QUESTION_FIELDS}


@tenant_view(permission="questionnaires.manage")
def questionnaire_list(request, org_slug):
    if request.method == "POST":
        questionnaires_create_standard(organization=request.organization, actor=request.user)
        messages.success(
            request, _("The standard questionnaires are created; adjust them to your programme.")
        )
        return redirect("participants:questionnaires", org_slug=org_slug)
    questionnaires = QuestionnaireTemplate.objects.filter(organization=request.organization).prefetch_related(
        "questions"
    )
    return render(request, "participants/questionnaires.html", {"questionnaires": questionnaires})


@tenant_view(permission="questionnaires.manage")
@idempotent
def questionnaire_edit(request, org_slug, questionnaire_id):
    questionnaire = get_object_or_404(QuestionnaireTemplate, pk=questionnaire_id)
    form = QuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        question_add(questionnaire=questionnaire, actor=request.user, **form.values())
        messages.success(request, _("The question is added."))
        return redirect("participants:questionnaire", org_slug=org_slug, questionnaire_id=questionnaire.pk)
    return render(
        request,
        "participants/questionnaire.html",
        {"questionnaire": questionnaire, "questions": questionnaire.questions.all(), "form": form},
    )


@tenant_view(permission="questionnaires.manage")
def question_remove(request, org_slug, questionnaire_id, question_id):
    question = get_object_or_404(Question, pk=question_id, questionnaire_id=questionnaire_id)
    if request.method == "POST":
        question_delete(question=question, actor=request.user)
        messages.success(request, _("The question and its answers are deleted."))
        return redirect("participants:questionnaire", org_slug=org_slug, questionnaire_id=questionnaire_id)
    return render(
        request,
        "participants/question_delete.html",
        {"question": question, "answer_count": question.answers.count()},
    )


@tenant_view(permission="questionnaires.manage")
def question_edit(request, org_slug, questionnaire_id, question_id):
    """Edit a question's wording, type, topic, choices; its answers stay."""
    question = get_object_or_404(
        Question.objects.select_related("questionnaire"), pk=question_id, questionnaire_id=questionnaire_id
    )
    form = QuestionForm(request.POST or None, instance=question)
    if request.method == "POST" and form.is_valid():
        try:
            question_update(question=question, actor=request.user, **form.values())
        except ValidationError as error:
            for field, messages_ in error.message_dict.items():
                form.add_error(field if field in form.fields else None, messages_)
        else:
            messages.success(request, _("The changes are saved."))
            return redirect(
                "participants:questionnaire", org_slug=org_slug, questionnaire_id=questionnaire_id
            )
    return render(
        request,
        "participants/question_edit.html",
        {"questionnaire": question.questionnaire, "question": question, "form": form},
    )


@require_POST
@tenant_view(permission="questionnaires.manage")
def question_reorder(request, org_slug, questionnaire_id, question_id):
    """Move a question one place up or down (POST direction=up|down)."""
    question = get_object_or_404(Question, pk=question_id, questionnaire_id=questionnaire_id)
    offset = {"up": -1, "down": 1}.get(request.POST.get("direction"))
    if offset:
        question_move(question=question, actor=request.user, offset=offset)
    return redirect("participants:questionnaire", org_slug=org_slug, questionnaire_id=questionnaire_id)
