"""Issue #19 in a real browser: the committee assigns an item of its roadmap (1.2, orders on
implementing ЦМН) to an organisation; the organisation's curator finds it on the home page and
closes it with an approved order; the committee sees it done with the order's number and date."""

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from apps.roadmap import services as roadmap_services
from apps.roadmap.selectors import current_academic_year
from apps.roadmap.template_library import get_template
from tests.browser.steps import close_item_with_order
from tests.conftest import seed_orders
from tests.factories import PASSWORD


def test_committee_assigns_the_organisation_closes_with_an_order(page, sign_in, tenant_a, committee_user):
    municipality = tenant_a.organization.municipality
    roadmap = roadmap_services.roadmap_create(
        owner=municipality, year=current_academic_year(), data=get_template("kalachinsk"), source="template"
    )
    activity = roadmap.activities.get(number="1.2.")
    order = seed_orders(tenant_a)["approved"]
    order.refresh_from_db()
    committee_user.set_password(PASSWORD)
    committee_user.save()

    # The committee assigns 1.2 to the organisation with a deadline.
    sign_in(committee_user.username, PASSWORD)
    page.goto(f"/m/{municipality.slug}/roadmap/")
    page.get_by_test_id("assigned-link").click()
    form = page.get_by_test_id("assign-form")
    form.locator("select[name=activity]").select_option(str(activity.pk))
    form.locator(f"input[name=organizations][value='{tenant_a.organization.pk}']").check()
    form.locator("input[name=due_on]").fill((timezone.localdate() + timedelta(days=30)).isoformat())
    form.locator("button").click()
    row = page.get_by_test_id("assigned-item").filter(has_text=tenant_a.organization.short_name)
    expect(row).to_have_attribute("data-state", "not_started")
    page.context.clear_cookies()  # sign out

    # The curator sees it on the home page and closes it with the approved order.
    sign_in(tenant_a.curator.username, PASSWORD)
    close_item_with_order(page, order)
    page.context.clear_cookies()

    # The committee sees it done, with the order's number and date.
    sign_in(committee_user.username, PASSWORD)
    page.goto(f"/m/{municipality.slug}/roadmap/assigned/")
    summary = page.get_by_test_id("assigned-activity")
    expect(summary.get_by_test_id("count-done")).to_have_text("1")
    summary.locator("a").click()
    row = page.get_by_test_id("assigned-item").filter(has_text=tenant_a.organization.short_name)
    expect(row).to_have_attribute("data-state", "done")
    expect(row.get_by_test_id("evidence")).to_contain_text(f"№ {order.number}")
    expect(row.get_by_test_id("evidence")).to_contain_text(f"от {order.date:%d.%m.%Y}")
