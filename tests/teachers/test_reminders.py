"""Reminders of the mentoring of teachers: consents and agreements ending within 30 days, and
personalised programmes not approved a month after the pair was formed."""

from datetime import timedelta

from django.utils import timezone

from apps.pairs.models import Pair
from apps.reminders.models import Notification
from apps.teachers import services
from tests.reminders.conftest import DAY, local_time, recipients, run_reminders  # noqa: F401

from .helpers import consent_for, teacher_pair


def test_a_consent_ending_within_30_days_reaches_curator_and_director(tenant_a, tenant_b, run_reminders):  # noqa: F811
    pair = teacher_pair(tenant_a)
    ending = consent_for(
        pair,
        tenant_a.curator,
        signed_on=DAY - timedelta(days=201),
        starts_on=DAY - timedelta(days=200),
        ends_on=DAY + timedelta(days=30),
    )
    services.agreement_create(consent=ending, actor=tenant_a.curator)
    later = consent_for(
        pair,
        tenant_a.curator,
        signed_on=DAY - timedelta(days=201),
        starts_on=DAY - timedelta(days=200),
        ends_on=DAY + timedelta(days=31),
    )
    ended = consent_for(
        pair,
        tenant_a.curator,
        signed_on=DAY - timedelta(days=201),
        starts_on=DAY - timedelta(days=200),
        ends_on=DAY + timedelta(days=5),
    )
    services.duty_consent_end_early(
        consent=ended,
        actor=tenant_a.curator,
        notice_by="employer",
        notice_on=DAY - timedelta(days=9),
        ended_on=DAY - timedelta(days=2),
    )
    run_reminders(local_time("Europe/Moscow", 7))
    assert recipients("duty_consent_ending", key=f"duty_consent:{ending.pk}") == {
        tenant_a.curator.pk,
        tenant_a.director.pk,
    }
    assert not Notification.objects.filter(
        key__in=[f"duty_consent:{later.pk}", f"duty_consent:{ended.pk}"]
    ).exists()
    notification = Notification.objects.filter(kind="duty_consent_ending").first()
    assert pair.mentor.last_name in notification.title and "дополнительное соглашение №" in notification.body


def test_a_programme_not_approved_a_month_after_the_pair_was_formed(tenant_a, run_reminders):  # noqa: F811
    old, fresh, done = (teacher_pair(tenant_a, prefix=p) for p in ("Старов", "Новиков", "Готовцев"))
    Pair.objects.filter(pk__in=[old.pk, done.pk]).update(created_at=timezone.now() - timedelta(days=40))
    services.programme_draft(pair=old, actor=tenant_a.curator)
    approved = services.programme_draft(pair=done, actor=tenant_a.curator)
    services.programme_approve(programme=approved, actor=tenant_a.director)
    run_reminders(local_time("Europe/Moscow", 7))
    assert recipients("programme_not_approved", key=f"ppn:{old.pk}") == {
        tenant_a.curator.pk,
        tenant_a.director.pk,
    }
    assert not Notification.objects.filter(key__in=[f"ppn:{fresh.pk}", f"ppn:{done.pk}"]).exists()
    assert (
        "СтаровНаставник"
        in Notification.objects.get(kind="programme_not_approved", user=tenant_a.curator).title
    )
