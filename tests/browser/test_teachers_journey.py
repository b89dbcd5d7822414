"""The mentoring of teachers in a real browser, as Борисовская СОШ's curator walks it: she
records a mentor's written consent to the extra duties (with its scan), generates and downloads
the supplementary agreement, drafts the personalised programme (ППН) from the pair's plan, the
director approves it, and the pair is approved by the pairs order."""

import re

from playwright.sync_api import expect

from apps.pairs.models import Pair
from apps.teachers.models import PersonalisedProgramme
from tests.factories import PASSWORD
from tests.teachers.helpers import teacher_pair


def test_consent_agreement_programme_and_the_pairs_order(
    page, sign_in, tenant_a, pdf_download_text, tmp_path
):
    pair = teacher_pair(tenant_a)
    mentor = pair.mentor
    scan = tmp_path / "soglasie.pdf"
    scan.write_bytes(b"%PDF-1.4 scan")

    # The curator records the mentor's consent for the programme's period, with its scan.
    sign_in(tenant_a.curator.username, PASSWORD)
    page.locator("nav a[href$='/teachers/']").click()
    page.get_by_role("link", name="Согласия и соглашения наставников").click()
    page.get_by_test_id("consent-create").click()
    form = page.get_by_test_id("duty-consent-form")
    form.locator("select[name=mentor]").select_option(label=mentor.full_name)
    form.locator("input[name=signed_on]").fill("2026-08-25")
    form.locator("input[name=starts_on]").fill("2026-09-01")
    form.locator("input[name=ends_on]").fill("2027-05-31")
    form.locator("input[name=document]").set_input_files(str(scan))
    page.get_by_test_id("duty-consent-save").click()
    expect(page).to_have_url(re.compile(r"/o/alpha/teachers/consents/\d+/$"))
    expect(page.get_by_test_id("duty-consent")).to_contain_text("01.09.2026 – 31.05.2027")

    # She generates the supplementary agreement and downloads it.
    page.get_by_test_id("agreement-generate").click()
    expect(page.get_by_test_id("agreement")).to_contain_text("1-Н/")
    text = pdf_download_text(page.get_by_test_id("document-download"), "dopsoglashenie.pdf")
    assert "Дополнительное соглашение" in text and mentor.last_name in text
    assert "01.09.2026" in text and "31.05.2027" in text and "351.8" in text

    # She drafts the pair's personalised programme from its plan.
    page.locator("nav a[href$='/teachers/']").click()
    page.get_by_test_id("ppn-link").click()
    page.get_by_test_id("ppn-draft").click()
    expect(page.get_by_test_id("ppn-body")).to_contain_text("Посетить уроки наставника")
    expect(page.get_by_test_id("ppn-body")).to_contain_text("Дисциплина на уроке")
    programme_url = page.url
    page.context.clear_cookies()  # sign out

    # The director approves it («УТВЕРЖДАЮ»).
    sign_in(tenant_a.director.username, PASSWORD)
    page.goto(programme_url)
    page.get_by_test_id("ppn-approve").click()
    expect(page.get_by_test_id("ppn-status")).to_have_text("Утверждена директором")
    text = pdf_download_text(page.get_by_test_id("document-download"), "ppn.pdf")
    assert "УТВЕРЖДАЮ" in text and mentor.last_name in text
    page.context.clear_cookies()

    # The curator drafts the pairs order of the teachers' programme and submits it.
    sign_in(tenant_a.curator.username, PASSWORD)
    page.locator("nav a[href$='/orders/']").click()
    page.locator("a[href$='/orders/new/']").click()
    page.get_by_test_id("kind-pairs").click()
    form = page.get_by_test_id("order-draft-form")
    form.locator("select[name=programme]").select_option(index=1)
    form.locator("button").click()
    expect(page.get_by_test_id("order-body")).to_contain_text(mentor.last_name)
    page.get_by_test_id("order-submit").click()
    expect(page.get_by_test_id("order-status")).to_have_text("На утверждении")
    order_url = page.url
    page.context.clear_cookies()

    # The director approves the order: the pair is approved.
    sign_in(tenant_a.director.username, PASSWORD)
    page.goto(order_url)
    page.get_by_test_id("order-approve").click()
    expect(page.get_by_test_id("order-status")).to_have_text("Утверждён")
    pair.refresh_from_db()
    assert pair.status == Pair.Status.APPROVED
    assert PersonalisedProgramme.objects.get(pair=pair).status == "approved"
