"""Reads of the public pages, each in a constant number of queries whatever the number of
published items. Only what is published, and names only where the law allows: a contest
winner's with their consent to publication, never a minor's nor a pair's (its mentees)."""

from dataclasses import dataclass
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db.models import OuterRef, Subquery
from django.http import Http404
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from apps.core.academic_year import academic_year_of
from apps.core.links import address_of_each
from apps.documents.models import Document
from apps.events.models import Contest, Event, Nominee
from apps.library import selectors as library_selectors
from apps.monitoring.models import TargetSnapshot
from apps.monitoring.targets import TARGETS_BY_CODE, TargetValue
from apps.orders.models import Order
from apps.organizations.models import Municipality, Organization
from apps.pairs.models import Programme
from apps.roadmap.documents import KIND as ROADMAP_PDF

from .models import NewsItem, PublicDocument, PublicSection, WinnerConsent
from .services import is_adult

NEWS_ON_FRONT = 10
# The section lists the first documents (by kind: the regulation first); all are on their own page.
DOCUMENTS_ON_FRONT = 20
PAST_EVENTS = 10


def open_section(slug: str) -> PublicSection:
    """The open section of the organisation with this slug; 404 for anything else."""
    with scopes_disabled():
        section = (
            PublicSection.objects.select_related("organization__municipality", "roadmap")
            .filter(organization__slug=slug, organization__is_active=True, is_open=True)
            .first()
        )
    if section is None:
        raise Http404
    return section


def published_news(organization):
    return NewsItem.objects.filter(organization=organization, is_published=True).order_by(
        "-published_on", "-pk"
    )


def published_news_item(organization, news_id: int) -> NewsItem:
    item = published_news(organization).filter(pk=news_id).first()
    if item is None:
        raise Http404
    return item


def published_documents(organization):
    return (
        PublicDocument.objects.filter(organization=organization, is_published=True)
        .select_related("order")
        # An order's number and date, not its whole text.
        .only(
            "pk",
            "organization_id",
            "kind",
            "title",
            "file",
            "order_id",
            "published_on",
            "order__id",
            "order__organization_id",
            "order__number",
            "order__date",
            "order__title",
        )
        .order_by("kind", "-published_on", "-pk")
    )


def ready_pdf(subject_model, subject_ids, kind: str) -> dict[int, Document]:
    """The latest ready PDF of each subject, in one query."""
    documents = Document.objects.filter(
        subject_type=ContentType.objects.get_for_model(subject_model),
        subject_id__in=list(subject_ids),
        kind=kind,
        state=Document.State.READY,
    ).order_by("subject_id", "-created_at", "-pk")
    latest = {}
    for document in documents:
        latest.setdefault(document.subject_id, document)
    return latest


def documents_listed(organization, documents) -> list[PublicDocument]:
    """Documents to list, each with its address and caption; an order whose PDF is not ready
    yet is left out."""
    documents = list(documents)
    orders_pdf = ready_pdf(Order, [d.order_id for d in documents if d.order_id], "order")
    documents = [d for d in documents if not d.order_id or d.order_id in orders_pdf]
    # One `reverse` for the whole list (apps/core/links.py), not a `{% url %}` per row.
    document_url = address_of_each("public:document", by="public_document_id", site_slug=organization.slug)
    kinds = dict(PublicDocument.Kind.choices)
    for document in documents:
        document.public_url = document_url(document.pk)
        # The line under the title, written once here rather than by lookups per row.
        caption = str(kinds[document.kind])
        if document.order_id:
            caption += f", № {document.order.number} от {document.order.date:%d.%m.%Y}"
        document.caption = caption
    return documents


@dataclass(frozen=True)
class Winner:
    contest: Contest
    nomination: str
    place: int
    name: str  # "" when it is not published


def public_winners(nominees) -> list[Winner]:
    """Placed nominees with the name only for an adult with a consent to publication."""
    today = timezone.localdate()
    rows = []
    for nominee in nominees:
        consent = nominee.publication_consent
        named = (
            nominee.pair_id is None
            and nominee.participant is not None
            and consent is not None
            and consent.revoked_on is None
            and is_adult(nominee.participant, today)
        )
        rows.append(
            Winner(nominee.contest, nominee.nomination.title, nominee.place, nominee.name if named else "")
        )
    return rows


def _placed_nominees():
    consent = WinnerConsent.objects.filter(nominee=OuterRef("pk"))
    return (
        Nominee.objects.filter(place__isnull=False, contest__stage=Contest.Stage.RESULTS)
        .select_related("contest", "nomination", "participant")
        .annotate(consent_pk=Subquery(consent.values("pk")))
        .order_by("-contest__year", "contest_id", "nomination__position", "place", "pk")
    )


def _with_consents(nominees) -> list[Nominee]:
    nominees = list(nominees)
    consents = WinnerConsent.objects.in_bulk([n.consent_pk for n in nominees if n.consent_pk])
    for nominee in nominees:
        nominee.publication_consent = consents.get(nominee.consent_pk)
    return nominees


def organization_winners(organization) -> list[Winner]:
    """Winners of the organisation's own contests (the municipal ones are on the committee's page)."""
    return public_winners(
        _with_consents(
            _placed_nominees().filter(organization=organization, contest__organization=organization)
        )
    )


def targets_of(organization) -> list[TargetValue]:
    """The targets as figures: the running quarter's snapshot (refreshed hourly by monitoring)."""
    latest = TargetSnapshot.objects.filter(organization=organization).order_by("-period").values("period")[:1]
    return [
        TargetValue(TARGETS_BY_CODE[s.code], s.numerator, s.denominator)
        for s in TargetSnapshot.objects.filter(organization=organization, period=Subquery(latest))
        if s.code in TARGETS_BY_CODE and s.denominator
    ]


def forms_offered(organization) -> list[str]:
    """The forms of mentoring of the organisation's programmes, this year's and later."""
    today = timezone.localdate()
    year = academic_year_of(today)
    names = (
        Programme.objects.filter(organization=organization, academic_year__gte=year - 1)
        .order_by("form__name")
        .values_list("form__name", flat=True)
        .distinct()
    )
    return list(names)


def events_of(organization) -> tuple[list[Event], list[Event]]:
    """Upcoming (planned, from today) and the last past events; titles, dates and places only."""
    now = timezone.now()
    rows = (
        Event.objects.filter(organization=organization)
        .exclude(status=Event.Status.CANCELLED)
        .only("pk", "kind", "title", "starts_at", "place", "status", "held_on", "organization_id")
    )
    upcoming = list(
        rows.filter(status=Event.Status.PLANNED, starts_at__gte=now).order_by("starts_at", "pk")[:20]
    )
    past = list(rows.filter(status=Event.Status.HELD).order_by("-starts_at", "-pk")[:PAST_EVENTS])
    return upcoming, past


def section_page(section: PublicSection) -> dict:
    """Everything the section's page shows."""
    organization = section.organization
    with scope(organization=organization):
        news = list(published_news(organization).defer("text")[:NEWS_ON_FRONT])
        documents = documents_listed(
            organization, published_documents(organization)[: DOCUMENTS_ON_FRONT + 1]
        )
        news_url = address_of_each("public:news_item", by="news_id", site_slug=organization.slug)
        for item in news:
            item.public_url = news_url(item.pk)
        roadmap_pdf = (
            ready_pdf(type(section.roadmap), [section.roadmap_id], ROADMAP_PDF).get(section.roadmap_id)
            if section.roadmap_id
            else None
        )
        upcoming, past = events_of(organization) if section.show_events else ([], [])
        return {
            "section": section,
            "organization": organization,
            "news": news,
            "documents": documents[:DOCUMENTS_ON_FRONT],
            "more_documents": len(documents) > DOCUMENTS_ON_FRONT,
            "roadmap": section.roadmap,
            "roadmap_pdf": roadmap_pdf,
            "upcoming": upcoming,
            "past": past,
            "winners": organization_winners(organization),
            "forms": forms_offered(organization),
            "targets": targets_of(organization) if section.show_targets else [],
            "library_items": library_items_of(organization),
        }


def roadmap_page(section: PublicSection) -> dict:
    roadmap = section.roadmap
    if roadmap is None:
        raise Http404
    with scope(organization=section.organization):
        stages = list(roadmap.stages.all())
        activities = list(
            roadmap.activities.order_by("stage__position", "position", "pk").only(
                "pk", "roadmap_id", "stage_id", "number", "title", "deadline_text", "status"
            )
        )
        by_stage = {}
        for activity in activities:
            by_stage.setdefault(activity.stage_id, []).append(activity)
        return {
            "roadmap": roadmap,
            "stages": [(stage, by_stage.get(stage.pk, [])) for stage in stages],
            "done": sum(1 for a in activities if a.status == a.Status.DONE),
            "total": len(activities),
            "roadmap_pdf": ready_pdf(type(roadmap), [roadmap.pk], ROADMAP_PDF).get(roadmap.pk),
        }


def committee_page(slug: str) -> dict:
    """A municipality's page: its organisations' open sections and the municipal contests'
    results (organisations' names, and winners' names only with their consent)."""
    with scopes_disabled():
        municipality = Municipality.objects.filter(slug=slug).first()
        if municipality is None:
            raise Http404
        sections = list(
            PublicSection.objects.filter(
                organization__municipality=municipality, organization__is_active=True, is_open=True
            )
            .select_related("organization")
            .order_by("organization__short_name")
        )
        nominees = _with_consents(
            _placed_nominees()
            .filter(contest__organization__isnull=True, contest__municipality=municipality)
            .select_related("organization")
        )
        winners = public_winners(nominees)
        organizations = [n.organization.short_name for n in nominees]
        return {
            "municipality": municipality,
            "sections": sections,
            "winners": list(zip(winners, organizations, strict=True)),
        }


def section_is_open(organization: Organization) -> bool:
    return PublicSection.objects.filter(organization=organization, is_open=True).exists()


def today() -> date:
    return timezone.localdate()


def library_items_of(organization) -> list:
    """The library items the organisation publishes (apps.library decides which may be), each
    with its public address."""
    items = library_selectors.public_items(organization)
    item_url = address_of_each("public:library_item", by="item_id", site_slug=organization.slug)
    for item in items:
        item.public_url = item_url(item.pk)
    return items
