"""The migrations, on a database of their own. The suite's test database is built from the
models (`--no-migrations` in pyproject.toml: 2 s a worker instead of 16); this module migrates
an empty database with the real migrations and checks that the data migrations lose nothing
and that the schema they build is the one every other test runs on."""

from collections import Counter
from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import override_settings

from tests.conftest import MIGRATION_INDEXES

# The state before the questions moved into the one question engine.
OLD = [
    ("participants", "0008_import_run_names_and_resubmissions"),
    ("surveys", "0002_tenant_model"),
    ("questions", None),
]

# The migrations as the project ships them (pytest-django's --no-migrations hides them).
REAL_MIGRATIONS = override_settings(MIGRATION_MODULES={})


@pytest.fixture(scope="module")
def migrated_database(django_db_blocker):
    """An empty database of this module's own; each test migrates it as far as it needs."""
    name = f"{connection.settings_dict['NAME']}_migrated"
    with django_db_blocker.unblock():
        _database_drop_and_create(name, create=True)
        yield name
        _database_drop_and_create(name, create=False)


def _database_drop_and_create(name, *, create):
    connection.close()
    with connection._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if create:
            cursor.execute(f'CREATE DATABASE "{name}"')


@pytest.fixture
def on_migrated_database(transactional_db, migrated_database):
    """The default connection on the migrated database for the test, then back (before the
    transactional test's flush, which then empties the test database as usual); the test
    database's name."""
    test_database = connection.settings_dict["NAME"]
    connection.close()
    connection.settings_dict["NAME"] = migrated_database
    try:
        with REAL_MIGRATIONS:
            yield test_database
    finally:
        connection.close()
        connection.settings_dict["NAME"] = test_database


def _migrate(targets=None):
    """Migrate to `targets`, or to the latest state of every app; the models of that state."""
    executor = MigrationExecutor(connection)
    targets = targets or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state([t for t in targets if t[1] is not None]).apps


def test_questions_and_answers_move_into_the_engine_with_nothing_lost(on_migrated_database):
    """Questions and answers written at the old state (participants' Question/Answer, surveys'
    SurveyQuestion/SurveyAnswer) are all there after `migrate`, with the same fields and values,
    and their answers point to the new rows."""
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


def test_the_migrations_build_the_schema_the_tests_run_on(on_migrated_database):
    """Every column, constraint and index the migrations make is in the test database built
    from the models (and the extras of tests/conftest.py), and nothing more: names aside,
    as a renamed table or field keeps the names its constraints had."""
    _migrate()
    migrated = _schema()
    connection.close()
    connection.settings_dict["NAME"] = on_migrated_database
    built = _schema()
    for part in migrated:
        assert migrated[part] - built[part] == Counter(), f"{part} only the migrations make"
        assert built[part] - migrated[part] == Counter(), f"{part} only the models make"


def test_the_library_search_has_its_gin_index_on_postgresql(on_migrated_database):
    _migrate()
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'library_item_search'")
        (definition,) = cursor.fetchone()
    assert "USING gin (search_vector)" in definition
    assert "library_item_search" in MIGRATION_INDEXES


# Django creates the auto-made table of auth's Group.permissions with the project's
# DEFAULT_AUTO_FIELD when it migrates (bigint: the migration state knows no app's own default)
# and with auth's AutoField from the models (integer); the id's width is all that differs.
WIDTH_ONLY = {("auth_group_permissions", "id")}


def _schema() -> dict[str, Counter]:
    """The public schema's columns, constraints and indexes, without their names; not the
    migrations' own record (django_migrations), which a database built from the models lacks."""
    queries = {
        "columns": """
            SELECT table_name, column_name, data_type, is_nullable, character_maximum_length,
                   numeric_precision, numeric_scale, is_identity,
                   CASE WHEN is_identity = 'YES' THEN NULL ELSE column_default END
            FROM information_schema.columns
            WHERE table_schema = 'public' AND table_name <> 'django_migrations'""",
        "constraints": """
            SELECT conrelid::regclass::text, contype, pg_get_constraintdef(oid)
            FROM pg_constraint
            WHERE connamespace = 'public'::regnamespace
              AND conrelid::regclass::text <> 'django_migrations'""",
        "indexes": r"""
            SELECT tablename, regexp_replace(indexdef, '^CREATE (UNIQUE )?INDEX \S+ ON', 'CREATE \1INDEX ON')
            FROM pg_indexes WHERE schemaname = 'public' AND tablename <> 'django_migrations'""",
    }
    schema = {}
    with connection.cursor() as cursor:
        for part, sql in queries.items():
            cursor.execute(sql)
            schema[part] = Counter(row for row in cursor.fetchall() if tuple(row[:2]) not in WIDTH_ONLY)
    return schema
