"""A committee member opens the dashboard of the municipality's organisations and downloads
the summary report, in a real browser: figures only, no person's name."""

from playwright.sync_api import expect

from apps.participants.models import Participant
from tests.factories import PASSWORD


def test_committee_member_opens_the_dashboard_and_downloads_the_summary(
    page, sign_in, tenant_a, committee_user, pdf_download_text
):
    committee_user.set_password(PASSWORD)
    committee_user.save()
    sign_in(committee_user.username, PASSWORD)
    page.locator("nav a[href$='/monitoring/']").first.click()
    rows = page.get_by_test_id("committee-row")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(tenant_a.organization.short_name)
    body = page.content()
    for person in Participant.objects.filter(organization=tenant_a.organization):
        assert person.last_name not in body

    page.get_by_test_id("summary-generate").click()
    text = pdf_download_text(page.get_by_test_id("document-download"), "summary.pdf")
    assert "Сводный отчёт о реализации целевой модели наставничества" in text
    assert tenant_a.organization.short_name in text
    assert "Участники с согласием" in text

    with page.expect_download() as export_info:
        page.goto(page.url.split("/reports/")[0] + "/")
        page.get_by_test_id("export-xlsx").click()
    assert export_info.value.suggested_filename.endswith(".xlsx")
