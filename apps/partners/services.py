"""Writes of partners and their agreements: keyword-only, atomic, each logged to the audit.

Concluding an agreement completes the roadmap activities it fulfils (seed 002 1.3
«Заключение соглашений с организациями-партнерами»): those whose `event` is
`partner_agreement`, in the organisation's current roadmap and in its committee's own.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from apps.audit.services import apply_changes
from apps.core.text import in_quotes
from apps.organizations.scoping import tenant_url
from apps.participants.models import PartnerOrganization
from apps.roadmap.models import Activity
from apps.roadmap.services import roadmap_mark_event

from .models import Agreement
from .names import name_key

PARTNER_FIELDS = ("name", "kind", "inn", "ogrn", "address", "contact", "phone", "email", "website")
AGREEMENT_FIELDS = ("number", "concluded_on", "starts_on", "ends_on", "subject")


def _clean_values(values: dict) -> dict:
    return {k: (v.strip() if isinstance(v, str) else v) for k, v in values.items()}


def _check_unique(partner: PartnerOrganization) -> None:
    """The same partner twice in one organisation, by its name (written any way) or its ИНН."""
    others = PartnerOrganization.objects.filter(organization=partner.organization_id).exclude(pk=partner.pk)
    errors = {}
    if partner.inn and others.filter(inn=partner.inn).exists():
        errors["inn"] = _("A partner with this INN is already in the list.")
    key = name_key(partner.name)
    if key and any(name_key(name) == key for name in others.values_list("name", flat=True)):
        errors["name"] = _("A partner with this name is already in the list.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def partner_create(
    *, organization, actor, name: str, kind: str = PartnerOrganization.Kind.EMPLOYER, **details
) -> PartnerOrganization:
    values = _clean_values({"name": name, "kind": kind, **details})
    unknown = set(values) - set(PARTNER_FIELDS)
    if unknown:
        raise TypeError(f"unknown partner fields: {sorted(unknown)}")
    partner = PartnerOrganization(organization=organization, **values)
    _check_unique(partner)
    partner.full_clean()
    partner.save()
    partner.log("partner.created", actor=actor)
    return partner


@transaction.atomic
def partner_update(*, partner: PartnerOrganization, actor, **values) -> list[str]:
    """Change the partner's details; returns the names of the fields changed."""
    stored = PartnerOrganization.objects.select_for_update().get(pk=partner.pk)
    changed = apply_changes(stored, _clean_values(values), PARTNER_FIELDS)
    if not changed:
        return []
    _check_unique(stored)
    stored.full_clean()
    stored.save(update_fields=changed)
    stored.log("partner.changed", actor=actor, data={"fields": changed})
    return changed


def _mark_roadmaps(agreement: Agreement, actor) -> None:
    partner = agreement.partner
    organization = agreement.organization
    note = (
        f"Заключено соглашение № {agreement.number} от {agreement.concluded_on:%d.%m.%Y} "
        f"с {in_quotes(partner.name)}."
    )
    roadmap_mark_event(
        organization=organization,
        event=Activity.Event.PARTNER_AGREEMENT,
        note=note,
        link=tenant_url(organization, "partners:detail", partner_id=partner.pk),
        actor=actor,
    )
    # The committee's own roadmap (002 1.3): an agreement of any of its organisations; its
    # note names the organisation and the partner, both organisations, nobody's person.
    roadmap_mark_event(
        municipality=organization.municipality,
        event=Activity.Event.PARTNER_AGREEMENT,
        note=f"{organization.short_name}: {note}",
        link=tenant_url(organization.municipality, "partners:list"),
        actor=actor,
    )


@transaction.atomic
def agreement_create(
    *,
    partner: PartnerOrganization,
    actor,
    number: str,
    concluded_on,
    starts_on,
    ends_on=None,
    subject: str,
    scan=None,
) -> Agreement:
    agreement = Agreement(
        partner=partner,
        organization_id=partner.organization_id,
        created_by=actor,
        **_clean_values(
            {
                "number": number,
                "concluded_on": concluded_on,
                "starts_on": starts_on,
                "ends_on": ends_on,
                "subject": subject,
            }
        ),
    )
    if scan:
        agreement.scan = scan
    agreement.full_clean()
    agreement.save()
    partner.log(
        "partner.agreement_concluded",
        actor=actor,
        target=agreement,
        data={"number": agreement.number, "scan": bool(agreement.scan)},
    )
    _mark_roadmaps(agreement, actor)
    return agreement


@transaction.atomic
def agreement_update(*, agreement: Agreement, actor, scan=None, **values) -> list[str]:
    stored = Agreement.objects.select_for_update().select_related("partner").get(pk=agreement.pk)
    changed = apply_changes(stored, _clean_values(values), AGREEMENT_FIELDS)
    if scan:
        if stored.scan:
            # The old scan is replaced, not kept as an orphan; deleted only once the change is saved.
            old_storage, old_name = stored.scan.storage, stored.scan.name
            transaction.on_commit(lambda: old_storage.delete(old_name))
        stored.scan = scan
        changed.append("scan")
    if not changed:
        return []
    stored.full_clean()
    stored.save(update_fields=changed)
    stored.partner.log("partner.agreement_changed", actor=actor, target=stored, data={"fields": changed})
    return changed
