"""Reads of the mentoring of teachers: the consent rule, the mentee bank, consents, years of
experience on a day (the target «young specialists with a mentor» and the committee's counts:
numbers per organisation, nothing personal)."""

from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext as _

from apps.documents.models import Document
from apps.pairs.models import WORKING_STATUSES, Pair, PairMentee
from apps.participants.models import Answer, Participant, Status
from apps.questions.models import Question

from .library import PROGRAMME_TEMPLATES
from .models import (
    AGREEMENT_PDF,
    TEACHER_FORM,
    YOUNG_SPECIALIST_YEARS,
    DutyConsent,
    ProgrammeTemplate,
    SupplementaryAgreement,
    TeacherProfile,
)


def is_teacher_pair(pair: Pair) -> bool:
    return pair.programme.form.name == TEACHER_FORM


def covering_consents(*, mentor_ids, starts_on: date, ends_on: date):
    """Consents to the extra duties that cover the whole period and were not ended before its end."""
    return DutyConsent.objects.filter(
        mentor_id__in=mentor_ids, starts_on__lte=starts_on, ends_on__gte=ends_on
    ).filter(Q(ended_on__isnull=True) | Q(ended_on__gte=ends_on))


def pairs_without_duty_consent(pairs) -> dict[int, list[str]]:
    """The rule of art. 351.8: a teacher pair's mentor consented in writing to the extra duties
    for the programme's period. One query per programme of the pairs given (usually one)."""
    teacher_pairs = [p for p in pairs if is_teacher_pair(p)]
    problems: dict[int, list[str]] = {}
    by_programme: dict[int, list[Pair]] = {}
    for pair in teacher_pairs:
        by_programme.setdefault(pair.programme_id, []).append(pair)
    for group in by_programme.values():
        programme = group[0].programme
        covered = set(
            covering_consents(
                mentor_ids={p.mentor_id for p in group},
                starts_on=programme.starts_on,
                ends_on=programme.ends_on,
            ).values_list("mentor_id", flat=True)
        )
        for pair in group:
            if pair.mentor_id not in covered:
                problems[pair.pk] = [
                    _(
                        "%(mentor)s: no written consent to the extra duties of mentoring for "
                        "%(start)s–%(end)s (art. 351.8 of the Labour Code)"
                    )
                    % {
                        "mentor": pair.mentor.full_name,
                        "start": f"{programme.starts_on:%d.%m.%Y}",
                        "end": f"{programme.ends_on:%d.%m.%Y}",
                    }
                ]
    return problems


def teacher_bank():
    """Teachers in the mentee base with their profile and requests, in two queries."""
    return (
        Participant.objects.filter(teacher_profile__isnull=False, anonymised_at__isnull=True)
        .select_related("teacher_profile")
        .prefetch_related("professional_requests")
        .annotate(
            has_mentor=Exists(
                PairMentee.objects.filter(
                    mentee=OuterRef("pk"), left_at__isnull=True, pair__status__in=WORKING_STATUSES
                )
            )
        )
        .order_by("last_name", "first_name", "patronymic", "pk")
    )


def teachers_to_profile():
    """Teachers of the base who want a mentor and have no category yet: the curator sets it."""
    return Participant.objects.filter(
        category__in=("teacher", "young_specialist"),
        programme_role__in=("mentee", "both"),
        teacher_profile__isnull=True,
        anonymised_at__isnull=True,
    ).order_by("last_name", "first_name", "patronymic", "pk")


def teacher_pairs():
    return (
        Pair.objects.filter(programme__form__name=TEACHER_FORM)
        .exclude(status=Pair.Status.REPLACED)
        .select_related("programme", "mentor", "personalised_programme")
        .prefetch_related("members__mentee")
        .order_by("programme", "pk")
    )


EXPERIENCE_BANDS = ((0, YOUNG_SPECIALIST_YEARS), (YOUNG_SPECIALIST_YEARS + 1, 10), (11, None))


def years_before(day: date, years: int) -> date:
    """The same day `years` years earlier (29 February falls back to the 28th)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def experience_between(as_of: date, low: int, high: int | None = None, prefix: str = "") -> Q:
    """A teacher's profile with `low` to `high` full years of teaching experience on `as_of`
    (both inclusive; `high` None: no upper bound), in SQL. Counted from the date they started
    where it is given — a start after `as_of` is no experience yet —, else the years recorded.
    `prefix` reaches the profile from another model ("teacher_profile__")."""
    started_on, recorded = f"{prefix}started_on", f"{prefix}experience_years"
    by_date = Q(**{f"{started_on}__isnull": False})
    if low > 0:  # full years >= low: the low-th anniversary has come
        by_date &= Q(**{f"{started_on}__lte": years_before(as_of, low)})
    if high is not None:  # full years <= high: the (high + 1)-th anniversary has not
        by_date &= Q(**{f"{started_on}__gt": years_before(as_of, high + 1)})
    by_record = Q(**{f"{started_on}__isnull": True, f"{recorded}__gte": low})
    if high is not None:
        by_record &= Q(**{f"{recorded}__lte": high})
    return by_date | by_record


def young_specialist(as_of: date, prefix: str = "") -> Q:
    """A young specialist on `as_of`: 0–3 full years of teaching experience."""
    return experience_between(as_of, 0, YOUNG_SPECIALIST_YEARS, prefix=prefix)


def experience_breakdown(organization_ids, as_of: date) -> dict[int, list[int]]:
    """Per organisation, counts only, in one grouped query for the committee: the mentee
    teachers still in the organisation by years of experience on `as_of` (0–3, 4–10, over 10).
    Young specialists with a mentor are a target (`monitoring.targets`, «young_mentored»)."""
    bands = {
        f"band{i}": Count("pk", filter=experience_between(as_of, low, high))
        for i, (low, high) in enumerate(EXPERIENCE_BANDS)
    }
    rows = (
        TeacherProfile.objects.filter(
            organization_id__in=organization_ids, participant__anonymised_at__isnull=True
        )
        .exclude(participant__status=Status.LEFT)
        .values("organization_id")
        .annotate(**bands)
    )
    counts = {pk: [0] * len(EXPERIENCE_BANDS) for pk in organization_ids}
    for row in rows:
        counts[row["organization_id"]] = [row[f"band{i}"] for i in range(len(EXPERIENCE_BANDS))]
    return counts


def agreements_ready(agreements) -> set[int]:
    """The ids of the agreements whose PDF is ready to download, in one query."""
    return set(
        Document.objects.filter(
            subject_type=ContentType.objects.get_for_model(SupplementaryAgreement),
            subject_id__in=[agreement.pk for agreement in agreements],
            kind=AGREEMENT_PDF,
            state=Document.State.READY,
        ).values_list("subject_id", flat=True)
    )


def questionnaire_requests(participant) -> list[str]:
    """The texts of a participant's answers to questions about their requests (topic
    «requests»), in the questionnaire's order: a choice of several is one text per choice."""
    answers = Answer.objects.filter(
        participant=participant, question__topic=Question.Topic.REQUESTS
    ).order_by("question__position", "question_id")
    texts = []
    for answer in answers:
        values = answer.value if isinstance(answer.value, list) else [answer.value]
        texts += [str(value).strip()[:500] for value in values if isinstance(value, str) and value.strip()]
    return texts


def programme_template(organization, situation: str) -> dict:
    """The organisation's template of a situation's programme, or the portal's default; forms
    and results as lists."""
    own = ProgrammeTemplate.objects.filter(organization=organization, situation=situation).first()
    if own is None:
        return dict(PROGRAMME_TEMPLATES[situation])
    return {
        "title": own.title,
        "goals": own.goals,
        "forms": template_lines(own.forms),
        "results": template_lines(own.results),
        "assessment": own.assessment,
    }


def template_lines(text: str) -> list[str]:
    """A template's list (forms of work, results): one item a line, blank lines dropped."""
    return [line.strip() for line in text.splitlines() if line.strip()]
