"""The standard forms in Russian, and the curator's edits of forms and questions."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from apps.audit.models import AuditEntry
from apps.questions import services as question_services
from apps.questions.models import Question
from apps.surveys import services
from apps.surveys.models import SurveyForm

from .conftest import respond

CYRILLIC = re.compile("[А-Яа-яЁё]")


def _url(tenant, name, **kwargs):
    return reverse(f"surveys:{name}", kwargs={"org_slug": tenant.organization.slug, **kwargs})


def test_the_five_standard_forms_are_created_in_russian(tenant_a):
    created = services.forms_create_standard(tenant_a.organization, actor=tenant_a.curator)

    assert sorted(f.kind for f in created) == sorted(SurveyForm.Kind.values)
    for form in created:
        questions = list(form.questions.all())
        assert len(questions) >= 5, form.kind
        assert CYRILLIC.search(form.title) and CYRILLIC.search(form.intro)
        assert all(CYRILLIC.search(q.text) for q in questions)
        assert [q.position for q in questions] == list(range(1, len(questions) + 1))
        for question in questions:
            if question.kind == Question.Kind.CHOICE:
                assert len(question.choices) >= 2
    evaluation = next(f for f in created if f.kind == SurveyForm.Kind.EVALUATION)
    parameters = {q.parameter: q for q in evaluation.questions.all() if q.parameter}
    # Academic results are among the parameters, compared on a scale; mentors have their own.
    assert parameters["academic_results"].kind == Question.Kind.SCALE
    assert parameters["academic_results"].audience == "mentee"
    assert {q.audience for q in parameters.values()} == {"mentee", "mentor"}
    assert (
        AuditEntry.objects.filter(organization=tenant_a.organization, action="survey.forms_created").count()
        == 1
    )


def test_creating_the_standard_forms_again_changes_nothing(tenant_a):
    organization = tenant_a.organization
    services.forms_create_standard(organization)
    form = SurveyForm.objects.get(organization=organization, kind="programme_quality")
    services.form_update(form=form, actor=tenant_a.curator, title="Наша анкета качества")
    counts = {f.pk: f.questions.count() for f in SurveyForm.objects.filter(organization=organization)}

    assert services.forms_create_standard(organization) == []

    assert {f.pk: f.questions.count() for f in SurveyForm.objects.filter(organization=organization)} == counts
    assert SurveyForm.objects.get(pk=form.pk).title == "Наша анкета качества"
    assert AuditEntry.objects.filter(organization=organization, action="survey.forms_created").count() == 1


def test_each_organisation_gets_its_own_forms(tenant_a, tenant_b):
    services.forms_create_standard(tenant_a.organization)
    services.forms_create_standard(tenant_b.organization)
    assert SurveyForm.objects.filter(organization=tenant_a.organization).count() == 5
    assert SurveyForm.objects.filter(organization=tenant_b.organization).count() == 5


def test_the_forms_page_creates_the_standard_forms_for_a_new_organisation(client, tenant_a):
    client.force_login(tenant_a.curator)
    response = client.get(_url(tenant_a, "forms"))
    assert response.status_code == 200
    assert response.content.decode().count('data-testid="survey-form"') == 5


def test_curator_edits_a_form_and_its_questions(client, tenant_a, standard_forms):
    form = standard_forms["interim_feedback"]
    client.force_login(tenant_a.curator)

    response = client.post(
        _url(tenant_a, "form", form_id=form.pk),
        {
            "title": "Обратная связь после первой четверти",
            "intro": "Коротко о работе пары",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    form.refresh_from_db()
    assert (form.title, form.intro, form.is_active) == (
        "Обратная связь после первой четверти",
        "Коротко о работе пары",
        True,
    )

    response = client.post(
        _url(tenant_a, "question_add", form_id=form.pk),
        {
            "text": "Удобное время встреч",
            "kind": "choice",
            "choices_text": "Утро\n\nВечер\n",
            "is_required": "on",
        },
    )
    assert response.status_code == 302
    question = form.questions.get(text="Удобное время встреч")
    assert question.choices == ["Утро", "Вечер"]
    assert question.position == form.questions.count()  # added at the end

    response = client.post(
        _url(tenant_a, "question", form_id=form.pk, survey_question_id=question.pk),
        {"text": "Насколько удобно время встреч?", "kind": "scale", "choices_text": "", "position": 1},
    )
    assert response.status_code == 302
    question.refresh_from_db()
    assert (question.text, question.kind, question.choices, question.is_required) == (
        "Насколько удобно время встреч?",
        "scale",
        [],
        False,
    )

    response = client.post(_url(tenant_a, "question_delete", form_id=form.pk, survey_question_id=question.pk))
    assert response.status_code == 302
    assert not Question.objects.filter(pk=question.pk).exists()
    actions = set(
        AuditEntry.objects.filter(organization=tenant_a.organization).values_list("action", flat=True)
    )
    assert {"survey.form_changed", "survey.question_changed", "survey.question_deleted"} <= actions


def test_a_choice_question_needs_two_choices(client, tenant_a, standard_forms):
    form = standard_forms["programme_quality"]
    client.force_login(tenant_a.curator)
    response = client.post(
        _url(tenant_a, "question_add", form_id=form.pk),
        {"text": "Один вариант", "kind": "choice", "choices_text": "Да"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["choices_text"]
    assert not form.questions.filter(text="Один вариант").exists()


def test_a_parameter_belongs_to_a_scale_question(client, tenant_a, standard_forms):
    form = standard_forms["evaluation"]
    client.force_login(tenant_a.curator)
    response = client.post(
        _url(tenant_a, "question_add", form_id=form.pk),
        {"text": "Комментарий", "kind": "text", "parameter": "comment"},
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not form.questions.filter(text="Комментарий").exists()


def test_an_answered_question_keeps_its_type_and_is_not_deleted(tenant_a, surveyed, standard_forms):
    form = standard_forms["mentor_satisfaction"]
    respond(form, surveyed.programme, surveyed.mentors[0], "mentor")
    question = form.questions.get(position=1)

    with pytest.raises(ValidationError):
        question_services.question_update(question=question, actor=tenant_a.curator, kind="text")
    with pytest.raises(ValidationError):
        question_services.question_delete(question=question, actor=tenant_a.curator)

    question_services.question_update(question=question, actor=tenant_a.curator, text="Новая формулировка")
    question.refresh_from_db()
    assert (question.text, question.kind, question.survey_answers.count()) == (
        "Новая формулировка",
        "scale",
        1,
    )


def test_deleting_an_answered_question_on_the_page_says_why(client, tenant_a, surveyed, standard_forms):
    form = standard_forms["mentor_satisfaction"]
    respond(form, surveyed.programme, surveyed.mentors[0], "mentor")
    question = form.questions.get(position=1)
    client.force_login(tenant_a.curator)
    response = client.post(
        _url(tenant_a, "question_delete", form_id=form.pk, survey_question_id=question.pk), follow=True
    )
    assert response.status_code == 200
    assert Question.objects.filter(pk=question.pk).exists()
    assert any(m.level_tag == "error" for m in response.context["messages"])


def test_a_question_of_another_form_is_not_found(client, tenant_a, standard_forms):
    question = standard_forms["evaluation"].questions.first()
    client.force_login(tenant_a.curator)
    url = _url(
        tenant_a, "question", form_id=standard_forms["interim_feedback"].pk, survey_question_id=question.pk
    )
    assert client.get(url).status_code == 404
