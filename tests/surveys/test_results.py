"""Results per programme and form: the anonymity threshold, the before → after change,
the dashboards' satisfaction figure, and constant query counts."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from apps.pairs.models import PairMentee
from apps.questions import services as question_services
from apps.surveys import services
from apps.surveys.models import SurveyForm, SurveyResponse
from apps.surveys.selectors.anonymity import ANONYMITY_THRESHOLD
from apps.surveys.selectors.results import programme_results
from apps.surveys.selectors.satisfaction import satisfaction_by_organization, scores_by_kind
from tests.factories import ParticipantFactory

from .conftest import build_programme, respond

NOT_ENOUGH = b'data-testid="not-enough-answers"'
MAX_QUERIES = 20


def _results_url(tenant, programme, form):
    return reverse(
        "surveys:results",
        kwargs={"org_slug": tenant.organization.slug, "programme_id": programme.pk, "form_id": form.pk},
    )


def _text_question(form):
    return form.questions.filter(kind="text").order_by("position").first()


def test_the_threshold_is_three():
    assert ANONYMITY_THRESHOLD == 3


def test_two_answers_about_a_mentor_are_hidden_three_are_shown(client, tenant_a, surveyed, standard_forms):
    form = standard_forms["mentee_satisfaction"]
    text = _text_question(form)
    secrets = ["Наставник помог с олимпиадой", "Встречи были слишком короткими", "Хочу продолжить"]
    for mentee, secret, score in zip(surveyed.mentees[:2], secrets[:2], (9, 6), strict=True):
        respond(form, surveyed.programme, mentee, "mentee", by_position={1: score, text.position: secret})
    client.force_login(tenant_a.director)

    results = programme_results(form, surveyed.programme)
    assert [(g.responses, g.shown, g.questions) for g in results.stages] == [(2, False, [])]
    assert [(g.pair, g.responses, g.shown, g.questions) for g in results.pairs] == [
        (surveyed.pairs[0], 2, False, [])
    ]
    body = client.get(_results_url(tenant_a, surveyed.programme, form)).content
    assert body.count(NOT_ENOUGH) == 2  # the programme's group and the mentor's
    for secret in secrets[:2]:
        assert secret.encode() not in body

    respond(
        form, surveyed.programme, surveyed.mentees[2], "mentee", by_position={1: 6, text.position: secrets[2]}
    )

    results = programme_results(form, surveyed.programme)
    (stage,) = results.stages
    assert (stage.responses, stage.shown) == (3, True)
    first = stage.questions[0]
    assert (first.count, first.average) == (3, 7.0)
    assert {b["value"]: b["count"] for b in first.distribution if b["count"]} == {9: 1, 6: 2}
    (pair_group,) = results.pairs
    assert (pair_group.responses, pair_group.shown) == (3, True)
    assert pair_group.questions[0].average == 7.0
    # Texts about the mentor are shown under the mentor, alphabetically, not in answering order.
    pair_texts = next(q for q in pair_group.questions if q.question == text).texts
    assert pair_texts == sorted(secrets)
    assert next(q for q in stage.questions if q.question == text).texts == []

    body = client.get(_results_url(tenant_a, surveyed.programme, form)).content
    assert NOT_ENOUGH not in body
    for secret in secrets:
        assert secret.encode() in body


def test_each_mentor_is_judged_on_their_own_group(client, tenant_a, standard_forms):
    """Four mentees of two mentors: enough for the programme, not for either mentor."""
    built = build_programme(tenant_a.organization, mentees=4, mentors=2)
    form = standard_forms["mentee_satisfaction"]
    text = _text_question(form)
    for i, mentee in enumerate(built.mentees):
        respond(form, built.programme, mentee, "mentee", by_position={text.position: f"Отзыв номер {i}"})

    results = programme_results(form, built.programme)
    assert results.stages[0].shown and results.stages[0].questions[0].average == 5.0
    assert sorted((g.responses, g.shown) for g in results.pairs) == [(2, False), (2, False)]
    # A text about a mentor is never shown in the programme's list instead.
    assert next(q for q in results.stages[0].questions if q.question == text).texts == []

    client.force_login(tenant_a.curator)
    body = client.get(_results_url(tenant_a, built.programme, form)).content
    assert body.count(NOT_ENOUGH) == 2
    assert (
        b"\xd0\x9e\xd1\x82\xd0\xb7\xd1\x8b\xd0\xb2 \xd0\xbd\xd0\xbe\xd0\xbc\xd0\xb5\xd1\x80" not in body
    )  # «Отзыв номер»


def test_free_texts_of_forms_about_no_mentor_need_three_responses(tenant_a, standard_forms):
    built = build_programme(tenant_a.organization, mentees=0, mentors=3)
    form = standard_forms["mentor_satisfaction"]
    text = _text_question(form)
    respond(form, built.programme, built.mentors[0], "mentor", by_position={text.position: "Ценно"})
    respond(form, built.programme, built.mentors[1], "mentor", by_position={text.position: "Полезно"})
    assert not programme_results(form, built.programme).stages[0].shown

    respond(form, built.programme, built.mentors[2], "mentor")
    results = programme_results(form, built.programme)
    assert results.pairs == []  # mentors answer about the programme, not about a mentor
    assert next(q for q in results.stages[0].questions if q.question == text).texts == ["Полезно", "Ценно"]


def test_the_before_after_change_per_parameter(client, tenant_a, standard_forms):
    built = build_programme(tenant_a.organization, mentees=3, mentors=1)
    form = standard_forms["evaluation"]
    before = [
        {"academic_results": 4, "motivation": 5},
        {"academic_results": 5, "motivation": 5},
        {"academic_results": 6, "motivation": 8},
    ]
    after = [
        {"academic_results": 7, "motivation": 6},
        {"academic_results": 8, "motivation": 6},
        {"academic_results": 9, "motivation": 5},
    ]
    for mentee, values in zip(built.mentees, before, strict=True):
        respond(form, built.programme, mentee, "mentee", stage="before", by_parameter=values)
    respond(
        form,
        built.programme,
        built.mentors[0],
        "mentor",
        stage="before",
        by_parameter={"mentoring_skills": 3},
    )

    # Before only: nothing to compare yet.
    changes = {c.parameter: c for c in programme_results(form, built.programme).changes}
    assert changes["academic_results"].after_responses == 0
    assert changes["academic_results"].change is None

    for mentee, values in zip(built.mentees, after, strict=True):
        respond(form, built.programme, mentee, "mentee", stage="after", by_parameter=values)
    respond(
        form, built.programme, built.mentors[0], "mentor", stage="after", by_parameter={"mentoring_skills": 9}
    )

    results = programme_results(form, built.programme)
    changes = {c.parameter: c for c in results.changes}
    academic = changes["academic_results"]
    assert (academic.before, academic.after, academic.change) == (5.0, 8.0, 3.0)
    assert (academic.before_responses, academic.after_responses, academic.audience) == (3, 3, "mentee")
    motivation = changes["motivation"]
    assert (motivation.before, motivation.after, motivation.change) == (6.0, 5.67, -0.33)
    assert changes["self_confidence"].change == 0.0  # 5 → 5 by default
    # One mentor: the averages would be their own answers, so they are hidden.
    skills = changes["mentoring_skills"]
    assert (skills.shown, skills.before, skills.after, skills.change) == (False, None, None, None)
    # The parameters come in the order of the form.
    assert [c.parameter for c in results.changes][:2] == ["academic_results", "motivation"]
    assert {g.stage: (g.responses, g.shown) for g in results.stages} == {
        "before": (4, True),
        "after": (4, True),
    }
    # Within each stage the mentors' questions, asked of one person, are hidden too.
    for group in results.stages:
        for item in group.questions:
            assert item.shown == (item.question.audience != "mentor"), item.question.text
            if item.question.audience == "mentor":
                assert (item.average, item.distribution) == (None, [])

    client.force_login(tenant_a.director)
    body = client.get(_results_url(tenant_a, built.programme, form)).content.decode()
    assert 'data-parameter="academic_results"' in body
    assert "+3" in body
    mentor_questions = form.questions.filter(audience="mentor").count()
    hidden_changes = [c for c in results.changes if not c.shown]
    assert len(hidden_changes) == mentor_questions == 4
    assert body.count('data-testid="not-enough-answers"') == mentor_questions * 3  # the table, before, after


def test_a_mentor_is_hidden_when_the_rest_would_uncover_a_small_group(tenant_a, standard_forms):
    """Interim feedback: three mentees about their mentor and one other mentor about the work.
    The programme's figures minus the mentor's group would be that one mentor's answers."""
    built = build_programme(tenant_a.organization, mentees=3, mentors=2)
    for mentee in built.mentees:
        PairMentee.objects.filter(mentee=mentee).update(pair=built.pairs[0])
    form = standard_forms["interim_feedback"]
    for mentee in built.mentees:
        respond(form, built.programme, mentee, "mentee", by_position={1: 9})
    respond(form, built.programme, built.mentors[1], "mentor", by_position={1: 2})

    results = programme_results(form, built.programme)
    assert (results.stages[0].responses, results.stages[0].shown) == (4, True)
    assert [(g.pair, g.responses, g.shown) for g in results.pairs] == [(built.pairs[0], 3, False)]

    # A fourth mentee of the same mentor: 4 about them, and the rest (one mentor) stays hidden.
    extra = ParticipantFactory(organization=tenant_a.organization)
    PairMentee.objects.create(organization=tenant_a.organization, pair=built.pairs[0], mentee=extra)
    respond(form, built.programme, extra, "mentee", by_position={1: 9})
    results = programme_results(form, built.programme)
    assert [(g.responses, g.shown) for g in results.pairs] == [(4, False)]

    # Three mentors answering: the rest is a group of three, and the mentor's group is shown.
    built_more = build_programme(tenant_a.organization, mentees=0, mentors=2)
    for pair in built_more.pairs:
        pair.programme = built.programme
        pair.save()
    for mentor in built_more.mentors:
        respond(form, built.programme, mentor, "mentor")
    results = programme_results(form, built.programme)
    assert [(g.responses, g.shown) for g in results.pairs] == [(4, True)]
    assert results.pairs[0].questions[0].average == 9.0


def test_a_parameter_compares_its_answers_when_the_wording_changes(tenant_a, standard_forms):
    built = build_programme(tenant_a.organization, mentees=3, mentors=1)
    form = standard_forms["evaluation"]
    for mentee in built.mentees:
        respond(form, built.programme, mentee, "mentee", stage="before", by_parameter={"academic_results": 4})
    old = form.questions.get(parameter="academic_results")
    question_services.question_update(question=old, actor=None, parameter="academic_results_old")
    question_services.question_add(
        question_set=form.question_set,
        actor=None,
        text="Средний балл успеваемости по шкале от 1 до 10",
        kind="scale",
        parameter="academic_results",
        audience="mentee",
    )
    question_services.question_update(
        question=old, actor=None, parameter="academic_results", is_required=False
    )
    for mentee in built.mentees:
        respond(form, built.programme, mentee, "mentee", stage="after", by_parameter={"academic_results": 6})

    change = next(
        c for c in programme_results(form, built.programme).changes if c.parameter == "academic_results"
    )
    assert (change.before, change.after, change.change) == (4.0, 6.0, 2.0)


@pytest.mark.parametrize("responses", [3, 12])
def test_the_results_page_costs_the_same_for_few_and_many_responses(
    client, tenant_a, standard_forms, django_assert_max_num_queries, responses
):
    built = build_programme(tenant_a.organization, mentees=responses, mentors=2)
    form = standard_forms["mentee_satisfaction"]
    text = _text_question(form)
    for i, mentee in enumerate(built.mentees):
        respond(
            form, built.programme, mentee, "mentee", by_position={1: 1 + i % 10, text.position: f"Текст {i}"}
        )
    client.force_login(tenant_a.director)
    url = _results_url(tenant_a, built.programme, form)
    client.get(url)  # warm up
    # The request's own (session, user, membership, workplaces, navigation, savepoints: about 9)
    # and the page's: programme, form, questions and at most eight grouped reads.
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(url)
    assert response.status_code == 200


def test_the_query_count_does_not_grow_with_responses(client, tenant_a, standard_forms):
    form = standard_forms["evaluation"]
    built = build_programme(tenant_a.organization, mentees=15, mentors=3)
    client.force_login(tenant_a.director)
    url = _results_url(tenant_a, built.programme, form)

    def answer(people):
        for mentee in people:
            for stage in ("before", "after"):
                respond(form, built.programme, mentee, "mentee", stage=stage)

    answer(built.mentees[:3])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    answer(built.mentees[3:])
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.context["results"].total == 30
    assert len(many.captured_queries) == len(few.captured_queries)


def test_satisfaction_by_organization(tenant_a, tenant_b, standard_forms, django_assert_num_queries):
    a = build_programme(tenant_a.organization, mentees=2, mentors=1)
    services.forms_create_standard(tenant_b.organization)
    b = build_programme(tenant_b.organization, mentees=1, mentors=1, surname="Бетов")
    b_forms = {f.kind: f for f in SurveyForm.objects.filter(organization=tenant_b.organization)}
    # A: a mentor's 8s and two mentees' 6s and 10s on the scale questions; the quality form is not counted.
    mentor_form, mentee_form = standard_forms["mentor_satisfaction"], standard_forms["mentee_satisfaction"]
    scale = {q.position: 8 for q in mentor_form.questions.filter(kind="scale")}
    respond(mentor_form, a.programme, a.mentors[0], "mentor", by_position=scale)
    for mentee, score in zip(a.mentees, (6, 10), strict=True):
        respond(
            mentee_form,
            a.programme,
            mentee,
            "mentee",
            by_position={q.position: score for q in mentee_form.questions.filter(kind="scale")},
        )
    respond(
        standard_forms["programme_quality"], a.programme, a.mentees[0], "mentee", by_position={1: 1, 2: 1}
    )
    respond(b_forms["mentee_satisfaction"], b.programme, b.mentees[0], "mentee", by_position={1: 3})
    empty = build_programme(tenant_a.organization, mentees=0, mentors=0).programme.organization  # same org
    assert empty == tenant_a.organization

    # Two grouped queries (responses counted, scale answers averaged) for any number of them.
    with django_assert_num_queries(2):
        figures = satisfaction_by_organization([tenant_a.organization.pk, tenant_b.organization.pk, 999999])

    mentor_n = mentor_form.questions.filter(kind="scale").count()
    mentee_n = mentee_form.questions.filter(kind="scale").count()
    expected = (8 * mentor_n + (6 + 10) * mentee_n) / (mentor_n + 2 * mentee_n)
    assert figures[tenant_a.organization.pk] == {"responses": 3, "average": round(expected, 2)}
    b_n = b_forms["mentee_satisfaction"].questions.filter(kind="scale").count()
    assert figures[tenant_b.organization.pk] == {
        "responses": 1,
        "average": round((3 + 5 * (b_n - 1)) / b_n, 2),
    }
    assert figures[999999] == {"responses": 0, "average": None}


def test_satisfaction_by_organization_in_a_period(tenant_a, surveyed, standard_forms):
    form = standard_forms["mentor_satisfaction"]
    respond(form, surveyed.programme, surveyed.mentors[0], "mentor")
    response = SurveyResponse.objects.get()
    SurveyResponse.objects.filter(pk=response.pk).update(
        submitted_at=timezone.make_aware(timezone.datetime(2027, 5, 31, 23, 0))
    )
    org = tenant_a.organization.pk

    assert (
        satisfaction_by_organization([org], since=date(2027, 5, 31), until=date(2027, 5, 31))[org][
            "responses"
        ]
        == 1
    )
    assert satisfaction_by_organization([org], since=date(2027, 6, 1))[org] == {
        "responses": 0,
        "average": None,
    }
    assert satisfaction_by_organization([org], until=date(2027, 5, 30))[org]["responses"] == 0
    moment = timezone.make_aware(timezone.datetime(2027, 5, 31, 23, 0))
    assert satisfaction_by_organization([org], until=moment)[org]["responses"] == 0  # a datetime is excluded
    assert satisfaction_by_organization([org], since=moment - timedelta(minutes=1))[org]["responses"] == 1


def test_scores_by_kind_withhold_an_average_under_three_answers(tenant_a, standard_forms):
    built = build_programme(tenant_a.organization, mentees=3, mentors=1)
    mentee_form = standard_forms["mentee_satisfaction"]
    scale = {q.position: 9 for q in mentee_form.questions.filter(kind="scale")}
    for mentee in built.mentees[:2]:
        respond(mentee_form, built.programme, mentee, "mentee", by_position=scale)
    respond(standard_forms["mentor_satisfaction"], built.programme, built.mentors[0], "mentor")

    def scores():
        return {row["kind"]: row for row in scores_by_kind(tenant_a.organization.pk)}

    found = scores()
    assert list(found) == ["mentor_satisfaction", "mentee_satisfaction", "programme_quality"]
    assert (found["mentee_satisfaction"]["responses"], found["mentee_satisfaction"]["average"]) == (2, None)
    assert (found["mentor_satisfaction"]["responses"], found["mentor_satisfaction"]["average"]) == (1, None)
    assert found["programme_quality"]["responses"] == 0
    respond(mentee_form, built.programme, built.mentees[2], "mentee", by_position=scale)
    assert scores()["mentee_satisfaction"] | {"label": None} == {
        "kind": "mentee_satisfaction",
        "label": None,
        "responses": 3,
        "average": 9.0,
    }
    # Answers outside the period are not counted.
    tomorrow = timezone.localdate() + timedelta(days=1)
    assert scores_by_kind(tenant_a.organization.pk, since=tomorrow)[1]["responses"] == 0
