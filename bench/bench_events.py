"""Issue #17's benches: the attendance page of an event with 500 invitees (server time and
queries, through Django's test client), and letters of thanks for 200 mentors rendered by one
worker (the booklet and the zip of single PDFs, as the render task does), and one letter.

Run: .venv/bin/python bench/bench_events.py [--invitees 500] [--letters 200] [--repeat 20]
Needs the PostgreSQL of the test suite (DATABASE_URL); creates and drops its own database.
"""

import argparse
import io
import os
import sys
import time
import zipfile
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentoring_portal.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_scopes import scopes_disabled  # noqa: E402

from apps.documents.rendering import render_subject  # noqa: E402
from apps.events.documents import BOOKLET_KIND, ZIP_KIND  # noqa: E402
from apps.events.models import Event, Invitation, Letter, LetterBatch  # noqa: E402
from apps.events.services import letters as letter_services  # noqa: E402
from apps.organizations.roles import Role  # noqa: E402
from bench.bench_pages import measure  # noqa: E402
from tests.factories import MembershipFactory, OrganizationFactory  # noqa: E402

SURNAMES = ["Смирнова", "Архипов", "Кузнецова", "Балуева", "Алекберова", "Петров", "Иванова", "Соколов"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--invitees", type=int, default=500)
    parser.add_argument("--letters", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--skip-letters", action="store_true")
    args = parser.parse_args()

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        with scopes_disabled():
            organization = OrganizationFactory()
            curator = MembershipFactory(organization=organization, role=Role.CURATOR).user
            event = Event.objects.create(
                organization=organization,
                kind=Event.Kind.FINAL_EVENT,
                title="Итоговое мероприятие",
                starts_at=timezone.now(),
                place="Актовый зал",
            )
            Invitation.objects.bulk_create(
                Invitation(
                    event=event,
                    organization=organization,
                    name=f"{SURNAMES[n % len(SURNAMES)]}-{n:04} А.Б.",
                    attended=(n % 3 == 0) or None,
                )
                for n in range(args.invitees)
            )
        client = Client()
        client.force_login(curator)
        url = reverse("events:attendance", kwargs={"org_slug": organization.slug, "event_id": event.pk})
        median, p95, queries = measure(client, url, args.repeat)
        print("| attendance page | invitees | median ms | p95 ms | queries |")
        print("|---|---:|---:|---:|---:|")
        print(f"| `events:attendance` | {args.invitees} | {median:.1f} | {p95:.1f} | {queries} |")

        if args.skip_letters:
            return
        with scopes_disabled():
            recipients = [
                letter_services.Recipient(
                    f"{SURNAMES[n % len(SURNAMES)]} Наставник{n:03} Петрович",
                    "за активное участие в реализации программы наставничества в 2026–2027 учебном году",
                )
                for n in range(args.letters)
            ]
            # The rows as letters_issue writes them, without its render jobs (eager in this process).
            batch, one = (
                LetterBatch.objects.create(
                    organization=organization,
                    title=title,
                    issued_on=date(2027, 5, 25),
                    signer_position="Директор",
                    signer_name="Архипова Л.И.",
                )
                for title in ("Благодарственные письма наставникам", "Одно письмо")
            )
            for subject, people in ((batch, recipients), (one, recipients[:1])):
                Letter.objects.bulk_create(
                    Letter(
                        batch=subject,
                        organization=organization,
                        position=n,
                        full_name=person.full_name,
                        merit=person.merit,
                        number=f"{n + 1}/2027",
                    )
                    for n, person in enumerate(people)
                )
            timings = {}
            for label, subject, kind in (
                ("one letter (PDF)", one, BOOKLET_KIND),
                (f"{args.letters} letters, one PDF", batch, BOOKLET_KIND),
                (f"{args.letters} letters, zip of single PDFs", batch, ZIP_KIND),
            ):
                started = time.perf_counter()
                content, _filename = render_subject(subject, kind)
                timings[label] = (time.perf_counter() - started, len(content))
                if kind == ZIP_KIND:
                    with zipfile.ZipFile(io.BytesIO(content)) as archive:
                        assert len(archive.namelist()) == args.letters
        print()
        print("| letters (one worker) | seconds | size KB |")
        print("|---|---:|---:|")
        for label, (seconds, size) in timings.items():
            print(f"| {label} | {seconds:.2f} | {size / 1024:.0f} |")
        both = (
            timings[f"{args.letters} letters, one PDF"][0]
            + timings[f"{args.letters} letters, zip of single PDFs"][0]
        )
        print(f"| {args.letters} letters, both files | {both:.2f} | |")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
