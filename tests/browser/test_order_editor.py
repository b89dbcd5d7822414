"""The order's text is edited as a document: TinyMCE 6 served from static/ under the portal's
Content-Security-Policy, paragraphs, numbered lists and tables edited as in Word, the stored
HTML cleaned by the one sanitiser; without JavaScript the page keeps its textarea."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from apps.orders.models import Order
from apps.orders.services import clean_html, order_update
from tests.browser.test_content_security_policy import RECORD_VIOLATIONS
from tests.factories import PASSWORD

pytestmark = pytest.mark.usefixtures("orders_seeded")


def _edit_url(order):
    return reverse("orders:edit", kwargs={"org_slug": order.organization.slug, "order_id": order.pk})


def _signed_in_curator(page, sign_in, tenant):
    tenant.curator.set_password(PASSWORD)
    tenant.curator.save()
    sign_in(tenant.curator.username, PASSWORD)


def test_the_editor_loads_from_static_under_the_policy(page, sign_in, tenant_a, live_server):
    complaints, requests = [], []
    page.add_init_script(RECORD_VIOLATIONS)
    page.on(
        "console",
        lambda message: complaints.append(message.text) if message.type in ("error", "warning") else None,
    )
    page.on("pageerror", lambda error: complaints.append(f"script error: {error}"))
    page.on("request", lambda request: requests.append(request.url))
    _signed_in_curator(page, sign_in, tenant_a)
    draft = Order.objects.get(organization=tenant_a.organization, status="draft")

    order_update(order=draft, actor=tenant_a.curator, title=draft.title, body="<p>Вступление.</p>")
    response = page.goto(_edit_url(draft))
    assert "style-src 'self'" in response.headers["content-security-policy"]
    frame = page.frame_locator(".tox-edit-area iframe")
    expect(frame.locator("body p").first).to_be_visible()
    expect(page.locator(".tox-toolbar__primary")).to_be_visible()
    # The textarea is hidden behind the document, and everything came from the portal itself.
    expect(page.locator("textarea[name=body]")).to_be_hidden()
    assert requests and all(url.startswith(live_server.url) for url in requests), requests
    assert any("/static/vendor/tinymce/skins/ui/oxide/skin.min.css" in url for url in requests)
    assert any("/static/vendor/tinymce/plugins/table/plugin.min.js" in url for url in requests)

    # Word-like editing of a short text: a numbered list, then a table grown row by row.
    body = frame.locator("body")
    body.locator("p").last.click()
    page.keyboard.press("Control+End")
    page.keyboard.press("Enter")
    page.locator(".tox-toolbar__primary button[aria-label='Numbered list']").click()
    page.keyboard.type("Первый пункт")
    page.keyboard.press("Enter")
    page.keyboard.type("Второй пункт")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")  # an empty item ends the list, as in Word
    page.locator(".tox-toolbar__primary button[aria-label='Table']").click()
    page.locator(".tox-menu [role=menuitem][title='Table']").press("ArrowRight")  # the grid
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")  # 2 columns x 2 rows
    for text in ("Дата", "Тема", "01.10.2026", "Введение"):
        page.keyboard.type(text)
        page.keyboard.press("Tab")  # the next cell; past the last one, a new row
    page.keyboard.type("15.10.2026")
    page.locator(".tox-toolbar__primary button[aria-label='Insert row after']").click()
    expect(body.locator("table.grid tr")).to_have_count(4)

    editor_frame = next(frame for frame in page.frames if frame != page.main_frame)
    violations = page.evaluate("window.__violations") + editor_frame.evaluate("window.__violations || []")
    assert violations == [] and complaints == [], (violations, complaints)

    page.get_by_test_id("order-save").click()
    expect(page.get_by_test_id("order-body")).to_contain_text("Второй пункт")
    draft.refresh_from_db()
    stored = draft.body.replace("\n", "")
    assert "<ol><li>Первый пункт</li><li>Второй пункт</li></ol>" in stored
    assert (
        '<table class="grid"><tbody><tr><td>Дата</td><td>Тема</td></tr>'
        "<tr><td>01.10.2026</td><td>Введение</td></tr><tr><td>15.10.2026</td><td></td></tr>"
        "<tr><td></td><td></td></tr></tbody></table>"
    ) in stored
    assert "style=" not in stored and "data-mce" not in stored
    assert clean_html(draft.body) == draft.body  # what the editor sends is what the gate keeps


def test_without_javascript_the_textarea_edits_the_text(browser, live_server, tenant_a):
    context = browser.new_context(base_url=live_server.url, locale="ru-RU", java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(10_000)
    tenant_a.curator.set_password(PASSWORD)
    tenant_a.curator.save()
    page.goto("/accounts/login/")
    page.fill("input[name=username]", tenant_a.curator.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    draft = Order.objects.get(organization=tenant_a.organization, status="draft")
    page.goto(_edit_url(draft))
    textarea = page.locator("textarea[name=body]")
    expect(textarea).to_be_visible()
    textarea.fill("<p>Текст без редактора.</p><ol><li>Пункт</li></ol>")
    page.get_by_test_id("order-save").click()
    expect(page.get_by_test_id("order-body")).to_contain_text("Текст без редактора.")
    draft.refresh_from_db()
    assert draft.body == "<p>Текст без редактора.</p><ol><li>Пункт</li></ol>"
    context.close()
