"""The one question editor's pages, for any owner: the owner's view finds its row and its
question (a 404 for another organisation's, through the scoped managers), checks its
permission, and hands over here with its URLs. Pages: the list with add, edit, ↑/↓ and
delete (`editor_context`, included in the owner's page), the add page (shown again with
errors), the edit page, the delete confirmation."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from apps.organizations.views_base import validation_error_text

from . import services
from .forms import QuestionForm
from .models import Question, QuestionSet


@dataclass(frozen=True)
class EditorUrls:
    back: str  # the owner's page, where the list is
    add: str
    edit: Callable[[int], str]
    move: Callable[[int], str]
    delete: Callable[[int], str]


def _posted(request):
    return request.POST if request.method == "POST" else None


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            name = "choices_text" if field == "choices" else field
            form.add_error(name if name in form.fields else None, errors)
    else:
        for message in error.messages:
            form.add_error(None, message)


def editor_context(question_set: QuestionSet, urls: EditorUrls, *, form: QuestionForm | None = None) -> dict:
    """What `questions/_editor.html` shows: the questions with their links, the add form."""
    rows = [
        {"question": q, "edit": urls.edit(q.pk), "move": urls.move(q.pk), "delete": urls.delete(q.pk)}
        for q in question_set.questions.all()
    ]
    return {
        "rows": rows,
        "spec": question_set.spec,
        "form": form or QuestionForm(spec=question_set.spec),
        "urls": urls,
    }


def add_question(request, *, question_set: QuestionSet, urls: EditorUrls):
    """POST: add and go back to the list, or the form with its errors (None on GET)."""
    form = QuestionForm(_posted(request), spec=question_set.spec)
    if request.method == "POST" and form.is_valid():
        try:
            services.question_add(question_set=question_set, actor=request.user, **form.values())
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The question is added."))
            return redirect(urls.back), form
    return None, form


def add_page(request, *, question_set: QuestionSet, urls: EditorUrls, owner_title: str):
    response, form = add_question(request, question_set=question_set, urls=urls)
    if response is not None:
        return response
    return render(
        request,
        "questions/question_form.html",
        {"form": form, "question": None, "owner_title": owner_title, "urls": urls},
    )


def edit_page(request, *, question: Question, urls: EditorUrls, owner_title: str):
    """Edit a question's wording, type, choices…; its answers stay."""
    form = QuestionForm(_posted(request), instance=question, spec=question.question_set.spec)
    if request.method == "POST" and form.is_valid():
        try:
            services.question_update(question=question, actor=request.user, **form.values())
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The changes are saved."))
            return redirect(urls.back)
    return render(
        request,
        "questions/question_form.html",
        {"form": form, "question": question, "owner_title": owner_title, "urls": urls},
    )


def delete_page(request, *, question: Question, urls: EditorUrls):
    """GET asks (how many answers go with it, or why it stays); POST deletes."""
    if request.method == "POST":
        try:
            services.question_delete(question=question, actor=request.user)
        except ValidationError as error:
            messages.error(request, validation_error_text(error))
        else:
            messages.success(request, _("The question is deleted."))
        return redirect(urls.back)
    return render(
        request,
        "questions/question_delete.html",
        {
            "question": question,
            "answer_count": question.answer_count(),
            "keeps_answered": question.question_set.spec.keeps_answered,
            "urls": urls,
        },
    )


def move(request, *, question: Question, urls: EditorUrls):
    """Move a question one place up or down (POST direction=up|down)."""
    offset = {"up": -1, "down": 1}.get(request.POST.get("direction"))
    if offset:
        services.question_move(question=question, actor=request.user, offset=offset)
    return redirect(urls.back)
