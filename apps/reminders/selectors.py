"""Reads of notifications, preferences and of which tenants are due for their daily run."""

from collections import Counter, defaultdict
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import QuerySet
from django_scopes import scopes_disabled

from apps.organizations.models import CommitteeMembership, Membership, Municipality, Organization

from .models import DailyRun, Notification, NotificationPreference
from .registry import COMMITTEE, KINDS

# Reminders go out from 07:00 of the tenant's local time. A run missed at 07:00 (beat or
# worker down) is made up by the next hourly run, until this hour: nobody is woken at night.
SEND_HOUR = 7
LAST_SEND_HOUR = 21


def portal_notifications(user) -> QuerySet:
    """The person's notifications of the kinds they keep in the portal (one query)."""
    hidden = NotificationPreference.objects.filter(user=user, in_portal=False).values("kind")
    return Notification.objects.filter(user=user).exclude(kind__in=hidden)


def unread_count(user) -> int:
    return portal_notifications(user).filter(read_at__isnull=True).count()


def preferences_of(user) -> dict[str, tuple[bool, bool]]:
    """kind -> (by e-mail, in the portal) for every kind; defaults on."""
    stored = {p.kind: (p.by_email, p.in_portal) for p in NotificationPreference.objects.filter(user=user)}
    return {code: stored.get(code, (True, True)) for code in KINDS}


def preferences_by_user(user_ids) -> dict[tuple[int, str], tuple[bool, bool]]:
    """(user id, kind) -> (by e-mail, in the portal) of those who changed a default."""
    rows = NotificationPreference.objects.filter(user_id__in=user_ids).values_list(
        "user_id", "kind", "by_email", "in_portal"
    )
    return {(user_id, kind): (by_email, in_portal) for user_id, kind, by_email, in_portal in rows}


def local_now(time_zone: str, now: datetime) -> datetime:
    return now.astimezone(ZoneInfo(time_zone))


def is_sending_hour(local: datetime) -> bool:
    return SEND_HOUR <= local.hour <= LAST_SEND_HOUR


def served_zones() -> list[str]:
    return [code for code, _label in Organization._meta.get_field("time_zone").choices]


def municipality_zones() -> dict[int, str]:
    """A municipality has no zone of its own: the one most of its active organisations use
    (on a tie, that of the organisation created first)."""
    counts = defaultdict(Counter)
    rows = (
        Organization.objects.filter(is_active=True, time_zone__in=served_zones())
        .order_by("pk")
        .values_list("municipality_id", "time_zone")
    )
    for municipality_id, zone in rows:
        counts[municipality_id][zone] += 1
    return {m: zones.most_common(1)[0][0] for m, zones in counts.items()}


def due_tenants(now: datetime) -> list[tuple[Organization | Municipality, date]]:
    """(tenant, local day) of every tenant where it is the sending hour and whose reminders
    of that day are not stored yet: active organisations, and municipalities with an active
    committee member (their own roadmap). A few queries, whatever the number of tenants."""
    days = {
        zone: local_now(zone, now).date() for zone in served_zones() if is_sending_hour(local_now(zone, now))
    }
    organizations = Organization.objects.filter(time_zone__in=list(days), is_active=True).order_by("pk")
    candidates = [(o, days[o.time_zone]) for o in organizations]

    zones_of = municipality_zones()
    municipalities = Municipality.objects.filter(
        pk__in=CommitteeMembership.objects.filter(is_active=True, user__is_active=True).values(
            "municipality_id"
        )
    ).order_by("pk")
    for municipality in municipalities:
        local = local_now(zones_of.get(municipality.pk, settings.TIME_ZONE), now)
        if is_sending_hour(local):
            candidates.append((municipality, local.date()))

    done = runs_of({day for _tenant, day in candidates})
    return [(tenant, day) for tenant, day in candidates if (*tenant_key(tenant), day) not in done]


def tenant_key(owner) -> tuple[str, int]:
    return ("organization" if isinstance(owner, Organization) else "municipality", owner.pk)


def tenant_members(owner) -> dict[str, set[int]]:
    """role -> ids of the tenant's active people (committee members for a municipality)."""
    members = defaultdict(set)
    if isinstance(owner, Organization):
        rows = Membership.objects.filter(
            organization=owner, is_active=True, user__is_active=True
        ).values_list("role", "user_id")
    else:
        rows = [
            (COMMITTEE, user_id)
            for user_id in CommitteeMembership.objects.filter(
                municipality=owner, is_active=True, user__is_active=True
            ).values_list("user_id", flat=True)
        ]
    for role, user_id in rows:
        members[role].add(user_id)
    return dict(members)


def tenants_of(user_ids) -> dict[int, set[tuple[str, int]]]:
    """user id -> the tenants whose daily run their digest waits for."""
    tenants = defaultdict(set)
    # Across organisations on purpose: a person's digest gathers all their workplaces.
    with scopes_disabled():
        rows = Membership.objects.filter(
            user_id__in=user_ids, is_active=True, organization__is_active=True
        ).values_list("user_id", "organization_id")
        for user_id, organization_id in rows:
            tenants[user_id].add(("organization", organization_id))
    rows = CommitteeMembership.objects.filter(user_id__in=user_ids, is_active=True).values_list(
        "user_id", "municipality_id"
    )
    for user_id, municipality_id in rows:
        tenants[user_id].add(("municipality", municipality_id))
    return tenants


def runs_of(days) -> set[tuple[str, int, date]]:
    """("organization" or "municipality", id, day) of the stored daily runs of these days."""
    runs = set()
    for organization_id, municipality_id, day in DailyRun.objects.filter(day__in=days).values_list(
        "organization_id", "municipality_id", "day"
    ):
        if organization_id:
            runs.add(("organization", organization_id, day))
        else:
            runs.add(("municipality", municipality_id, day))
    return runs
