"""Reads of the mentoring of teachers: the consent rule, the mentee bank, consents, and the
committee's counts (numbers per organisation, nothing personal)."""

from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext as _

from apps.documents.models import Document
from apps.pairs.models import WORKING_STATUSES, Pair, PairMentee
from apps.participants.models import Answer, Participant
from apps.questions.models import Question

from .library import PROGRAMME_TEMPLATES
from .models import (
    AGREEMENT_PDF,
    TEACHER_FORM,
    DutyConsent,
    ProgrammeTemplate,
    Situation,
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


EXPERIENCE_BANDS = ((0, 3), (4, 10), (11, None))


def teacher_counts(organization_ids) -> dict[int, dict]:
    """Per organisation, counts only, in one grouped query for the committee: young specialists
    and those of them with a mentor (a mentee of a working pair), and mentee teachers by years
    of experience (0–3, 4–10, over 10)."""
    young = Q(situation=Situation.YOUNG_SPECIALIST)
    mentored = Q(
        participant__pair_memberships__left_at__isnull=True,
        participant__pair_memberships__pair__status__in=WORKING_STATUSES,
    )
    bands = {
        f"band{i}": Count(
            "pk",
            filter=Q(experience_years__gte=low)
            & (Q(experience_years__lte=high) if high is not None else Q()),
            distinct=True,
        )
        for i, (low, high) in enumerate(EXPERIENCE_BANDS)
    }
    rows = (
        TeacherProfile.objects.filter(
            organization_id__in=organization_ids, participant__anonymised_at__isnull=True
        )
        .values("organization_id")
        .annotate(
            young=Count("pk", filter=young, distinct=True),
            young_mentored=Count("pk", filter=young & mentored, distinct=True),
            **bands,
        )
    )
    counts = {
        pk: {"total": 0, "with_mentor": 0, "experience": [0] * len(EXPERIENCE_BANDS)}
        for pk in organization_ids
    }
    for row in rows:
        counts[row["organization_id"]] = {
            "total": row["young"],
            "with_mentor": row["young_mentored"],
            "experience": [row[f"band{i}"] for i in range(len(EXPERIENCE_BANDS))],
        }
    return counts


def young_specialists_counts(organization_ids) -> dict[int, dict]:
    """Per organisation: young specialists, and those of them with a mentor."""
    return {
        pk: {"total": c["total"], "with_mentor": c["with_mentor"]}
        for pk, c in teacher_counts(organization_ids).items()
    }


def experience_breakdown(organization_ids) -> dict[int, list[int]]:
    """Per organisation, teacher mentees by years of experience: 0–3, 4–10, over 10."""
    return {pk: c["experience"] for pk, c in teacher_counts(organization_ids).items()}


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
