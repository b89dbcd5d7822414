"""Demo partners with agreements (#18). Every demo organisation's partners (made by the
participants' loader) get their requisites and agreements: one active (after an expired
earlier term), one expiring within 30 days, and a partner shared by two organisations under
names written differently, with the same ИНН, so that the committee's list shows it once.
Deterministic, and running it twice changes nothing (the terms follow today's date)."""

import zlib
from datetime import date, timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from apps.core.requisites import INN10_WEIGHTS
from apps.organizations.models import Membership
from apps.organizations.roles import Role
from apps.participants.models import PartnerOrganization
from apps.partners import services
from apps.partners.models import Agreement

# The partner two demo organisations work with: the same ИНН, the name written otherwise. The
# lyceum's is one of its partners already; the school adds it as its third.
SHARED_PARTNER = {
    "licey-7": "ООО «ТехноПрофи»",
    "borisovskaya-sosh": "ТехноПрофи, ООО",
}
SHARED_INN_BASE = "550412345"


def _inn(base: str) -> str:
    """A ten-digit ИНН with its check digit (demo numbers, not real organisations')."""
    return base + str(sum(int(d) * w for d, w in zip(base, INN10_WEIGHTS, strict=True)) % 11 % 10)


def _code(organization) -> int:
    """Two digits of the organisation's own, the same in every database."""
    return zlib.crc32(organization.slug.encode()) % 100


def _ogrn(base: str) -> str:
    return base + str(int(base) % 11 % 10)


def _scan_pdf(title: str) -> bytes:
    """A one-page PDF standing in for a scanned agreement."""
    text = title.encode("ascii", "ignore") or b"Agreement"
    stream = b"BT /F1 14 Tf 72 760 Td (" + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    body, offsets = b"%PDF-1.4\n", []
    for number, content in enumerate(objects, start=1):
        offsets.append(len(body))
        body += b"%d 0 obj\n" % number + content + b"\nendobj\n"
    xref = len(body)
    body += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    body += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    body += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return body


def _curator(organization):
    membership = (
        Membership.objects.filter(organization=organization, role=Role.CURATOR, is_active=True)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return membership.user if membership else None


def _agreement(partner, actor, *, number: str, starts_on: date, ends_on: date, subject: str) -> None:
    terms = {"concluded_on": starts_on - timedelta(days=7), "starts_on": starts_on, "ends_on": ends_on}
    existing = Agreement.objects.filter(partner=partner, number=number).first()
    if existing is None:
        services.agreement_create(
            partner=partner,
            actor=actor,
            number=number,
            subject=subject,
            scan=ContentFile(_scan_pdf(f"Agreement {number}"), name=f"soglashenie-{partner.pk}.pdf"),
            **terms,
        )
    elif any(getattr(existing, field) != value for field, value in terms.items()):
        Agreement.objects.filter(pk=existing.pk).update(**terms)  # the terms follow today


def load_demo_partners(*, organization, today: date | None = None) -> str:
    today = today or timezone.localdate()
    actor = _curator(organization)
    partners = list(PartnerOrganization.objects.filter(organization=organization).order_by("pk"))
    shared_name = SHARED_PARTNER.get(organization.slug)
    shared = next((p for p in partners if p.name == shared_name), None)
    if shared_name and shared is None:
        shared = services.partner_create(
            organization=organization,
            actor=actor,
            name=shared_name,
            kind=PartnerOrganization.Kind.EMPLOYER,
            inn=_inn(SHARED_INN_BASE),
            address="Омская обл., г. Омск, ул. Технопарковая, д. 1",
            website="https://techno-profi.example.ru",
        )
        partners.append(shared)
    elif shared is not None and shared.inn != _inn(SHARED_INN_BASE):
        PartnerOrganization.objects.filter(pk=shared.pk).update(inn=_inn(SHARED_INN_BASE))
        shared.inn = _inn(SHARED_INN_BASE)
    for index, partner in enumerate(partners):
        if not partner.inn:
            base = f"55{_code(organization):02d}{index:05d}"
            PartnerOrganization.objects.filter(pk=partner.pk).update(
                inn=_inn(base),
                ogrn=_ogrn(f"10255{_code(organization):03d}{index:04d}"),
                address=f"Омская обл., г. Калачинск, ул. Партнёрская, д. {index + 1}",
            )
    code = organization.slug[:3].upper()
    first, second = partners[0], partners[1]
    # The first partner: an earlier term expired, the current one active for a year.
    _agreement(
        first,
        actor,
        number=f"{code}-1",
        starts_on=today - timedelta(days=760),
        ends_on=today - timedelta(days=40),
        subject="Сотрудничество в реализации программы наставничества",
    )
    _agreement(
        first,
        actor,
        number=f"{code}-2",
        starts_on=today - timedelta(days=35),
        ends_on=today + timedelta(days=330),
        subject="Наставничество сотрудников партнёра над обучающимися",
    )
    # The second: its agreement ends within 30 days (the curator is reminded).
    _agreement(
        second,
        actor,
        number=f"{code}-3",
        starts_on=today - timedelta(days=345),
        ends_on=today + timedelta(days=20),
        subject="Проведение профессиональных проб и экскурсий",
    )
    if shared is not None and shared not in (first, second):
        _agreement(
            shared,
            actor,
            number=f"{code}-ТП",
            starts_on=today - timedelta(days=100),
            ends_on=None,
            subject="Проектная деятельность и наставничество в технопарке",
        )
    agreements = Agreement.objects.filter(organization=organization).count()
    return f"{len(partners)} partners, {agreements} agreements"
