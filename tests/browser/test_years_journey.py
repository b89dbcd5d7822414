"""The committee official prepares the year's report in a real browser (issue #19): picks
this academic year, compares it with the last, and opens one organisation's aggregate page:
numbers only, no person's name."""

from datetime import datetime
from datetime import timezone as dt_timezone

from django.utils import timezone
from playwright.sync_api import expect

from apps.core.academic_year import academic_year_of
from apps.monitoring.models import TargetSnapshot
from apps.monitoring.periods import academic_year_label, quarter_of, year_earlier
from apps.monitoring.targets import TARGETS
from apps.participants.models import Participant
from tests.browser.steps import compare_years
from tests.factories import PASSWORD


def _snapshots(organization, period, consents):
    for target in TARGETS:
        TargetSnapshot.objects.create(
            organization=organization,
            period=period,
            code=target.code,
            numerator=consents if target.code == "consents" else 50,
            denominator=100,
            taken_at=datetime(2026, 1, 1, tzinfo=dt_timezone.utc),
        )


def test_the_committee_compares_two_academic_years_and_opens_an_organisation(
    page, sign_in, tenant_a, committee_user
):
    today = timezone.localdate()
    year = academic_year_of(today)
    this, last = academic_year_label(year), academic_year_label(year - 1)
    organization = tenant_a.organization
    _snapshots(organization, quarter_of(today), consents=95)
    _snapshots(organization, year_earlier(quarter_of(today)), consents=70)
    committee_user.set_password(PASSWORD)
    committee_user.save()
    sign_in(committee_user.username, PASSWORD)
    page.locator("nav a[href$='/monitoring/']").first.click()

    yoy = compare_years(page, this, last)
    consents = yoy.locator("[data-testid=yoy-row][data-code=consents]")
    expect(consents.get_by_test_id("yoy-change")).to_have_text("+25")
    # 95 % of a 100 % target: amber.
    expect(consents.locator("[data-state]").first).to_have_attribute("data-state", "amber")

    page.get_by_test_id("organization-link").first.click()
    expect(page.get_by_test_id("organization-name")).to_have_text(organization.short_name)
    expect(page.get_by_test_id("public-section")).to_have_attribute("href", f"/p/{organization.slug}/")
    expect(page.get_by_test_id("year-on-year")).to_contain_text("+25")
    expect(page.get_by_test_id("breakdown-ages")).to_be_visible()
    expect(page.get_by_test_id("roadmap-stages")).to_be_visible()
    body = page.content()
    for person in Participant.objects.filter(organization=organization):
        assert person.last_name not in body
    assert tenant_a.curator.last_name not in body
