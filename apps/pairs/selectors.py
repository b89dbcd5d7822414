"""Reads of programmes and pairs."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, Window
from django.db.models.functions import RowNumber
from django.utils import timezone
from guardian.shortcuts import get_objects_for_user

from apps.audit.models import AuditEntry
from apps.participants.consents import annotate_consent_state
from apps.participants.models import Participant, ProgrammeRole
from apps.participants.models import Status as ParticipantStatus
from apps.participants.selectors import found_by_name

from .models import (
    OPEN_PLAN,
    WORKING_STATUSES,
    Enrollment,
    Meeting,
    MeetingFeedback,
    MeetingPlan,
    Pair,
    PairMentee,
    Programme,
    with_inactivity,
)


def current_members():
    return PairMentee.objects.filter(left_at__isnull=True).select_related("mentee")


def board(*, organization, statuses, per_column: int, programme=None, form=None):
    """The board's columns: per status, how many pairs there are, and the first `per_column`
    of them (in the pairs' order) with their mentees, last meeting and whether they are
    `inactive`. Three queries, and only the cards shown are loaded, whatever the number of pairs."""
    # People anonymised by retention are in statistics only, not on the board.
    pairs = Pair.objects.filter(
        organization=organization, status__in=statuses, mentor__anonymised_at__isnull=True
    )
    if programme:
        pairs = pairs.filter(programme=programme)
    if form:
        pairs = pairs.filter(programme__form=form)
    counts = dict(pairs.order_by().values("status").annotate(n=Count("pk")).values_list("status", "n"))
    # Pair.Meta.ordering ("programme", "pk") sorts by the programme's own ordering.
    in_order = [F("programme__academic_year").desc(), F("programme__title").asc(), F("pk").asc()]
    shown = (
        pairs.annotate(position=Window(RowNumber(), partition_by=F("status"), order_by=in_order))
        .filter(position__lte=per_column)
        .select_related("mentor", "programme__form")
        .prefetch_related(Prefetch("members", queryset=current_members(), to_attr="current_members"))
        .annotate(trial_held=Exists(Meeting.objects.filter(pair=OuterRef("pk"), kind=Meeting.Kind.TRIAL)))
    )
    shown = with_inactivity(shown, today=timezone.localdate(), zone=timezone.get_current_timezone())
    return counts, list(shown)


# The enrol form lists this many people at most: a base of thousands stays one short page.
ENROL_CANDIDATES_SHOWN = 100


def enrol_candidates(*, programme, find: str = ""):
    """People who may still join the programme: active, with a role on a side they are not
    enrolled on yet (`mentor_open`, `mentee_open`), found by name; in the order of names."""
    enrolled = Enrollment.objects.filter(programme=programme, participant=OuterRef("pk"))
    people = (
        Participant.objects.filter(organization_id=programme.organization_id, anonymised_at__isnull=True)
        .exclude(status=ParticipantStatus.LEFT)
        .annotate(
            mentor_open=Q(programme_role__in=[ProgrammeRole.MENTOR, ProgrammeRole.BOTH])
            & ~Exists(enrolled.filter(side=Enrollment.Side.MENTOR)),
            mentee_open=Q(programme_role__in=[ProgrammeRole.MENTEE, ProgrammeRole.BOTH])
            & ~Exists(enrolled.filter(side=Enrollment.Side.MENTEE)),
        )
        .filter(Q(mentor_open=True) | Q(mentee_open=True))
    )
    if find:
        people = found_by_name(people, find)
    return people.order_by("last_name", "first_name", "patronymic", "pk")


def unpaired(*, organization, programme=None, form=None):
    """Mentees who wait for a mentor: listed for psychological support meanwhile."""
    enrollments = Enrollment.objects.filter(
        organization=organization,
        side=Enrollment.Side.MENTEE,
        needs_support=True,
        participant__anonymised_at__isnull=True,
    ).select_related("participant", "programme")
    if programme:
        enrollments = enrollments.filter(programme=programme)
    if form:
        enrollments = enrollments.filter(programme__form=form)
    return enrollments.order_by("programme", "participant__last_name")


def consent_ok_by_participant(participant_ids) -> dict[int, bool]:
    """Whether each participant has the consents the law asks for, in one query."""
    rows = annotate_consent_state(Participant.objects.filter(pk__in=set(participant_ids))).values_list(
        "pk", "consent_ok"
    )
    return dict(rows)


def programmes_overview(*, organization):
    return (
        Programme.objects.filter(organization=organization)
        .select_related("form", "curator")
        .annotate(
            mentor_count=Count("enrollments", filter=Q(enrollments__side=Enrollment.Side.MENTOR)),
            mentee_count=Count("enrollments", filter=Q(enrollments__side=Enrollment.Side.MENTEE)),
        )
    )


def pair_history(*, pair: Pair):
    return AuditEntry.objects.filter(
        organization=pair.organization, target_type=ContentType.objects.get_for_model(Pair), target_id=pair.pk
    ).select_related("actor")


def is_inactive(pair: Pair) -> bool:
    """Whether the pair is flagged as inactive today (the rule of models.with_inactivity), in one query."""
    pairs = with_inactivity(
        Pair.objects.filter(pk=pair.pk), today=timezone.localdate(), zone=timezone.get_current_timezone()
    )
    return pairs.values_list("inactive", flat=True).get()


def meetings_of(pair: Pair) -> list[Meeting]:
    """The pair's meetings, each with `feedback_given` (with their authors) and
    `missing_feedback`: attendees who have not given theirs. Prefetched into lists (`to_attr`):
    a related manager's queryset per meeting would cost more than the two queries."""
    meetings = list(
        pair.meetings.prefetch_related(
            Prefetch("attendees", to_attr="attendee_list"),
            Prefetch(
                "feedback",
                queryset=MeetingFeedback.objects.select_related("author"),
                to_attr="feedback_given",
            ),
        ).order_by("-held_on", "-pk")
    )
    for meeting in meetings:
        given = {f.author_id for f in meeting.feedback_given}
        meeting.missing_feedback = [p for p in meeting.attendee_list if p.pk not in given]
    return meetings


def meeting_plans_of(pair: Pair) -> list[MeetingPlan]:
    """The pair's planned meetings not yet logged or cancelled, soonest first."""
    return list(pair.meeting_plans.filter(OPEN_PLAN))


def plans_of(pair: Pair) -> list[dict]:
    """Each current mentee's individual development plan, its tasks and completion."""
    members = current_members().filter(pair=pair).prefetch_related("plan__tasks")
    rows = []
    for member in members:
        plan = getattr(member, "plan", None)  # a missing plan reads as None
        tasks = list(plan.tasks.all()) if plan else []
        rows.append(
            {
                "member": member,
                "plan": plan,
                "tasks": tasks,
                "completion": plan.completion(tasks) if plan else 0,
            }
        )
    return rows


def pairs_without_trial_decision(*, organization):
    """Working pairs whose trial meeting is held and nobody has decided whether they go on;
    each carries `total`, how many there are (a window: one query for a page of them)."""
    return (
        Pair.objects.filter(
            Exists(Meeting.objects.filter(pair=OuterRef("pk"), kind=Meeting.Kind.TRIAL)),
            organization=organization,
            status__in=WORKING_STATUSES,
            trial_decision="",
        )
        .annotate(total=Window(Count("pk")))
        .select_related("mentor")
        .order_by("pk")
    )


def granted_pairs(user, pairs=None):
    """The pairs django-guardian grants this user (a mentor's own), within the scope. Only
    per-user grants exist (services/accounts.py), so neither global permissions, groups nor
    the superuser's shortcut are consulted: two queries fewer on every mentor's page."""
    return get_objects_for_user(
        user,
        "pairs.view_pair",
        klass=Pair.objects.all() if pairs is None else pairs,
        use_groups=False,
        with_superuser=False,
        accept_global_perms=False,
    )
