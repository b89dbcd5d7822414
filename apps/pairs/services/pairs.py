"""The life of a pair or group: approval (consents checked, the mentor's access granted),
rejection, lock, start, end, dissolution, and its mentees moved or matched again."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm

from apps.participants.consents import check_consent
from apps.participants.models import Consent, Participant
from apps.participants.models import Status as ParticipantStatus

from ..approval_rules import approval_problems
from ..models import (
    OPEN_STATUSES,
    PAIR_GRANTS,
    WORKING_STATUSES,
    Enrollment,
    Meeting,
    Pair,
    PairMentee,
    TrialDecision,
)


def missing_consents(*, pair: Pair) -> list[str]:
    """Who in the pair lacks which consent, in words for the curator; empty when none."""
    people = [pair.mentor, *(m.mentee for m in pair.members.all() if m.left_at is None)]
    consents = Consent.objects.filter(participant__in=people)
    by_person: dict[int, list] = {}
    for consent in consents:
        by_person.setdefault(consent.participant_id, []).append(consent)
    problems = []
    for person in people:
        check = check_consent(person, by_person.get(person.pk, []))
        if not check.valid:
            problems.append(f"{person.full_name}: {'; '.join(check.missing)}")
    return problems + approval_problems([pair]).get(pair.pk, [])


def _status_set(pair: Pair, *, status: str, actor, action: str) -> Pair:
    previous = pair.status
    pair.status = status
    pair.status_changed_at = timezone.now()
    pair.save(update_fields=["status", "status_changed_at", "dissolution_reason", "locked"])
    pair.log(action, actor=actor, data={"from": previous, "to": status})
    return pair


@transaction.atomic
def mentor_grant_access(*, pair: Pair) -> None:
    """The mentor's portal account may see and work on this pair, and on no other
    (a django-guardian grant per pair, checked after the tenant check)."""
    account = pair.mentor.account
    if account is not None:
        for permission in PAIR_GRANTS:
            assign_perm(permission, account, pair)


@transaction.atomic
def pair_approve(*, pair: Pair, actor) -> Pair:
    """Approve a proposal by hand (until the order «Об утверждении наставнических пар, групп»
    does it). Everyone in it needs the consents the law asks for."""
    pair = Pair.objects.select_for_update().get(pk=pair.pk)
    if pair.status != Pair.Status.PROPOSED:
        return pair  # a double click changes nothing
    problems = missing_consents(pair=pair)
    if problems:
        raise ValidationError(
            _("The pair cannot be approved without consents: %(problems)s.")
            % {"problems": " · ".join(problems)}
        )
    pair.locked = True
    _status_set(pair, status=Pair.Status.APPROVED, actor=actor, action="pair.approved")
    mentor_grant_access(pair=pair)
    Participant.objects.filter(
        pk__in=[
            pair.mentor_id,
            *pair.members.filter(left_at__isnull=True).values_list("mentee_id", flat=True),
        ]
    ).update(status=ParticipantStatus.IN_PAIR)
    return pair


@transaction.atomic
def pair_reject(*, pair: Pair, actor) -> None:
    """The curator rejects a proposal: its mentees go back to the unpaired list."""
    pair = Pair.objects.select_for_update().get(pk=pair.pk)
    if pair.status != Pair.Status.PROPOSED:
        return
    pair.programme.log("pair.rejected", actor=actor)
    mentee_ids = list(pair.members.values_list("mentee_id", flat=True))
    pair.delete()
    Enrollment.objects.filter(programme=pair.programme, participant_id__in=mentee_ids).update(
        needs_support=True
    )


@transaction.atomic
def pair_toggle_lock(*, pair: Pair, actor) -> Pair:
    pair = Pair.objects.select_for_update().get(pk=pair.pk)
    pair.locked = not pair.locked
    pair.save(update_fields=["locked"])
    pair.log("pair.lock_changed", actor=actor, data={"locked": pair.locked})
    return pair


@transaction.atomic
def pair_activate(*, pair: Pair, actor) -> Pair:
    """The pair starts working (its first meeting logged starts it too)."""
    pair = Pair.objects.select_for_update().get(pk=pair.pk)
    if pair.status != Pair.Status.APPROVED:
        return pair
    return _status_set(pair, status=Pair.Status.ACTIVE, actor=actor, action="pair.activated")


@transaction.atomic
def pair_complete(*, pair: Pair, actor) -> Pair:
    pair = Pair.objects.select_for_update().get(pk=pair.pk)
    if pair.status != Pair.Status.ACTIVE:
        return pair
    return _status_set(pair, status=Pair.Status.COMPLETED, actor=actor, action="pair.completed")


@transaction.atomic
def pair_dissolve(*, pair: Pair, actor, reason: str) -> Pair:
    """End a pair early, with the reason; its mentees return to the unpaired list."""
    pair = Pair.objects.select_for_update().get(pk=pair.pk)
    if pair.status in (Pair.Status.COMPLETED, Pair.Status.DISSOLVED):
        return pair
    if not reason.strip():
        raise ValidationError(_("Say why the pair is dissolved."))
    pair.dissolution_reason = reason
    mentee_ids = list(pair.members.filter(left_at__isnull=True).values_list("mentee_id", flat=True))
    _status_set(pair, status=Pair.Status.DISSOLVED, actor=actor, action="pair.dissolved")
    Enrollment.objects.filter(programme=pair.programme, participant_id__in=mentee_ids).update(
        needs_support=True
    )
    _back_to_base([pair.mentor_id, *mentee_ids])
    return pair


def _back_to_base(participant_ids) -> None:
    """People who left a pair are "in the base" again, unless another pair still has them."""
    still_paired = set(
        PairMentee.objects.filter(
            mentee_id__in=participant_ids,
            left_at__isnull=True,
            pair__status__in=WORKING_STATUSES,
        ).values_list("mentee_id", flat=True)
    ) | set(
        Pair.objects.filter(mentor_id__in=participant_ids, status__in=WORKING_STATUSES).values_list(
            "mentor_id", flat=True
        )
    )
    Participant.objects.filter(
        pk__in=set(participant_ids) - still_paired, status=ParticipantStatus.IN_PAIR
    ).update(status=ParticipantStatus.IN_BASE)


@transaction.atomic
def mentee_rematch(*, member: PairMentee, actor, reason: str) -> PairMentee:
    """After the trial meeting: the mentee leaves this mentor to be matched again; the next
    proposal avoids the same mentor."""
    if member.left_at is not None:
        return member
    if not reason.strip():
        raise ValidationError(_("Say why the mentee needs another mentor."))
    member.left_at = timezone.now()
    member.left_reason = reason
    member.rematch = True
    member.save(update_fields=["left_at", "left_reason", "rematch"])
    Enrollment.objects.filter(programme=member.pair.programme, participant_id=member.mentee_id).update(
        needs_support=True
    )
    _back_to_base([member.mentee_id])
    member.pair.log("pair.mentee_rematched", actor=actor, data={"mentee": member.mentee_id})
    return member


@transaction.atomic
def mentee_move(*, member: PairMentee, actor, mentor: Participant) -> PairMentee:
    """The curator edits a proposal: the mentee goes to another mentor of the programme
    (into that mentor's open pair or group, or a new proposal)."""
    pair = member.pair
    if pair.status != Pair.Status.PROPOSED or member.left_at is not None:
        raise ValidationError(_("Only proposals can be edited; approved pairs change through a rematch."))
    programme = pair.programme
    if not Enrollment.objects.filter(
        programme=programme, participant=mentor, side=Enrollment.Side.MENTOR
    ).exists():
        raise ValidationError(_("Choose a mentor of this programme."))
    target = Pair.objects.filter(programme=programme, mentor=mentor, status__in=OPEN_STATUSES).order_by(
        "pk"
    ).first() or Pair.objects.create(programme=programme, mentor=mentor)
    if target.pk == pair.pk:
        return member
    member.pair = target
    member.factors, member.score = [], 0  # chosen by the curator, not by the matching
    member.save(update_fields=["pair", "factors", "score"])
    if not pair.members.exists():
        pair.delete()
    target.log("pair.mentee_moved", actor=actor, data={"mentee": member.mentee_id})
    return member


@transaction.atomic
def pair_trial_decide(*, pair: Pair, actor, decision: str, reason: str = "") -> Pair:
    """After the trial meeting the mentor or the curator decides: the pair goes on, or its
    mentees are matched again (with the reason): they return to the unpaired list, the next
    proposal avoids this mentor, and the pair ends with the reason."""
    pair = Pair.objects.select_for_update().get(pk=pair.pk)
    if pair.trial_decision:
        return pair  # decided already: a double click changes nothing
    if pair.status not in WORKING_STATUSES:
        raise ValidationError(_("The decision is recorded for approved and working pairs."))
    if not pair.meetings.filter(kind=Meeting.Kind.TRIAL).exists():
        raise ValidationError(_("The decision is recorded after the trial meeting: log it first."))
    if decision not in TrialDecision.values:
        raise ValidationError(_("Choose whether the pair continues or the mentee is matched again."))
    reason = reason.strip()
    if decision == TrialDecision.REMATCH and not reason:
        raise ValidationError({"reason": _("Say why the mentee needs another mentor.")})
    pair.trial_decision = decision
    pair.trial_decision_reason = reason
    pair.trial_decided_at = timezone.now()
    pair.trial_decided_by = actor
    pair.save(
        update_fields=["trial_decision", "trial_decision_reason", "trial_decided_at", "trial_decided_by"]
    )
    if decision == TrialDecision.CONTINUE:
        pair.log("pair.trial_continued", actor=actor)
        return pair
    pair.log("pair.trial_rematched", actor=actor)
    for member in pair.members.filter(left_at__isnull=True).select_related("pair__programme"):
        mentee_rematch(member=member, actor=actor, reason=reason)
    return pair_dissolve(pair=pair, actor=actor, reason=reason)


@transaction.atomic
def mentee_allow_mentor_again(*, member: PairMentee, actor) -> PairMentee:
    """The curator lifts the exclusion a rematch or a dissolution set: matching may propose
    this mentor for this mentee again."""
    if member.mentor_allowed_again:
        return member
    member.mentor_allowed_again = True
    member.save(update_fields=["mentor_allowed_again"])
    member.pair.log("pair.mentor_allowed_again", actor=actor, data={"mentee": member.mentee_id})
    return member


@transaction.atomic
def participant_off_pairs(*, participant: Participant) -> None:
    """A participant whose personal data the retention rules removed leaves every open pair
    and proposal (ended with the reason) and the unpaired list; they remain in statistics."""
    reason = _("Personal data removed under the retention rules")
    for pair in Pair.objects.filter(mentor=participant, status__in=OPEN_STATUSES):
        pair_dissolve(pair=pair, actor=None, reason=reason)
    memberships = PairMentee.objects.filter(
        mentee=participant, left_at__isnull=True, pair__status__in=OPEN_STATUSES
    ).select_related("pair")
    for member in memberships:
        member.left_at = timezone.now()
        member.left_reason = reason
        member.save(update_fields=["left_at", "left_reason"])
        if not member.pair.members.filter(left_at__isnull=True).exists():
            pair_dissolve(pair=member.pair, actor=None, reason=reason)
    Enrollment.objects.filter(participant=participant).update(needs_support=False)
