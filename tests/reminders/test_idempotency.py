"""A retried, doubled or concurrent run stores each notification once and sends one e-mail
per person and day."""

import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection

from apps.orders import services as order_services
from apps.organizations.roles import Role
from apps.reminders.models import DailyRun, DigestSent, Notification
from apps.reminders.services import digest_send, tenant_reminders_store
from apps.reminders.tasks import send_daily_reminders

from .conftest import DAY, add_activity, local_time, make_roadmap


def _reminders_for_everyone(tenant):
    roadmap = make_roadmap(tenant.organization)
    for role in (Role.DIRECTOR, Role.CURATOR, Role.STAFF):
        add_activity(roadmap, f"Мероприятие для роли {role}", DAY + timedelta(days=2), role=role)
        add_activity(roadmap, f"Просроченное для роли {role}", DAY - timedelta(days=2), role=role)
    order = order_services.order_draft(
        organization=tenant.organization, kind="regulation", actor=tenant.curator
    )
    order_services.order_submit(order=order, actor=tenant.curator)


def _snapshot():
    return sorted(Notification.objects.values_list("user_id", "kind", "key", "day"))


def test_running_twice_stores_and_sends_once(tenant_a, tenant_b, run_reminders):
    _reminders_for_everyone(tenant_a)
    _reminders_for_everyone(tenant_b)

    first = run_reminders(local_time("Europe/Moscow", 7))
    stored = _snapshot()
    assert first["tenants"] == 2 and len(stored) == 2 * 7
    assert len(mail.outbox) == 6  # director, curator and staff of each school

    again = run_reminders(local_time("Europe/Moscow", 7))  # a retried task
    later = run_reminders(local_time("Europe/Moscow", 8))  # the next hourly run

    assert again["tenants"] == later["tenants"] == 0 and again["digests"] == later["digests"] == 0
    assert _snapshot() == stored and len(mail.outbox) == 6
    assert DailyRun.objects.count() == 2 and DigestSent.objects.filter(sent_at__isnull=False).count() == 6


def test_the_next_day_reminds_again(tenant_a, run_reminders):
    _reminders_for_everyone(tenant_a)
    run_reminders(local_time("Europe/Moscow", 7))
    run_reminders(local_time("Europe/Moscow", 7, day=DAY + timedelta(days=1)))

    assert (
        Notification.objects.filter(day=DAY).count()
        == Notification.objects.filter(day=DAY + timedelta(days=1)).count()
    )
    assert len(mail.outbox) == 6


def test_a_tenant_s_day_is_stored_once_even_when_asked_directly(tenant_a):
    _reminders_for_everyone(tenant_a)
    now = local_time()
    assert tenant_reminders_store(owner=tenant_a.organization, day=DAY, now=now) == 7
    assert tenant_reminders_store(owner=tenant_a.organization, day=DAY, now=now) is None
    assert Notification.objects.count() == 7


def test_a_digest_is_sent_once_however_often_its_job_is_delivered(tenant_a, run_reminders):
    _reminders_for_everyone(tenant_a)
    run_reminders()
    assert len(mail.outbox) == 3

    for digest in DigestSent.objects.all():
        assert digest_send(digest_id=digest.pk) is False
    assert len(mail.outbox) == 3


def test_a_digest_whose_job_was_lost_is_sent_by_the_next_run(tenant_a, run_reminders):
    """The process died between the commit and the queueing: the digest row is there, unsent."""
    _reminders_for_everyone(tenant_a)
    now = local_time("Europe/Moscow", 7)
    tenant_reminders_store(owner=tenant_a.organization, day=DAY, now=now)
    digest = DigestSent.objects.create(user=tenant_a.director, day=DAY, created_at=now)
    Notification.objects.filter(user=tenant_a.director).update(digest=digest)

    run_reminders(local_time("Europe/Moscow", 8))

    assert [m.to for m in mail.outbox if m.to == [tenant_a.director.email]] == [[tenant_a.director.email]]
    digest.refresh_from_db()
    assert digest.sent_at is not None
    run_reminders(local_time("Europe/Moscow", 9))
    assert len([m for m in mail.outbox if m.to == [tenant_a.director.email]]) == 1


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_runs_store_each_notification_once_and_send_one_e_mail_each(tenant_a, tenant_b):
    _reminders_for_everyone(tenant_a)
    _reminders_for_everyone(tenant_b)
    now = local_time("Europe/Moscow", 7)
    start = threading.Barrier(2)
    reports, errors = [], []

    def run():
        try:
            start.wait(timeout=10)
            reports.append(send_daily_reminders(now=now))
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    assert sum(r["tenants"] for r in reports) == 2 and sum(r["failed"] for r in reports) == 0
    assert Notification.objects.count() == 2 * 7 and len(set(_snapshot())) == 2 * 7
    assert DailyRun.objects.count() == 2
    recipients = sorted(m.to[0] for m in mail.outbox)
    expected = sorted(
        t.member(role).email for t in (tenant_a, tenant_b) for role in ("director", "curator", "staff")
    )
    assert recipients == expected
