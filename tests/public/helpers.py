"""A tenant's public section, opened, with what the tests publish."""

from datetime import date

from django.core.files.base import ContentFile

from apps.public import services

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
