"""Matching 500 mentors (up to 4 mentees each) against 2,000 mentees.

Run: .venv/bin/python bench/bench_matching.py [--mentors 500] [--mentees 2000] [--repeat 3]
Needs the PostgreSQL of the test suite (DATABASE_URL); creates and drops its own database.

Two figures, each the median of --repeat runs:
- scoring and assignment alone (apps.pairs.matching.propose) on the people as the service reads them;
- the whole «Suggest pairs» (apps.pairs.services.matching_runs.matching_run): reading every
  questionnaire answer from the database, scoring, the optimal assignment and writing the
  proposals (rolled back).
"""

import argparse
import os
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentoring_portal.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django_scopes import scope  # noqa: E402

from apps.pairs.matching import propose  # noqa: E402
from apps.pairs.models import Enrollment, PairMentee, Preference, Programme  # noqa: E402
from apps.pairs.services import matching_runs  # noqa: E402
from apps.participants.models import Answer, Participant  # noqa: E402
from apps.participants.questionnaires import questionnaire_questions, questionnaires_create_standard  # noqa: E402
from tests.factories import OrganizationFactory, ProgrammeFactory  # noqa: E402

INTERESTS = (
    "шахматы футбол робототехника программирование химия биология музыка танцы рисование театр "
    "история физика математика литература волейбол туризм фотография журналистика экология"
).split()


class _Rollback(Exception):
    pass


def build(organization, mentors: int, mentees: int, rnd: random.Random, capacity: int) -> Programme:
    questionnaires_create_standard(organization=organization)
    programme = ProgrammeFactory(organization=organization, title="Бенчмарк")
    questions = {
        (q.question_set.questionnaire.kind, q.topic): q for q in questionnaire_questions(organization)
    }
    people = Participant.objects.bulk_create(
        Participant(
            organization=organization,
            last_name=f"Человек-{i}",
            first_name="Тест",
            birth_date=date(2010, 1, 1) + timedelta(days=i % 1500),
            category="student" if i >= mentors else "teacher",
            programme_role="mentee" if i >= mentors else "mentor",
            status="in_base",
        )
        for i in range(mentors + mentees)
    )
    answers, enrollments = [], []
    for i, person in enumerate(people):
        kind = "mentor" if i < mentors else "mentee"
        need = "competencies" if kind == "mentor" else "requests"

        def add(topic, value, kind=kind, person=person):
            answers.append(
                Answer(
                    organization=organization,
                    participant=person,
                    question=questions[(kind, topic)],
                    value=value,
                )
            )

        add("interests", ", ".join(rnd.sample(INTERESTS, 3)))
        add(need, rnd.sample(questions[(kind, need)].choices, 2 if kind == "mentee" else 3))
        add("preferred_form", rnd.choice(questions[(kind, "preferred_form")].choices))
        add("availability", rnd.sample(questions[(kind, "availability")].choices, 2))
        enrollments.append(
            Enrollment(
                organization=organization,
                programme=programme,
                participant=person,
                side=kind,
                capacity=(capacity or rnd.randint(1, 4)) if kind == "mentor" else 1,
                selection="selected",
            )
        )
    Answer.objects.bulk_create(answers, batch_size=5000)
    Enrollment.objects.bulk_create(enrollments, batch_size=5000)
    mentor_people, mentee_people = people[:mentors], people[mentors:]
    Preference.objects.bulk_create(
        Preference(organization=organization, programme=programme, chooser=m, chosen=chosen, rank=rank)
        for m in mentee_people
        for rank, chosen in enumerate(rnd.sample(mentor_people, 5), start=1)
    )
    return programme


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mentors", type=int, default=500)
    parser.add_argument("--mentees", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--capacity", type=int, default=0, help="every mentor's places; 0: random 1 to 4")
    args = parser.parse_args()
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        organization = OrganizationFactory(slug="bench")
        with scope(organization=organization):
            programme = build(organization, args.mentors, args.mentees, random.Random(7), args.capacity)
            enrollments = list(Enrollment.objects.filter(programme=programme))
            people = matching_runs._people([e.participant_id for e in enrollments])
            mentors = [e for e in enrollments if e.side == "mentor"]
            mentees = [people[e.participant_id] for e in enrollments if e.side == "mentee"]
            ranks = {
                (a, b): r for a, b, r in Preference.objects.values_list("chooser_id", "chosen_id", "rank")
            }
            places = sum(e.capacity for e in mentors)

            pure = []
            for _ in range(args.repeat):
                started = time.perf_counter()
                proposals = propose(
                    mentees,
                    [people[e.participant_id] for e in mentors],
                    [e.capacity for e in mentors],
                    mentee_ranks=ranks,
                )
                pure.append(time.perf_counter() - started)

            whole = []
            for _ in range(args.repeat):
                try:
                    with transaction.atomic():
                        started = time.perf_counter()
                        matching_runs.matching_run(programme=programme, actor=None)
                        whole.append(time.perf_counter() - started)
                        paired = PairMentee.objects.filter(pair__programme=programme).count()
                        raise _Rollback
                except _Rollback:
                    pass
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)

    print(
        f"{args.mentors} mentors with {places} places, {args.mentees} mentees, median of {args.repeat} runs"
    )
    print(
        f"scoring + assignment (matching.propose): {statistics.median(pure):.2f} s, {len(proposals)} couples"
    )
    print(f"whole «Suggest pairs» (matching_run):    {statistics.median(whole):.2f} s, {paired} couples")


if __name__ == "__main__":
    main()
