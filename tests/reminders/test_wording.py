"""Wording of reminders (#16): a programme whose title has its own quotation marks is not
quoted twice, and counts after «дольше» take the genitive plural (never «дольше 21 день»)."""

from datetime import timedelta

import pytest
from django.conf import settings

from apps.pairs.models import Meeting, Pair
from apps.reminders.models import Notification
from apps.reminders.wording import days_genitive_ru, days_ru, quoted

from .conftest import DAY


def test_days_after_longer_than_take_the_genitive():
    assert [days_genitive_ru(n) for n in (1, 2, 5, 11, 21, 22, 25, 101)] == [
        "1 дня",
        "2 дней",
        "5 дней",
        "11 дней",
        "21 дня",
        "22 дней",
        "25 дней",
        "101 дня",
    ]
    assert [days_ru(n) for n in (1, 3, 21)] == ["1 день", "3 дня", "21 день"]  # «через 21 день»


def test_a_title_in_quotation_marks_is_not_quoted_again():
    assert quoted("«Шаг в науку»") == "«Шаг в науку»"
    assert quoted("Шаг в науку") == "«Шаг в науку»"
    assert quoted("Об организации «Школы наставников»") == "«Об организации «Школы наставников»»"


@pytest.mark.usefixtures("pairs_seeded")
def test_the_inactive_pair_reminder_reads_right(tenant_a, run_reminders):
    pair = Pair.objects.get(organization=tenant_a.organization)
    pair.status = Pair.Status.ACTIVE
    pair.save()
    pair.programme.title = "«Шаг в науку»"
    pair.programme.save()
    Meeting.objects.filter(pair=pair).update(held_on=DAY - timedelta(days=settings.PAIR_INACTIVE_DAYS + 4))

    run_reminders()

    body = Notification.objects.filter(kind="pair_inactive").first().body
    assert "программа «Шаг в науку»" in body and "««" not in body and "»»" not in body
    assert settings.PAIR_INACTIVE_DAYS == 21  # the wording below is the default's
    assert "дольше 21 дня " in body and "21 день" not in body
