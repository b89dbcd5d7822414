"""Reminders go out at 07:00 of each organisation's own time zone."""

from datetime import timedelta

import pytest
from django.core import mail

from apps.organizations.roles import Role
from apps.reminders.models import DailyRun, DigestSent, Notification
from tests.factories import MembershipFactory

from .conftest import DAY, add_activity, local_time, make_roadmap, recipients, set_zone


def _activity_for_curators(tenant, title, due_on=DAY):
    return add_activity(make_roadmap(tenant.organization), title, due_on, role=Role.CURATOR)


def test_an_omsk_organisation_is_reminded_at_its_own_seven_o_clock(tenant_a, tenant_b, run_reminders):
    set_zone(tenant_a.organization, "Asia/Omsk")
    _activity_for_curators(tenant_a, "Омское мероприятие")
    _activity_for_curators(tenant_b, "Белгородское мероприятие")

    run_reminders(local_time("Asia/Omsk", 6, 59))
    assert not Notification.objects.exists() and not DailyRun.objects.exists()

    run_reminders(local_time("Asia/Omsk", 7))  # 04:00 in Moscow (and in Belgorod)
    assert recipients("roadmap_due") == {tenant_a.curator.pk}
    assert list(DailyRun.objects.values_list("organization_id", "day")) == [(tenant_a.organization.pk, DAY)]
    assert [m.to for m in mail.outbox] == [[tenant_a.curator.email]]

    run_reminders(local_time("Europe/Moscow", 7))  # 10:00 in Omsk: done there already
    assert recipients("roadmap_due") == {tenant_a.curator.pk, tenant_b.curator.pk}
    assert Notification.objects.count() == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted([tenant_a.curator.email, tenant_b.curator.email])


def test_the_sverdlovsk_zone_runs_two_hours_before_moscow(tenant_a, tenant_b, run_reminders):
    set_zone(tenant_a.organization, "Asia/Yekaterinburg")
    _activity_for_curators(tenant_a, "Мероприятие в Берёзовском")
    _activity_for_curators(tenant_b, "Мероприятие в Валуйках")

    run_reminders(local_time("Europe/Moscow", 5))
    assert recipients("roadmap_due") == {tenant_a.curator.pk}


def test_the_day_of_a_notification_is_the_organisation_s_own_date(tenant_a, run_reminders):
    """07:00 in Kamchatka is 22:00 of the day before in Moscow: the day, and «today», are Kamchatka's."""
    set_zone(tenant_a.organization, "Asia/Kamchatka")
    _activity_for_curators(tenant_a, "Камчатское мероприятие", due_on=DAY)
    now = local_time("Asia/Kamchatka", 7)
    assert now.astimezone(local_time().tzinfo).date() == DAY - timedelta(days=1)

    run_reminders(now)

    notification = Notification.objects.get()
    assert notification.day == DAY and "сегодня" in notification.title
    assert DigestSent.objects.get().day == DAY


def test_a_missed_seven_o_clock_is_made_up_by_the_next_hourly_run(tenant_a, run_reminders):
    _activity_for_curators(tenant_a, "Мероприятие")

    run_reminders(local_time("Europe/Moscow", 9, 30))  # beat or worker was down at 07:00 and 08:00
    run_reminders(local_time("Europe/Moscow", 10, 30))

    assert Notification.objects.count() == 1 and len(mail.outbox) == 1


def test_nobody_is_reminded_at_night(tenant_a, run_reminders):
    _activity_for_curators(tenant_a, "Мероприятие")

    run_reminders(local_time("Europe/Moscow", 22))
    run_reminders(local_time("Europe/Moscow", 3))

    assert not Notification.objects.exists() and mail.outbox == []


def test_a_person_working_in_two_zones_gets_one_e_mail_once_both_have_run(tenant_a, tenant_b, run_reminders):
    set_zone(tenant_a.organization, "Asia/Omsk")
    MembershipFactory(organization=tenant_b.organization, user=tenant_a.curator, role=Role.CURATOR)
    _activity_for_curators(tenant_a, "Омское мероприятие")
    _activity_for_curators(tenant_b, "Белгородское мероприятие")

    run_reminders(local_time("Asia/Omsk", 7))
    assert Notification.objects.filter(user=tenant_a.curator).count() == 1
    assert mail.outbox == []  # waits for the Belgorod school's morning

    run_reminders(local_time("Europe/Moscow", 7))
    letters = [m for m in mail.outbox if m.to == [tenant_a.curator.email]]
    assert len(letters) == 1
    assert "Омское мероприятие" in letters[0].body and "Белгородское мероприятие" in letters[0].body
    assert (
        tenant_a.organization.short_name in letters[0].body
        and tenant_b.organization.short_name in letters[0].body
    )


def test_a_digest_waits_for_another_workplace_twelve_hours_at_most(tenant_a, tenant_b, run_reminders):
    """A workplace that never runs (here: a zone the portal does not serve) does not hold
    the person's e-mail back for ever."""
    MembershipFactory(organization=tenant_b.organization, user=tenant_a.curator, role=Role.CURATOR)
    set_zone(tenant_b.organization, "Etc/GMT+12")
    _activity_for_curators(tenant_a, "Мероприятие")

    run_reminders(local_time("Europe/Moscow", 7))
    assert mail.outbox == []
    run_reminders(local_time("Europe/Moscow", 18))
    assert mail.outbox == []
    run_reminders(local_time("Europe/Moscow", 19, 1))
    assert [m.to for m in mail.outbox] == [[tenant_a.curator.email]]


# The scheduler closes the database connection as beat does: only a transactional test survives that.
@pytest.mark.django_db(transaction=True)
def test_beat_runs_the_reminders_every_hour_from_the_database_schedule():
    """django-celery-beat's DatabaseScheduler installs the entry of the settings."""
    from django_celery_beat.models import PeriodicTask
    from django_celery_beat.schedulers import DatabaseScheduler

    from apps.reminders.tasks import send_daily_reminders
    from mentoring_portal.celery import app

    DatabaseScheduler(app=app)
    task = PeriodicTask.objects.get(name="send-daily-reminders")
    assert task.task == send_daily_reminders.name == "apps.reminders.tasks.send_daily_reminders"
    assert (task.interval.every, task.interval.period) == (3600, "seconds")
    assert task.enabled and task.expires is None and task.expire_seconds in (None, 1800)
