"""A tenant's public section, opened, with what the tests publish."""

from datetime import date

from django.core.files.base import ContentFile

from apps.events.models import Contest, Nominee
from apps.events.services import contests as contest_services
from apps.public import services
from tests.factories import ParticipantFactory

PDF = b"%PDF-1.4 public document"


def open_section(tenant, **values):
    return services.section_update(
        organization=tenant.organization,
        actor=tenant.curator,
        is_open=True,
        contact_name="Куратор Программы",
        contact_email="curator@example.org",
        **values,
    )


def publish_news(tenant, title="Стартовала программа наставничества", **kwargs):
    return services.news_create(
        organization=tenant.organization,
        actor=tenant.curator,
        title=title,
        text=kwargs.pop("text", "<p>Программа наставничества начала работу.</p>"),
        published_on=kwargs.pop("published_on", date(2026, 11, 1)),
        publish=kwargs.pop("publish", True),
        **kwargs,
    )


def publish_document(tenant, title="Положение о наставничестве", kind="regulation", publish=True):
    return services.document_create(
        organization=tenant.organization,
        actor=tenant.curator,
        kind=kind,
        title=title,
        published_on=date(2026, 10, 1),
        upload=ContentFile(PDF, name="polozhenie.pdf"),
        publish=publish,
    )


def contest_with_winners(tenant):
    """A contest with published results: an adult mentor, an adult without consent and a minor
    placed first to third (keys adult, silent, minor)."""
    contest = contest_services.contest_create(
        owner=tenant.organization,
        actor=tenant.director,
        title="Наставник года",
        year=2026,
        nominations=[("mentor_of_year", "Наставник года")],
        jury=[tenant.director],
    )
    nomination = contest.nominations.get()
    adult = ParticipantFactory(
        organization=tenant.organization,
        last_name="Согласнова",
        birth_date=date(1980, 5, 1),
        category="teacher",
        programme_role="mentor",
    )
    silent = ParticipantFactory(
        organization=tenant.organization,
        last_name="Молчанова",
        birth_date=date(1982, 5, 1),
        category="teacher",
    )
    minor = ParticipantFactory(
        organization=tenant.organization, last_name="Юнова", birth_date=date(2011, 5, 1)
    )
    nominees = {
        key: Nominee.objects.create(
            contest=contest,
            nomination=nomination,
            organization=tenant.organization,
            participant=person,
            name=person.full_name,
            place=place,
        )
        for place, (key, person) in enumerate(
            (("adult", adult), ("silent", silent), ("minor", minor)), start=1
        )
    }
    Contest.objects.filter(pk=contest.pk).update(stage=Contest.Stage.RESULTS)
    return nominees
