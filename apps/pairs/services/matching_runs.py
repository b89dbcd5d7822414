"""«Suggest pairs»: a matching run proposes pairs and groups for a whole programme, from the
questionnaires (apps.pairs.matching scores and assigns)."""

from django.db import transaction

from apps.participants.models import Answer, Question
from apps.participants.models import Status as ParticipantStatus

from ..matching import Person, propose, words
from ..models import OPEN_STATUSES, Enrollment, Pair, PairMentee, Preference, Programme


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
                programme=programme, mentor_id=proposal.mentor_id
            )
        members.append(
            PairMentee(
                pair=pair, mentee_id=proposal.mentee_id, score=proposal.score, factors=proposal.factors
            )
        )
    PairMentee.objects.bulk_create(members)
    assigned = {p.mentee_id for p in proposals}
    Enrollment.objects.filter(programme=programme, side=Enrollment.Side.MENTEE).update(needs_support=False)
    Enrollment.objects.filter(
        programme=programme, side=Enrollment.Side.MENTEE, participant_id__in=set(mentee_ids) - assigned
    ).update(needs_support=True)
    programme.log(
        "programme.matching_run",
        actor=actor,
        data={"proposed_pairs": len(pairs), "unpaired": len(set(mentee_ids) - assigned)},
    )
    return list(pairs.values())
