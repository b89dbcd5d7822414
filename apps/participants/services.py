"""Changes to the bases. Each is atomic and leaves an audit entry that names the
fields touched, never their values: the audit trail must not copy personal data."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.audit.services import apply_changes
from apps.questions.models import Question
from apps.questions.validation import answer_clean

from .models import (
    Answer,
    Consent,
    ExtraInformation,
    Participant,
    SensitiveAttributes,
    Status,
)

PARTICIPANT_FIELDS = (
    "last_name",
    "first_name",
    "patronymic",
    "birth_date",
    "category",
    "group_name",
    "email",
    "phone",
    "partner",
    "programme_role",
    "status",
)


@transaction.atomic
def participant_create(*, organization, actor, **fields) -> Participant:
    participant = Participant(organization=organization, **fields)
    participant.full_clean()
    participant.save()
    participant.log("participant.created", actor=actor)
    return participant


@transaction.atomic
def participant_update(*, participant: Participant, actor, **fields) -> Participant:
    # Compare with the stored row: a bound ModelForm has already changed the instance in memory.
    stored = Participant.objects.select_for_update().get(pk=participant.pk)
    changed = apply_changes(stored, fields, PARTICIPANT_FIELDS)
    if not changed:
        return stored
    stored.full_clean()
    stored.save(update_fields=[*changed, "updated_at"])
    stored.log("participant.changed", actor=actor, data={"fields": sorted(changed)})
    return stored


def participant_record_view(*, participant: Participant, actor) -> None:
    """Reading a card is processing of personal data too: it is recorded."""
    participant.log("participant.viewed", actor=actor)


@transaction.atomic
def participant_leave(*, participant: Participant, actor, left_on: date, reason: str) -> Participant:
    participant.status = Status.LEFT
    participant.left_on = left_on
    participant.left_reason = reason
    participant.save(update_fields=["status", "left_on", "left_reason", "updated_at"])
    participant.log("participant.left", actor=actor)
    return participant


@transaction.atomic
def consent_record(
    *,
    participant: Participant,
    actor,
    given_by: str,
    signed_on: date,
    scope: str,
    representative_name: str = "",
    representative_relation: str = "",
    document=None,
) -> Consent:
    if given_by == Consent.GivenBy.REPRESENTATIVE and not (representative_name and representative_relation):
        raise ValidationError(_("Name the legal representative and their relation to the participant."))
    if signed_on > timezone.localdate():
        raise ValidationError({"signed_on": _("A consent cannot be signed in the future.")})
    consent = Consent(
        participant=participant,
        given_by=given_by,
        signed_on=signed_on,
        scope=scope,
        representative_name=representative_name if given_by == Consent.GivenBy.REPRESENTATIVE else "",
        representative_relation=representative_relation if given_by == Consent.GivenBy.REPRESENTATIVE else "",
        created_by=actor,
    )
    if document:
        consent.document = document
    consent.full_clean()
    consent.save()
    participant.log("consent.recorded", actor=actor, data={"consent": consent.pk, "given_by": given_by})
    return consent


@transaction.atomic
def consent_revoke(*, consent: Consent, actor, revoked_on: date, reason: str) -> Consent:
    """Revocation stops the processing; the retention job then removes the data."""
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if consent.revoked_on is not None:
        return consent  # a second click changes nothing
    consent.revoked_on = revoked_on
    consent.revocation_reason = reason
    consent.save(update_fields=["revoked_on", "revocation_reason"])
    consent.participant.log("consent.revoked", actor=actor, data={"consent": consent.pk})
    return consent


@transaction.atomic
def answers_save(*, participant: Participant, actor, values: dict[int, object]) -> None:
    """Store the answers by question id, each cleaned by the one validator of answers; an
    empty value removes the answer."""
    questions = {q.pk: q for q in Question.objects.filter(pk__in=values)}
    values = {pk: answer_clean(questions[pk], value) for pk, value in values.items() if pk in questions}
    existing = {
        a.question_id: a for a in Answer.objects.filter(participant=participant, question__in=questions)
    }
    changed = []
    for question_id, value in values.items():
        answer = existing.get(question_id)
        if value is None:
            if answer:
                answer.delete()
                changed.append(question_id)
        elif answer is None:
            Answer.objects.create(participant=participant, question_id=question_id, value=value)
            changed.append(question_id)
        elif answer.value != value:
            answer.value = value
            answer.save(update_fields=["value"])
            changed.append(question_id)
    if changed:
        participant.log("participant.answers_changed", actor=actor, data={"questions": sorted(changed)})


@transaction.atomic
def extra_information_add(*, participant: Participant, actor, source: str, author_name: str, text: str):
    info = ExtraInformation.objects.create(
        participant=participant,
        source=source,
        author_name=author_name,
        text=text,
        recorded_by=actor,
    )
    participant.log("participant.extra_information_added", actor=actor, data={"source": source})
    return info


@transaction.atomic
def sensitive_attributes_save(
    *,
    participant: Participant,
    actor,
    consent: Consent,
    disability: bool,
    difficult_situation: bool,
    low_income: bool,
    rural: bool,
) -> SensitiveAttributes | None:
    """Record a participant's inclusion groups under a consent of theirs still in force, its
    scope copied as it reads; nothing ticked removes the record. The audit names no value."""
    if consent.participant_id != participant.pk or consent.revoked_on is not None:
        raise ValidationError(_("Choose a consent of this participant that is still in force."))
    flags = {
        "disability": disability,
        "difficult_situation": difficult_situation,
        "low_income": low_income,
        "rural": rural,
    }
    if not any(flags.values()):
        SensitiveAttributes.objects.filter(participant=participant).delete()
        participant.log("participant.sensitive_attributes_changed", actor=actor)
        return None
    attributes, _created = SensitiveAttributes.objects.update_or_create(
        participant=participant,
        defaults={**flags, "consent": consent, "consent_scope": consent.scope, "recorded_by": actor},
    )
    participant.log("participant.sensitive_attributes_changed", actor=actor)
    return attributes
