"""Staff import an online form's export in a real browser (issue #14): they map it once
(columns, the answers of the role question, a category for every row), see the bad row named,
fix the file, upload it again without mapping again, and import it."""

from playwright.sync_api import expect

from tests.factories import PASSWORD
from tests.participants.forms_exports import MENTEE_ANSWER, form_xlsx

HEADER = ["Отметка времени", "Ваша фамилия, имя, отчество", "Дата рождения", "Класс", "Участвую как", "Почта"]
ROWS = [
    [
        "01.09.2026 10:00:00",
        "Егорова Анна Павловна",
        "12 апреля 2012",
        "6Б",
        MENTEE_ANSWER,
        "anna@example.org",
    ],
    ["01.09.2026 10:05:00", "Ким Юрий", "01.02.11", "7А", MENTEE_ANSWER, "kim@example.org"],
    ["01.09.2026 10:07:00", "Орлов Глеб Ильич", "вчера", "", "Хочу стать наставником", "gleb@example.org"],
]


def test_staff_map_a_forms_export_once_fix_a_row_and_import(page, sign_in, tenant_a, tmp_path):
    bad = tmp_path / "Анкета наставничества (Ответы).xlsx"
    bad.write_bytes(form_xlsx(ROWS, HEADER))
    fixed_rows = [list(row) for row in ROWS]
    fixed_rows[2][2] = "03.03.1990"
    fixed = tmp_path / "Анкета наставничества (Ответы) исправлено.xlsx"
    fixed.write_bytes(form_xlsx(fixed_rows, HEADER))

    sign_in(tenant_a.staff.username, PASSWORD)
    page.locator("nav a[href$='/participants/']").click()
    page.locator("a[href$='/participants/import/']").click()
    page.set_input_files("input[name=file]", str(bad))
    page.locator("form[enctype] button[type=submit]").click()

    # The form never asks the category, and its role question is unknown: map it once.
    page.locator("a[href$='/mapping/']").first.click()
    page.select_option("select[name=c4]", "programme_role")
    page.get_by_test_id("mapping-refresh").click()
    answers = page.get_by_test_id("mapping-value")
    expect(answers).to_have_count(2)
    expect(answers.first).to_contain_text(MENTEE_ANSWER)
    expect(answers.first).to_contain_text("2")
    expect(page.locator("select[name=v4_0]")).to_have_value("Наставляемый")  # the best guess
    expect(page.locator("select[name=v4_1]")).to_have_value("Наставник")
    page.select_option("select[name=d_category]", "Обучающийся")
    page.get_by_test_id("mapping-save").click()

    # The bad row is named with its person and the file's own column.
    error = page.get_by_test_id("import-error")
    expect(error).to_have_count(1)
    expect(error).to_contain_text("4")
    expect(error).to_contain_text("Орлов Г. И.")
    expect(error).to_contain_text("Дата рождения")
    expect(page.get_by_test_id("import-errors-by-column")).to_contain_text("Дата рождения: 1")

    # The fixed file: the mapping is remembered, straight to the preview with names.
    page.locator("a[href$='/participants/import/']").last.click()
    page.set_input_files("input[name=file]", str(fixed))
    page.locator("form[enctype] button[type=submit]").click()
    actions = page.get_by_test_id("import-action")
    expect(actions).to_have_count(3)
    expect(actions.first).to_contain_text("Егорова А. П.")
    page.get_by_test_id("import-confirm").click()
    expect(page.get_by_test_id("import-done")).to_be_visible()
    expect(page.get_by_test_id("import-counts")).to_contain_text("3")
