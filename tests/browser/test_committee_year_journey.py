"""Issue #19's one journey, walked in the real pages as people click them: the committee
official picks this academic year, compares it with the last, opens one organisation's
aggregate page, assigns it an item of the committee's roadmap from there, downloads the
region's form as xlsx and reads it back; the organisation's curator closes the item with an
approved order, and the committee sees it done on the same aggregate page."""

from datetime import datetime, timedelta
from datetime import timezone as dt_timezone

from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from apps.core.academic_year import academic_year_of
from apps.monitoring.models import TargetSnapshot
from apps.monitoring.periods import academic_year_label, quarter_of, year_earlier
from apps.monitoring.targets import TARGETS
from apps.participants.models import Participant
from apps.regional.services import indicator_set_create_default
from apps.roadmap import services as roadmap_services
from apps.roadmap.selectors import current_academic_year
from apps.roadmap.template_library import get_template
from tests.browser.steps import close_item_with_order, compare_years
from tests.conftest import seed_orders
from tests.factories import PASSWORD, RegionFactory


def _snapshots(organization, period, consents):
    # Every target at 50 of 100 but the consents: the form's «2» (student mentors) is 50 %.
    for target in TARGETS:
        TargetSnapshot.objects.create(
            organization=organization,
            period=period,
            code=target.code,
            numerator=consents if target.code == "consents" else 50,
            denominator=100,
            taken_at=datetime(2026, 1, 1, tzinfo=dt_timezone.utc),
        )


def _sign_out(page):
    page.context.clear_cookies()


def test_the_committee_prepares_its_year_and_the_organisation_closes_the_item(
    page, sign_in, tenant_a, committee_user, tmp_path
):
    today = timezone.localdate()
    this, last = (
        academic_year_label(academic_year_of(today)),
        academic_year_label(academic_year_of(today) - 1),
    )
    organization = tenant_a.organization
    municipality = organization.municipality
    region = RegionFactory(name="Омская область", slug="omsk-journey")
    municipality.parent_region = region
    municipality.save()
    indicator_set = indicator_set_create_default(region=region)
    roadmap = roadmap_services.roadmap_create(
        owner=municipality, year=current_academic_year(), data=get_template("kalachinsk"), source="template"
    )
    activity = roadmap.activities.get(number="1.2.")
    _snapshots(organization, quarter_of(today), consents=95)
    _snapshots(organization, year_earlier(quarter_of(today)), consents=70)
    order = seed_orders(tenant_a)["approved"]
    order.refresh_from_db()
    committee_user.set_password(PASSWORD)
    committee_user.save()
    due_on = today + timedelta(days=30)

    # 1. The committee picks this academic year and compares it with the last.
    sign_in(committee_user.username, PASSWORD)
    page.locator("nav a[href$='/monitoring/']").first.click()
    yoy = compare_years(page, this, last)
    consents = yoy.locator("[data-testid=yoy-row][data-code=consents]")
    expect(consents.get_by_test_id("yoy-change")).to_have_text("+25")

    # 2. One organisation's aggregate page: numbers only.
    page.get_by_test_id("organization-link").filter(has_text=organization.short_name).click()
    expect(page.get_by_test_id("organization-name")).to_have_text(organization.short_name)
    expect(page.get_by_test_id("year-on-year")).to_contain_text("+25")
    expect(page.get_by_test_id("assigned-items")).to_contain_text("Поручений нет.")
    body = page.content()
    for person in Participant.objects.filter(organization=organization):
        assert person.last_name not in body
    aggregate_url = page.url

    # 3. From there, the committee assigns item 1.2 of its roadmap to this organisation.
    page.get_by_test_id("assign-item-link").click()
    form = page.get_by_test_id("assign-form")
    expect(form.locator(f"input[name=organizations][value='{organization.pk}']")).to_be_checked()
    form.locator("select[name=activity]").select_option(str(activity.pk))
    form.locator("input[name=due_on]").fill(due_on.isoformat())
    form.get_by_role("button", name="Поручить").click()
    row = page.get_by_test_id("assigned-item").filter(has_text=organization.short_name)
    expect(row).to_have_attribute("data-state", "not_started")

    # 4. The region's form for this academic year, as xlsx, read back.
    page.get_by_test_id("nav-regional-forms").click()
    page.get_by_test_id("committee-form-link").filter(has_text=indicator_set.title).click()
    page.get_by_label("Период").fill(this)
    page.get_by_test_id("period-form").get_by_role("button").click()
    expect(page.get_by_label("Период")).to_have_value(this)
    with page.expect_download() as download_info:
        page.get_by_test_id("form-xlsx").click()
    path = tmp_path / "form.xlsx"
    download_info.value.save_as(path)
    rows = list(load_workbook(path).active.iter_rows(values_only=True))
    assert rows[0][0] == indicator_set.title
    assert any(f"Период: {this}" in (r[0] or "") for r in rows)
    header_at = next(i for i, r in enumerate(rows) if r[0] == "№")
    # The set's own column layout: an indicator per row, the municipality's column.
    assert list(rows[header_at]) == [
        "№",
        "Показатель",
        "Ед. изм.",
        "Периодичность",
        "Целевое значение",
        municipality.name,
    ]
    lines = {r[0]: r for r in rows[header_at + 1 :]}
    # A year's form holds every indicator of the set, yearly ones too.
    assert list(lines) == list(indicator_set.indicators.values_list("code", flat=True))
    student_mentors = lines["2"]
    assert student_mentors[1] == "Доля обучающихся — наставников от общего числа обучающихся"
    assert student_mentors[4] == 10
    assert student_mentors[5] == 50
    _sign_out(page)

    # 5. The curator finds the item on the home page and closes it with the approved order.
    sign_in(tenant_a.curator.username, PASSWORD)
    close_item_with_order(page, order)
    _sign_out(page)

    # 6. The committee sees it done on the organisation's aggregate page, with the order's words.
    sign_in(committee_user.username, PASSWORD)
    page.locator("nav a[href$='/monitoring/']").first.click()
    page.get_by_test_id("organization-link").filter(has_text=organization.short_name).click()
    assert page.url.split("?")[0] == aggregate_url.split("?")[0]
    done = page.get_by_test_id("assigned-item")
    expect(done).to_have_count(1)
    expect(done).to_have_attribute("data-state", "done")
    expect(done.get_by_test_id("evidence")).to_contain_text(f"№ {order.number}")
    expect(done.get_by_test_id("evidence")).to_contain_text(f"от {order.date:%d.%m.%Y}")
    assert tenant_a.curator.last_name not in page.content()
