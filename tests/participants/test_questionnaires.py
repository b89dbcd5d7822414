"""The questionnaires of an organisation: the standard ones, and the curator's changes."""

import pytest
from django.urls import reverse

from apps.audit.models import AuditEntry
from apps.participants import services
from apps.participants.models import Answer, QuestionnaireTemplate
from apps.participants.questionnaires import STANDARD_QUESTIONS, questionnaires_create_standard
from apps.questions.models import Question
from tests.factories import OrganizationFactory, ParticipantFactory


def _url(tenant, name, **kwargs):
    return reverse(name, kwargs={"org_slug": tenant.organization.slug, **kwargs})


def _mentee_questionnaire(tenant):
    return QuestionnaireTemplate.objects.get(organization=tenant.organization, kind="mentee")


def _question_data(**values):
    data = {
        "text": "Какой предмет вам ближе?",
        "kind": Question.Kind.CHOICE,
        "topic": Question.Topic.INTERESTS,
        "scale_max": "5",
        "choices_text": "Математика\nЛитература\n\n  История  \n",
    }
    return data | values


# --- The standard questionnaires ---------------------------------------------------


def test_the_standard_questionnaires_are_created_once(db):
    organization = OrganizationFactory()
    created = questionnaires_create_standard(organization=organization)
    assert {q.kind for q in created} == {"mentee", "mentor"}
    counts = {
        q.kind: q.questions.count() for q in QuestionnaireTemplate.objects.filter(organization=organization)
    }
    assert counts == {kind: len(questions) for kind, questions in STANDARD_QUESTIONS.items()}
    positions = list(
        Question.objects.filter(
            question_set__questionnaire__organization=organization, question_set__questionnaire__kind="mentee"
        )
        .order_by("position")
        .values_list("position", flat=True)
    )
    assert positions == list(range(1, len(STANDARD_QUESTIONS["mentee"]) + 1))

    assert questionnaires_create_standard(organization=organization) == []
    assert QuestionnaireTemplate.objects.filter(organization=organization).count() == 2
    assert Question.objects.filter(organization=organization).count() == sum(counts.values())
    assert AuditEntry.objects.filter(organization=organization, action="questionnaire.changed").count() == 2


def test_a_missing_questionnaire_is_added_and_the_curators_one_kept(db):
    organization = OrganizationFactory()
    own = QuestionnaireTemplate.objects.create(organization=organization, kind="mentor", title="Наша анкета")
    created = questionnaires_create_standard(organization=organization)
    assert [q.kind for q in created] == ["mentee"]
    assert own.questions.count() == 0
    assert QuestionnaireTemplate.objects.get(pk=own.pk).title == "Наша анкета"


def test_the_curator_creates_the_standard_questionnaires_from_the_page(client, tenant_a):
    QuestionnaireTemplate.objects.filter(organization=tenant_a.organization).delete()
    client.force_login(tenant_a.curator)
    url = _url(tenant_a, "participants:questionnaires")
    empty = client.get(url)
    assert list(empty.context["questionnaires"]) == []
    assert 'method="post" class="mt-3"' in empty.content.decode()  # the button to create them
    for _ in range(2):
        response = client.post(url)
        assert response.status_code == 302 and response.url == url
    assert QuestionnaireTemplate.objects.filter(organization=tenant_a.organization).count() == 2
    total = sum(len(questions) for questions in STANDARD_QUESTIONS.values())
    assert Question.objects.filter(organization=tenant_a.organization).count() == total
    page = client.get(url)
    assert len(page.context["questionnaires"]) == 2
    assert 'method="post" class="mt-3"' not in page.content.decode()  # nothing left to create


def test_each_organisation_has_its_own_questionnaires(tenant_a, tenant_b):
    for tenant in (tenant_a, tenant_b):
        assert QuestionnaireTemplate.objects.filter(organization=tenant.organization).count() == 2
    question = Question.objects.filter(organization=tenant_a.organization).first()
    assert question.question_set.questionnaire.organization == tenant_a.organization


# --- Adding a question -------------------------------------------------------------


def test_the_curator_adds_a_choice_question(client, tenant_a):
    questionnaire = _mentee_questionnaire(tenant_a)
    last_position = questionnaire.questions.order_by("-position").first().position
    client.force_login(tenant_a.curator)
    url = _url(tenant_a, "participants:questionnaire", questionnaire_id=questionnaire.pk)
    response = client.post(url, _question_data(is_required="on"))
    assert response.status_code == 302 and response.url == url
    question = questionnaire.questions.get(text="Какой предмет вам ближе?")
    assert question.choices == ["Математика", "Литература", "История"]
    assert (question.kind, question.topic, question.is_required) == ("choice", "interests", True)
    assert question.position == last_position + 1
    assert question.organization == tenant_a.organization
    entry = AuditEntry.objects.filter(action="questionnaire.changed", target_id=questionnaire.pk).first()
    assert (entry.actor, entry.data) == (tenant_a.curator, {"added_question": question.pk})
    page = client.get(url)
    assert "Математика, Литература, История" in page.content.decode()


@pytest.mark.parametrize("kind", [Question.Kind.CHOICE, Question.Kind.MULTIPLE])
@pytest.mark.parametrize("choices_text", ["", "Только один", "Один\n\n   \n"])
def test_a_choice_question_needs_at_least_two_choices(client, tenant_a, kind, choices_text):
    questionnaire = _mentee_questionnaire(tenant_a)
    before = questionnaire.questions.count()
    client.force_login(tenant_a.curator)
    response = client.post(
        _url(tenant_a, "participants:questionnaire", questionnaire_id=questionnaire.pk),
        _question_data(kind=kind, choices_text=choices_text),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["choices_text"]
    assert questionnaire.questions.count() == before
    assert not AuditEntry.objects.filter(
        action="questionnaire.changed", data__has_key="added_question"
    ).exists()


def test_a_text_question_needs_no_choices(client, tenant_a):
    questionnaire = _mentee_questionnaire(tenant_a)
    client.force_login(tenant_a.curator)
    response = client.post(
        _url(tenant_a, "participants:questionnaire", questionnaire_id=questionnaire.pk),
        _question_data(kind=Question.Kind.TEXT, choices_text="", text="О себе"),
    )
    assert response.status_code == 302
    question = questionnaire.questions.get(text="О себе")
    assert (question.kind, question.choices, question.is_required) == ("text", [], False)


def test_the_new_question_appears_in_the_answers_form(client, tenant_a):
    questionnaire = _mentee_questionnaire(tenant_a)
    client.force_login(tenant_a.curator)
    client.post(
        _url(tenant_a, "participants:questionnaire", questionnaire_id=questionnaire.pk),
        _question_data(kind=Question.Kind.MULTIPLE),
    )
    question = questionnaire.questions.get(text="Какой предмет вам ближе?")
    participant = ParticipantFactory(organization=tenant_a.organization)
    form = client.get(_url(tenant_a, "participants:answers", participant_id=participant.pk)).context["form"]
    assert [value for value, _label in form.fields[f"q{question.pk}"].choices] == [
        "Математика",
        "Литература",
        "История",
    ]


# --- Deleting a question -----------------------------------------------------------


def test_deleting_a_question_asks_first_then_takes_its_answers(client, tenant_a):
    questionnaire = _mentee_questionnaire(tenant_a)
    question = questionnaire.questions.filter(kind=Question.Kind.TEXT).first()
    other = questionnaire.questions.filter(kind=Question.Kind.CHOICE).first()
    for surname in ("Первый", "Второй"):
        participant = ParticipantFactory(organization=tenant_a.organization, last_name=surname)
        services.answers_save(
            participant=participant,
            actor=tenant_a.curator,
            values={question.pk: "Футбол", other.pk: other.choices[0]},
        )
    url = _url(
        tenant_a, "participants:question_delete", questionnaire_id=questionnaire.pk, question_id=question.pk
    )
    client.force_login(tenant_a.curator)

    confirmation = client.get(url)
    assert confirmation.status_code == 200
    assert confirmation.context["answer_count"] == 2
    assert question.text in confirmation.content.decode()
    assert Question.objects.filter(pk=question.pk).exists()  # a GET deletes nothing

    response = client.post(url)
    assert response.status_code == 302
    assert response.url == _url(tenant_a, "participants:questionnaire", questionnaire_id=questionnaire.pk)
    assert not Question.objects.filter(pk=question.pk).exists()
    assert not Answer.objects.filter(question_id=question.pk).exists()
    assert Answer.objects.filter(question=other).count() == 2  # the other answers stay
    entry = AuditEntry.objects.filter(action="questionnaire.changed", target_id=questionnaire.pk).first()
    assert entry.data == {"deleted_question": question.pk}


def test_a_question_is_deleted_only_through_its_own_questionnaire(client, tenant_a):
    mentee = _mentee_questionnaire(tenant_a)
    mentor = QuestionnaireTemplate.objects.get(organization=tenant_a.organization, kind="mentor")
    question = mentee.questions.first()
    client.force_login(tenant_a.curator)
    url = _url(tenant_a, "participants:question_delete", questionnaire_id=mentor.pk, question_id=question.pk)
    assert client.post(url).status_code == 404
    assert Question.objects.filter(pk=question.pk).exists()


def test_a_question_of_another_organisation_cannot_be_deleted(client, tenant_a, tenant_b):
    question = Question.objects.filter(organization=tenant_b.organization).first()
    client.force_login(tenant_a.curator)
    for org_tenant in (tenant_a, tenant_b):
        url = _url(
            org_tenant,
            "participants:question_delete",
            questionnaire_id=question.question_set.questionnaire.pk,
            question_id=question.pk,
        )
        assert client.post(url).status_code == 404
    assert Question.objects.filter(pk=question.pk).exists()


# --- Who may change questionnaires -------------------------------------------------


def _questionnaire_urls(tenant):
    questionnaire = _mentee_questionnaire(tenant)
    question = questionnaire.questions.first()
    return [
        _url(tenant, "participants:questionnaires"),
        _url(tenant, "participants:questionnaire", questionnaire_id=questionnaire.pk),
        _url(
            tenant, "participants:question_delete", questionnaire_id=questionnaire.pk, question_id=question.pk
        ),
    ]


@pytest.mark.parametrize("role,status", [("mentor", 403), ("director", 403), ("staff", 403)])
def test_other_roles_of_the_organisation_cannot_change_questionnaires(client, tenant_a, role, status):
    questions_before = Question.objects.filter(organization=tenant_a.organization).count()
    client.force_login(tenant_a.member(role))
    for url in _questionnaire_urls(tenant_a):
        assert client.get(url).status_code == status
        assert client.post(url, _question_data()).status_code == status
    assert Question.objects.filter(organization=tenant_a.organization).count() == questions_before


def test_the_committee_cannot_reach_the_questionnaires(client, tenant_a, committee_user):
    questions_before = Question.objects.filter(organization=tenant_a.organization).count()
    client.force_login(committee_user)
    for url in _questionnaire_urls(tenant_a):
        assert client.get(url).status_code == 404
        assert client.post(url, _question_data()).status_code == 404
    assert Question.objects.filter(organization=tenant_a.organization).count() == questions_before


def test_the_curator_reaches_every_questionnaire_page(client, tenant_a):
    client.force_login(tenant_a.curator)
    for url in _questionnaire_urls(tenant_a):
        assert client.get(url).status_code == 200


# --- Editing and reordering ----------------------------------------------------------


def test_the_curator_edits_a_question_and_its_answers_stay(client, tenant_a):
    questionnaire = _mentee_questionnaire(tenant_a)
    question = questionnaire.questions.get(text="Предпочтительная форма наставничества")
    participant = ParticipantFactory(organization=tenant_a.organization)
    Answer.objects.create(participant=participant, question=question, value="Ученик – ученик")
    client.force_login(tenant_a.curator)
    url = _url(
        tenant_a, "participants:question_edit", questionnaire_id=questionnaire.pk, question_id=question.pk
    )
    form = client.get(url).context["form"]
    assert form["choices_text"].initial == "\n".join(question.choices)
    data = _question_data(
        text="Какая форма наставничества вам ближе?",
        kind="choice",
        topic="preferred_form",
        choices_text="Ученик – ученик\nУчитель – ученик",
    )
    response = client.post(url, data)
    assert response.status_code == 302
    question.refresh_from_db()
    assert (question.text, question.choices) == (
        "Какая форма наставничества вам ближе?",
        ["Ученик – ученик", "Учитель – ученик"],
    )
    assert Answer.objects.get(question=question).value == "Ученик – ученик"
    entry = AuditEntry.objects.filter(action="questionnaire.changed", target_id=questionnaire.pk).latest("pk")
    assert entry.data == {"changed_question": question.pk, "fields": ["text", "choices"]}

    # Its answer type cannot change once it has answers: they would no longer fit.
    refused = client.post(url, {**data, "kind": "text"})
    assert refused.status_code == 200 and refused.context["form"].errors["kind"]
    question.refresh_from_db()
    assert question.kind == "choice"


def test_a_field_is_asked_only_where_the_answer_type_uses_it(client, tenant_a):
    questionnaire = _mentee_questionnaire(tenant_a)
    client.force_login(tenant_a.curator)
    url = _url(tenant_a, "participants:questionnaire", questionnaire_id=questionnaire.pk)
    page = client.get(url).content.decode()
    assert 'data-shown-for-kinds="choice multiple" data-testid="question-field-choices_text"' in page
    assert 'data-shown-for-kinds="scale" data-testid="question-field-scale_max"' in page
    # A text question needs no scale maximum and keeps no choices.
    response = client.post(
        url, _question_data(text="О чём вы мечтаете?", kind="text", scale_max="", choices_text="А\nБ")
    )
    assert response.status_code == 302
    question = questionnaire.questions.get(text="О чём вы мечтаете?")
    assert (question.choices, question.scale_max) == ([], 5)
    # A scale question needs one.
    refused = client.post(url, _question_data(text="Оцените", kind="scale", scale_max=""))
    assert refused.status_code == 200 and refused.context["form"].errors["scale_max"]


def test_the_curator_reorders_the_questions(client, tenant_a):
    questionnaire = _mentee_questionnaire(tenant_a)
    before = list(questionnaire.questions.order_by("position", "pk").values_list("text", flat=True))
    second = questionnaire.questions.get(text=before[1])
    client.force_login(tenant_a.curator)
    url = _url(
        tenant_a, "participants:question_move", questionnaire_id=questionnaire.pk, question_id=second.pk
    )
    assert client.post(url, {"direction": "up"}).status_code == 302
    after = list(questionnaire.questions.order_by("position", "pk").values_list("text", "position"))
    assert after == [(text, n) for n, text in enumerate([before[1], before[0], *before[2:]], start=1)]
    client.post(url, {"direction": "up"})  # the first already: nothing moves
    client.post(url, {"direction": "down"})
    assert list(questionnaire.questions.order_by("position").values_list("text", flat=True)) == before
    # The import template follows the order.
    from apps.participants.importing.pipeline import template_columns

    columns = [name for _code, name in template_columns(tenant_a.organization)]
    assert columns.index(f"Наставляемый: {before[0]}") < columns.index(f"Наставляемый: {before[1]}")


def test_a_question_is_edited_or_moved_only_through_its_own_questionnaire(client, tenant_a):
    mentee = _mentee_questionnaire(tenant_a)
    mentor = QuestionnaireTemplate.objects.get(organization=tenant_a.organization, kind="mentor")
    question = mentee.questions.first()
    client.force_login(tenant_a.curator)
    for name in ("participants:question_edit", "participants:question_move"):
        url = _url(tenant_a, name, questionnaire_id=mentor.pk, question_id=question.pk)
        assert client.post(url, {"direction": "down", **_question_data()}).status_code == 404
