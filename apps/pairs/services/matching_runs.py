"""«Suggest pairs»: a matching run proposes pairs and groups for a whole programme, from the
questionnaires (apps.pairs.matching scores and assigns)."""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from apps.participants.models import Answer
from apps.participants.models import Status as ParticipantStatus
from apps.questions.models import Question

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


def avoided_mentors(programme: Programme) -> set[tuple[int, int]]:
    """(mentee, mentor) couples matching must not propose again: after a rematch, or a pair
    the curator dissolved, unless the curator allowed the mentor again."""
    return set(
        PairMentee.objects.filter(pair__programme=programme, mentor_allowed_again=False)
        .filter(Q(rematch=True) | Q(pair__status=Pair.Status.DISSOLVED))
        .values_list("mentee_id", "pair__mentor_id")
    )


@transaction.atomic
def matching_run(*, programme: Programme, actor) -> list[Pair]:
    """Propose pairs and groups for the whole programme.

    Locked, approved and active pairs stay as they are (their mentees are taken, their
    mentors' places used). Earlier proposals that are not locked are proposed again or
    replaced: one proposed again (the same mentor with the same mentees) keeps its row and
    address; one replaced keeps its address, which says so. Mentees who get no mentor are
    marked for psychological support while the search goes on.
    """
    earlier = {
        pair.pk: pair
        for pair in Pair.objects.select_for_update()
        .filter(programme=programme, status=Pair.Status.PROPOSED, locked=False)
        .prefetch_related("members")
    }
    kept = PairMentee.objects.filter(
        pair__programme=programme, pair__status__in=OPEN_STATUSES, left_at__isnull=True
    ).exclude(pair_id__in=earlier)
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
        and e.participant.anonymised_at is None
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
        and e.participant.anonymised_at is None
        and e.capacity > used.get(e.participant_id, 0)
    ]
    people = _people([*mentee_ids, *(e.participant_id for e in mentor_enrollments)])
    ranks = Preference.objects.filter(programme=programme).values_list("chooser_id", "chosen_id", "rank")
    mentee_set = set(mentee_ids)
    mentee_ranks = {(a, b): r for a, b, r in ranks if a in mentee_set}
    mentor_ranks = {(a, b): r for a, b, r in ranks if a not in mentee_set}
    forbidden = avoided_mentors(programme)
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
    by_mentor: dict[int, list] = {}
    for proposal in proposals:
        by_mentor.setdefault(proposal.mentor_id, []).append(proposal)
    same = {
        (pair.mentor_id, frozenset(m.mentee_id for m in pair.members.all())): pair
        for pair in earlier.values()
    }
    pairs: list[Pair] = []
    members = []
    for mentor_id, chosen in by_mentor.items():
        pair = same.pop((mentor_id, frozenset(p.mentee_id for p in chosen)), None)
        if pair is not None:
            # Proposed again: the same row, its factors as this run scored them.
            earlier.pop(pair.pk)
            current = {m.mentee_id: m for m in pair.members.all()}
            for proposal in chosen:
                member = current[proposal.mentee_id]
                member.score, member.factors = proposal.score, proposal.factors
            PairMentee.objects.bulk_update(list(current.values()), ["score", "factors"])
        else:
            pair = Pair.objects.create(programme=programme, mentor_id=mentor_id)
            members += [
                PairMentee(pair=pair, mentee_id=p.mentee_id, score=p.score, factors=p.factors) for p in chosen
            ]
        pairs.append(pair)
    PairMentee.objects.bulk_create(members)
    if earlier:
        # Replaced: the row stays, without its mentees, so that its address says so.
        PairMentee.objects.filter(pair_id__in=earlier).delete()
        Pair.objects.filter(pk__in=earlier).update(
            status=Pair.Status.REPLACED, status_changed_at=timezone.now()
        )
    assigned = {p.mentee_id for p in proposals}
    Enrollment.objects.filter(programme=programme, side=Enrollment.Side.MENTEE).update(needs_support=False)
    Enrollment.objects.filter(
        programme=programme, side=Enrollment.Side.MENTEE, participant_id__in=set(mentee_ids) - assigned
    ).update(needs_support=True)
    programme.log(
        "programme.matching_run",
        actor=actor,
        data={
            "proposed_pairs": len(pairs),
            "unpaired": len(set(mentee_ids) - assigned),
            "replaced": len(earlier),
        },
    )
    return pairs
