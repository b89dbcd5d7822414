"""The order's edit page: a textarea that static/js/order-editor.js turns into TinyMCE, served
from static/ under a policy widened by one hashed style attribute on this page only; the
text a browser sends, with or without the editor, goes through the one sanitiser."""

import re

from django.urls import reverse

from apps.orders import services
from apps.orders.views import EDITOR_SCROLL_MARKER_STYLE


def _draft(tenant):
    return services.order_draft(organization=tenant.organization, kind="regulation", actor=tenant.curator)


def _edit_url(order):
    return reverse("orders:edit", kwargs={"org_slug": order.organization.slug, "order_id": order.pk})


def test_the_edit_page_loads_the_vendored_editor_and_keeps_the_textarea(client, tenant_a):
    order = _draft(tenant_a)
    client.force_login(tenant_a.curator)
    response = client.get(_edit_url(order))
    html = response.content.decode()
    # The textarea holds the text (the page works without JavaScript)...
    assert re.search(r'<textarea name="body"[^>]*>', html)
    assert "ПРИКАЗЫВАЮ:" in html
    # ...and the editor comes from the portal's static files, no inline script, no CDN.
    assert '<script src="/static/vendor/tinymce/tinymce.min.js" data-tinymce>' in html
    assert '<script src="/static/js/order-editor.js">' in html
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)
    assert "cdn" not in html.lower()


def test_only_the_edit_page_allows_the_editors_one_style_attribute(client, tenant_a):
    order = _draft(tenant_a)
    client.force_login(tenant_a.curator)
    policy = client.get(_edit_url(order)).headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["style-src"] == "'self'"  # no 'unsafe-inline' anywhere
    assert directives["style-src-attr"] == f"'unsafe-hashes' {EDITOR_SCROLL_MARKER_STYLE}"
    assert directives["script-src"] == "'self'"
    elsewhere = client.get(order.get_absolute_url()).headers["Content-Security-Policy"]
    assert "style-src-attr" not in elsewhere and "unsafe" not in elsewhere


def test_the_vendored_editor_is_tinymce_6_under_the_mit_licence(settings):
    from pathlib import Path

    vendor = Path(settings.BASE_DIR) / "static" / "vendor" / "tinymce"
    assert (vendor / "license.txt").read_text().startswith("MIT License")
    assert "TinyMCE version 6." in (vendor / "tinymce.min.js").read_text()[:400]
    for needed in (
        "themes/silver/theme.min.js",
        "models/dom/model.min.js",
        "icons/default/icons.min.js",
        "skins/ui/oxide/skin.min.css",
        "skins/ui/oxide/content.min.css",
        "skins/content/document/content.min.css",
        "plugins/lists/plugin.min.js",
        "plugins/table/plugin.min.js",
    ):
        assert (vendor / needed).is_file(), needed


def test_what_the_browser_sends_is_cleaned_on_saving(client, tenant_a):
    order = _draft(tenant_a)
    client.force_login(tenant_a.curator)
    sent = (
        '<p class="order-verb" style="color:red" onclick="x()">ПРИКАЗЫВАЮ:</p>'
        '<ol><li>Пункт</li></ol><table class="grid" style="width:100%" data-mce-style="w">'
        '<tbody><tr><td colspan="2">Ячейка</td></tr></tbody></table><script>alert(1)</script>'
        '<img src="x" onerror="alert(1)">'
    )
    response = client.post(_edit_url(order), {"title": "Приказ", "body": sent})
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.body == (
        '<p class="order-verb">ПРИКАЗЫВАЮ:</p><ol><li>Пункт</li></ol><table class="grid">'
        '<tbody><tr><td colspan="2">Ячейка</td></tr></tbody></table>'
    )
