"""The lists behind the targets, shown inside the organisation only (they name people)."""

from datetime import date

from django.db.models import Count, Exists, F, OuterRef, Q
from django.urls import reverse

from apps.core.academic_year import academic_year_of
from apps.pairs.models import Enrollment, Meeting, Pair, PairMentee
from apps.participants.consents import annotate_consent_state
from apps.participants.models import Participant, Status
from apps.roadmap.models import Activity
from apps.roadmap.selectors import covering, owner_roadmaps
from apps.teachers.selectors import young_specialist

from .targets import MENTOR_ROLES, STUDENTS, TEACHERS, WORKING_PAIRS

LIMIT = 500


def _participant_rows(people, slug, detail=""):
    return [
        {
            "text": person.full_name,
            "detail": detail or person.group_name,
            "url": reverse("participants:detail", kwargs={"org_slug": slug, "participant_id": person.pk}),
        }
        for person in people[:LIMIT]
    ]


def _pair_rows(pairs, slug, detail):
    return [
        {
            "text": pair.mentor.full_name,
            "detail": detail(pair),
            "url": reverse("pairs:pair", kwargs={"org_slug": slug, "pair_id": pair.pk}),
        }
        for pair in pairs[:LIMIT]
    ]


def rows_for(code: str, organization, as_of: date) -> list[dict]:
    slug = organization.slug
    active = Participant.objects.filter(organization=organization).exclude(status=Status.LEFT)
    if code in ("mentors_students", "mentors_teachers"):
        categories = STUDENTS if code == "mentors_students" else TEACHERS
        mentors = active.filter(category__in=categories, programme_role__in=MENTOR_ROLES).order_by(
            "last_name"
        )
        return _participant_rows(mentors, slug)
    if code == "consents":
        missing = annotate_consent_state(active, as_of).filter(consent_ok=False).order_by("last_name")
        return _participant_rows(missing, slug)
    if code == "in_pairs":
        in_pair = Exists(Pair.objects.filter(mentor=OuterRef("pk"), status__in=WORKING_PAIRS)) | Exists(
            PairMentee.objects.filter(
                mentee=OuterRef("pk"), left_at__isnull=True, pair__status__in=WORKING_PAIRS
            )
        )
        unpaired = (
            active.filter(Exists(Enrollment.objects.filter(participant=OuterRef("pk"))))
            .annotate(in_pair=in_pair)
            .filter(in_pair=False)
            .order_by("last_name")
        )
        return _participant_rows(unpaired, slug)
    if code == "young_mentored":
        mentored = Exists(
            PairMentee.objects.filter(
                mentee=OuterRef("pk"), left_at__isnull=True, pair__status__in=WORKING_PAIRS
            )
        )
        alone = (
            active.filter(young_specialist(as_of, prefix="teacher_profile__"), anonymised_at__isnull=True)
            .annotate(mentored=mentored)
            .filter(mentored=False)
            .select_related("teacher_profile")
            .order_by("last_name", "first_name", "pk")
        )
        return [
            {
                "text": person.full_name,
                "detail": person.teacher_profile.position,
                "url": reverse("participants:detail", kwargs={"org_slug": slug, "participant_id": person.pk}),
            }
            for person in alone[:LIMIT]
        ]
    if code == "plans":
        pairs = (
            Pair.objects.filter(organization=organization, status__in=WORKING_PAIRS)
            .annotate(
                tasks=Count("members__plan__tasks"),
                done=Count("members__plan__tasks", filter=Q(members__plan__tasks__done_on__lte=as_of)),
            )
            .filter(tasks__gt=0, done__lt=F("tasks") * 0.9)
            .select_related("mentor")
        )
        return _pair_rows(pairs, slug, lambda p: f"{p.done} / {p.tasks}")
    if code == "final_event":
        final = Exists(
            Meeting.objects.filter(pair=OuterRef("pk"), kind=Meeting.Kind.FINAL, held_on__lte=as_of)
        )
        pairs = (
            Pair.objects.filter(
                organization=organization, status__in=[Pair.Status.ACTIVE, Pair.Status.COMPLETED]
            )
            .annotate(final=final)
            .filter(final=False)
            .select_related("mentor", "programme")
        )
        return _pair_rows(pairs, slug, lambda p: p.programme.title)
    if code == "roadmap_on_time":
        roadmaps = covering(owner_roadmaps(organization), academic_year_of(as_of))
        late = (
            Activity.objects.filter(roadmap__in=roadmaps)
            .filter(
                Q(due_on__lt=as_of) & ~Q(status=Activity.Status.DONE)
                | Q(recurrence="", status=Activity.Status.DONE, done_on__gt=F("due_on"))
                | Q(occurrences__done_on__gt=F("occurrences__due_on"))  # an occurrence done late
            )
            .distinct()
            .order_by("due_on")
        )
        return [
            {
                "text": activity.title,
                "detail": activity.deadline_text,
                "url": reverse(
                    "roadmap:activity",
                    kwargs={"org_slug": slug, "roadmap_id": activity.roadmap_id, "activity_id": activity.pk},
                ),
            }
            for activity in late[:LIMIT]
        ]
    return []
