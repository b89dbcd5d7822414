"""The targets of the seed roadmaps (DOMAIN.md), computed in SQL for any number of organisations.

Each target is a share: a numerator over a denominator, against a threshold in per cent.
`compute(organization_ids, as_of)` runs one grouped query per target, whatever the number
of organisations or participants, and returns plain numbers: nothing personal leaves it,
so the committee's pages are built from it directly.
"""

from dataclasses import dataclass
from datetime import date
from functools import cached_property

from django.db.models import Count, Exists, F, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from apps.core.academic_year import academic_year_of
from apps.events.models import Event, Invitation
from apps.pairs.models import Enrollment, Meeting, Pair, PairMentee, PlanTask
from apps.participants.consents import annotate_consent_state
from apps.participants.models import Category, Participant, ProgrammeRole, Status
from apps.roadmap.models import Activity
from apps.roadmap.selectors import deadline_filters
from apps.teachers.selectors import young_specialist

from .models import Headcount

WORKING_PAIRS = [Pair.Status.APPROVED, Pair.Status.ACTIVE, Pair.Status.COMPLETED]
MENTOR_ROLES = [ProgrammeRole.MENTOR, ProgrammeRole.BOTH]
# Target groups of «mentors are at least 10 % of each target group».
STUDENTS = [Category.STUDENT]
TEACHERS = [Category.TEACHER, Category.YOUNG_SPECIALIST]
# Issue #19: green at or above the target, amber within 10 points below it, red further.
# For the 10 % targets ten points would make even 0 % amber: there the band is half the
# target (5–9 % amber), so that an organisation without mentors is red.
AMBER_POINTS = 10


def amber_floor(threshold: int) -> float:
    return threshold - min(AMBER_POINTS, threshold / 2)


@dataclass(frozen=True)
class Target:
    code: str
    label: str
    threshold: int  # per cent
    explanation: str


TARGETS = [
    Target(
        "mentors_students",
        _("Mentors among students"),
        10,
        _("Students who are mentors, of all students (the headcount, or the registry when none is given)."),
    ),
    Target(
        "mentors_teachers",
        _("Mentors among teachers"),
        10,
        _("Teachers who are mentors, of all teachers (the headcount, or the registry when none is given)."),
    ),
    Target(
        "consents",
        _("Participants with consent"),
        100,
        _("Participants whose consents the law asks for are on file."),
    ),
    Target(
        "in_pairs",
        _("Participants in pairs or groups"),
        100,
        _("Participants enrolled in a programme who are in an approved or working pair or group."),
    ),
    Target("plans", _("Individual plans realised"), 90, _("Tasks of the individual development plans done.")),
    Target(
        "final_event",
        _("Pairs at the final meeting"),
        90,
        _("Working and completed pairs and groups that held their final meeting."),
    ),
    Target(
        "roadmap_on_time",
        _("Roadmap activities on time"),
        100,
        _("Activities of this year's roadmap done by their deadline, of those due so far."),
    ),
    # The joint recommendations of 21.12.2021 (АЗ-1128/08/657): every young specialist gets a
    # mentor; the federal form's indicator 4 (regional.defaults) asks the same share at 100 %.
    Target(
        "young_mentored",
        _("Young specialists with a mentor"),
        100,
        _(
            "Mentee teachers with 0–3 years of teaching experience at the period's end (counted "
            "from the date they started, else as recorded) who are in an approved or working pair "
            "or group."
        ),
    ),
]
TARGETS_BY_CODE = {t.code: t for t in TARGETS}


@dataclass(frozen=True)
class TargetValue:
    target: Target
    numerator: int
    denominator: int

    # Cached (written into the instance's __dict__, which a frozen dataclass allows): a
    # dashboard reads each value's percent and state several times over 400 cells.
    @cached_property
    def percent(self) -> int | None:
        return round(100 * self.numerator / self.denominator) if self.denominator else None

    @cached_property
    def state(self) -> str:
        """green (met), amber (close), red (far), none (nothing to measure yet)."""
        if self.percent is None:
            return "none"
        if self.percent >= self.target.threshold:
            return "green"
        if self.percent >= amber_floor(self.target.threshold):
            return "amber"
        return "red"


def academic_year_start(day: date) -> date:
    return date(academic_year_of(day), 9, 1)


def compute(organization_ids: list[int], as_of: date) -> dict[int, dict[str, tuple[int, int]]]:
    """Per organisation id and target code: (numerator, denominator) as of a day."""
    result = {org: {t.code: (0, 0) for t in TARGETS} for org in organization_ids}
    if not organization_ids:
        return result

    def put(org, code, numerator, denominator):
        result[org][code] = (numerator or 0, denominator or 0)

    active = Participant.objects.filter(organization_id__in=organization_ids).exclude(status=Status.LEFT)

    # Mentors among students and teachers; the headcount of the year is the denominator when known.
    year = academic_year_of(as_of)
    headcounts = {
        h.organization_id: h
        for h in Headcount.objects.filter(organization_id__in=organization_ids, academic_year=year)
    }
    # One pass over the participants for the four targets about people.
    in_pair = Exists(Pair.objects.filter(mentor=OuterRef("pk"), status__in=WORKING_PAIRS)) | Exists(
        PairMentee.objects.filter(mentee=OuterRef("pk"), left_at__isnull=True, pair__status__in=WORKING_PAIRS)
    )
    enrolled = Exists(Enrollment.objects.filter(participant=OuterRef("pk")))
    # Young specialists: the teachers of the mentee bank (a profile) with 0–3 years on the day.
    # The profile first: for everybody else the filter is false at once (not NULL), so the
    # «mentored» subquery is run for the young specialists only.
    young = (
        Q(teacher_profile__isnull=False)
        & young_specialist(as_of, prefix="teacher_profile__")
        & Q(anonymised_at__isnull=True)
    )
    mentored = Exists(
        PairMentee.objects.filter(mentee=OuterRef("pk"), left_at__isnull=True, pair__status__in=WORKING_PAIRS)
    )
    people = (
        annotate_consent_state(active, as_of)
        .annotate(enrolled=enrolled, in_pair=in_pair, mentored=mentored)
        .values("organization_id")
        .annotate(
            total=Count("pk"),
            consent_ok=Count("pk", filter=Q(consent_ok=True)),
            enrolled_total=Count("pk", filter=Q(enrolled=True)),
            paired=Count("pk", filter=Q(enrolled=True, in_pair=True)),
            students=Count("pk", filter=Q(category__in=STUDENTS)),
            student_mentors=Count("pk", filter=Q(category__in=STUDENTS, programme_role__in=MENTOR_ROLES)),
            teachers=Count("pk", filter=Q(category__in=TEACHERS)),
            teacher_mentors=Count("pk", filter=Q(category__in=TEACHERS, programme_role__in=MENTOR_ROLES)),
            young=Count("pk", filter=young),
            young_mentored=Count("pk", filter=young & Q(mentored=True)),
        )
    )
    for row in people:
        org, headcount = row["organization_id"], headcounts.get(row["organization_id"])
        put(
            org,
            "mentors_students",
            row["student_mentors"],
            (headcount and headcount.students) or row["students"],
        )
        put(
            org,
            "mentors_teachers",
            row["teacher_mentors"],
            (headcount and headcount.teachers) or row["teachers"],
        )
        put(org, "consents", row["consent_ok"], row["total"])
        put(org, "in_pairs", row["paired"], row["enrolled_total"])
        put(org, "young_mentored", row["young_mentored"], row["young"])

    for row in (
        PlanTask.objects.filter(
            organization_id__in=organization_ids, plan__member__pair__status__in=WORKING_PAIRS
        )
        .values("organization_id")
        .annotate(total=Count("pk"), done=Count("pk", filter=Q(done_on__lte=as_of)))
    ):
        put(row["organization_id"], "plans", row["done"], row["total"])

    # Pairs at the final event. Where the organisation held a final event this academic year,
    # its attendance is the measure (a pair takes part when its mentor or a mentee of it came);
    # elsewhere the pairs' final meetings. One grouped query either way.
    final = Exists(Meeting.objects.filter(pair=OuterRef("pk"), kind=Meeting.Kind.FINAL, held_on__lte=as_of))
    events = _final_events(organization_ids, as_of)
    attended = Invitation.objects.filter(event__in=events, attended=True, participant__isnull=False)
    took_part = Exists(attended.filter(participant=OuterRef("mentor_id"))) | Exists(
        attended.filter(
            participant__in=PairMentee.objects.filter(pair=OuterRef(OuterRef("pk"))).values("mentee_id")
        )
    )
    holds_event = Exists(events.filter(organization_id=OuterRef("organization_id")))
    for row in (
        Pair.objects.filter(
            organization_id__in=organization_ids, status__in=[Pair.Status.ACTIVE, Pair.Status.COMPLETED]
        )
        .annotate(final=final, took_part=took_part, holds_event=holds_event)
        .values("organization_id", "holds_event")
        .annotate(
            total=Count("pk"),
            held=Count("pk", filter=Q(final=True)),
            took=Count("pk", filter=Q(took_part=True)),
        )
    ):
        held = row["took"] if row["holds_event"] else row["held"]
        put(row["organization_id"], "final_event", held, row["total"])

    # a recurring activity counts each of its occurrences (roadmap.selectors.deadline_filters)
    by_deadline = deadline_filters(as_of)
    for row in (
        Activity.objects.filter(
            roadmap__organization_id__in=organization_ids,
            roadmap__academic_year__lte=year,
            roadmap__academic_year__gt=year - F("roadmap__period_years"),
        )
        .values("roadmap__organization_id")
        .annotate(
            due=Count("pk", filter=by_deadline["due"]), on_time=Count("pk", filter=by_deadline["on_time"])
        )
    ):
        put(row["roadmap__organization_id"], "roadmap_on_time", row["on_time"], row["due"])
    return result


def _final_events(organization_ids, as_of: date):
    return Event.objects.filter(
        organization_id__in=organization_ids,
        kind=Event.Kind.FINAL_EVENT,
        status=Event.Status.HELD,
        held_on__gte=academic_year_start(as_of),
        held_on__lte=as_of,
    )


def final_event_measured(organization_ids: list[int], as_of: date) -> set[int]:
    """The organisations whose «final event» target is measured from a final event held this
    academic year (the others: from the pairs' final meetings)."""
    return set(_final_events(organization_ids, as_of).values_list("organization_id", flat=True))


def values_of(numbers: dict[str, tuple[int, int]]) -> list[TargetValue]:
    return [TargetValue(t, *numbers.get(t.code, (0, 0))) for t in TARGETS]


def totals(per_organization: dict[int, dict[str, tuple[int, int]]]) -> list[TargetValue]:
    """The municipality's total: the sums of numerators over the sums of denominators."""
    summed = {
        t.code: (
            sum(numbers[t.code][0] for numbers in per_organization.values()),
            sum(numbers[t.code][1] for numbers in per_organization.values()),
        )
        for t in TARGETS
    }
    return values_of(summed)
