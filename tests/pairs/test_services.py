"""Matching for a programme, the consent rule and the life of a pair."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from apps.audit.models import AuditEntry
from apps.core.models import TenantMismatch
from apps.pairs.models import Enrollment, Pair, PairMentee
from apps.pairs.services import matching_runs, pairs, preferences, training
from apps.participants.models import Answer, Participant, QuestionnaireTemplate
from apps.participants.models import Status as ParticipantStatus
from apps.questions.models import Question
from tests.factories import ConsentFactory, ParticipantFactory, ProgrammeFactory


@pytest.fixture
def programme(tenant_a):
    return ProgrammeFactory(organization=tenant_a.organization, title="Ученик – ученик")


def _answer(person, kind, topic, value):
    question = Question.objects.get(
        question_set__questionnaire__organization=person.organization,
        question_set__questionnaire__kind=kind,
        topic=topic,
    )
    Answer.objects.create(
        organization=person.organization, participant=person, question=question, value=value
    )


def _mentor(programme, name, competencies, capacity=1, consent=True):
    person = ParticipantFactory(
        organization=programme.organization,
        last_name=name,
        category="teacher",
        birth_date=date(1980, 1, 1),
        programme_role="mentor",
    )
    if consent:
        ConsentFactory(
            participant=person, given_by="subject", representative_name="", representative_relation=""
        )
    _answer(person, QuestionnaireTemplate.Kind.MENTOR, Question.Topic.COMPETENCIES, competencies)
    Enrollment.objects.create(
        organization=programme.organization,
        programme=programme,
        participant=person,
        side="mentor",
        capacity=capacity,
        selection="selected",
    )
    return person


def _mentee(programme, name, requests, consent=True):
    person = ParticipantFactory(organization=programme.organization, last_name=name)
    if consent:
        ConsentFactory(participant=person)
    _answer(person, QuestionnaireTemplate.Kind.MENTEE, Question.Topic.REQUESTS, requests)
    Enrollment.objects.create(
        organization=programme.organization, programme=programme, participant=person, side="mentee"
    )
    return person


def _proposed(programme):
    return {
        (m.pair.mentor.last_name, m.mentee.last_name)
        for m in PairMentee.objects.filter(pair__programme=programme, left_at__isnull=True).select_related(
            "pair__mentor", "mentee"
        )
    }


def test_matching_pairs_requests_with_competencies_and_lists_the_unpaired(programme, tenant_a):
    _mentor(programme, "Олимпиадник", ["Олимпиады и конкурсы"])
    _mentor(programme, "Проектник", ["Проекты"], capacity=2)
    _mentee(programme, "Аня", ["Проекты"])
    _mentee(programme, "Боря", ["Олимпиады и конкурсы"])
    _mentee(programme, "Вова", ["Проекты"])
    _mentee(programme, "Гена", ["Проекты"])
    matching_runs.matching_run(programme=programme, actor=tenant_a.curator)
    proposed = _proposed(programme)
    assert ("Олимпиадник", "Боря") in proposed
    assert len([p for p in proposed if p[0] == "Проектник"]) == 2  # a group of two
    assert len(proposed) == 3
    unpaired = Enrollment.objects.filter(programme=programme, needs_support=True)
    assert unpaired.count() == 1
    member = PairMentee.objects.get(mentee__last_name="Боря")
    assert member.factors[0]["factor"] == "requests"
    assert AuditEntry.objects.filter(action="programme.matching_run").exists()


def test_locked_and_approved_pairs_survive_a_new_run(programme, tenant_a):
    _mentor(programme, "Первый", ["Проекты"])
    _mentor(programme, "Второй", ["Учёба"])
    _mentee(programme, "Аня", ["Учёба"])
    matching_runs.matching_run(programme=programme, actor=tenant_a.curator)
    pair = Pair.objects.get(programme=programme)
    assert pair.mentor.last_name == "Второй"
    pairs.pair_approve(pair=pair, actor=tenant_a.curator)
    matching_runs.matching_run(programme=programme, actor=tenant_a.curator)
    assert _proposed(programme) == {("Второй", "Аня")}
    assert Pair.objects.filter(programme=programme).count() == 1


def test_a_pair_without_consents_cannot_be_approved(programme, tenant_a):
    _mentor(programme, "Наставник", ["Проекты"], consent=False)
    _mentee(programme, "Аня", ["Проекты"], consent=False)
    matching_runs.matching_run(programme=programme, actor=tenant_a.curator)
    pair = Pair.objects.get(programme=programme)
    with pytest.raises(ValidationError) as error:
        pairs.pair_approve(pair=pair, actor=tenant_a.curator)
    message = " ".join(error.value.messages)
    assert "Наставник" in message and "Аня" in message
    pair.refresh_from_db()
    assert pair.status == Pair.Status.PROPOSED


def test_the_life_of_a_pair_and_its_history(programme, tenant_a):
    _mentor(programme, "Наставник", ["Проекты"])
    mentee = _mentee(programme, "Аня", ["Проекты"])
    matching_runs.matching_run(programme=programme, actor=tenant_a.curator)
    pair = Pair.objects.get(programme=programme)
    pairs.pair_approve(pair=pair, actor=tenant_a.curator)
    pairs.pair_approve(pair=pair, actor=tenant_a.curator)  # a double click
    mentee.refresh_from_db()
    assert mentee.status == ParticipantStatus.IN_PAIR
    pairs.pair_activate(pair=pair, actor=tenant_a.curator)
    pairs.pair_complete(pair=pair, actor=tenant_a.curator)
    pair.refresh_from_db()
    assert pair.status == Pair.Status.COMPLETED
    history = list(
        AuditEntry.objects.filter(target_id=pair.pk, action__startswith="pair.")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert history == ["pair.approved", "pair.activated", "pair.completed"]


def test_dissolving_needs_a_reason_and_frees_the_mentee(programme, tenant_a):
    _mentor(programme, "Наставник", ["Проекты"])
    mentee = _mentee(programme, "Аня", ["Проекты"])
    matching_runs.matching_run(programme=programme, actor=tenant_a.curator)
    pair = Pair.objects.get(programme=programme)
    pairs.pair_approve(pair=pair, actor=tenant_a.curator)
    with pytest.raises(ValidationError):
        pairs.pair_dissolve(pair=pair, actor=tenant_a.curator, reason=" ")
    pairs.pair_dissolve(pair=pair, actor=tenant_a.curator, reason="Переезд наставника")
    mentee.refresh_from_db()
    assert mentee.status == ParticipantStatus.IN_BASE
    assert Enrollment.objects.get(participant=mentee).needs_support


def test_after_a_rematch_the_next_proposal_avoids_the_same_mentor(programme, tenant_a):
    _mentor(programme, "Лучший", ["Проекты"])
    _mentor(programme, "Другой", ["Учёба"])
    _mentee(programme, "Аня", ["Проекты"])
    matching_runs.matching_run(programme=programme, actor=tenant_a.curator)
    assert _proposed(programme) == {("Лучший", "Аня")}
    pair = Pair.objects.get(programme=programme)
    pairs.pair_approve(pair=pair, actor=tenant_a.curator)
    member = pair.members.get()
    pairs.mentee_rematch(
        member=member, actor=tenant_a.curator, reason="Не сложился контакт на пробной встрече"
    )
    matching_runs.matching_run(programme=programme, actor=tenant_a.curator)
    assert _proposed(programme) == {("Другой", "Аня")}
    assert Participant.objects.get(last_name="Аня").status == ParticipantStatus.IN_BASE


def test_attending_every_session_of_the_school_of_mentors_trains_a_mentor(programme, tenant_a):
    first = _mentor(programme, "Первый", ["Проекты"])
    second = _mentor(programme, "Второй", ["Проекты"])
    one = training.training_session_add(
        programme=programme, actor=None, held_on=date(2026, 9, 10), topic="Роль наставника"
    )
    two = training.training_session_add(
        programme=programme, actor=None, held_on=date(2026, 9, 17), topic="Обратная связь"
    )
    training.training_attendance_set(session=one, actor=None, present_ids=[first.pk, second.pk])
    training.training_attendance_set(session=two, actor=None, present_ids=[first.pk])
    trained = dict(
        Enrollment.objects.filter(programme=programme, side="mentor").values_list(
            "participant_id", "trained_on"
        )
    )
    assert trained == {first.pk: date(2026, 9, 17), second.pk: None}


def test_the_survey_after_the_group_meeting_steers_the_matching(programme, tenant_a):
    liked = _mentor(programme, "Желанный", ["Проекты"])
    _mentor(programme, "Другой", ["Проекты"])
    mentee = _mentee(programme, "Аня", ["Проекты"])
    preferences.preferences_set(programme=programme, actor=None, chooser=mentee, chosen_ids=[liked.pk])
    matching_runs.matching_run(programme=programme, actor=None)
    assert _proposed(programme) == {("Желанный", "Аня")}
    member = PairMentee.objects.get(mentee=mentee)
    assert "mentee_choice" in {f["factor"] for f in member.factors}
    with pytest.raises(ValidationError):
        preferences.preferences_set(programme=programme, actor=None, chooser=mentee, chosen_ids=[mentee.pk])


def test_the_curator_edits_a_proposal_by_moving_a_mentee(programme, tenant_a):
    _mentor(programme, "Первый", ["Проекты"])
    other = _mentor(programme, "Второй", ["Учёба"])
    mentee = _mentee(programme, "Аня", ["Проекты"])
    matching_runs.matching_run(programme=programme, actor=None)
    member = PairMentee.objects.get(mentee=mentee)
    old_pair = member.pair
    pairs.mentee_move(member=member, actor=tenant_a.curator, mentor=other)
    assert _proposed(programme) == {("Второй", "Аня")}
    assert not Pair.objects.filter(pk=old_pair.pk).exists()  # an emptied proposal goes
    stranger = ParticipantFactory(organization=programme.organization)
    with pytest.raises(ValidationError):
        pairs.mentee_move(member=PairMentee.objects.get(mentee=mentee), actor=None, mentor=stranger)


def test_once_the_programme_has_a_school_of_mentors_only_trained_mentors_are_matched(programme, tenant_a):
    trained = _mentor(programme, "Обученный", ["Учёба"])
    _mentor(programme, "Необученный", ["Проекты"])
    _mentee(programme, "Аня", ["Проекты"])
    session = training.training_session_add(
        programme=programme, actor=None, held_on=date(2026, 9, 10), topic="Старт"
    )
    training.training_attendance_set(session=session, actor=None, present_ids=[trained.pk])
    matching_runs.matching_run(programme=programme, actor=None)
    assert _proposed(programme) == {("Обученный", "Аня")}


def test_a_pairs_rows_take_its_organisation_and_refuse_another(programme, tenant_b):
    mentor = _mentor(programme, "Наставник", ["Учёба"])
    mentee = _mentee(programme, "Аня", ["Учёба"])
    pair = Pair.objects.create(programme=programme, mentor=mentor)
    member = PairMentee.objects.bulk_create([PairMentee(pair=pair, mentee=mentee)])[0]
    assert pair.organization_id == member.organization_id == programme.organization_id
    with pytest.raises(TenantMismatch):
        Pair.objects.create(organization=tenant_b.organization, programme=programme, mentor=mentor)
    with pytest.raises(TenantMismatch):
        PairMentee.objects.bulk_create(
            [PairMentee(organization=tenant_b.organization, pair=pair, mentee=mentor)]
        )
