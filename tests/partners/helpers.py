from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from apps.partners import services

PDF = b"%PDF-1.4 agreement scan"


def partner(tenant, name="ООО «Омсктехуглерод»", **details):
    return services.partner_create(
        organization=tenant.organization, actor=tenant.curator, name=name, **details
    )


def agreement(tenant, partner_row, *, number="12/2026", ends_in_days=365, scan=False, **fields):
    today = timezone.localdate()
    return services.agreement_create(
        partner=partner_row,
        actor=tenant.curator,
        number=number,
        concluded_on=fields.pop("concluded_on", today - timedelta(days=400)),
        starts_on=fields.pop("starts_on", today - timedelta(days=400)),
        ends_on=None if ends_in_days is None else today + timedelta(days=ends_in_days),
        subject=fields.pop("subject", "Сотрудничество в реализации программы наставничества"),
        scan=ContentFile(PDF, name="agreement.pdf") if scan else None,
        **fields,
    )


def seed_partners(tenant) -> dict:
    """The tenant's partner with an agreement and its scan (made once per case): every partners
    URL of the walks has something to point at."""
    from apps.partners.models import Agreement

    made = Agreement.objects.filter(organization=tenant.organization).exclude(scan="").first()
    if made is None:
        made = agreement(tenant, partner(tenant, name="ООО «Партнёр»"), scan=True)
    return {"partner_id": made.partner_id, "agreement_id": made.pk}
