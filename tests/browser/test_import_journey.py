"""Staff import questionnaires in a real browser: a file with an error is refused with the
row and column, the corrected file is previewed and imported, the people are in the registry."""

import re
from datetime import date

from playwright.sync_api import expect

from tests.factories import PASSWORD
from tests.participants.xlsx_files import person, xlsx


def test_staff_import_a_file_fix_an_error_and_find_the_people(page, sign_in, tenant_a, tmp_path):
    bad = tmp_path / "anketa.xlsx"
    bad.write_bytes(
        xlsx(
            [
                person("Журавлёва", "Ксения", "Олеговна", date(2011, 4, 2), group="7Б"),
                person("Баранов", "Тимур", "Ильич", "31.02.2011", group="7Б"),
            ]
        )
    )
    good = tmp_path / "anketa-fixed.xlsx"
    good.write_bytes(
        xlsx(
            [
                person("Журавлёва", "Ксения", "Олеговна", date(2011, 4, 2), group="7Б"),
                person("Баранов", "Тимур", "Ильич", date(2011, 2, 28), group="7Б"),
            ]
        )
    )
    sign_in(tenant_a.staff.username, PASSWORD)
    page.locator("nav a[href$='/participants/']").click()
    page.locator("a[href$='/participants/import/']").click()

    # The file with an impossible date: nothing imported, the row and the column named.
    page.set_input_files("input[name=file]", str(bad))
    page.locator("form[enctype] button[type=submit]").click()
    error = page.get_by_test_id("import-error")
    expect(error).to_have_count(1)
    expect(error).to_contain_text("3")
    expect(error).to_contain_text("Дата рождения")
    expect(error).to_contain_text("31.02.2011")

    # The corrected file: a preview, then the import on confirmation.
    page.locator("a[href$='/participants/import/']").last.click()
    page.set_input_files("input[name=file]", str(good))
    page.locator("form[enctype] button[type=submit]").click()
    expect(page.get_by_test_id("import-action")).to_have_count(2)
    page.get_by_test_id("import-confirm").click()
    expect(page.get_by_test_id("import-done")).to_be_visible()
    expect(page.get_by_test_id("import-counts")).to_contain_text("2")

    # The people are in the registry.
    page.locator("nav a[href$='/participants/']").click()
    page.fill("input[name=query]", "Журавлёва")
    page.locator("form[role=search] button[type=submit]").first.click()
    expect(page).to_have_url(re.compile(r"/participants/$"))
    rows = page.get_by_test_id("participant-row")
    expect(rows).to_have_count(1)
    expect(rows).to_contain_text("Журавлёва Ксения Олеговна")
    rows.get_by_role("link").click()
    expect(page.get_by_test_id("consent-state")).to_be_visible()
