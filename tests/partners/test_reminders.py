"""An agreement with a partner ending within 30 days reminds the curators (issue #18)."""

from datetime import timedelta

from apps.partners import services
from apps.reminders.models import Notification
from tests.reminders.conftest import DAY, local_time, recipients, run_reminders  # noqa: F401

from .helpers import partner


def _agreement(tenant, row, number, ends_on):
    return services.agreement_create(
        partner=row,
        actor=tenant.curator,
        number=number,
        concluded_on=DAY - timedelta(days=400),
        starts_on=DAY - timedelta(days=400),
        ends_on=ends_on,
        subject="Сотрудничество",
    )


def test_an_agreement_ending_within_30_days_reminds_the_curator(tenant_a, tenant_b, run_reminders):  # noqa: F811
    row = partner(tenant_a, name="ООО «Омсктехуглерод»")
    ending = _agreement(tenant_a, row, "1", DAY + timedelta(days=30))
    later = _agreement(tenant_a, row, "2", DAY + timedelta(days=31))
    over = _agreement(tenant_a, row, "3", DAY - timedelta(days=1))
    endless = _agreement(tenant_a, row, "4", None)
    run_reminders(local_time("Europe/Moscow", 7))
    assert recipients("agreement_ending", key=f"agreement:{ending.pk}") == {tenant_a.curator.pk}
    assert not Notification.objects.filter(
        key__in=[f"agreement:{a.pk}" for a in (later, over, endless)]
    ).exists()
    notification = Notification.objects.get(kind="agreement_ending")
    assert "«Омсктехуглерод»" in notification.title
    assert "№ 1" in notification.body
    assert notification.link.endswith(f"/partners/{row.pk}/")
    # Tenant B has no agreement: nothing of A reaches B's people.
    assert not Notification.objects.filter(user__in=[tenant_b.curator, tenant_b.director]).exists()
