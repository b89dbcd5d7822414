"""Retention of personal data: apps.participants.retention.apply_retention and its daily task.

A revoked consent, or a participant who has left, leads to the removal of the personal data
after PERSONAL_DATA_GRACE_DAYS (always within the 30 days of 152-ФЗ art. 21); the row stays
for statistics and a DeletionRecord proves the removal without naming anybody.
"""

import os
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope

from apps.audit.models import AuditEntry
from apps.participants import services
from apps.participants.models import (
    Answer,
    Category,
    Consent,
    DeletionRecord,
    ExtraInformation,
    Participant,
    Status,
)
from apps.participants.retention import (
    MAX_DAYS,
    REASON_LEFT,
    REASON_REVOKED,
    RetentionResult,
    apply_retention,
    grace_days,
)
from apps.participants.tasks import apply_personal_data_retention
from apps.questions.models import Question
from tests.factories import ConsentFactory, ParticipantFactory

TODAY = timezone.localdate


def _days_ago(days):
    return TODAY() - timedelta(days=days)


@pytest.fixture
def pupil(tenant_a):
    """A pupil with everything the retention job must remove: contacts, answers,
    extra information and a scanned consent."""
    participant = ParticipantFactory(
        organization=tenant_a.organization,
        last_name="Соколова",
        first_name="Вера",
        patronymic="Андреевна",
        group_name="8А",
        email="vera@example.org",
        phone="+7 900 111-22-33",
    )
    consent = services.consent_record(
        participant=participant,
        actor=tenant_a.curator,
        given_by=Consent.GivenBy.REPRESENTATIVE,
        signed_on=_days_ago(60),
        scope="Наставничество",
        representative_name="Соколова Ирина Олеговна",
        representative_relation=Consent.Relation.MOTHER,
        document=ContentFile(b"%PDF-1.4 scan", name="sokolova.pdf"),
    )
    question = Question.objects.filter(
        question_set__questionnaire__organization=tenant_a.organization
    ).first()
    services.answers_save(participant=participant, actor=tenant_a.curator, values={question.pk: "Рисование"})
    services.extra_information_add(
        participant=participant,
        actor=tenant_a.curator,
        source="class_teacher",
        author_name="Лебедева Т.А.",
        text="Стеснительная, хорошо рисует",
    )
    participant.consent = consent
    return participant


def _revoke(participant, days_ago):
    consent = participant.consents.filter(revoked_on__isnull=True).first()
    return services.consent_revoke(
        consent=consent, actor=None, revoked_on=_days_ago(days_ago), reason="Отзыв"
    )


def test_the_grace_period_is_the_setting_and_stays_within_the_law(settings):
    assert grace_days() == settings.PERSONAL_DATA_GRACE_DAYS == 7
    settings.PERSONAL_DATA_GRACE_DAYS = 45
    assert grace_days() == MAX_DAYS - 1


def test_a_revoked_consent_past_the_grace_period_removes_the_personal_data(pupil):
    scan = pupil.consent.document.path
    assert os.path.exists(scan)
    _revoke(pupil, days_ago=grace_days() + 1)

    result = apply_retention()

    assert result == RetentionResult(anonymised=1, records_purged=0)
    pupil.refresh_from_db()
    assert pupil.anonymised_at is not None
    assert pupil.last_name == f"#{pupil.pk}"
    assert (pupil.first_name, pupil.patronymic, pupil.birth_date) == ("", "", None)
    assert (pupil.email, pupil.phone, pupil.group_name) == ("", "", "")
    # What stays is for statistics only.
    assert (pupil.category, pupil.programme_role, pupil.organization_id) == (
        Category.STUDENT,
        "mentee",
        pupil.organization_id,
    )
    assert not Answer.objects.filter(participant=pupil).exists()
    assert not ExtraInformation.objects.filter(participant=pupil).exists()
    consent = Consent.objects.get(participant=pupil)
    assert (consent.document.name, consent.representative_name) == ("", "")
    assert not os.path.exists(scan)


def test_the_deletion_record_says_what_and_why_but_not_whose_name(pupil):
    _revoke(pupil, days_ago=grace_days() + 1)
    apply_retention()
    record = DeletionRecord.objects.get()
    assert record.organization == pupil.organization
    assert record.participant_ref == pupil.pk
    assert record.reason == REASON_REVOKED
    assert record.categories == [
        "full name",
        "birth date",
        "contacts",
        "class or group",
        "questionnaire answers",
        "extra information",
        "consent documents",
    ]
    everything = str([record.participant_ref, record.categories, record.reason])
    for value in ("Соколова", "Вера", "vera@example.org", "8А"):
        assert value not in everything
    entry = AuditEntry.objects.get(action="participant.anonymised")
    assert (entry.actor, entry.target_id, entry.data) == (None, pupil.pk, {"reason": REASON_REVOKED})


def test_a_participant_with_nothing_extra_lists_only_the_basic_categories(tenant_a):
    adult = ParticipantFactory(organization=tenant_a.organization, category=Category.TEACHER, birth_date=None)
    ConsentFactory(participant=adult, given_by=Consent.GivenBy.SUBJECT, revoked_on=_days_ago(30))
    apply_retention()
    assert DeletionRecord.objects.get(participant_ref=adult.pk).categories == [
        "full name",
        "birth date",
        "contacts",
        "class or group",
    ]


def test_a_consent_revoked_yesterday_waits_for_the_grace_period(pupil):
    _revoke(pupil, days_ago=1)
    assert apply_retention() == RetentionResult(anonymised=0, records_purged=0)
    pupil.refresh_from_db()
    assert pupil.anonymised_at is None and pupil.last_name == "Соколова"
    assert os.path.exists(pupil.consent.document.path)

    # The same job thirty days later removes it: never later than the law allows.
    assert apply_retention(TODAY() + timedelta(days=30)).anonymised == 1
    pupil.refresh_from_db()
    assert pupil.anonymised_at is not None and pupil.last_name == f"#{pupil.pk}"


def test_the_last_day_of_the_grace_period_still_waits(pupil):
    _revoke(pupil, days_ago=grace_days() - 1)
    assert apply_retention().anonymised == 0
    assert apply_retention(TODAY() + timedelta(days=1)).anonymised == 1


def test_a_participant_who_left_is_anonymised_after_the_grace_period(tenant_a, pupil):
    services.participant_leave(
        participant=pupil, actor=tenant_a.curator, left_on=_days_ago(grace_days() + 1), reason="Выпуск"
    )
    assert apply_retention().anonymised == 1
    pupil.refresh_from_db()
    assert pupil.anonymised_at is not None
    assert pupil.status == Status.LEFT
    assert DeletionRecord.objects.get().reason == REASON_LEFT


def test_a_participant_who_left_recently_is_kept(tenant_a, pupil):
    services.participant_leave(
        participant=pupil, actor=tenant_a.curator, left_on=_days_ago(2), reason="Выпуск"
    )
    assert apply_retention().anonymised == 0
    pupil.refresh_from_db()
    assert pupil.last_name == "Соколова"


def test_nobody_else_is_touched(tenant_a, tenant_b, pupil):
    keeper = ParticipantFactory(organization=tenant_a.organization, last_name="Остаётся")
    ConsentFactory(participant=keeper)
    _revoke(pupil, days_ago=grace_days() + 1)
    apply_retention()
    assert set(
        Participant.objects.filter(anonymised_at__isnull=True).values_list("last_name", flat=True)
    ) == {"Остаётся", "АльфовНаставляемый", "БетовНаставляемый"}


def test_it_acts_in_every_organisation(tenant_a, tenant_b):
    for tenant in (tenant_a, tenant_b):
        consent = Consent.objects.get(organization=tenant.organization)
        services.consent_revoke(consent=consent, actor=None, revoked_on=_days_ago(10), reason="")
    assert apply_retention().anonymised == 2
    assert set(DeletionRecord.objects.values_list("organization", flat=True)) == {
        tenant_a.organization.pk,
        tenant_b.organization.pk,
    }


def test_a_consent_recorded_again_after_a_mistaken_revocation_keeps_the_data(tenant_a, pupil):
    """The grace period lets a mistake be undone: a new consent in force stops the removal."""
    _revoke(pupil, days_ago=3)
    services.consent_record(
        participant=pupil,
        actor=tenant_a.curator,
        given_by=Consent.GivenBy.REPRESENTATIVE,
        signed_on=_days_ago(2),
        scope="Наставничество",
        representative_name="Соколова Ирина Олеговна",
        representative_relation=Consent.Relation.MOTHER,
    )
    assert apply_retention(TODAY() + timedelta(days=30)).anonymised == 0
    pupil.refresh_from_db()
    assert pupil.anonymised_at is None and pupil.last_name == "Соколова"


def test_a_revocation_that_leaves_the_law_unsatisfied_removes_the_data(tenant_a):
    """A teenager's own consent revoked: the representative's alone is not enough at 15."""
    today = TODAY()
    teenager = ParticipantFactory(
        organization=tenant_a.organization, birth_date=today.replace(year=today.year - 15, day=1)
    )
    ConsentFactory(participant=teenager)
    ConsentFactory(
        participant=teenager,
        given_by=Consent.GivenBy.SUBJECT,
        representative_name="",
        representative_relation="",
        revoked_on=_days_ago(grace_days() + 1),
    )
    assert apply_retention().anonymised == 1
    assert DeletionRecord.objects.get(participant_ref=teenager.pk).reason == REASON_REVOKED


def test_records_older_than_three_years_are_purged(tenant_a):
    old = DeletionRecord.objects.create(
        organization=tenant_a.organization, participant_ref=1, categories=["full name"], reason=REASON_LEFT
    )
    recent = DeletionRecord.objects.create(
        organization=tenant_a.organization, participant_ref=2, categories=["full name"], reason=REASON_LEFT
    )
    now = timezone.now()
    DeletionRecord.objects.filter(pk=old.pk).update(deleted_at=now - timedelta(days=3 * 365 + 2))
    DeletionRecord.objects.filter(pk=recent.pk).update(deleted_at=now - timedelta(days=3 * 365 - 2))

    assert apply_retention() == RetentionResult(anonymised=0, records_purged=1)
    assert list(DeletionRecord.objects.values_list("pk", flat=True)) == [recent.pk]


def test_running_twice_does_nothing_more(pupil):
    _revoke(pupil, days_ago=grace_days() + 1)
    assert apply_retention().anonymised == 1
    anonymised_at = Participant.objects.get(pk=pupil.pk).anonymised_at
    assert apply_retention() == RetentionResult(anonymised=0, records_purged=0)
    assert Participant.objects.get(pk=pupil.pk).anonymised_at == anonymised_at
    assert DeletionRecord.objects.count() == 1
    assert AuditEntry.objects.filter(action="participant.anonymised").count() == 1


def test_the_anonymised_participant_leaves_the_registry_and_the_card(client, tenant_a, pupil):
    _revoke(pupil, days_ago=grace_days() + 1)
    apply_retention()
    client.force_login(tenant_a.staff)
    registry = client.get(reverse("participants:list", kwargs={"org_slug": tenant_a.organization.slug}))
    assert pupil.pk not in [p.pk for p in registry.context["page"]]
    card = reverse(
        "participants:detail", kwargs={"org_slug": tenant_a.organization.slug, "participant_id": pupil.pk}
    )
    assert client.get(card).status_code == 404


def test_the_daily_task_runs_and_returns_the_counts(pupil):
    _revoke(pupil, days_ago=grace_days() + 1)
    # A worker has no tenant: the task must not need the caller to lift the scopes. Run in
    # place (apply): inside the test's transaction, delay() would wait for a commit.
    with scope(_enabled=True):
        result = apply_personal_data_retention.apply()
    assert result.get() == {"anonymised": 1, "records_purged": 0}
    assert Participant.objects.get(pk=pupil.pk).anonymised_at is not None
    assert apply_personal_data_retention.apply().get() == {"anonymised": 0, "records_purged": 0}


def test_the_task_is_in_the_beat_schedule(settings):
    schedule = {entry["task"]: entry["schedule"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert schedule["apps.participants.tasks.apply_personal_data_retention"] == 24 * 60 * 60
    assert apply_personal_data_retention.name == "apps.participants.tasks.apply_personal_data_retention"
