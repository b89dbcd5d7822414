"""Reading roadmaps: states and progress computed in SQL, whatever the number of activities."""

from datetime import date

from django.db.models import Case, CharField, Count, F, Q, QuerySet, Value, When
from django.utils import timezone

from apps.core.academic_year import current_academic_year

from .models import Activity, Roadmap


def owner_roadmaps(owner) -> QuerySet:
    """The roadmaps of an organisation, or a municipality's own (not its organisations')."""
    if owner.__class__.__name__ == "Municipality":
        return Roadmap.objects.filter(municipality=owner, organization__isnull=True)
    return Roadmap.objects.filter(organization=owner)


def covering(roadmaps: QuerySet, year: int) -> QuerySet:
    """Roadmaps whose period includes the academic year `year` (002 runs 2020–2024)."""
    return roadmaps.filter(academic_year__lte=year).filter(academic_year__gt=year - F("period_years"))


def with_state(activities: QuerySet, today: date | None = None) -> QuerySet:
    """Annotate `state`: done, overdue (deadline passed, not done), in_progress or planned."""
    today = today or timezone.localdate()
    return activities.annotate(
        state=Case(
            When(status=Activity.Status.DONE, then=Value(Activity.Status.DONE)),
            When(due_on__lt=today, then=Value(Activity.OVERDUE)),
            default=F("status"),
            output_field=CharField(),
        )
    )


def deadline_filters(as_of: date) -> dict[str, Q]:
    """What is due, done on time and overdue on `as_of`, counted over activities joined to their
    occurrences (a LEFT JOIN: one row per activity done once, one per occurrence of a recurring
    one), so that a quarterly report counts four times, each on its own. Use with `Count("pk",
    filter=...)` in one grouped query: the on-time target and the roadmap's totals read it."""
    once = Q(recurrence="")
    recurring = ~once
    done_once = once & Q(status=Activity.Status.DONE, done_on__lte=as_of)
    done_occurrence = recurring & Q(occurrences__done_on__lte=as_of)
    return {
        "due": (once & Q(due_on__lt=as_of))
        | done_once
        | (recurring & Q(occurrences__due_on__lt=as_of))
        | done_occurrence,
        "on_time": (done_once & (Q(due_on__isnull=True) | Q(done_on__lte=F("due_on"))))
        | (done_occurrence & Q(occurrences__done_on__lte=F("occurrences__due_on"))),
        "overdue": (once & Q(due_on__lt=as_of) & ~Q(status=Activity.Status.DONE))
        | (recurring & Q(occurrences__due_on__lt=as_of, occurrences__done_on__isnull=True)),
    }


def progress_counts(activities: QuerySet, today: date | None = None) -> dict:
    """Totals for a set of activities, in one query: what «100 % on time» is measured by (a
    recurring activity's occurrences each count, as in the monitoring's target)."""
    today = today or timezone.localdate()
    done = Q(status=Activity.Status.DONE)
    by_deadline = deadline_filters(today)
    return activities.aggregate(
        total=Count("pk", distinct=True),
        done=Count("pk", filter=done, distinct=True),
        on_time=Count("pk", filter=by_deadline["on_time"]),
        overdue=Count("pk", filter=by_deadline["overdue"]),
        due=Count("pk", filter=by_deadline["due"]),
    )


def percent(part: int, whole: int) -> int | None:
    return round(100 * part / whole) if whole else None


def stage_progress(roadmap: Roadmap, today: date | None = None) -> dict[int, dict]:
    """Per stage id: total, done, overdue, and the percentage done; one query."""
    today = today or timezone.localdate()
    rows = (
        Activity.objects.filter(roadmap=roadmap)
        .values("stage_id")
        .annotate(
            total=Count("pk"),
            done=Count("pk", filter=Q(status=Activity.Status.DONE)),
            overdue=Count("pk", filter=~Q(status=Activity.Status.DONE) & Q(due_on__lt=today)),
        )
    )
    return {row["stage_id"]: {**row, "percent": percent(row["done"], row["total"])} for row in rows}


def responsible_to(activities: QuerySet, *, user, role: str) -> QuerySet:
    """Activities where the person is named, or their role is."""
    ids = Activity.objects.filter(Q(responsibles__user=user) | Q(responsibles__role=role)).values("pk")
    return activities.filter(pk__in=ids)


def my_open_activities(*, owner, user, role: str, today: date | None = None, limit: int = 8) -> list:
    """The person's activities not done yet in the owner's current roadmap(s), the most urgent first."""
    today = today or timezone.localdate()
    roadmaps = covering(owner_roadmaps(owner), current_academic_year(today))
    activities = responsible_to(
        Activity.objects.filter(roadmap__in=roadmaps).exclude(status=Activity.Status.DONE),
        user=user,
        role=role,
    )
    return list(
        with_state(activities, today)
        .select_related("roadmap__organization", "roadmap__municipality", "stage")
        .order_by(F("due_on").asc(nulls_last=True), "stage__position", "position")[:limit]
    )
