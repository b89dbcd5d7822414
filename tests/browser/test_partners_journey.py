"""Issue #18 (partners) in a real browser. A curator adds a partner organisation (a mistyped
INN is explained first), then its agreement with a scan, and downloads the scan; a committee
member sees the municipality's partners with the organisation's name and the agreement's term."""

import re
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from tests.factories import PASSWORD, CommitteeMembershipFactory


def test_a_curator_adds_a_partner_and_its_agreement_and_the_committee_sees_it(
    page, sign_in, tenant_a, tmp_path
):
    page.set_default_timeout(60_000)  # the shared machine is slow
    today = timezone.localdate()
    ends = today + timedelta(days=20)
    scan = tmp_path / "soglashenie.pdf"
    scan.write_bytes(b"%PDF-1.4 scanned agreement")

    sign_in(tenant_a.curator.username, PASSWORD)
    page.locator("a.nav-link[href$='/partners/']").click()
    page.get_by_test_id("partner-create").click()
    form = page.get_by_test_id("partner-form")
    form.locator("input[name=name]").fill("ООО «Омсктехуглерод»")
    form.locator("select[name=kind]").select_option("employer")
    form.locator("input[name=inn]").fill("7707083894")
    form.locator("input[name=address]").fill("Омск, ул. Партизанская, 5")
    page.get_by_test_id("partner-save").click()
    expect(page.locator(".invalid-feedback")).to_contain_text("Контрольные цифры ИНН не сходятся")
    # Nothing typed is lost: she corrects the one digit.
    expect(form.locator("input[name=address]")).to_have_value("Омск, ул. Партизанская, 5")
    form.locator("input[name=inn]").fill("7707083893")
    page.get_by_test_id("partner-save").click()
    expect(page).to_have_url(re.compile(r"/o/alpha/partners/\d+/$"))
    expect(page.get_by_test_id("partner-details")).to_contain_text("7707083893")

    page.get_by_test_id("agreement-create").click()
    form = page.get_by_test_id("agreement-form")
    form.locator("input[name=number]").fill("15-С")
    form.locator("input[name=concluded_on]").fill((today - timedelta(days=345)).isoformat())
    form.locator("input[name=starts_on]").fill((today - timedelta(days=345)).isoformat())
    form.locator("input[name=ends_on]").fill(ends.isoformat())
    form.locator("textarea[name=subject]").fill("Наставничество инженеров над студентами")
    form.locator("input[name=scan]").set_input_files(str(scan))
    page.get_by_test_id("agreement-save").click()
    table = page.get_by_test_id("agreements-table")
    expect(table).to_contain_text("№ 15-С")
    expect(table.locator("[data-status=expiring]")).to_have_text("Истекает")
    with page.expect_download() as download:
        page.get_by_test_id("agreement-scan").click()
    assert download.value.suggested_filename.endswith(".pdf")

    # The list filtered by status finds it among the expiring ones.
    page.locator("a.nav-link[href$='/partners/']").click()
    page.locator("select[name=status]").select_option("expiring")
    page.get_by_role("button", name="Показать").click()
    expect(page.get_by_test_id("partners-table")).to_contain_text("Омсктехуглерод")
    page.context.clear_cookies()

    # The committee member sees the municipality's partners: organisations' names, the terms.
    member = CommitteeMembershipFactory(municipality=tenant_a.organization.municipality).user
    sign_in(member.username, PASSWORD)
    page.locator("a.nav-link[href$='/partners/']").click()
    row = page.get_by_test_id("committee-partners")
    expect(row).to_contain_text("ООО «Омсктехуглерод»")
    expect(row).to_contain_text(tenant_a.organization.short_name)
    expect(row).to_contain_text(f"№ 15-С от {(today - timedelta(days=345)):%d.%m.%Y}")
    expect(row).to_contain_text(f"{ends:%d.%m.%Y}")
