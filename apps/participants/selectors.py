"""Reads of the bases."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import F, Q, Value
from django.db.models.functions import Concat, Lower, Replace

from apps.audit.models import AuditEntry

from .consents import annotate_consent_state
from .models import Participant

VIEWED = "participant.viewed"

SORTS = {
    "name": ("last_name", "first_name", "patronymic", "pk"),
    "-name": ("-last_name", "-first_name", "-patronymic", "-pk"),
    "birth_date": ("birth_date", "pk"),
    # PostgreSQL puts NULLs first when descending: people without a birth date go last.
    "-birth_date": (F("birth_date").desc(nulls_last=True), "pk"),
    "group": ("group_name", "last_name", "pk"),
    "status": ("status", "last_name", "pk"),
    "-created": ("-created_at", "-pk"),
}


def found_by_name(participants, query: str):
    """The participants whose name (or e-mail) holds every word of `query`."""
    # «Журавлева» finds «Журавлёва»: ё and е are one letter for the search.
    participants = participants.annotate(
        search_name=Replace(
            Lower(Concat("last_name", Value(" "), "first_name", Value(" "), "patronymic")),
            Value("ё"),
            Value("е"),
        )
    )
    for word in query.lower().replace("ё", "е").split():
        participants = participants.filter(Q(search_name__contains=word) | Q(email__icontains=word))
    return participants


def registry(
    *,
    organization,
    query: str = "",
    category: str = "",
    programme_role: str = "",
    status: str = "",
    consent: str = "",
    group_name: str = "",
    sort: str = "name",
):
    """The registry (персонифицированный учёт) with its filters, in one query per page."""
    participants = annotate_consent_state(
        Participant.objects.filter(organization=organization, anonymised_at__isnull=True).select_related(
            "partner"
        )
    )
    if query:
        participants = found_by_name(participants, query)
    if category:
        participants = participants.filter(category=category)
    if programme_role:
        participants = participants.filter(programme_role__in=[programme_role, "both"])
    if status:
        participants = participants.filter(status=status)
    if consent == "ok":
        participants = participants.filter(consent_ok=True)
    elif consent == "missing":
        participants = participants.filter(consent_ok=False)
    if group_name:
        participants = participants.filter(group_name__iexact=group_name.strip())
    return participants.order_by(*SORTS.get(sort, SORTS["name"]))


def _participant_entries(participant: Participant):
    return AuditEntry.objects.filter(
        organization=participant.organization,
        target_type=ContentType.objects.get_for_model(Participant),
        target_id=participant.pk,
    )


def participant_history(*, participant: Participant):
    """Every recorded change of the participant and their consents, newest first. Openings of
    the card stay in the audit trail and are folded into one line (`participant_card_views`)."""
    return _participant_entries(participant).exclude(action=VIEWED).select_related("actor")


def participant_card_views(*, participant: Participant) -> dict:
    """How many times the card was opened, and the last opening (who, when)."""
    views = _participant_entries(participant).filter(action=VIEWED).select_related("actor")
    last = views.order_by("-created_at", "-pk").first()
    return {"count": views.count() if last else 0, "last": last}


def participant_answers(*, participant: Participant):
    return participant.answers.select_related("question__question_set__questionnaire").order_by(
        "question__question_set__questionnaire__kind", "question__position", "question__pk"
    )
