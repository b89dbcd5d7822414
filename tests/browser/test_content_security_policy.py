"""The Content-Security-Policy of production (script-src 'self', style-src 'self', no inline
script or style) is sent by the test settings too, so a real browser checks that the main
pages break none of it: no violation reported, the vendored Bootstrap, htmx and Chart.js at
work, the charts drawn, the bars sized, the confirmations asked."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from apps.orders.models import Order
from apps.pairs.models import Pair
from apps.roadmap.models import Roadmap
from tests.factories import PASSWORD
from tests.teachers.helpers import seed_teachers

pytestmark = pytest.mark.usefixtures("pairs_seeded", "roadmaps_seeded", "orders_seeded")

# Every violation, as the page itself sees it (the init script runs outside the page's CSP).
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  const where = `${event.sourceFile}:${event.lineNumber}`;
  window.__violations.push(`${event.violatedDirective} ${event.blockedURI} ${where}`);
});
"""


@pytest.fixture
def watched(page):
    """The page, with every CSP or Permissions-Policy complaint and script error collected."""
    complaints = []
    page.add_init_script(RECORD_VIOLATIONS)
    page.on(
        "console",
        lambda message: (
            complaints.append(message.text)
            if message.type in ("error", "warning")
            and ("Content Security Policy" in message.text or "Permissions-Policy" in message.text)
            else None
        ),
    )
    page.on("pageerror", lambda error: complaints.append(f"script error: {error}"))
    page.complaints = complaints
    return page


def _open(page, url):
    response = page.goto(url)
    assert response.status == 200, f"{url}: {response.status}"
    policy = response.headers.get("content-security-policy", "")
    assert "script-src 'self'" in policy and "style-src 'self'" in policy, f"{url}: {policy!r}"
    assert "camera=()" in response.headers.get("permissions-policy", "")
    page.wait_for_load_state("load")
    violations = page.evaluate("window.__violations")
    assert violations == [] and page.complaints == [], f"{url}: {violations} {page.complaints}"
    # htmx injects no <style> of its own (includeIndicatorStyles is off; portal.css has it).
    assert page.evaluate("document.querySelectorAll('style').length") == 0, url


def _charts_drawn(page):
    canvases = page.locator("canvas[data-chart]")
    expect(canvases.first).to_be_visible()
    assert canvases.count() >= 1
    for index in range(canvases.count()):
        handle = canvases.nth(index).element_handle()
        # Waited for (fails on timeout): the scripts may still run when the canvas shows.
        page.wait_for_function("(canvas) => !!(window.Chart && window.Chart.getChart(canvas))", arg=handle)


def _sign_in_as(page, sign_in, user):
    user.set_password(PASSWORD)
    user.save()
    page.context.clear_cookies()
    sign_in(user.username, PASSWORD)


def test_the_main_pages_of_an_organisation_break_no_policy(watched, sign_in, tenant_a):
    page = watched
    organization = tenant_a.organization
    slug = {"org_slug": organization.slug}
    pair = Pair.objects.filter(organization=organization).first()
    roadmap = Roadmap.objects.get(organization=organization)
    order = Order.objects.filter(organization=organization, status="approved").get()
    teachers = seed_teachers(tenant_a)

    _sign_in_as(page, sign_in, tenant_a.curator)
    for url in (
        reverse("organizations:home", kwargs=slug),
        reverse("participants:list", kwargs=slug),
        reverse("pairs:board", kwargs=slug),
        reverse("pairs:pair", kwargs={**slug, "pair_id": pair.pk}),
        reverse("roadmap:list", kwargs=slug),
        reverse("roadmap:timeline", kwargs={**slug, "roadmap_id": roadmap.pk}),
        reverse("orders:list", kwargs=slug),
        reverse("orders:detail", kwargs={**slug, "order_id": order.pk}),
        reverse("surveys:index", kwargs=slug),
        reverse("teachers:bank", kwargs=slug),
        reverse("teachers:consents", kwargs=slug),
        reverse("teachers:consent", kwargs={**slug, "duty_consent_id": teachers["duty_consent_id"]}),
        reverse("teachers:programme", kwargs={**slug, "pair_id": teachers["pair_id"]}),
        # The ППН is edited in the orders' TinyMCE: the same one hashed style attribute.
        reverse("teachers:programme_edit", kwargs={**slug, "pair_id": teachers["pair_id"]}),
    ):
        _open(page, url)

    # The roadmap's progress bars are sized by portal.js (no style="" allowed)...
    _open(page, reverse("roadmap:detail", kwargs={**slug, "roadmap_id": roadmap.pk}))
    bars = page.locator(".progress-bar[data-width-percent]")
    assert bars.count() >= 1
    for index in range(bars.count()):
        bar = bars.nth(index)
        assert bar.evaluate("(el) => el.style.width") == f"{bar.get_attribute('data-width-percent')}%"
    # ...and deleting it asks first (data-confirm, no onsubmit=""): dismissed, nothing happens.
    questions = []
    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.dismiss()))
    page.locator("form[data-confirm] button").first.click()
    expect(page.locator("h1")).to_be_visible()
    assert len(questions) == 1
    assert Roadmap.objects.filter(pk=roadmap.pk).exists()

    # Monitoring: Chart.js draws every chart under the policy.
    _open(page, reverse("monitoring:dashboard", kwargs=slug))
    _charts_drawn(page)

    # The language switch submits by itself (data-submit-on-change, no onchange="").
    page.select_option("#language", "en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert page.evaluate("window.__violations") == [] and page.complaints == []


def test_a_mentor_and_a_committee_member_break_no_policy(watched, sign_in, tenant_a, committee_user):
    page = watched
    slug = {"org_slug": tenant_a.organization.slug}
    pair = Pair.objects.filter(organization=tenant_a.organization).first()
    _sign_in_as(page, sign_in, tenant_a.mentor)
    _open(page, reverse("pairs:my_pairs", kwargs=slug))
    _open(page, reverse("pairs:my_pair", kwargs={**slug, "pair_id": pair.pk}))

    _sign_in_as(page, sign_in, committee_user)
    municipality = {"municipality_slug": tenant_a.organization.municipality.slug}
    _open(page, reverse("committee_monitoring:dashboard", kwargs=municipality))
    _charts_drawn(page)
    _open(page, reverse("committee_roadmap:list", kwargs=municipality))
