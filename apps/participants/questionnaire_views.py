from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.core.idempotency import idempotent
from apps.organizations.views_base import tenant_view

from .models import Question, QuestionnaireTemplate
from .questionnaires import question_add, question_delete, questionnaires_create_standard


class QuestionForm(forms.ModelForm):
    choices_text = forms.CharField(
        label=gettext_lazy("Choices"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("One choice per line, for the choice types."),
    )

    class Meta:
        model = Question
        fields = ["text", "kind", "topic", "scale_max", "is_required"]

    def clean(self):
        cleaned = super().clean()
        choices = [line.strip() for line in cleaned.get("choices_text", "").splitlines() if line.strip()]
        if cleaned.get("kind") in (Question.Kind.CHOICE, Question.Kind.MULTIPLE) and len(choices) < 2:
            self.add_error("choices_text", _("Give at least two choices, one per line."))
        cleaned["choices"] = choices
        return cleaned


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
        fields = {
            k: form.cleaned_data[k] for k in ("text", "kind", "topic", "scale_max", "is_required", "choices")
        }
        question_add(questionnaire=questionnaire, actor=request.user, **fields)
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
