"""Reading assigned items: the committee's table per activity and organisation, an
organisation's own list. Each a fixed number of queries, whatever the number of rows."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from apps.organizations.models import Municipality, Organization
from apps.roadmap.models import Activity
from apps.roadmap.selectors import covering, current_academic_year, owner_roadmaps

from .models import AssignedItem, evidence_words


def assignable_activities(municipality: Municipality, year: int | None = None) -> QuerySet:
    """The activities of the committee's roadmaps that cover the academic year."""
    roadmaps = covering(owner_roadmaps(municipality), year or current_academic_year())
    return (
        Activity.objects.filter(roadmap__in=roadmaps)
        .select_related("stage")
        .order_by("roadmap__academic_year", "stage__position", "position", "pk")
    )


@dataclass
class CommitteeRow:
    """One organisation's item as the committee reads it: plain values, no model instance
    (a thousand organisations make three thousand rows)."""

    pk: int
    organization_name: str
    due_on: date
    done_on: date | None
    evidence_kind: str
    evidence_text: str
    evidence_url: str
    state: str


def _committee_items(municipality: Municipality) -> QuerySet:
    return AssignedItem.objects.filter(
        activity__roadmap__municipality=municipality, activity__roadmap__organization__isnull=True
    )


def committee_summary(municipality: Municipality, today: date | None = None) -> list[dict]:
    """Per assigned activity, how many organisations have done it, are overdue, have not
    started: one grouped query and the activities' titles."""
    today = today or timezone.localdate()
    open_ = Q(done_on__isnull=True)
    counts = (
        _committee_items(municipality)
        .values("activity_id")
        .annotate(
            done=Count("pk", filter=Q(done_on__isnull=False)),
            overdue=Count("pk", filter=open_ & Q(due_on__lt=today)),
            not_started=Count("pk", filter=open_ & Q(due_on__gte=today)),
            total=Count("pk"),
        )
    )
    by_activity = {row.pop("activity_id"): row for row in counts}
    activities = (
        Activity.objects.filter(pk__in=by_activity)
        .only("number", "title", "roadmap_id")
        .order_by("stage__position", "position", "pk")
    )
    return [{"activity": activity, "counts": by_activity[activity.pk]} for activity in activities]


def committee_activity_rows(
    municipality: Municipality, activity: Activity, today: date | None = None
) -> list:
    """The organisations asked for one activity, with their state and the evidence's words
    (title, number, date; a publication's address): plain values, one query, nothing else of
    an organisation (no file, no person)."""
    today = today or timezone.localdate()
    kinds = {kind: str(label) for kind, label in AssignedItem.Evidence.choices}
    items = (
        _committee_items(municipality)
        .filter(activity=activity)
        .order_by("organization__short_name", "pk")
        .values_list(
            "pk",
            "organization__short_name",
            "due_on",
            "done_on",
            "evidence_kind",
            "evidence_title",
            "evidence_number",
            "evidence_date",
            "evidence_url",
        )
    )
    rows = []
    for pk, name, due_on, done_on, kind, title, number, evidence_date, url in items:
        if done_on is not None:
            state = AssignedItem.DONE
        else:
            state = AssignedItem.OVERDUE if due_on < today else AssignedItem.NOT_STARTED
        rows.append(
            CommitteeRow(
                pk=pk,
                organization_name=name,
                due_on=due_on,
                done_on=done_on,
                evidence_kind=kind,
                evidence_text=(
                    f"{kinds[kind]}: {evidence_words(title, number, evidence_date)}"
                    if done_on is not None and kind
                    else ""
                ),
                evidence_url=url if kind == AssignedItem.Evidence.PUBLICATION else "",
                state=state,
            )
        )
    return rows


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
