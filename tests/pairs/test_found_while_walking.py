"""What walking the pair cycle as a real school found (issue #16), each with its test."""

from datetime import date

import pytest
from django.urls import reverse

from apps.pairs.models import Enrollment, Pair, PairMentee
from apps.pairs.selectors import board, unpaired
from apps.pairs.services import matching_runs, pairs, training
from apps.participants.retention import anonymise

from .test_services import _mentee, _mentor


def _proposed(programme):
    return {
        (m.pair.mentor.last_name, m.mentee.last_name)
        for m in PairMentee.objects.filter(
            pair__programme=programme, pair__status="proposed", left_at__isnull=True
        ).select_related("pair__mentor", "mentee")
    }


@pytest.fixture
def programme(tenant_a):
    from tests.factories import ProgrammeFactory

    return ProgrammeFactory(organization=tenant_a.organization, title="Ученик – ученик")


def _url(tenant, name, **kwargs):
    return reverse(f"pairs:{name}", kwargs={"org_slug": tenant.organization.slug, **kwargs})


def test_a_new_training_session_keeps_the_mentors_trained_earlier(programme):
    first = _mentor(programme, "Обученная", ["Проекты"])
    second = _mentor(programme, "Новенькая", ["Проекты"])
    one = training.training_session_add(
        programme=programme, actor=None, held_on=date(2026, 9, 10), topic="Роль"
    )
    training.training_attendance_set(session=one, actor=None, present_ids=[first.pk])
    # A second course for the newcomers: the one trained earlier stays trained, on her day.
    two = training.training_session_add(
        programme=programme, actor=None, held_on=date(2026, 10, 5), topic="Роль"
    )
    trained = dict(
        Enrollment.objects.filter(programme=programme, side="mentor").values_list(
            "participant_id", "trained_on"
        )
    )
    assert trained == {first.pk: date(2026, 9, 10), second.pk: None}
    training.training_attendance_set(session=two, actor=None, present_ids=[second.pk])
    training.training_attendance_set(session=one, actor=None, present_ids=[first.pk, second.pk])
    trained = dict(
        Enrollment.objects.filter(programme=programme, side="mentor").values_list(
            "participant_id", "trained_on"
        )
    )
    assert trained == {first.pk: date(2026, 9, 10), second.pk: date(2026, 10, 5)}
    # A correction of the session her training counted undoes it.
    training.training_attendance_set(session=one, actor=None, present_ids=[second.pk])
    assert Enrollment.objects.get(programme=programme, participant=first).trained_on is None


def test_a_dissolved_pairs_mentor_is_avoided_until_the_curator_allows_them_again(client, programme, tenant_a):
    zaytseva = _mentor(programme, "Зайцева", ["Проекты"])
    _mentor(programme, "Орлова", ["Олимпиады и конкурсы"])
    _mentee(programme, "Никитина", ["Проекты"])
    [pair] = [
        p for p in matching_runs.matching_run(programme=programme, actor=None) if p.mentor_id == zaytseva.pk
    ]
    pairs.pair_dissolve(pair=pair, actor=None, reason="не осталось общего времени")
    matching_runs.matching_run(programme=programme, actor=None)
    assert _proposed(programme) == {("Орлова", "Никитина")}

    member = PairMentee.objects.get(pair=pair)
    client.force_login(tenant_a.curator)
    page = client.get(_url(tenant_a, "pair", pair_id=pair.pk)).content.decode()
    assert 'data-testid="allow-again"' in page
    client.post(_url(tenant_a, "allow_mentor", pair_id=pair.pk, member_id=member.pk))
    member.refresh_from_db()
    assert member.mentor_allowed_again
    matching_runs.matching_run(programme=programme, actor=None)
    assert _proposed(programme) == {("Зайцева", "Никитина")}


def test_proposals_proposed_again_keep_their_ids_and_a_replaced_one_says_so(client, programme, tenant_a):
    _mentor(programme, "Олимпиадник", ["Олимпиады и конкурсы"])
    projects = _mentor(programme, "Проектник", ["Проекты"])
    _mentee(programme, "Боря", ["Олимпиады и конкурсы"])
    _mentee(programme, "Аня", ["Проекты"])
    first = {p.mentor_id: p.pk for p in matching_runs.matching_run(programme=programme, actor=None)}
    again = {p.mentor_id: p.pk for p in matching_runs.matching_run(programme=programme, actor=None)}
    assert again == first  # the same proposals: the same rows and addresses

    # A new mentee makes the projects mentor's proposal another one: the old address says so.
    Enrollment.objects.filter(programme=programme, participant=projects).update(capacity=2)
    _mentee(programme, "Вова", ["Проекты"])
    third = {p.mentor_id: p.pk for p in matching_runs.matching_run(programme=programme, actor=None)}
    replaced = Pair.objects.get(pk=first[projects.pk])
    assert replaced.status == Pair.Status.REPLACED and not replaced.members.exists()
    assert third[projects.pk] != first[projects.pk]
    client.force_login(tenant_a.curator)
    response = client.get(_url(tenant_a, "pair", pair_id=replaced.pk))
    assert response.status_code == 200
    assert "заменил это предложение" in response.content.decode()
    assert replaced.pk not in [
        p.pk for p in board(organization=tenant_a.organization, statuses=["proposed"], per_column=60)[1]
    ]


def test_anonymised_people_leave_pairs_proposals_and_the_unpaired_list(programme, tenant_a):
    mentor = _mentor(programme, "Иванова", ["Проекты"])
    mentee = _mentee(programme, "Петров", ["Проекты"])
    waiting = _mentee(programme, "Сидоров", ["Проекты"])
    [pair] = matching_runs.matching_run(programme=programme, actor=None)
    assert [e.participant_id for e in unpaired(organization=tenant_a.organization)] == [waiting.pk]

    anonymise(mentee, "consent revoked")
    anonymise(waiting, "consent revoked")
    pair.refresh_from_db()
    assert pair.status == Pair.Status.DISSOLVED and "хранения" in pair.dissolution_reason
    assert PairMentee.objects.get(pair=pair).left_at is not None
    assert list(unpaired(organization=tenant_a.organization)) == []

    anonymise(mentor, "consent revoked")
    counts, cards = board(
        organization=tenant_a.organization, statuses=["proposed", "dissolved"], per_column=60
    )
    assert cards == [] and counts == {}
    matching_runs.matching_run(programme=programme, actor=None)
    assert _proposed(programme) == set()


def test_the_card_states_the_consent_rule_of_an_eleven_year_old(client, tenant_a):
    from datetime import timedelta

    from django.utils import timezone

    from tests.factories import ConsentFactory, ParticipantFactory

    today = timezone.localdate()
    child = ParticipantFactory(
        organization=tenant_a.organization, birth_date=today.replace(year=today.year - 11) - timedelta(days=3)
    )
    ConsentFactory(participant=child, given_by="subject", representative_name="", representative_relation="")
    client.force_login(tenant_a.curator)
    page = client.get(
        reverse(
            "participants:detail", kwargs={"org_slug": tenant_a.organization.slug, "participant_id": child.pk}
        )
    )
    html = page.content.decode()
    assert "согласие законного представителя" in html  # still missing, correctly
    assert "До 14 лет согласие даёт законный представитель; собственное согласие ребёнка не требуется" in html


def test_past_regular_meetings_are_not_called_current(client, tenant_a):
    from django.utils import translation

    from apps.pairs.models import Meeting

    with translation.override("ru"):
        assert str(Meeting.Kind.REGULAR.label) == "Регулярная встреча"
