"""Generate a municipality of organisations with participants, pairs, meetings, plans and
roadmaps (and a mentee bank of teachers), for the committee dashboard's benchmark.

Run alone (into the database of DATABASE_URL; it adds, never deletes):
    .venv/bin/python bench/generate_monitoring_data.py --organizations 100 --participants 50000
bench/bench_committee.py calls `generate()` on a database of its own.
"""

import argparse
import os
import sys
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentoring_portal.settings.test")

import django  # noqa: E402

django.setup()

from django.utils import timezone  # noqa: E402
from django_scopes import scopes_disabled  # noqa: E402

from apps.monitoring.models import TargetSnapshot  # noqa: E402
from apps.monitoring.periods import last_quarters  # noqa: E402
from apps.monitoring.targets import TARGETS  # noqa: E402
from apps.organizations.models import Municipality, Organization  # noqa: E402
from apps.pairs.models import Enrollment, Meeting, Pair, PairMentee  # noqa: E402
from apps.participants.models import Consent, Participant  # noqa: E402
from apps.roadmap.services import roadmap_create  # noqa: E402
from apps.roadmap.template_library import get_template  # noqa: E402
from apps.teachers.models import TeacherProfile  # noqa: E402
from tests.factories import ProgrammeFactory  # noqa: E402


def add_organization(municipality, index: int, participants: int) -> Organization:
    organization = Organization.objects.create(
        municipality=municipality,
        kind="school",
        short_name=f"МБОУ «Школа № {index}»",
        full_name=f"Муниципальное бюджетное общеобразовательное учреждение «Школа № {index}»",
        slug=f"{municipality.slug}-school-{index}",
    )
    people = Participant.objects.bulk_create(
        Participant(
            organization=organization,
            last_name=f"Участник-{index}-{i}",
            first_name="Тест",
            birth_date=date(2011, 1, 1) + timedelta(days=i % 2000),
            category="teacher" if i % 10 == 0 else "student",
            group_name=f"{5 + i % 6}А",
            programme_role="mentor" if i % 5 == 0 else "mentee",
            status="in_base",
        )
        for i in range(participants)
    )
    Consent.objects.bulk_create(
        Consent(
            organization=organization,
            participant=person,
            given_by="subject" if person.category == "teacher" else "representative",
            representative_name="" if person.category == "teacher" else "Родитель",
            representative_relation="" if person.category == "teacher" else "mother",
            signed_on=date(2026, 9, 1),
        )
        for i, person in enumerate(people)
        if i % 7
    )
    programme = ProgrammeFactory(organization=organization)
    Enrollment.objects.bulk_create(
        Enrollment(
            organization=organization,
            programme=programme,
            participant=person,
            side="mentor" if person.programme_role == "mentor" else "mentee",
        )
        for person in people
    )
    mentors = [p for p in people if p.programme_role == "mentor"]
    mentees = [p for p in people if p.programme_role != "mentor"]
    statuses = ["active", "active", "approved", "completed", "proposed"]
    pairs = Pair.objects.bulk_create(
        Pair(
            organization=organization, programme=programme, mentor=mentor, status=statuses[i % len(statuses)]
        )
        for i, mentor in enumerate(mentors)
    )
    PairMentee.objects.bulk_create(
        PairMentee(organization=organization, pair=pairs[i % len(pairs)], mentee=mentee)
        for i, mentee in enumerate(mentees[: 3 * len(pairs)])
    )
    Meeting.objects.bulk_create(
        Meeting(
            organization=organization,
            pair=pair,
            kind="final" if i % 3 == 0 else "regular",
            held_on=date(2026, 10, 1) + timedelta(days=i % 50),
        )
        for i, pair in enumerate(pairs)
        if pair.status in ("active", "completed")
    )
    # Half of the teachers in the mentee bank of the mentoring of teachers, 0 to 12 years in:
    # the target «young specialists with a mentor» and the committee's bands count them.
    TeacherProfile.objects.bulk_create(
        TeacherProfile(
            organization=organization,
            participant=person,
            situation="young_specialist" if i % 260 < 80 else "new_employee",
            started_on=date(2014 + i % 13, 9, 1),
        )
        for i, person in enumerate(people)
        if i % 20 == 0
    )
    roadmap_create(owner=organization, year=2026, data=get_template("lyceum7"), source="template")
    return organization


def generate(*, organizations: int, participants: int, slug: str = "bench-municipality") -> Municipality:
    with scopes_disabled():
        municipality, _created = Municipality.objects.get_or_create(
            slug=slug, defaults={"name": "Бенчмарк-район", "committee_name": "Комитет по образованию"}
        )
        start = municipality.organizations.count()
        per_organization = participants // organizations
        created = [
            add_organization(municipality, start + index, per_organization) for index in range(organizations)
        ]
        # Seven past quarters: the trends of two academic years and a past year's comparison.
        quarters = last_quarters(date(2026, 11, 20), 8)
        TargetSnapshot.objects.bulk_create(
            [
                TargetSnapshot(
                    organization=organization,
                    period=quarter,
                    code=target.code,
                    numerator=30 + 5 * q,
                    denominator=100,
                    taken_at=timezone.now(),
                )
                for organization in created
                for q, quarter in enumerate(quarters[:-1])
                for target in TARGETS
            ],
            batch_size=5000,
        )
    return municipality


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--organizations", type=int, default=100)
    parser.add_argument("--participants", type=int, default=50_000)
    args = parser.parse_args()
    municipality = generate(organizations=args.organizations, participants=args.participants)
    print(f"{municipality.slug}: {municipality.organizations.count()} organisations")
