"""Writes of the public section: the section's settings, news, documents, the roadmap shown and
winners' consents to publication. Publishing informs through the section «Наставничество», and
a news item or document about results publishes them: both complete roadmap activities
(`roadmap_mark_event`), with the public page as the link."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.documents.services import document_request, latest_document
from apps.events.models import Contest, Nominee
from apps.orders.models import Kind as OrderKind
from apps.orders.models import Order
from apps.orders.services import clean_html
from apps.participants.consents import ADULT_AGE, age_on
from apps.participants.models import ADULT_CATEGORIES
from apps.roadmap.documents import KIND as ROADMAP_PDF
from apps.roadmap.models import Activity, Roadmap
from apps.roadmap.services import roadmap_mark_event

from .models import NewsItem, PublicDocument, PublicSection, WinnerConsent

# Orders that name no pupil: the pairs order, «Школа наставников», rewards and the final
# event list participants (children among them), and «another order» may say anything.
PUBLISHABLE_ORDER_KINDS = frozenset(
    {OrderKind.IMPLEMENT_MODEL, OrderKind.REGULATION, OrderKind.ROADMAP, OrderKind.CURATOR}
)
PDF_MAGIC = b"%PDF-"
MAX_FILE_BYTES = 10 * 1024 * 1024

SECTION_FIELDS = (
    "is_open",
    "intro",
    "contact_name",
    "contact_position",
    "contact_phone",
    "contact_email",
    "show_events",
    "show_targets",
)


def section_of(organization) -> PublicSection:
    section, _created = PublicSection.objects.get_or_create(organization=organization)
    return section


@transaction.atomic
def section_update(*, organization, actor, **values) -> PublicSection:
    section = section_of(organization)
    changed = [name for name in SECTION_FIELDS if name in values and getattr(section, name) != values[name]]
    for name in changed:
        value = values[name]
        setattr(section, name, value.strip() if isinstance(value, str) else value)
    if changed:
        section.full_clean()
        section.save(update_fields=changed)
        section.log("public.section_changed", actor=actor, data={"fields": changed})
    return section


def _public_url(organization, name: str = "public:section", **kwargs) -> str:
    return reverse(name, kwargs={"site_slug": organization.slug, **kwargs})


def _mark_published(*, organization, actor, link: str, results: bool) -> None:
    """Publishing informs through the section; a publication of results publishes them."""
    roadmap_mark_event(
        organization=organization,
        event=Activity.Event.PUBLIC_INFORMING,
        note="Опубликовано в разделе «Наставничество» на сайте.",
        link=link,
        actor=actor,
    )
    if results:
        roadmap_mark_event(
            organization=organization,
            event=Activity.Event.RESULTS_PUBLISHED,
            note="Результаты программы наставничества опубликованы в разделе «Наставничество».",
            link=link,
            actor=actor,
        )


# --- News -------------------------------------------------------------------------------------


@transaction.atomic
def news_create(
    *,
    organization,
    actor,
    title: str,
    text: str,
    published_on: date,
    about_results: bool = False,
    publish: bool = False,
) -> NewsItem:
    item = NewsItem(
        organization=organization,
        title=title.strip(),
        text=clean_html(text),
        published_on=published_on,
        about_results=about_results,
        created_by=actor,
    )
    if not item.text.strip():
        raise ValidationError(_("Write the text of the news item."))
    item.full_clean()
    item.save()
    item.log("public.news_created", actor=actor, data={"about_results": about_results})
    if publish:
        news_set_published(item=item, actor=actor, published=True)
    return item


@transaction.atomic
def news_update(
    *, item: NewsItem, actor, title: str, text: str, published_on: date, about_results: bool
) -> NewsItem:
    values = {
        "title": title.strip(),
        "text": clean_html(text),
        "published_on": published_on,
        "about_results": about_results,
    }
    if not values["text"].strip():
        raise ValidationError(_("Write the text of the news item."))
    changed = [name for name, value in values.items() if getattr(item, name) != value]
    for name in changed:
        setattr(item, name, values[name])
    if changed:
        item.full_clean()
        item.save(update_fields=changed)
        item.log("public.news_changed", actor=actor, data={"fields": changed})
    return item


@transaction.atomic
def news_set_published(*, item: NewsItem, actor, published: bool) -> NewsItem:
    if item.is_published == published:
        return item  # a repeated click changes nothing
    item.is_published = published
    item.save(update_fields=["is_published"])
    item.log("public.news_published" if published else "public.news_withdrawn", actor=actor)
    if published:
        _mark_published(
            organization=item.organization,
            actor=actor,
            link=_public_url(item.organization, "public:news_item", news_id=item.pk),
            results=item.about_results,
        )
    return item


# --- Documents --------------------------------------------------------------------------------


def _checked_pdf(upload) -> None:
    if upload.size > MAX_FILE_BYTES:
        raise ValidationError(_("The file is larger than 10 MB."))
    head = upload.read(len(PDF_MAGIC))
    upload.seek(0)
    if head != PDF_MAGIC:
        raise ValidationError(_("Publish documents as PDF files: this file is not a PDF."))


def publishable_orders(organization):
    """Approved orders of the kinds that name no pupil, and without listed pairs."""
    return (
        Order.objects.filter(
            organization=organization, status=Order.Status.APPROVED, kind__in=PUBLISHABLE_ORDER_KINDS
        )
        .filter(pairs__isnull=True)
        .order_by("-date", "-pk")
    )


@transaction.atomic
def document_create(
    *,
    organization,
    actor,
    kind: str,
    title: str,
    published_on: date,
    upload=None,
    order: Order | None = None,
    publish: bool = False,
) -> PublicDocument:
    if kind == PublicDocument.Kind.ORDER:
        if order is None:
            raise ValidationError(_("Choose the approved order to publish."))
        if order.organization_id != organization.pk or order.status != Order.Status.APPROVED:
            raise ValidationError(_("Only an approved order of the organisation is published."))
        if order.kind not in PUBLISHABLE_ORDER_KINDS or order.pairs.exists():
            # The pairs order and any order listing participants names children: never public.
            raise ValidationError(
                _("This order names participants, children among them: it is not published.")
            )
        upload = None
    else:
        if upload is None:
            raise ValidationError(_("Attach the document as a PDF file."))
        _checked_pdf(upload)
        order = None
    document = PublicDocument(
        organization=organization,
        kind=kind,
        title=(title.strip() or (order.title if order else ""))[:300],
        order=order,
        published_on=published_on,
        created_by=actor,
    )
    if upload is not None:
        document.file.save(upload.name.rsplit("/", 1)[-1], upload, save=False)
    document.full_clean()
    document.save()
    document.log("public.document_created", actor=actor, data={"kind": kind})
    if publish:
        document_set_published(document=document, actor=actor, published=True)
    return document


@transaction.atomic
def document_set_published(*, document: PublicDocument, actor, published: bool) -> PublicDocument:
    if document.is_published == published:
        return document
    document.is_published = published
    document.save(update_fields=["is_published"])
    document.log("public.document_published" if published else "public.document_withdrawn", actor=actor)
    if published:
        if document.order_id and latest_document(document.order, "order") is None:
            document_request(subject=document.order, kind="order", actor=actor)
        _mark_published(
            organization=document.organization,
            actor=actor,
            link=_public_url(document.organization, "public:document", public_document_id=document.pk),
            results=document.kind == PublicDocument.Kind.RESULTS,
        )
    return document


# --- The roadmap ------------------------------------------------------------------------------


@transaction.atomic
def roadmap_publish(*, organization, actor, roadmap: Roadmap | None) -> PublicSection:
    """Show this roadmap (its web view and official PDF) in the section, or none."""
    if roadmap is not None and roadmap.organization_id != organization.pk:
        raise ValidationError(_("Choose a roadmap of the organisation."))
    section = section_of(organization)
    if section.roadmap_id == (roadmap.pk if roadmap else None):
        return section
    section.roadmap = roadmap
    section.roadmap_published_on = timezone.localdate() if roadmap else None
    section.save(update_fields=["roadmap", "roadmap_published_on"])
    section.log("public.roadmap_published" if roadmap else "public.roadmap_withdrawn", actor=actor)
    if roadmap is not None:
        pdf = latest_document(roadmap, ROADMAP_PDF)
        if pdf is None or pdf.state == pdf.State.FAILED:
            document_request(subject=roadmap, kind=ROADMAP_PDF, actor=actor)
        _mark_published(
            organization=organization,
            actor=actor,
            link=_public_url(organization, "public:roadmap"),
            results=False,
        )
    return section


# --- Winners ----------------------------------------------------------------------------------


def is_adult(participant, day: date) -> bool:
    if participant.birth_date is None:
        return participant.category in ADULT_CATEGORIES
    return age_on(participant.birth_date, day) >= ADULT_AGE


def winners(organization):
    """The organisation's placed nominees of contests whose results are published (its own
    contests and the municipal ones it proposed to)."""
    return (
        Nominee.objects.filter(
            organization=organization, place__isnull=False, contest__stage=Contest.Stage.RESULTS
        )
        .select_related("contest", "nomination", "participant")
        .order_by("-contest__year", "contest_id", "nomination__position", "place", "pk")
    )


@transaction.atomic
def winner_consent_record(*, nominee: Nominee, actor, signed_on: date) -> WinnerConsent:
    """An adult mentor's own consent to publishing their name; a pair (with its mentees) or a
    minor is never named in the public section."""
    if nominee.participant_id is None or nominee.pair_id is not None:
        raise ValidationError(_("A pair's names are never published: its mentees may be children."))
    if not is_adult(nominee.participant, timezone.localdate()):
        raise ValidationError(_("A minor's name is never published in the public section."))
    if signed_on > timezone.localdate():
        raise ValidationError(_("The consent cannot be signed in the future."))
    consent, created = WinnerConsent.objects.update_or_create(
        nominee=nominee,
        defaults={
            "organization_id": nominee.organization_id,
            "signed_on": signed_on,
            "revoked_on": None,
            "created_by": actor,
        },
    )
    nominee.log("public.winner_consent_recorded", actor=actor, target=consent)
    return consent


@transaction.atomic
def winner_consent_revoke(*, consent: WinnerConsent, actor) -> WinnerConsent:
    if consent.revoked_on is None:
        consent.revoked_on = timezone.localdate()
        consent.save(update_fields=["revoked_on"])
        consent.nominee.log("public.winner_consent_revoked", actor=actor, target=consent)
    return consent
