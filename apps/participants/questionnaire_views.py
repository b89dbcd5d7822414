"""The questionnaires' pages: the list, and each questionnaire's questions in the one
question editor (apps/questions/editor.py), the same pages a survey form's questions use."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.core.idempotency import idempotent
from apps.organizations.views_base import tenant_view
from apps.questions import editor
from apps.questions.models import Question

from .models import QuestionnaireTemplate
from .questionnaires import questionnaires_create_standard


def _urls(org_slug, questionnaire_id) -> editor.EditorUrls:
    def question_url(name):
        return lambda question_id: reverse(
            f"participants:{name}",
            kwargs={"org_slug": org_slug, "questionnaire_id": questionnaire_id, "question_id": question_id},
        )

    page = reverse(
        "participants:questionnaire", kwargs={"org_slug": org_slug, "questionnaire_id": questionnaire_id}
    )
    return editor.EditorUrls(
        back=page,
        add=page,
        edit=question_url("question_edit"),
        move=question_url("question_move"),
        delete=question_url("question_delete"),
    )


def _question(questionnaire_id, question_id):
    return get_object_or_404(
        Question.objects.select_related("question_set"),
        pk=question_id,
        question_set__questionnaire__pk=questionnaire_id,
    )


@tenant_view(permission="questionnaires.manage")
def questionnaire_list(request, org_slug):
    if request.method == "POST":
        questionnaires_create_standard(organization=request.organization, actor=request.user)
        messages.success(
            request, _("The standard questionnaires are created; adjust them to your programme.")
        )
        return redirect("participants:questionnaires", org_slug=org_slug)
    questionnaires = QuestionnaireTemplate.objects.filter(organization=request.organization).prefetch_related(
        "question_set__questions"
    )
    return render(request, "participants/questionnaires.html", {"questionnaires": questionnaires})


@tenant_view(permission="questionnaires.manage")
@idempotent
def questionnaire_edit(request, org_slug, questionnaire_id):
    """The questionnaire's questions; a POST adds one."""
    questionnaire = get_object_or_404(
        QuestionnaireTemplate.objects.select_related("question_set"), pk=questionnaire_id
    )
    urls = _urls(org_slug, questionnaire.pk)
    response, form = editor.add_question(request, question_set=questionnaire.question_set, urls=urls)
    if response is not None:
        return response
    return render(
        request,
        "participants/questionnaire.html",
        {
            "questionnaire": questionnaire,
            "editor": editor.editor_context(questionnaire.question_set, urls, form=form),
        },
    )


@tenant_view(permission="questionnaires.manage")
def question_edit(request, org_slug, questionnaire_id, question_id):
    """Edit a question's wording, type, topic, choices; its answers stay."""
    question = _question(questionnaire_id, question_id)
    return editor.edit_page(
        request,
        question=question,
        urls=_urls(org_slug, questionnaire_id),
        owner_title=question.question_set.owner.title,
    )


@tenant_view(permission="questionnaires.manage")
def question_remove(request, org_slug, questionnaire_id, question_id):
    """Deleting a question deletes its answers too: the curator is asked to confirm."""
    question = _question(questionnaire_id, question_id)
    return editor.delete_page(request, question=question, urls=_urls(org_slug, questionnaire_id))


@require_POST
@tenant_view(permission="questionnaires.manage")
def question_reorder(request, org_slug, questionnaire_id, question_id):
    """Move a question one place up or down (POST direction=up|down)."""
    question = _question(questionnaire_id, question_id)
    return editor.move(request, question=question, urls=_urls(org_slug, questionnaire_id))
