"""The Excel import: good, bad and hostile files; all or nothing; the command-line contract."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from apps.participants.models import Answer, Participant, PartnerOrganization
from tests.outside import outside_manage

from .xlsx_files import person, template_header, with_trailing_blank_rows, xlsx, zip_bomb


def _import(tenant, content, tmp_path, *args):
    path = tmp_path / "participants.xlsx"
    path.write_bytes(content)
    out, err = StringIO(), StringIO()
    try:
        call_command(
            "import_participants", str(path), "--org", tenant.organization.slug, *args, stdout=out, stderr=err
        )
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    return code, out.getvalue(), err.getvalue()


def _count(tenant):
    return Participant.objects.filter(organization=tenant.organization).count()


GOOD_ROWS = [
    person("Иванова", "Мария", "Петровна", date(2011, 5, 1), group="7Б", email="maria@example.org"),
    person(
        "Петров",
        "Сергей",
        "Ильич",
        None,
        category="Педагог",
        group="",
        role="Наставник",
        email="petrov@example.org",
    ),
    person("Орлов", "Глеб", "", date(2008, 1, 20), group="10А", role="наставник", partner="ООО «ТехноПрофи»"),
]


def test_it_imports_a_good_file_and_prints_the_summary(tenant_a, tmp_path):
    before = _count(tenant_a)
    code, out, _err = _import(tenant_a, xlsx(GOOD_ROWS), tmp_path)
    assert (code, out.strip()) == (0, "created 3, updated 0, skipped 0")
    assert _count(tenant_a) == before + 3
    maria = Participant.objects.get(organization=tenant_a.organization, email="maria@example.org")
    assert (maria.birth_date, maria.category, maria.programme_role, maria.status) == (
        date(2011, 5, 1),
        "student",
        "mentee",
        "in_base",
    )
    assert Participant.objects.get(last_name="Орлов").partner.name == "ООО «ТехноПрофи»"
    assert PartnerOrganization.objects.filter(organization=tenant_a.organization).count() == 1


def test_the_same_file_twice_duplicates_nobody(tenant_a, tmp_path):
    _import(tenant_a, xlsx(GOOD_ROWS), tmp_path)
    code, out, _err = _import(tenant_a, xlsx(GOOD_ROWS), tmp_path)
    assert (code, out.strip()) == (0, "created 0, updated 0, skipped 3")


def test_people_are_recognised_by_email_or_by_name_and_birth_date(tenant_a, tmp_path):
    _import(tenant_a, xlsx(GOOD_ROWS), tmp_path)
    changed = [
        # Same e-mail, new class: updated.
        person("Иванова", "Мария", "Петровна", date(2011, 5, 1), group="8Б", email="MARIA@example.org "),
        # No e-mail; the name in another case, with extra spaces and ё: the same person.
        person(
            "  орлов ", "ГЛЕБ", "", date(2008, 1, 20), group="10А", role="Наставник", phone="+7 900 000-00-00"
        ),
    ]
    code, out, _err = _import(tenant_a, xlsx(changed), tmp_path)
    assert (code, out.strip()) == (0, "created 0, updated 2, skipped 0")
    assert Participant.objects.get(email="maria@example.org").group_name == "8Б"
    assert Participant.objects.get(last_name="Орлов").phone == "+7 900 000-00-00"


def test_one_bad_row_writes_nothing_and_names_row_and_column(tenant_a, tmp_path):
    rows = [*GOOD_ROWS, person("Сидоров", "Павел", birth="31.02.2012")]
    before = _count(tenant_a)
    code, out, _err = _import(tenant_a, xlsx(rows), tmp_path)
    assert code == 1
    assert out.strip() == 'row 5, column "Дата рождения": «31.02.2012» is not a date; write it as 31.08.2010.'
    assert _count(tenant_a) == before
    assert not PartnerOrganization.objects.filter(organization=tenant_a.organization).exists()


def test_every_error_of_every_row_is_reported(tenant_a, tmp_path):
    rows = [
        person("", "Анна", category="Космонавт"),
        person("Ким", "Юрий", birth=None),  # a student needs a birth date
        person("Ли", "Ян", email="not-an-email", role="Кто-то"),
    ]
    code, out, _err = _import(tenant_a, xlsx(rows), tmp_path)
    assert code == 1
    lines = out.strip().splitlines()
    assert lines[0].startswith('row 2, column "Категория": «Космонавт» is not one of:')
    assert 'row 2, column "Фамилия": the value is required.' in lines
    assert any(line.startswith('row 3, column "Дата рождения": a student') for line in lines)
    assert any(line.startswith('row 4, column "E-mail":') for line in lines)
    assert any(line.startswith('row 4, column "Роль в программе":') for line in lines)


def test_the_same_person_twice_in_a_file_is_an_error(tenant_a, tmp_path):
    rows = [GOOD_ROWS[0], person("иванова", "мария", "петровна", date(2011, 5, 1), group="7Б")]
    code, out, _err = _import(tenant_a, xlsx(rows), tmp_path)
    assert code == 1
    assert "the same person as in row 2" in out


def test_dry_run_checks_and_writes_nothing(tenant_a, tmp_path):
    before = _count(tenant_a)
    code, out, _err = _import(tenant_a, xlsx(GOOD_ROWS), tmp_path, "--dry-run")
    assert (code, out.strip()) == (0, "created 3, updated 0, skipped 0")
    assert _count(tenant_a) == before


def test_dates_as_excel_dates_day_numbers_and_text(tenant_a, tmp_path):
    rows = [
        person("Аа", "Один", birth=date(2012, 1, 2)),
        person("Бб", "Два", birth=40910),  # the Excel day number of 02.01.2012
        person("Вв", "Три", birth=" 02.01.2012 "),
        person("Гг", "Четыре", birth="2012-01-02"),
    ]
    code, _out, _err = _import(tenant_a, xlsx(rows), tmp_path)
    assert code == 0
    births = set(
        Participant.objects.filter(last_name__in=["Аа", "Бб", "Вв", "Гг"]).values_list(
            "birth_date", flat=True
        )
    )
    assert births == {date(2012, 1, 2)}


def test_answers_to_the_questionnaires_come_in_the_same_file(tenant_a, tmp_path):
    header = template_header(tenant_a.organization)
    answers = {
        "Наставляемый: Ваши интересы и увлечения": "Шахматы, робототехника",
        "Наставляемый: С чем вам нужна помощь наставника?": "учёба; проекты",
        "Наставляемый: Предпочтительная форма наставничества": "ученик – ученик",
        "Наставляемый: Насколько вам важна поддержка наставника?": 4,
    }
    row = person("Зуева", "Алёна", "Игоревна", date(2011, 9, 9)) + [""] * (len(header) - 11)
    for column, value in answers.items():
        row[header.index(column)] = value
    code, _out, _err = _import(tenant_a, xlsx([row], header=header), tmp_path)
    assert code == 0
    stored = {a.question.text: a.value for a in Answer.objects.filter(participant__last_name="Зуева")}
    assert stored == {
        "Ваши интересы и увлечения": "Шахматы, робототехника",
        "С чем вам нужна помощь наставника?": ["Учёба", "Проекты"],
        "Предпочтительная форма наставничества": "Ученик – ученик",
        "Насколько вам важна поддержка наставника?": 4,
    }


def test_a_mentors_row_leaves_the_mentee_questionnaire_out(tenant_a, tmp_path):
    """One form for mentors and mentees: the role decides which questionnaire a row answers;
    the other questionnaire's cells are ignored for that row, not errors."""
    header = template_header(tenant_a.organization)
    row = person("Лебедев", "Олег", birth=None, category="Педагог", role="Наставник") + [""] * (
        len(header) - 11
    )
    row[header.index("Наставляемый: Ваши интересы и увлечения")] = "Футбол"
    code, out, _err = _import(tenant_a, xlsx([row], header=header), tmp_path)
    assert (code, out.strip()) == (0, "created 1, updated 0, skipped 0")
    lebedev = Participant.objects.get(organization=tenant_a.organization, last_name="Лебедев")
    assert not Answer.objects.filter(
        participant=lebedev, question__question_set__questionnaire__kind="mentee"
    ).exists()


@pytest.mark.parametrize(
    "content,message",
    [
        (b"", "The file is empty."),
        (b"%PDF-1.4\n\x00\x01\x02 a binary file", "This is not an Excel .xlsx file"),
        (b"PK\x03\x04" + bytes(100), "This is not an Excel .xlsx file"),
        (bytes(11 * 1024 * 1024), "larger than 10 MB"),
    ],
    ids=["empty", "binary", "broken-zip", "too-large"],
)
def test_files_that_are_no_workbook_are_refused(tenant_a, tmp_path, content, message):
    before = _count(tenant_a)
    code, _out, err = _import(tenant_a, content, tmp_path)
    assert code == 1
    assert message in err
    assert _count(tenant_a) == before


def test_hostile_and_odd_workbooks_are_refused_with_a_clear_message(tenant_a, tmp_path):
    cases = {
        "header only": (xlsx([]), "no rows of data"),
        "blank sheet": (xlsx([], header=[""]), "The sheet is empty"),
        "wrong sheet": (xlsx([["Как заполнить шаблон"]], header=["Инструкция"]), "missing required columns"),
        "formula": (
            xlsx(GOOD_ROWS, before=lambda wb, ws: ws.__setitem__("F2", "=1+1")),
            "Cell F2 holds a formula",
        ),
        "merged cells": (xlsx(GOOD_ROWS, before=lambda wb, ws: ws.merge_cells("F2:F3")), "merged cells"),
        "zip bomb": (zip_bomb(xlsx(GOOD_ROWS)), "unpacks to too much data"),
    }
    before = _count(tenant_a)
    for name, (content, message) in cases.items():
        code, _out, err = _import(tenant_a, content, tmp_path)
        assert code == 1, name
        assert message in err, (name, err)
    assert _count(tenant_a) == before


def test_a_million_trailing_blank_rows_are_ignored(tenant_a, tmp_path):
    content = with_trailing_blank_rows(xlsx(GOOD_ROWS), 1_000_000)
    assert len(content) < 10 * 1024 * 1024
    code, out, _err = _import(tenant_a, content, tmp_path)
    assert (code, out.strip()) == (0, "created 3, updated 0, skipped 0")


def test_a_row_after_a_long_run_of_blank_rows_is_still_read():
    """The reader stops at the last row holding a cell, never before: a row of data after
    thousands of blank ones (more than one chunk of the scan) is read with its number."""
    from io import BytesIO

    from apps.participants.importing.reader import read_sheet

    content = with_trailing_blank_rows(xlsx(GOOD_ROWS), 30_000, then=["Сидорова", "Анна"])
    sheet = read_sheet(BytesIO(content), size=len(content))
    assert [number for number, _values in sheet.rows] == [2, 3, 4, 30_005]
    assert sheet.rows[-1][1][:2] == ["Сидорова", "Анна"]


def test_the_last_row_with_cells_is_found_with_any_prefix_and_across_chunks():
    from io import BytesIO

    from apps.participants.importing.reader import _scan_last_row

    def sheet(rows):
        return BytesIO(b"<x:worksheet><x:sheetData>" + b"".join(rows) + b"</x:sheetData></x:worksheet>")

    blank = [b'<x:row r="%d" spans="1:11" ht="12.8"></x:row>' % n for n in range(3, 40_000)]
    cell = b'<x:row r="%d"><x:c r="A%d" t="inlineStr"><x:is><x:t>1</x:t></x:is></x:c></x:row>'
    assert _scan_last_row(sheet([cell % (1, 1), cell % (2, 2), *blank])) == 2
    assert (
        _scan_last_row(sheet([cell % (1, 1), *blank, cell % (40_000, 40_000), b'<x:row r="40001"/>']))
        == 40_000
    )
    # A styled empty cell is a cell: its row is read (and dropped as blank by the reader).
    assert (
        _scan_last_row(sheet([cell % (1, 1), b'<x:row r="7"><x:c r="B7" s="1"/></x:row>', *blank[10:]])) == 7
    )
    # No cell at all, or the last row with a cell without its number: no limit, every row is read.
    assert _scan_last_row(sheet(blank)) is None
    assert _scan_last_row(sheet([cell % (1, 1), b"<x:row><x:c/></x:row>"])) is None


def test_the_template_command_writes_the_organisations_columns(tenant_a, tmp_path):
    from openpyxl import load_workbook

    path = tmp_path / "template.xlsx"
    call_command("participants_template", str(path), "--org", tenant_a.organization.slug, stdout=StringIO())
    workbook = load_workbook(path)
    header = [c.value for c in workbook["Участники"][1]]
    assert header[:3] == ["Фамилия*", "Имя*", "Отчество"]
    assert "Наставник: В чём вы можете помочь наставляемому?" in header
    assert "Инструкция" in workbook.sheetnames
    # A filled template imports as it is.
    sheet = workbook["Участники"]
    for row in GOOD_ROWS:
        sheet.append(row)
    workbook.save(path)
    code, out, _err = _import(tenant_a, path.read_bytes(), tmp_path)
    assert (code, out.strip()) == (0, "created 3, updated 0, skipped 0")


def test_the_command_line_contract_from_outside(tenant_a, tmp_path, transactional_db):
    """Exit codes and output as a shell script sees them."""
    good, bad = tmp_path / "good.xlsx", tmp_path / "bad.xlsx"
    good.write_bytes(xlsx(GOOD_ROWS))
    bad.write_bytes(xlsx([person("Сидоров", "Павел", birth="завтра")]))
    with outside_manage() as manage:
        ok = manage("import_participants", str(good), "--org", tenant_a.organization.slug)
        assert (ok.returncode, ok.stdout.strip()) == (0, "created 3, updated 0, skipped 0")
        failed = manage("import_participants", str(bad), "--org", tenant_a.organization.slug)
        assert failed.returncode == 1
        assert failed.stdout.startswith('row 2, column "Дата рождения":')
