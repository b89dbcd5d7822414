"""Steps that several journeys walk the same way (their assertions included)."""

from playwright.sync_api import expect


def compare_years(page, this: str, last: str):
    """On the committee's monitoring dashboard: choose the academic year `this` against `last`
    and return the year-on-year table, which names both."""
    choice = page.get_by_test_id("year-choice")
    choice.get_by_label("Учебный год").select_option(this)
    choice.get_by_label("В сравнении с").select_option(last)
    page.get_by_test_id("year-show").click()
    yoy = page.get_by_test_id("year-on-year")
    expect(yoy).to_contain_text(this)
    expect(yoy).to_contain_text(last)
    return yoy


def close_item_with_order(page, order) -> None:
    """The curator, on the home page: the committee's item 1.2 opened and closed with the
    approved order as evidence; the item is then done."""
    item = page.get_by_test_id("committee-item")
    expect(item).to_contain_text("Разработка и утверждение распорядительных актов")
    item.locator("a").click()
    close = page.get_by_test_id("close-form")
    close.locator("input[name=evidence_kind][value=order]").check()
    close.locator("select[name=order]").select_option(str(order.pk))
    close.locator("button").click()
    expect(page.get_by_test_id("assigned-item").first).to_have_attribute("data-state", "done")


PHONE = {"width": 390, "height": 844}


def document_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def pages_wider_than_a_phone(browser, base_url: str, pages: dict, password: str) -> list:
    """Each person of `pages` ({user: [path, …]}) signs in on a phone (390 × 844) and opens
    their pages, each of which must answer 200; the (username, path, width) of every page
    wider than the screen, which a phone would zoom out as a whole."""
    too_wide = []
    for user, paths in pages.items():
        context = browser.new_context(base_url=base_url, locale="ru-RU", viewport=PHONE)
        phone = context.new_page()
        phone.set_default_timeout(30_000)
        phone.goto("/accounts/login/")
        phone.fill("input[name=username]", user.username)
        phone.fill("input[name=password]", password)
        phone.click("button[type=submit]")
        phone.wait_for_load_state()
        for path in paths:
            response = phone.goto(path)
            assert response.status == 200, (user.username, path, response.status)
            width = document_width(phone)
            if width > PHONE["width"]:
                too_wide.append((user.username, path, width))
        context.close()
    return too_wide
