"""People choose, per kind, whether a reminder comes by e-mail and whether it shows in the portal."""

from datetime import timedelta

from django.core import mail
from django.urls import reverse

from apps.reminders.models import Notification, NotificationPreference
from apps.reminders.registry import KINDS
from apps.reminders.selectors import preferences_of, unread_count
from apps.reminders.services import preferences_set

from .conftest import DAY, add_activity, make_roadmap


def _two_reminders_for_staff(tenant):
    roadmap = make_roadmap(tenant.organization)
    add_activity(roadmap, "Сформировать базу наставляемых", DAY + timedelta(days=3), user=tenant.staff)
    add_activity(roadmap, "Провести анкетирование", DAY - timedelta(days=1), user=tenant.staff)


def _mail_to(user):
    return [m for m in mail.outbox if m.to == [user.email]]


def test_both_channels_are_on_by_default(tenant_a):
    assert preferences_of(tenant_a.staff) == {code: (True, True) for code in KINDS}


def test_a_kind_kept_out_of_the_portal_is_still_e_mailed(client, tenant_a, run_reminders):
    _two_reminders_for_staff(tenant_a)
    preferences_set(user=tenant_a.staff, preferences={"roadmap_due": (True, False)})

    run_reminders()

    assert Notification.objects.filter(user=tenant_a.staff).count() == 2
    client.force_login(tenant_a.staff)
    kinds = [n.kind for n in client.get(reverse("reminders:list")).context["page"].object_list]
    assert kinds == ["roadmap_overdue"]
    assert unread_count(tenant_a.staff) == 1
    [letter] = _mail_to(tenant_a.staff)
    assert "Сформировать базу наставляемых" in letter.body and "Провести анкетирование" in letter.body


def test_a_kind_not_wanted_by_e_mail_stays_in_the_portal_only(tenant_a, run_reminders):
    _two_reminders_for_staff(tenant_a)
    preferences_set(user=tenant_a.staff, preferences={"roadmap_due": (False, True)})

    run_reminders()

    [letter] = _mail_to(tenant_a.staff)
    assert "Провести анкетирование" in letter.body and "Сформировать базу наставляемых" not in letter.body
    assert unread_count(tenant_a.staff) == 2


def test_no_e_mail_at_all_when_no_kind_is_wanted_by_e_mail(tenant_a, run_reminders):
    _two_reminders_for_staff(tenant_a)
    preferences_set(user=tenant_a.staff, preferences={code: (False, True) for code in KINDS})

    run_reminders()

    assert _mail_to(tenant_a.staff) == []
    assert unread_count(tenant_a.staff) == 2


def test_a_kind_switched_off_entirely_is_not_stored(tenant_a, run_reminders):
    _two_reminders_for_staff(tenant_a)
    preferences_set(user=tenant_a.staff, preferences={"roadmap_overdue": (False, False)})

    run_reminders()

    assert list(Notification.objects.filter(user=tenant_a.staff).values_list("kind", flat=True)) == [
        "roadmap_due"
    ]


def test_the_settings_page_saves_the_choice(client, tenant_a):
    client.force_login(tenant_a.curator)
    url = reverse("reminders:settings")
    page = client.get(url).content.decode()
    assert 'data-testid="preference-order_awaiting"' in page
    assert page.count('type="checkbox"') == 2 * len(KINDS) and page.count("checked") == 2 * len(KINDS)

    data = {f"{code}-email": "on" for code in KINDS} | {f"{code}-portal": "on" for code in KINDS}
    del data["consent_missing-email"], data["meeting_upcoming-portal"], data["meeting_upcoming-email"]
    response = client.post(url, data)

    assert response.status_code == 302 and response.url == url
    stored = {
        p.kind: (p.by_email, p.in_portal)
        for p in NotificationPreference.objects.filter(user=tenant_a.curator)
    }
    assert stored["consent_missing"] == (False, True)
    assert stored["meeting_upcoming"] == (False, False)
    assert stored["roadmap_due"] == (True, True)
    assert preferences_of(tenant_a.curator)["consent_missing"] == (False, True)
    assert client.get(url).content.decode().count("checked") == 2 * len(KINDS) - 3
    # All off: an empty form is a valid choice too.
    client.post(url, {})
    assert preferences_of(tenant_a.curator) == {code: (False, False) for code in KINDS}
