"""Retention of personal data (152-ФЗ art. 21): when a consent is revoked, or a participant
has left and the purpose is reached, the data are removed within 30 days.

A daily Celery task runs `apply_retention`. It waits `PERSONAL_DATA_GRACE_DAYS` (default 7,
always under 30) so that a mistaken click can be undone, then anonymises the participant:
names, birth date, contacts, answers, extra information and consent scans go; the row stays
(with its category, role and status) for the organisation's statistics, and a DeletionRecord
says whose data (by number), which categories, when and why. Records older than three years
are purged by the same run.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.dispatch import Signal
from django.utils import timezone
from django_scopes import scopes_disabled

from .consents import annotate_consent_state, years_ago
from .models import (
    Answer,
    Consent,
    DeletionRecord,
    ExtraInformation,
    Participant,
    SensitiveAttributes,
    Status,
)

MAX_DAYS = 30
RECORD_YEARS = 3

REASON_REVOKED = "consent revoked"
REASON_LEFT = "participant left, purpose reached"


@dataclass(frozen=True)
class RetentionResult:
    anonymised: int
    records_purged: int


# Sent once a participant's personal data is removed: they stay in statistics only.
participant_anonymised = Signal()


def grace_days() -> int:
    return min(getattr(settings, "PERSONAL_DATA_GRACE_DAYS", 7), MAX_DAYS - 1)


def due_for_removal(day: date):
    """Participants whose data must go now, with the reason."""
    cutoff = day - timedelta(days=grace_days())
    revoked = Exists(
        Consent.objects.filter(participant=OuterRef("pk"), revoked_on__isnull=False, revoked_on__lte=cutoff)
    )
    # A revocation counts while the consents in force fall short of the law: a consent
    # recorded again (a mistaken revocation undone) keeps the data.
    return (
        annotate_consent_state(Participant.objects.filter(anonymised_at__isnull=True), day)
        .annotate(has_revoked_consent=revoked)
        .filter(Q(has_revoked_consent=True, consent_ok=False) | Q(status=Status.LEFT, left_on__lte=cutoff))
    )


def anonymise(participant: Participant, reason: str) -> DeletionRecord:
    categories = ["full name", "birth date", "contacts", "class or group"]
    if Answer.objects.filter(participant=participant).delete()[0]:
        categories.append("questionnaire answers")
    if ExtraInformation.objects.filter(participant=participant).delete()[0]:
        categories.append("extra information")
    if SensitiveAttributes.objects.filter(participant=participant).delete()[0]:
        categories.append("sensitive attributes")
    consents = Consent.objects.filter(participant=participant)
    scans = list(consents.exclude(document=""))
    for consent in scans:
        consent.document.delete(save=False)  # the file on disk
    if scans:
        categories.append("consent documents")
    consents.update(document="", representative_name="", revocation_reason="")

    participant.last_name = f"#{participant.pk}"
    participant.first_name = ""
    participant.patronymic = ""
    participant.birth_date = None
    participant.email = ""
    participant.phone = ""
    participant.group_name = ""
    participant.left_reason = ""  # free text: it may name people or circumstances
    participant.anonymised_at = timezone.now()
    participant.save()
    participant.log("participant.anonymised", actor=None, data={"reason": reason})
    # The apps that list people (pairs, proposals, the unpaired) take them off their lists.
    participant_anonymised.send(sender=Participant, participant=participant)
    return DeletionRecord.objects.create(
        organization=participant.organization,
        participant_ref=participant.pk,
        categories=categories,
        reason=reason,
    )


def apply_retention(day: date | None = None) -> RetentionResult:
    day = day or timezone.localdate()
    anonymised = 0
    # A system job across every organisation: it acts on each participant in its own transaction.
    with scopes_disabled():
        for participant in due_for_removal(day).select_related("organization").iterator():
            revoked = participant.has_revoked_consent and not participant.consent_ok
            reason = REASON_REVOKED if revoked else REASON_LEFT
            with transaction.atomic():
                anonymise(participant, reason)
            anonymised += 1
        purge_before = timezone.make_aware(
            datetime.combine(years_ago(day, RECORD_YEARS), datetime.min.time())
        )
        purged, _ = DeletionRecord.objects.filter(deleted_at__lt=purge_before).delete()
    return RetentionResult(anonymised=anonymised, records_purged=purged)
