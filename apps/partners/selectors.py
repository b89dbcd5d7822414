"""Reads of partners and agreements: every page in a constant number of queries.

A partner's status is that of its best agreement: active if one is active, else expiring if
one expires within 30 days, else expired; a partner without agreements has none."""

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Case, CharField, Count, Prefetch, Q, QuerySet, Value, When
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext

from apps.core.text import normalise
from apps.participants.models import Participant, PartnerOrganization, ProgrammeRole

from .models import EXPIRING_DAYS, STATUS_BADGES, Agreement, Status
from .names import partner_key

NO_AGREEMENT = "none"
ENTREPRENEUR = re.compile(r"(?:ип|индивидуальный предприниматель)(?!\w)")
STATUS_ORDER = {Status.ACTIVE: 0, Status.EXPIRING: 1, Status.EXPIRED: 2, NO_AGREEMENT: 3}
MENTOR_ROLES = (ProgrammeRole.MENTOR, "both")


def _status_counts(today: date) -> dict:
    soon = today + timedelta(days=EXPIRING_DAYS)
    return {
        "active_count": Count(
            "agreements",
            filter=Q(agreements__ends_on__isnull=True) | Q(agreements__ends_on__gt=soon),
            distinct=True,
        ),
        "expiring_count": Count(
            "agreements",
            filter=Q(agreements__ends_on__gte=today, agreements__ends_on__lte=soon),
            distinct=True,
        ),
        "expired_count": Count("agreements", filter=Q(agreements__ends_on__lt=today), distinct=True),
    }


def organization_partners(organization, *, status: str = "", today: date | None = None) -> QuerySet:
    """The organisation's partners with their status, agreements and mentors counted."""
    today = today or timezone.localdate()
    partners = (
        PartnerOrganization.objects.filter(organization=organization)
        .annotate(
            **_status_counts(today),
            mentors_count=Count(
                "participants",
                filter=Q(
                    participants__anonymised_at__isnull=True, participants__programme_role__in=MENTOR_ROLES
                ),
                distinct=True,
            ),
        )
        .annotate(
            agreement_status=Case(
                When(active_count__gt=0, then=Value(Status.ACTIVE)),
                When(expiring_count__gt=0, then=Value(Status.EXPIRING)),
                When(expired_count__gt=0, then=Value(Status.EXPIRED)),
                default=Value(NO_AGREEMENT),
                output_field=CharField(),
            )
        )
        .order_by("name", "pk")
    )
    if status:
        partners = partners.filter(agreement_status=status)
    return partners


def organization_partner(organization, partner_id: int) -> PartnerOrganization:
    return get_object_or_404(PartnerOrganization.objects.filter(organization=organization), pk=partner_id)


def partner_agreements(partner: PartnerOrganization) -> list[Agreement]:
    return list(partner.agreements.order_by("-concluded_on", "-pk"))


def partner_agreement(partner: PartnerOrganization, agreement_id: int) -> Agreement:
    return get_object_or_404(Agreement.objects.filter(partner=partner), pk=agreement_id)


def partner_people(partner: PartnerOrganization) -> list[Participant]:
    """The people of the base who come from the partner (its mentors first)."""
    people = partner.participants.filter(anonymised_at__isnull=True).only(
        "pk",
        "last_name",
        "first_name",
        "patronymic",
        "category",
        "programme_role",
        "status",
        "organization_id",
        "partner_id",  # the related manager sets it on each row: deferred, it costs a query per row
    )
    return sorted(
        people, key=lambda p: (p.programme_role not in MENTOR_ROLES, p.last_name, p.first_name, p.pk)
    )


# --- The committee: the municipality's partners across its organisations, without a person. ---


@dataclass
class OrganizationLink:
    name: str
    agreements: list = field(
        default_factory=list
    )  # [{"number", "concluded_on", "starts_on", "ends_on", "status"}]


@dataclass
class MunicipalPartner:
    key: str
    name: str
    inn: str
    kind_label: str
    organizations: list = field(default_factory=list)
    status: str = NO_AGREEMENT

    @property
    def status_label(self):
        return Status(self.status).label if self.status != NO_AGREEMENT else ""

    @property
    def badge(self):
        return STATUS_BADGES.get(self.status, "")


def is_entrepreneur(partner) -> bool:
    """An individual entrepreneur (ИП): a 12-digit ИНН, or «ИП» before the name."""
    return len(partner.inn) == 12 or bool(ENTREPRENEUR.match(normalise(partner.name)))


def municipality_partners(municipality, *, today: date | None = None) -> list[MunicipalPartner]:
    """One row per partner organisation, however many of the municipality's organisations work
    with it (the same ИНН, else the same name), with each organisation's name and agreements'
    numbers, dates and terms. Two queries whatever the number of partners."""
    today = today or timezone.localdate()
    partners = (
        PartnerOrganization.objects.filter(organization__municipality=municipality)
        .select_related("organization")
        .only("pk", "name", "inn", "kind", "organization__short_name")
        .prefetch_related(
            Prefetch(
                "agreements",
                queryset=Agreement.objects.only(
                    "pk", "partner_id", "number", "concluded_on", "starts_on", "ends_on"
                ).order_by("-concluded_on", "-pk"),
            )
        )
        .order_by("organization__short_name", "name", "pk")
    )
    labels = {status: str(status.label) for status in Status}  # translated once, not per agreement
    of, endless = gettext("of"), gettext("no end date")
    rows: dict[str, MunicipalPartner] = {}
    by_name: dict[str, str] = {}  # a partner written without its ИНН joins the row of its name
    for partner in partners:
        key = partner_key(inn=partner.inn, name=partner.name)
        name_only = partner_key(inn="", name=partner.name)
        if not partner.inn and name_only in by_name:
            key = by_name[name_only]
        by_name.setdefault(name_only, key)
        row = rows.get(key)
        if row is None:
            entrepreneur = is_entrepreneur(partner)
            row = rows[key] = MunicipalPartner(
                key=key,
                # An entrepreneur's name and ИНН are a person's: the committee sees neither.
                name=gettext("Individual entrepreneur") if entrepreneur else partner.name,
                inn="" if entrepreneur else partner.inn,
                kind_label=partner.get_kind_display(),
            )
        if not is_entrepreneur(partner):
            row.inn = row.inn or partner.inn
        agreements = []
        for a in partner.agreements.all():
            status = a.status_on(today)
            agreements.append(
                {
                    "number": a.number,
                    "concluded_on": a.concluded_on,
                    "starts_on": a.starts_on,
                    "ends_on": a.ends_on,
                    # «№ 7-С от 01.09.2026, 01.09.2026 – 31.08.2027» written here: a thousand date
                    # filters in the template cost more than the rest of the page.
                    "text": f"№ {a.number} {of} {a.concluded_on:%d.%m.%Y}, {a.starts_on:%d.%m.%Y} – "
                    + (f"{a.ends_on:%d.%m.%Y}" if a.ends_on else endless),
                    "status": status,
                    "status_label": labels[status],
                    "badge": STATUS_BADGES[status],
                }
            )
        row.organizations.append(
            OrganizationLink(name=partner.organization.short_name, agreements=agreements)
        )
        for agreement in agreements:
            if STATUS_ORDER[agreement["status"]] < STATUS_ORDER[row.status]:
                row.status = agreement["status"]
    return sorted(rows.values(), key=lambda r: (r.name.casefold(), r.key))
