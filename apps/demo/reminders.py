"""Demo notifications: today's reminders of the demo organisations and committee, stored as
their 07:00 run would store them, so that the bell has something to show on the first visit.
The e-mail digests follow with beat's next hourly run, to the demo's .local addresses."""

from django.conf import settings
from django.utils import timezone

from apps.organizations.models import Organization
from apps.reminders.selectors import local_now, municipality_zones
from apps.reminders.services import tenant_reminders_store


def load_demo_notifications(*, owners) -> str:
    now = timezone.now()
    zones = municipality_zones()
    stored = 0
    for owner in owners:
        if isinstance(owner, Organization):
            zone = owner.time_zone
        else:
            zone = zones.get(owner.pk, settings.TIME_ZONE)
        # None: today's run of this tenant is already stored (a second load_demo, or beat).
        stored += tenant_reminders_store(owner=owner, day=local_now(zone, now).date(), now=now) or 0
    return f"{stored} notifications stored for today"
