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
