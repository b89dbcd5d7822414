"""A double click on «Внести встречу» logs one meeting: the form's one-time token
(apps/core/idempotency.py) turns the second submission into a redirect to the first's result."""

import time

from django.utils import timezone
from playwright.sync_api import expect

from apps.pairs.models import Meeting, Pair
from apps.pairs.services import meetings
from apps.pairs.services.meetings import meeting_log
from tests.conftest import seed_pair
from tests.factories import PASSWORD


def test_a_double_click_on_log_the_meeting_logs_one_meeting(page, sign_in, tenant_a, monkeypatch):
    # The server takes its time, as it does under load: the second click comes while the
    # first request is still being handled.
    def slow_meeting_log(**kwargs):
        time.sleep(0.5)
        return meeting_log(**kwargs)

    monkeypatch.setattr(meetings, "meeting_log", slow_meeting_log)
    pair = seed_pair(tenant_a, "Альфов")
    pair.status = Pair.Status.ACTIVE
    pair.save()
    before = Meeting.objects.filter(pair=pair).count()

    sign_in(tenant_a.mentor.username, PASSWORD)
    page.goto(f"/o/{tenant_a.organization.slug}/programmes/mine/{pair.pk}/")
    page.select_option("select[name=kind]", "trial")  # the next of the sequence
    page.fill("input[name=held_on]", timezone.localdate().isoformat())
    page.fill("textarea[name=notes]", "Разобрали задачи олимпиады")
    # A person's double click: the second click 150 ms after the first, once its request is out.
    button = page.get_by_test_id("log-meeting")
    button.scroll_into_view_if_needed()
    box = button.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    with page.expect_request(lambda request: request.method == "POST"):
        page.mouse.click(x, y)
    page.wait_for_timeout(150)
    page.mouse.click(x, y)
    page.wait_for_load_state()

    expect(page.get_by_test_id("meeting")).to_have_count(before + 1)
    assert Meeting.objects.filter(pair=pair).count() == before + 1
