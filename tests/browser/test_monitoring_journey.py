"""A curator opens the organisation's monitoring: the targets with their states, the charts
drawn, the list behind a target that is not met, and the quarter's report as PDF, in a real
browser."""

import re

from playwright.sync_api import expect

from apps.monitoring.targets import TARGETS
from apps.participants.models import Participant
from tests.factories import PASSWORD, ParticipantFactory


def test_curator_reads_the_targets_follows_one_to_its_list_and_downloads_the_report(
    page, sign_in, tenant_a, pairs_seeded, pdf_download_text
):
    missing = ParticipantFactory(organization=tenant_a.organization, last_name="Несогласова")
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    sign_in(tenant_a.curator.username, PASSWORD)
    page.locator("nav a[href$='/monitoring/']").first.click()

    # Every target of the portal, the teachers' young specialists with a mentor among them.
    expect(page.get_by_test_id("target")).to_have_count(len(TARGETS))
    expect(page.locator("[data-testid=target][data-code=young_mentored]")).to_have_count(1)
    consents = page.locator("[data-testid=target][data-code=consents]")
    expect(consents).to_have_attribute("data-state", "red")
    # Chart.js drew every chart the page hands it, with no script error.
    for chart in ("pairs", "meetings", "trend"):
        canvas = page.get_by_test_id(f"{chart}-chart")
        expect(canvas).to_be_visible()
        # Waited for: the page's scripts may still be running when the canvas shows (fails on timeout).
        page.wait_for_function(
            "(el) => !!(window.Chart && window.Chart.getChart(el))", arg=canvas.element_handle()
        )
    expect(page.get_by_test_id("pairs-table")).to_contain_text("Предложена")
    assert errors == []

    # The list behind the consents target names who lacks one, and leads to that person.
    consents.locator("a").click()
    expect(page).to_have_url(re.compile(r"/monitoring/targets/consents/$"))
    row = page.get_by_test_id("target-rows").locator("a", has_text=missing.last_name)
    expect(row).to_have_count(1)
    row.click()
    expect(page.locator("h1")).to_contain_text(missing.last_name)

    # The quarter's report, generated on demand and downloaded.
    page.go_back()
    page.get_by_role("link", name="Мониторинг").first.click()
    page.get_by_role("link", name="Отчёты").click()
    page.get_by_test_id("report-form").locator("input[name=period]").fill("2026-Q4")
    page.get_by_test_id("report-form").locator("button").click()
    text = pdf_download_text(page.get_by_test_id("document-download").first, "report.pdf")
    assert "Отчёт о реализации целевой модели наставничества" in text
    assert "Предложена" in text  # the pairs' statuses by name, not by code
    for person in Participant.objects.filter(organization=tenant_a.organization):
        assert person.last_name not in text
