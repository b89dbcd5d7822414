"""Issue #18 in a real browser: a curator opens the section «Наставничество», publishes a news
item and the roadmap, then opens /p/<slug>/ signed out and sees them, without JavaScript; a
contest winner's name is published with their consent and withdrawn with its revocation."""

import re

from django_scopes import scope, scopes_disabled
from playwright.sync_api import expect

from tests.factories import PASSWORD
from tests.public.helpers import contest_with_winners, open_section


def test_a_curator_publishes_news_and_the_roadmap_and_a_visitor_sees_them(
    page, sign_in, tenant_a, roadmaps_seeded, browser, live_server
):
    page.set_default_timeout(60_000)  # the shared machine is slow
    roadmap = roadmaps_seeded["a"]["organization"]
    sign_in(tenant_a.curator.username, PASSWORD)
    page.get_by_test_id("nav-public").click()
    expect(page).to_have_url(re.compile(r"/o/alpha/public/$"))

    page.locator("input[name=is_open]").check()
    page.fill("input[name=contact_name]", "Кураторова Л.М.")
    page.get_by_test_id("section-save").click()
    expect(page.get_by_test_id("public-open-link")).to_be_visible()

    page.get_by_test_id("news-create").click()
    page.fill("input[name=title]", "Открыт набор наставников")
    page.fill("textarea[name=text]", "<p>Приглашаем педагогов и выпускников стать наставниками.</p>")
    page.locator("input[name=publish]").check()
    page.get_by_test_id("news-save").click()
    expect(page.get_by_test_id("news-row")).to_contain_text("Опубликовано")

    form = page.get_by_test_id("roadmap-publish-form")
    form.locator("select[name=roadmap]").select_option(str(roadmap.pk))
    page.get_by_test_id("roadmap-publish").click()
    expect(page.locator(".alert-success")).to_contain_text("Дорожная карта")

    # Signed out, without JavaScript: a visitor of the school's site.
    visitor = browser.new_context(base_url=live_server.url, locale="ru-RU", java_script_enabled=False)
    public = visitor.new_page()
    public.set_default_timeout(60_000)
    response = public.goto("/p/alpha/")
    assert response.status == 200 and "max-age=300" in response.headers["cache-control"]
    expect(public.get_by_test_id("public-news")).to_contain_text("Открыт набор наставников")
    expect(public.get_by_test_id("public-contact")).to_contain_text("Кураторова Л.М.")
    expect(public.get_by_test_id("public-roadmap").locator("a[href$='/roadmap/pdf/']")).to_have_count(1)
    public.get_by_test_id("public-roadmap").locator("a").first.click()
    expect(public).to_have_url(re.compile(r"/p/alpha/roadmap/$"))
    with scopes_disabled():
        first = roadmap.activities.order_by("stage__position", "position", "pk").first()
    expect(public.locator("main")).to_contain_text(first.title[:40])
    public.goto("/p/alpha/")
    public.get_by_test_id("public-news").get_by_role("link", name="Открыт набор наставников").click()
    expect(public.get_by_test_id("public-news-item")).to_contain_text("Приглашаем педагогов")
    visitor.close()


def test_a_winner_is_named_with_consent_and_no_more_once_it_is_revoked(
    page, sign_in, tenant_a, browser, live_server
):
    with scope(organization=tenant_a.organization):
        open_section(tenant_a)
        contest_with_winners(tenant_a)
    visitor = browser.new_context(base_url=live_server.url, locale="ru-RU", java_script_enabled=False)
    public = visitor.new_page()
    public.goto("/p/alpha/")
    expect(public.get_by_test_id("public-winners")).not_to_contain_text("Согласнова")

    sign_in(tenant_a.curator.username, PASSWORD)
    page.get_by_test_id("nav-public").click()
    row = page.get_by_role("row").filter(has_text="Согласнова")
    row.locator("input[name=signed_on]").fill("2026-11-01")
    row.get_by_role("button", name="Записать согласие").click()
    expect(page.locator(".alert-success")).to_contain_text("имя публикуется")
    public.reload()
    expect(public.get_by_test_id("public-winners")).to_contain_text("Согласнова")

    # The winner withdraws the consent in writing: the curator records it.
    page.get_by_role("row").filter(has_text="Согласнова").get_by_test_id("winner-consent-revoke").click()
    expect(page.locator(".alert-success")).to_contain_text("Согласие отозвано")
    expect(page.get_by_role("row").filter(has_text="Согласнова")).to_contain_text("Согласие отозвано")
    public.reload()
    expect(public.get_by_test_id("public-winners")).not_to_contain_text("Согласнова")
    expect(public.get_by_test_id("public-winners")).to_contain_text("имя не публикуется")
    visitor.close()
