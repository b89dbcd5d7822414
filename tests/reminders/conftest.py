"""Hand-built data for the reminders, and a clock: the run takes `now`, so a test says
what time it is in which zone instead of waiting for 07:00."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from apps.organizations.models import Organization
from apps.reminders.models import Notification
from apps.reminders.tasks import send_daily_reminders
from apps.roadmap.models import Activity, Responsible, Roadmap, Stage
from apps.roadmap.selectors import current_academic_year

# The local day of the tests: tomorrow, so that the factories' consents (signed on the
# first of this month) are in force on it.
DAY = timezone.localdate() + timedelta(days=1)


def local_time(zone: str = "Europe/Moscow", hour: int = 7, minute: int = 0, day=None) -> datetime:
    return datetime.combine(day or DAY, time(hour, minute), tzinfo=ZoneInfo(zone))


@pytest.fixture
def run_reminders(django_capture_on_commit_callbacks):
    """The hourly task at `now`, with the e-mails it queues after its commits sent (eagerly)."""

    def run(now=None):
        with django_capture_on_commit_callbacks(execute=True):
            return send_daily_reminders(now=now or local_time())

    return run


def recipients(kind: str, **filters) -> set:
    return set(Notification.objects.filter(kind=kind, **filters).values_list("user_id", flat=True))


def set_zone(organization, zone: str) -> None:
    Organization.objects.filter(pk=organization.pk).update(time_zone=zone)
    organization.time_zone = zone


def make_roadmap(owner) -> Roadmap:
    """An organisation's roadmap (or a municipality's own) covering the academic year of DAY."""
    is_organization = isinstance(owner, Organization)
    roadmap = Roadmap.objects.create(
        organization=owner if is_organization else None,
        municipality=owner.municipality if is_organization else owner,
        title="Дорожная карта внедрения целевой модели наставничества",
        academic_year=current_academic_year(DAY),
    )
    Stage.objects.create(roadmap=roadmap, number="1", title="Подготовка условий")
    return roadmap


def add_activity(roadmap, title, due_on, *, user=None, role="", name="", status=Activity.Status.PLANNED):
    activity = Activity.objects.create(
        roadmap=roadmap,
        stage=roadmap.stages.first(),
        number=f"1.{roadmap.activities.count() + 1}",
        title=title,
        due_on=due_on,
        status=status,
    )
    if user or role or name:
        Responsible.objects.create(activity=activity, user=user, role=role, name=name)
    return activity
