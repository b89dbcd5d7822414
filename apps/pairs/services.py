"""Programmes, enrolment, matching and the life of pairs. Every change leaves an audit
entry on the programme or the pair: that is the pair's history."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm

from apps.audit.services import log_action
from apps.participants.consents import check_consent
from apps.participants.models import Answer, Consent, Participant, Question
from apps.participants.models import Status as ParticipantStatus

from .matching import Person, propose, words
from .models import (
    OPEN_PLAN,
    STANDARD_FORMS,
    WORKING_STATUSES,
    DevelopmentPlan,
    Enrollment,
    Meeting,
    MeetingFeedback,
    MeetingPlan,
    MentoringForm,
    Pair,
    PairMentee,
    PlanTask,
    Preference,
    Programme,
    TrainingSession,
)

OPEN_STATUSES = (Pair.Status.PROPOSED, Pair.Status.APPROVED, Pair.Status.ACTIVE)


def forms_create_standard(*, organization) -> None:
    """The five standard forms of mentoring, for an organisation that has none yet."""
    MentoringForm.objects.bulk_create(
        [MentoringForm(organization=organization, name=name) for name in STANDARD_FORMS],
        ignore_conflicts=True,
    )


@transaction.atomic
def programme_create(*, organization, actor, **fields) -> Programme:
    programme = Programme(organization=organization, **fields)
    programme.full_clean()
    programme.save()
    log_action(organization=organization, actor=actor, action="programme.created", target=programme)
    return programme


@transaction.atomic
def enrollment_add(*, programme: Programme, actor, participant: Participant, side: str, capacity: int = 1):
    enrollment, created = Enrollment.objects.get_or_create(
        programme=programme,
        participant=participant,
        side=side,
        defaults={"organization": programme.organization, "capacity": capacity},
    )
    if created:
        log_action(
            organization=programme.organization,
            actor=actor,
            action="programme.enrolled",
            target=programme,
            data={"participant": participant.pk, "side": side},
        )
    return enrollment


@transaction.atomic
def enrollment_update(*, enrollment: Enrollment, actor, **fields) -> Enrollment:
    for name, value in fields.items():
        setattr(enrollment, name, value)
    enrollment.full_clean()
    enrollment.save()
    log_action(
        organization=enrollment.organization,
        actor=actor,
        action="programme.enrollment_changed",
        target=enrollment.programme,
        data={"participant": enrollment.participant_id, "fields": sorted(fields)},
    )
    return enrollment


# --- Matching ---------------------------------------------------------------------


def _people(participant_ids) -> dict[int, Person]:
    """Questionnaire answers as the matching reads them, for many people in one query."""
    people = {pk: Person(id=pk) for pk in participant_ids}
    answers = (
        Answer.objects.filter(participant_id__in=people)
        .select_related("question")
        .only("participant_id", "value", "question__kind", "question__topic")
    )
    for answer in answers:
        person, value, question = people[answer.participant_id], answer.value, answer.question
        items = {
            str(v).strip().lower().replace("ё", "е") for v in (value if isinstance(value, list) else [value])
        }
        if question.topic == Question.Topic.INTERESTS:
            person.interests |= words(" ".join(items)) if question.kind == Question.Kind.TEXT else items
        elif question.topic == Question.Topic.REQUESTS:
            person.requests |= items
        elif question.topic == Question.Topic.COMPETENCIES:
            person.competencies |= items
        elif question.topic == Question.Topic.PREFERRED_FORM:
            person.form = next(iter(items), "")
        elif question.topic == Question.Topic.AVAILABILITY:
            person.availability |= items
    return people


@transaction.atomic
def matching_run(*, programme: Programme, actor) -> list[Pair]:
    """Propose pairs and groups for the whole programme.

    Locked, approved and active pairs stay as they are (their mentees are taken, their
    mentors' places used); earlier proposals that are not locked are replaced. Mentees
    who get no mentor are marked for psychological support while the search goes on.
    """
    Pair.objects.filter(programme=programme, status=Pair.Status.PROPOSED, locked=False).delete()
    kept = PairMentee.objects.filter(
        pair__programme=programme, pair__status__in=OPEN_STATUSES, left_at__isnull=True
    )
    taken = {m.mentee_id for m in kept}
    used: dict[int, int] = {}
    for member in kept.select_related("pair"):
        used[member.pair.mentor_id] = used.get(member.pair.mentor_id, 0) + 1

    enrollments = list(Enrollment.objects.filter(programme=programme).select_related("participant"))
    mentee_ids = [
        e.participant_id
        for e in enrollments
        if e.side == Enrollment.Side.MENTEE
        and e.participant_id not in taken
        and e.participant.status != ParticipantStatus.LEFT
    ]
    # A mentor is ready when selected after the interview and, where the programme runs
    # «Школа наставников», trained in it.
    has_course = programme.training_sessions.exists()
    mentor_enrollments = [
        e
        for e in enrollments
        if e.side == Enrollment.Side.MENTOR
        and e.selection == Enrollment.Selection.SELECTED
        and (e.trained_on or not has_course)
        and e.participant.status != ParticipantStatus.LEFT
        and e.capacity > used.get(e.participant_id, 0)
    ]
    people = _people([*mentee_ids, *(e.participant_id for e in mentor_enrollments)])
    ranks = Preference.objects.filter(programme=programme).values_list("chooser_id", "chosen_id", "rank")
    mentee_set = set(mentee_ids)
    mentee_ranks = {(a, b): r for a, b, r in ranks if a in mentee_set}
    mentor_ranks = {(a, b): r for a, b, r in ranks if a not in mentee_set}
    forbidden = set(
        PairMentee.objects.filter(pair__programme=programme, rematch=True).values_list(
            "mentee_id", "pair__mentor_id"
        )
    )
    # Somebody enrolled on both sides is never their own mentor.
    forbidden |= {(pk, pk) for pk in mentee_ids}

    proposals = propose(
        [people[i] for i in mentee_ids],
        [people[e.participant_id] for e in mentor_enrollments],
        [e.capacity - used.get(e.participant_id, 0) for e in mentor_enrollments],
        mentee_ranks=mentee_ranks,
        mentor_ranks=mentor_ranks,
        forbidden_ids=forbidden,
    )
    pairs: dict[int, Pair] = {}
    members = []
    for proposal in proposals:
        pair = pairs.get(proposal.mentor_id)
        if pair is None:
            pair = pairs[proposal.mentor_id] = Pair.objects.create(
                organization=programme.organization, programme=programme, mentor_id=proposal.mentor_id
            )
        members.append(
            PairMentee(
                organization=programme.organization,
                pair=pair,
                mentee_id=proposal.mentee_id,
                score=proposal.score,
                factors=proposal.factors,
            )
        )
    PairMentee.objects.bulk_create(members)
    assigned = {p.mentee_id for p in proposals}
    Enrollment.objects.filter(programme=programme, side=Enrollment.Side.MENTEE).update(needs_support=False)
    Enrollment.objects.filter(
        programme=programme, side=Enrollment.Side.MENTEE, participant_id__in=set(mentee_ids) - assigned
    ).update(needs_support=True)
    log_action(
        organization=programme.organization,
        actor=actor,
        action="programme.matching_run",
        target=programme,
        data={"proposed_pairs": len(pairs), "unpaired": len(set(mentee_ids) - assigned)},
    )
    return list(pairs.values())


# --- The life of a pair -------------------------------------------------------------


def missing_consents(pair: Pair) -> list[str]:
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
    return problems


def _set_status(pair: Pair, status: str, actor, action: str, **data) -> Pair:
    previous = pair.status
    pair.status = status
    pair.status_changed_at = timezone.now()
    pair.save(update_fields=["status", "status_changed_at", "dissolution_reason", "locked"])
    log_action(
        organization=pair.organization,
        actor=actor,
        action=action,
        target=pair,
        data={"from": previous, "to": status, **data},
    )
    return pair


@transaction.atomic
def pair_approve(*, pair: Pair, actor) -> Pair:
    """Approve a proposal by hand (until the order «Об утверждении наставнических пар, групп»
    does it). Everyone in it needs the consents the law asks for."""
    pair = Pair.objects.select_for_update().get(pk=pair.pk)
    if pair.status != Pair.Status.PROPOSED:
        return pair  # a double click changes nothing
    problems = missing_consents(pair)
    if problems:
        raise ValidationError(
            _("The pair cannot be approved without consents: %(problems)s.")
            % {"problems": " · ".join(problems)}
        )
    pair.locked = True
    _set_status(pair, Pair.Status.APPROVED, actor, "pair.approved")
    mentor_grant_access(pair)
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
    log_action(organization=pair.organization, actor=actor, action="pair.rejected", target=pair.programme)
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
    log_action(
        organization=pair.organization,
        actor=actor,
        action="pair.lock_changed",
        target=pair,
        data={"locked": pair.locked},
    )
    return pair


@transaction.atomic
def pair_activate(*, pair: Pair, actor) -> Pair:
    pair = Pair.objects.select_for_update().get(pk=pair.pk)
    if pair.status != Pair.Status.APPROVED:
        return pair
    return _set_status(pair, Pair.Status.ACTIVE, actor, "pair.activated")


@transaction.atomic
def pair_complete(*, pair: Pair, actor) -> Pair:
    pair = Pair.objects.select_for_update().get(pk=pair.pk)
    if pair.status != Pair.Status.ACTIVE:
        return pair
    return _set_status(pair, Pair.Status.COMPLETED, actor, "pair.completed")


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
    _set_status(pair, Pair.Status.DISSOLVED, actor, "pair.dissolved")
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
    log_action(
        organization=member.organization,
        actor=actor,
        action="pair.mentee_rematched",
        target=member.pair,
        data={"mentee": member.mentee_id},
    )
    return member


# --- Mentors, meetings and feedback -------------------------------------------------


def mentor_grant_access(pair: Pair) -> None:
    """The mentor's portal account may see and work on this pair, and on no other
    (a django-guardian grant per pair, checked after the tenant check)."""
    account = pair.mentor.account
    if account is not None:
        assign_perm("pairs.view_pair", account, pair)
        assign_perm("pairs.change_pair", account, pair)


@transaction.atomic
def meeting_log(
    *, pair: Pair, actor, kind: str, held_on, place="", online=False, notes="", attendees=(), plan=None
) -> Meeting:
    """Log a meeting once held; `plan`, the planned meeting it was, is then no longer open."""
    pair = Pair.objects.select_for_update().get(pk=pair.pk)  # the status as it is now
    if pair.status not in WORKING_STATUSES:
        raise ValidationError(_("Meetings are logged for approved and working pairs."))
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": _("A meeting cannot be logged before it is held.")})
    if plan is not None:
        # A double submit finds the plan logged by the first: one meeting, not two.
        plan = MeetingPlan.objects.select_for_update().filter(OPEN_PLAN, pk=plan.pk, pair=pair).first()
        if plan is None:
            raise ValidationError(_("This planned meeting is already logged or cancelled."))
    meeting = Meeting(
        organization=pair.organization,
        pair=pair,
        kind=kind,
        held_on=held_on,
        place=place,
        online=online,
        notes=notes,
        created_by=actor,
    )
    meeting.full_clean()
    meeting.save()
    meeting.attendees.set(attendees)
    if plan is not None:
        plan.meeting = meeting
        plan.save(update_fields=["meeting"])
    if pair.status == Pair.Status.APPROVED:
        _set_status(pair, Pair.Status.ACTIVE, actor, "pair.activated")  # the first meeting starts the work
    log_action(
        organization=pair.organization,
        actor=actor,
        action="pair.meeting_logged",
        target=pair,
        data={"kind": kind, "plan": plan.pk} if plan else {"kind": kind},
    )
    return meeting


@transaction.atomic
def meeting_plan_add(
    *, pair: Pair, actor, kind: str, planned_for, starts_at=None, place="", online=False, note=""
) -> MeetingPlan:
    """The mentor plans a meeting; it is reminded of in the days before."""
    # The pair's row lock also serialises a double submit: the second finds the first plan.
    pair = Pair.objects.select_for_update().get(pk=pair.pk)
    if pair.status not in WORKING_STATUSES:
        raise ValidationError(_("Meetings are planned for approved and working pairs."))
    if planned_for < timezone.localdate():
        raise ValidationError({"planned_for": _("A meeting cannot be planned for a day that has passed.")})
    plan = MeetingPlan(
        organization=pair.organization,
        pair=pair,
        kind=kind,
        planned_for=planned_for,
        starts_at=starts_at,
        place=place,
        online=online,
        note=note,
        created_by=actor,
    )
    plan.full_clean()  # refuses the same open plan twice (the model's constraint)
    plan.save()
    log_action(
        organization=pair.organization,
        actor=actor,
        action="pair.meeting_planned",
        target=pair,
        data={"kind": kind, "plan": plan.pk},
    )
    return plan


@transaction.atomic
def meeting_plan_cancel(*, plan: MeetingPlan, actor) -> MeetingPlan:
    plan = MeetingPlan.objects.select_for_update(of=("self",)).select_related("pair").get(pk=plan.pk)
    if plan.meeting_id:
        raise ValidationError(_("This meeting is already logged as held."))
    if plan.cancelled_at:
        return plan  # a double click changes nothing
    plan.cancelled_at = timezone.now()
    plan.save(update_fields=["cancelled_at"])
    log_action(
        organization=plan.organization,
        actor=actor,
        action="pair.meeting_plan_cancelled",
        target=plan.pair,
        data={"kind": plan.kind, "plan": plan.pk},
    )
    return plan


@transaction.atomic
def feedback_give(
    *, meeting: Meeting, actor, author: Participant, rating: int, comment: str = ""
) -> MeetingFeedback:
    """Feedback of one attendee after a meeting; given again, it replaces the earlier one."""
    if not meeting.attendees.filter(pk=author.pk).exists():
        raise ValidationError(_("Feedback comes from those who attended the meeting."))
    feedback, _created = MeetingFeedback.objects.update_or_create(
        meeting=meeting,
        author=author,
        defaults={"organization": meeting.organization, "rating": rating, "comment": comment},
    )
    log_action(
        organization=meeting.organization,
        actor=actor,
        action="pair.feedback_given",
        target=meeting.pair,
        data={"meeting": meeting.pk, "author": author.pk},
    )
    return feedback


# --- Individual development plans ------------------------------------------------------


def plan_of(member: PairMentee) -> DevelopmentPlan:
    plan, _created = DevelopmentPlan.objects.get_or_create(
        member=member, defaults={"organization": member.organization}
    )
    return plan


@transaction.atomic
def plan_set_goals(*, member: PairMentee, actor, goals: str) -> DevelopmentPlan:
    plan = plan_of(member)
    plan.goals = goals
    plan.save(update_fields=["goals"])
    log_action(
        organization=member.organization,
        actor=actor,
        action="pair.plan_changed",
        target=member.pair,
        data={"mentee": member.mentee_id},
    )
    return plan


@transaction.atomic
def plan_task_add(*, member: PairMentee, actor, title: str, due_on=None) -> PlanTask:
    task = PlanTask(organization=member.organization, plan=plan_of(member), title=title, due_on=due_on)
    task.full_clean()
    task.save()
    log_action(
        organization=member.organization,
        actor=actor,
        action="pair.plan_changed",
        target=member.pair,
        data={"mentee": member.mentee_id, "task_added": task.pk},
    )
    return task


@transaction.atomic
def plan_task_toggle(*, task: PlanTask, actor) -> PlanTask:
    task.done_on = None if task.done_on else timezone.localdate()
    task.save(update_fields=["done_on"])
    log_action(
        organization=task.organization,
        actor=actor,
        action="pair.plan_changed",
        target=task.plan.member.pair,
        data={"task": task.pk, "done": bool(task.done_on)},
    )
    return task


# --- «Школа наставников» and the survey after the group meeting -----------------------------


@transaction.atomic
def training_session_add(*, programme: Programme, actor, held_on, topic: str) -> TrainingSession:
    session = TrainingSession(
        organization=programme.organization, programme=programme, held_on=held_on, topic=topic
    )
    session.full_clean()
    session.save()
    log_action(
        organization=programme.organization,
        actor=actor,
        action="programme.training_changed",
        target=programme,
    )
    _update_trained(programme)
    return session


@transaction.atomic
def training_attendance_set(*, session: TrainingSession, actor, present_ids) -> None:
    """Who attended a session; mentors who attended every session are marked as trained."""
    mentors = Enrollment.objects.filter(programme=session.programme, side=Enrollment.Side.MENTOR)
    allowed = set(mentors.values_list("participant_id", flat=True))
    session.attendees.set([pk for pk in present_ids if pk in allowed])
    log_action(
        organization=session.organization,
        actor=actor,
        action="programme.training_changed",
        target=session.programme,
    )
    _update_trained(session.programme)


def _update_trained(programme: Programme) -> None:
    sessions = list(programme.training_sessions.prefetch_related("attendees"))
    if not sessions:
        return
    last_day = max(s.held_on for s in sessions)
    attended_all = set.intersection(*({a.pk for a in s.attendees.all()} for s in sessions))
    mentors = Enrollment.objects.filter(programme=programme, side=Enrollment.Side.MENTOR)
    mentors.filter(participant_id__in=attended_all).update(trained_on=last_day)
    mentors.exclude(participant_id__in=attended_all).update(trained_on=None)


@transaction.atomic
def preferences_set(*, programme: Programme, actor, chooser: Participant, chosen_ids: list[int]) -> None:
    """The survey after the group meeting: whom the chooser prefers, best first (up to five)."""
    side = Enrollment.objects.get(programme=programme, participant=chooser).side
    other = Enrollment.Side.MENTEE if side == Enrollment.Side.MENTOR else Enrollment.Side.MENTOR
    allowed = set(
        Enrollment.objects.filter(programme=programme, side=other).values_list("participant_id", flat=True)
    )
    ranked = list(dict.fromkeys(pk for pk in chosen_ids if pk))  # drop blanks and repeats, keep order
    if len(ranked) > 5 or not set(ranked) <= allowed:
        raise ValidationError(_("Choose up to five people of the programme's other side."))
    Preference.objects.filter(programme=programme, chooser=chooser).delete()
    Preference.objects.bulk_create(
        Preference(
            organization=programme.organization, programme=programme, chooser=chooser, chosen_id=pk, rank=rank
        )
        for rank, pk in enumerate(ranked, start=1)
    )
    log_action(
        organization=programme.organization,
        actor=actor,
        action="programme.preferences_changed",
        target=programme,
        data={"chooser": chooser.pk, "count": len(ranked)},
    )


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
    ).first() or Pair.objects.create(organization=programme.organization, programme=programme, mentor=mentor)
    if target.pk == pair.pk:
        return member
    member.pair = target
    member.factors, member.score = [], 0  # chosen by the curator, not by the matching
    member.save(update_fields=["pair", "factors", "score"])
    if not pair.members.exists():
        pair.delete()
    log_action(
        organization=programme.organization,
        actor=actor,
        action="pair.mentee_moved",
        target=target,
        data={"mentee": member.mentee_id},
    )
    return member


@transaction.atomic
def form_add(*, organization, actor, name: str) -> MentoringForm:
    """An organisation's own form of mentoring, beside the five standard ones."""
    form = MentoringForm(organization=organization, name=name.strip())
    form.full_clean()
    form.save()
    log_action(
        organization=organization, actor=actor, action="programme.form_added", data={"name": form.name}
    )
    return form
