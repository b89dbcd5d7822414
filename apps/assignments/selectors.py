"""Reading assigned items: the committee's table per activity and organisation, an
organisation's own list. Each a fixed number of queries, whatever the number of rows."""

from collections import Counter
from datetime import date

from django.db.models import QuerySet
from django.utils import timezone

from apps.organizations.models import Municipality, Organization
from apps.roadmap.models import Activity
from apps.roadmap.selectors import covering, current_academic_year, owner_roadmaps

from .models import AssignedItem


def assignable_activities(municipality: Municipality, year: int | None = None) -> QuerySet:
    """The activities of the committee's roadmaps that cover the academic year."""
    roadmaps = covering(owner_roadmaps(municipality), year or current_academic_year())
    return (
        Activity.objects.filter(roadmap__in=roadmaps)
        .select_related("stage")
        .order_by("roadmap__academic_year", "stage__position", "position", "pk")
    )


def committee_overview(municipality: Municipality, today: date | None = None) -> list[dict]:
    """Per assigned activity: its organisations with their state and the evidence's words
    (title, number, date; a publication's address), and the counts of each state. Two
    queries. Nothing else of an organisation: no file, no person."""
    today = today or timezone.localdate()
    items = (
        AssignedItem.objects.filter(
            activity__roadmap__municipality=municipality, activity__roadmap__organization__isnull=True
        )
        .select_related("organization", "activity", "activity__stage")
        .order_by(
            "activity__stage__position", "activity__position", "activity_id", "organization__short_name"
        )
    )
    rows: dict[int, dict] = {}
    for item in items:
        row = rows.setdefault(item.activity_id, {"activity": item.activity, "items": [], "counts": Counter()})
        item.current_state = item.state(today)
        row["items"].append(item)
        row["counts"][item.current_state] += 1
    return list(rows.values())


def organization_items(organization: Organization) -> QuerySet:
    return AssignedItem.objects.filter(organization=organization).select_related(
        "activity", "activity__roadmap__municipality", "order"
    )


def open_items(organization: Organization, limit: int = 8) -> list[AssignedItem]:
    """What the committee still waits for, the nearest deadline first (the home page)."""
    return list(
        AssignedItem.objects.filter(organization=organization, done_on__isnull=True)
        .select_related("activity")
        .order_by("due_on", "pk")[:limit]
    )
