"""Each target computed on hand-built data."""

from datetime import date

import pytest
from django.utils import timezone

from apps.monitoring import targets
from apps.monitoring.models import Headcount
from apps.pairs.models import (
    DevelopmentPlan,
    Enrollment,
    Meeting,
    Pair,
    PairMentee,
    PlanTask,
)
from apps.roadmap import services as roadmap_services
from apps.teachers.models import TeacherProfile
from apps.teachers.selectors import experience_breakdown
from tests.factories import ConsentFactory, OrganizationFactory, ParticipantFactory, ProgrammeFactory

AS_OF = date(2026, 11, 20)


@pytest.fixture
def school(db):
    return OrganizationFactory()


def _values(organization):
    return {
        v.target.code: v
        for v in targets.values_of(targets.compute([organization.pk], AS_OF)[organization.pk])
    }


def test_mentors_among_students_and_teachers_against_the_headcount(school):
    for index in range(8):
        ParticipantFactory(
            organization=school, category="student", programme_role="mentor" if index < 2 else "mentee"
        )
    ParticipantFactory(organization=school, category="teacher", programme_role="mentor")
    ParticipantFactory(organization=school, category="young_specialist", programme_role="mentee")
    ParticipantFactory(organization=school, category="student", programme_role="mentor", status="left")
    values = _values(school)
    assert (values["mentors_students"].numerator, values["mentors_students"].denominator) == (2, 8)
    assert (values["mentors_teachers"].numerator, values["mentors_teachers"].denominator) == (1, 2)
    # With the organisation's real headcount, 2 mentors among 40 students is 5 %: amber (a 10 %
    # target's amber band is half of it); among 60 students 3 %, red.
    headcount = Headcount.objects.create(organization=school, academic_year=2026, students=40, teachers=5)
    values = _values(school)
    assert values["mentors_students"].percent == 5 and values["mentors_students"].state == "amber"
    headcount.students = 60
    headcount.save()
    values = _values(school)
    assert values["mentors_students"].percent == 3 and values["mentors_students"].state == "red"
    assert values["mentors_teachers"].percent == 20 and values["mentors_teachers"].state == "green"


def test_consents_by_age(school):
    child = ParticipantFactory(organization=school, birth_date=date(2015, 1, 1))
    ConsentFactory(participant=child, given_by="representative", signed_on=date(2026, 9, 1))
    teen = ParticipantFactory(organization=school, birth_date=date(2011, 1, 1))
    ConsentFactory(participant=teen, given_by="representative", signed_on=date(2026, 9, 1))  # own one missing
    late = ParticipantFactory(organization=school, birth_date=date(2015, 1, 1))
    ConsentFactory(participant=late, given_by="representative", signed_on=date(2026, 11, 21))  # after AS_OF
    value = _values(school)["consents"]
    assert (value.numerator, value.denominator) == (1, 3)
    assert value.state == "red"


def _programme(school):
    return ProgrammeFactory(organization=school, title="П")


def _pair(school, programme, status, mentees=1):
    mentor = ParticipantFactory(organization=school, category="teacher", programme_role="mentor")
    pair = Pair.objects.create(organization=school, programme=programme, mentor=mentor, status=status)
    Enrollment.objects.create(organization=school, programme=programme, participant=mentor, side="mentor")
    for _ in range(mentees):
        mentee = ParticipantFactory(organization=school)
        Enrollment.objects.create(organization=school, programme=programme, participant=mentee, side="mentee")
        PairMentee.objects.create(organization=school, pair=pair, mentee=mentee)
    return pair


def test_participants_in_pairs_count_working_pairs_only(school):
    programme = _programme(school)
    _pair(school, programme, Pair.Status.ACTIVE, mentees=2)  # 3 people in a pair
    _pair(school, programme, Pair.Status.PROPOSED)  # 2 people not yet
    waiting = ParticipantFactory(organization=school)
    Enrollment.objects.create(organization=school, programme=programme, participant=waiting, side="mentee")
    ParticipantFactory(organization=school)  # not enrolled: not counted
    value = _values(school)["in_pairs"]
    assert (value.numerator, value.denominator) == (3, 6)


def test_plans_and_final_meetings(school):
    programme = _programme(school)
    done_pair = _pair(school, programme, Pair.Status.ACTIVE)
    other = _pair(school, programme, Pair.Status.COMPLETED)
    for pair, done in ((done_pair, 3), (other, 1)):
        plan = DevelopmentPlan.objects.create(organization=school, member=pair.members.first())
        for index in range(3):
            PlanTask.objects.create(
                organization=school, plan=plan, title="t", done_on=date(2026, 10, 1) if index < done else None
            )
    Meeting.objects.create(organization=school, pair=done_pair, kind="final", held_on=date(2026, 11, 1))
    Meeting.objects.create(organization=school, pair=other, kind="regular", held_on=date(2026, 11, 1))
    values = _values(school)
    assert (values["plans"].numerator, values["plans"].denominator) == (4, 6)
    assert (values["final_event"].numerator, values["final_event"].denominator) == (1, 2)
    assert values["final_event"].state == "red" and values["plans"].state == "red"


def test_roadmap_on_time(school, tenant_a):
    roadmap = roadmap_services.roadmap_create(
        owner=tenant_a.organization,
        year=2026,
        data={
            "stages": [
                {
                    "title": "Этап",
                    "activities": [
                        {"title": "В срок", "deadline": "До 01.10.2026"},
                        {"title": "С опозданием", "deadline": "До 01.10.2026"},
                        {"title": "Просрочено", "deadline": "До 01.11.2026"},
                        {"title": "Ещё не наступило", "deadline": "Май 2027"},
                    ],
                }
            ]
        },
        source="blank",
    )
    on_time, late, _overdue, _future = roadmap.activities.order_by("position")
    roadmap_services.activity_record_progress(
        activity=on_time, status="done", actor=None, done_on=date(2026, 9, 30), evidence_note="x"
    )
    roadmap_services.activity_record_progress(
        activity=late, status="done", actor=None, done_on=date(2026, 10, 5), evidence_note="x"
    )
    value = _values(tenant_a.organization)["roadmap_on_time"]
    assert (value.numerator, value.denominator) == (1, 3)


def test_amber_is_within_ten_points_below_the_target(school):
    plans = targets.TARGETS_BY_CODE["plans"]  # 90 %
    states = {n: targets.TargetValue(plans, n, 100).state for n in (90, 80, 79)}
    assert states == {90: "green", 80: "amber", 79: "red"}
    consents = targets.TARGETS_BY_CODE["consents"]  # 100 %
    assert [targets.TargetValue(consents, n, 100).state for n in (100, 90, 89)] == ["green", "amber", "red"]
    mentors = targets.TARGETS_BY_CODE["mentors_students"]  # 10 %: the band is 5 points
    assert [targets.TargetValue(mentors, n, 100).state for n in (10, 5, 4, 0)] == [
        "green",
        "amber",
        "red",
        "red",
    ]
    assert targets.TargetValue(targets.TARGETS_BY_CODE["plans"], 0, 0).state == "none"


def test_totals_sum_numerators_and_denominators():
    per_org = {1: {t.code: (1, 2) for t in targets.TARGETS}, 2: {t.code: (3, 10) for t in targets.TARGETS}}
    total = {v.target.code: v for v in targets.totals(per_org)}
    assert (total["consents"].numerator, total["consents"].denominator, total["consents"].percent) == (
        4,
        12,
        33,
    )


def test_the_computation_costs_the_same_for_one_organisation_or_many(db, django_assert_max_num_queries):
    organizations = [OrganizationFactory() for _ in range(5)]
    for organization in organizations:
        ParticipantFactory(organization=organization)
        _mentor_of(organization, [_teacher(organization, "Молодова", started_on=date(2025, 9, 1))])
    with django_assert_max_num_queries(8):
        result = targets.compute([o.pk for o in organizations], AS_OF)
    assert len(result) == 5 and all(numbers["young_mentored"] == (1, 1) for numbers in result.values())


def _teacher(
    school, surname, *, started_on=None, years=0, status="active", category="teacher", role="mentee"
):
    person = ParticipantFactory(
        organization=school, last_name=surname, category=category, programme_role=role, status=status
    )
    situation = "young_specialist" if started_on else "new_employee"
    TeacherProfile.objects.create(
        organization=school,
        participant=person,
        situation=situation,
        started_on=started_on,
        experience_years=years,
    )
    return person


def _mentor_of(school, mentees, *, status=Pair.Status.ACTIVE, left_at=None):
    pair = Pair.objects.create(
        organization=school,
        programme=ProgrammeFactory(organization=school),
        mentor=ParticipantFactory(organization=school, category="teacher", programme_role="mentor"),
        status=status,
    )
    for mentee in mentees:
        PairMentee.objects.create(organization=school, pair=pair, mentee=mentee, left_at=left_at)
    return pair


def test_young_specialists_with_a_mentor_by_their_experience_at_the_periods_end(school):
    """0–3 full years on the day (20.11.2026), from the date they started where given."""
    three_exactly = _teacher(school, "Трёхлеткина", started_on=date(2023, 11, 20), years=1)  # 3 years today
    four_exactly = _teacher(school, "Четырёхлеткина", started_on=date(2022, 11, 20), years=2)  # 4 today: out
    a_day_short = _teacher(school, "Почтичетырёхова", started_on=date(2022, 11, 21), years=9)  # still 3
    no_start_date = _teacher(school, "Бездатова", years=2)  # a new employee with 2 years recorded
    _teacher(school, "Опытнова", years=5)  # no start date, 5 years recorded: not young
    starts_later = _teacher(school, "Будущева", started_on=date(2027, 1, 10))  # no experience yet: young
    left = _teacher(school, "Ушедшева", started_on=date(2025, 9, 1), status="left")  # left the school
    # In the registry as a young specialist, outside the mentee bank: a mentor of pupils, say.
    ParticipantFactory(organization=school, category="young_specialist", programme_role="mentor")
    _mentor_of(school, [three_exactly, four_exactly, left])
    _mentor_of(school, [no_start_date], left_at=timezone.now())  # left the pair: no mentor now
    _mentor_of(school, [starts_later], status=Pair.Status.PROPOSED)  # not approved yet
    value = _values(school)["young_mentored"]
    # Young: three_exactly, a_day_short, no_start_date, starts_later; of them with a mentor: one.
    assert (value.numerator, value.denominator) == (1, 4)
    assert value.percent == 25 and value.state == "red"
    # The Python rule of a profile's page says the same.
    profiles = TeacherProfile.objects.filter(organization=school).exclude(participant=left)
    young = {p.participant.last_name for p in profiles if p.experience_on(AS_OF) <= 3}
    assert young == {"Трёхлеткина", "Почтичетырёхова", "Бездатова", "Будущева"}
    assert four_exactly.teacher_profile.experience_on(AS_OF) == 4
    assert a_day_short.teacher_profile.experience_on(AS_OF) == 3
    # A year on, those counted from their start dates have 4 years: out of the target. The
    # years recorded without a date do not grow.
    later = targets.compute([school.pk], date(2027, 11, 20))[school.pk]["young_mentored"]
    assert later == (0, 2)


def test_the_target_is_100_percent_amber_from_90():
    young = targets.TARGETS_BY_CODE["young_mentored"]
    assert young.threshold == 100
    assert [targets.TargetValue(young, n, 10).state for n in (10, 9, 8)] == ["green", "amber", "red"]
    assert targets.TargetValue(young, 0, 0).state == "none"


def test_experience_bands_for_the_committee_count_from_the_start_date(school):
    _teacher(school, "Трёхлеткина", started_on=date(2023, 11, 20), years=0)
    _teacher(school, "Четырёхлеткина", started_on=date(2022, 11, 20), years=0)
    _teacher(school, "Бездатова", years=12)
    _teacher(school, "Ушедшева", started_on=date(2025, 9, 1), status="left")
    assert experience_breakdown([school.pk], AS_OF)[school.pk] == [1, 1, 1]
