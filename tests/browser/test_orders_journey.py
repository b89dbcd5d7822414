"""The pairs order in a real browser: the curator drafts it, the director returns it with a
comment, the curator fixes it in the document editor (a row added to the pairs' table, as in
Word) and resubmits it, the director approves it and the PDF carries the new row."""

import re

from playwright.sync_api import expect

from apps.orders.models import Order
from apps.pairs.models import Pair
from tests.factories import PASSWORD
from tests.orders.test_workflow import _consent_everyone_in


def test_pairs_order_from_draft_to_the_signed_pdf(page, sign_in, tenant_a, pairs_seeded, pdf_download_text):
    pair = Pair.objects.get(organization=tenant_a.organization)
    _consent_everyone_in(pair)

    # The curator drafts the pairs order of the programme.
    sign_in(tenant_a.curator.username, PASSWORD)
    page.locator("nav a[href$='/orders/']").click()
    page.locator("a[href$='/orders/new/']").click()
    page.get_by_test_id("kind-pairs").click()
    form = page.get_by_test_id("order-draft-form")
    form.locator("select[name=programme]").select_option(index=1)
    form.locator("button").click()
    expect(page).to_have_url(re.compile(r"/o/alpha/orders/\d+/$"))
    expect(page.get_by_test_id("order-body")).to_contain_text(pair.mentor.last_name)
    page.get_by_test_id("order-submit").click()
    expect(page.get_by_test_id("order-status")).to_have_text("На утверждении")
    order_url = page.url
    page.context.clear_cookies()  # sign out

    # The director returns it with a comment.
    sign_in(tenant_a.director.username, PASSWORD)
    expect(page.get_by_test_id("next-step").filter(has_text="приказ")).to_have_count(1)
    page.goto(order_url)
    page.get_by_test_id("order-return-form").locator("textarea").fill("Укажите срок программы в пункте 2.")
    page.get_by_test_id("order-return").click()
    expect(page.get_by_test_id("order-status")).to_have_text("Возвращён на доработку")
    page.context.clear_cookies()  # sign out

    # The curator reads the comment, fixes the text and submits again.
    sign_in(tenant_a.curator.username, PASSWORD)
    page.goto(order_url)
    expect(page.get_by_test_id("return-comment")).to_contain_text("Укажите срок программы в пункте 2.")
    page.get_by_test_id("order-edit").click()
    document = page.frame_locator(".tox-edit-area iframe")
    table = document.locator("table.grid")
    expect(table.locator("tbody tr")).to_have_count(1)
    table.locator("tbody tr td").last.click()
    page.locator(".tox-toolbar__primary button[aria-label='Insert row after']").click()
    expect(table.locator("tbody tr")).to_have_count(2)
    table.locator("tbody tr").last.locator("td").first.click()
    for text in ("2", "Резервова Анна Петровна", "Запасов Илья"):
        page.keyboard.type(text)
        page.keyboard.press("Tab")  # the next cell (in the last one it would add a row, as in Word)
    page.keyboard.type("Ученик – ученик")
    page.get_by_test_id("order-edit-form").locator("button.btn-primary").click()
    expect(page.get_by_test_id("order-body").locator("table tbody tr")).to_have_count(2)
    expect(page.get_by_test_id("order-body")).to_contain_text("Резервова Анна Петровна")
    page.get_by_test_id("order-submit").click()
    expect(page.get_by_test_id("order-status")).to_have_text("На утверждении")
    page.context.clear_cookies()  # sign out

    # The director approves: the order is numbered, the pair approved, the PDF downloaded.
    sign_in(tenant_a.director.username, PASSWORD)
    page.goto(order_url)
    page.get_by_test_id("order-approve").click()
    expect(page.get_by_test_id("order-status")).to_have_text("Утверждён")
    expect(page.get_by_test_id("order-number")).to_have_text("1-ОД")
    text = pdf_download_text(page.get_by_test_id("document-download"), "prikaz.pdf")
    assert "ПРИКАЗ" in text and "№ 1-ОД" in text and pair.mentor.last_name in text
    assert "Резервова Анна Петровна" in text and "Запасов Илья" in text  # the row added in the editor
    pair.refresh_from_db()
    assert pair.status == Pair.Status.APPROVED
    assert Order.objects.get(organization=tenant_a.organization).status == Order.Status.APPROVED
