"""The data migrations into the one question engine: questions and answers written at the
old state (participants' Question/Answer, surveys' SurveyQuestion/SurveyAnswer) are all there
after `migrate`, with the same fields and values, and their answers point to the new rows."""

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

OLD = [
    ("participants", "0008_import_run_names_and_resubmissions"),
    ("surveys", "0002_tenant_model"),
    ("questions", None),
]


class _Executor(MigrationExecutor):
    """Django's executor, with the states before each migration to unapply computed without
    rendering every state in between. Django renders the models once, then walks the whole
    plan with them rendered: each operation of every later migration re-renders the models
    related to its own, which is nearly all of them here (they all point to Organization):
    two thirds of this test's time. The same states are built unrendered (cheap), and each
    is rendered once, just before its migration is unapplied, as Django's would be."""

    def _migrate_all_backwards(self, plan, full_plan, fake):
        to_unapply = {migration for migration, _backwards in plan}
        applied = {
            self.loader.graph.nodes[key]
            for key in self.loader.applied_migrations
            if key in self.loader.graph.nodes
        }
        states, state = {}, self._create_project_state()
        for migration, _ in full_plan:
            if len(states) == len(to_unapply):
                break
            if migration in to_unapply:
                states[migration] = state.clone()  # the state before this migration
                migration.mutate_state(state, preserve=False)
            elif migration in applied:
                migration.mutate_state(state, preserve=False)
        for migration, _ in plan:
            states[migration].apps  # noqa: B018  (rendered once, as Django's are)
            self.unapply_migration(states[migration], migration, fake=fake)
        return states[plan[-1][0]]  # migrate() returns it; _migrate reads the loader's state


def _migrate(targets=None):
    """Migrate to `targets`, or back to the latest state of every app."""
    executor = _Executor(connection)
    targets = targets or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state([t for t in targets if t[1] is not None]).apps


@pytest.mark.django_db(transaction=True)
def test_questions_and_answers_move_into_the_engine_with_nothing_lost():
    try:
        old = _migrate(OLD)
        municipality = old.get_model("organizations", "Municipality").objects.create(
            name="Город", committee_name="Комитет", slug="gorod-migration"
        )
        organization = old.get_model("organizations", "Organization").objects.create(
            municipality=municipality,
            kind="school",
            full_name="Школа",
            short_name="Школа",
            slug="shkola-migr",
        )
        org = {"organization_id": organization.pk}
        template = old.get_model("participants", "QuestionnaireTemplate").objects.create(
            kind="mentee", title="Анкета наставляемого", **org
        )
        OldQuestion = old.get_model("participants", "Question")
        interests = OldQuestion.objects.create(
            questionnaire=template,
            text="Интересы",
            kind="multiple",
            topic="interests",
            choices=["Шахматы", "Робототехника"],
            position=2,
            is_required=True,
            **org,
        )
        scale = OldQuestion.objects.create(
            questionnaire=template, text="Важность", kind="scale", scale_max=7, position=1, **org
        )
        person = old.get_model("participants", "Participant").objects.create(
            last_name="Орлова", first_name="Вера", category="student", programme_role="mentee", **org
        )
        OldAnswer = old.get_model("participants", "Answer")
        OldAnswer.objects.create(participant=person, question=interests, value=["Шахматы"], **org)
        OldAnswer.objects.create(participant=person, question=scale, value=6, **org)

        form = old.get_model("surveys", "SurveyForm").objects.create(
            kind="mentee_satisfaction", title="Удовлетворённость", **org
        )
        SurveyQuestion = old.get_model("surveys", "SurveyQuestion")
        rating = SurveyQuestion.objects.create(
            form=form, text="Оценка", type="scale", position=1, parameter="satisfaction", **org
        )
        comment = SurveyQuestion.objects.create(
            form=form,
            text="Комментарий",
            type="choice",
            options=["Да", "Нет"],
            required=False,
            audience="mentee",
            position=2,
            **org,
        )
        mentoring_form = old.get_model("pairs", "MentoringForm").objects.create(name="Ученик – ученик", **org)
        programme = old.get_model("pairs", "Programme").objects.create(
            title="Программа",
            form=mentoring_form,
            academic_year=2026,
            starts_on=date(2026, 9, 1),
            ends_on=date(2027, 5, 31),
            **org,
        )
        response = old.get_model("surveys", "SurveyResponse").objects.create(
            form=form, programme=programme, respondent=person, respondent_role="mentee", **org
        )
        SurveyAnswer = old.get_model("surveys", "SurveyAnswer")
        SurveyAnswer.objects.create(response=response, question=rating, number=9, **org)
        SurveyAnswer.objects.create(response=response, question=comment, text="Да", **org)
    finally:
        new = _migrate()

    Question = new.get_model("questions", "Question")
    template = new.get_model("participants", "QuestionnaireTemplate").objects.get(pk=template.pk)
    moved = list(
        Question.objects.filter(question_set_id=template.question_set_id)
        .order_by("position")
        .values("text", "kind", "topic", "choices", "scale_max", "is_required", "position", "organization_id")
    )
    assert moved == [
        {
            "text": "Важность",
            "kind": "scale",
            "topic": "other",
            "choices": [],
            "scale_max": 7,
            "is_required": False,
            "position": 1,
            "organization_id": organization.pk,
        },
        {
            "text": "Интересы",
            "kind": "multiple",
            "topic": "interests",
            "choices": ["Шахматы", "Робототехника"],
            "scale_max": 5,
            "is_required": True,
            "position": 2,
            "organization_id": organization.pk,
        },
    ]
    answers = {
        a.question.text: a.value
        for a in new.get_model("participants", "Answer").objects.select_related("question")
    }
    assert answers == {"Интересы": ["Шахматы"], "Важность": 6}

    form = new.get_model("surveys", "SurveyForm").objects.get(pk=form.pk)
    survey_questions = list(
        Question.objects.filter(question_set_id=form.question_set_id)
        .order_by("position")
        .values_list("text", "kind", "choices", "scale_max", "is_required", "parameter", "audience")
    )
    assert survey_questions == [
        ("Оценка", "scale", [], 10, True, "satisfaction", ""),
        ("Комментарий", "choice", ["Да", "Нет"], 10, False, "", "mentee"),
    ]
    survey_answers = {
        (a.question.text, a.number, a.text)
        for a in new.get_model("surveys", "SurveyAnswer").objects.select_related("question")
    }
    assert survey_answers == {("Оценка", 9, ""), ("Комментарий", None, "Да")}
    owners = set(new.get_model("questions", "QuestionSet").objects.values_list("owner_kind", flat=True))
    assert owners == {"questionnaire", "survey_form"}
