"""Google Forms and Yandex Forms exports imported as schools download them (issue #14):
reading .csv and .xlsx, recognising headers, mapping columns, answers and defaults once,
cells as people type them, one form for mentors and mentees, resubmissions."""

import json
from datetime import date, datetime
from io import BytesIO, StringIO

import pytest
from django.core.management import call_command
from django.utils import translation

from apps.participants.importing.mapping import (
    FULL_NAME,
    TIMESTAMP,
    Mapping,
    MappingError,
    Template,
    auto_columns,
    guess_choice,
    header_key,
    header_signature,
    split_choices,
)
from apps.participants.importing.reader import ImportFileError, read_sheet
from apps.participants.models import Answer, ColumnMapping, Participant
from apps.participants.resources import PhoneWidget, RussianDateWidget, TimestampWidget
from tests.outside import outside_manage

from .forms_exports import (
    GOOGLE_HEADER,
    MENTEE_ANSWER,
    MENTOR_ANSWER,
    YANDEX_HEADER,
    form_csv,
    form_xlsx,
    google_rows,
)


def _import(tenant, content, tmp_path, *args, name="answers.csv"):
    path = tmp_path / name
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


def _people(tenant):
    return Participant.objects.filter(organization=tenant.organization)


# --- Reading files as they come -------------------------------------------------------------


@pytest.mark.parametrize(
    "encoding,delimiter",
    [
        ("utf-8", ","),
        ("utf-8-sig", ","),
        ("utf-8-sig", ";"),
        ("cp1251", ";"),
        ("cp1251", ","),
        ("utf-8", "\t"),
    ],
    ids=["google-utf8", "excel-utf8-bom", "excel-utf8-bom-semicolon", "excel-1251", "1251-comma", "tab"],
)
def test_a_csv_is_read_whatever_its_encoding_and_delimiter(encoding, delimiter):
    rows = google_rows(3)
    content = form_csv(rows, encoding=encoding, delimiter=delimiter)
    sheet = read_sheet(BytesIO(content), size=len(content))
    assert sheet.header == GOOGLE_HEADER  # no byte order mark glued to the first header
    assert [number for number, _cells in sheet.rows] == [2, 3, 4]
    assert sheet.rows[0][1][1] == rows[0][1]  # «Ваша фамилия…» read back in Russian
    # A comma inside a quoted multiple choice stays in its cell.
    assert sheet.rows[0][1][11] == rows[0][11]


def test_a_csv_over_the_limits_or_empty_is_refused_with_a_message():
    for content, message in [
        (b"\xef\xbb\xbf\r\n\r\n", "The file is empty."),
        ("Фамилия;Имя\n".encode(), "no rows of data"),
        (("Фамилия;Имя\n" + "Иванова;Мария\n" * 20_001).encode(), "more than 20000 rows"),
    ]:
        with translation.override("en"), pytest.raises(ImportFileError, match=message):
            read_sheet(BytesIO(content), size=len(content))


def test_an_xlsx_export_keeps_date_cells_and_timestamps():
    rows = google_rows(6)
    content = form_xlsx(rows)
    sheet = read_sheet(BytesIO(content), size=len(content))
    assert sheet.header == GOOGLE_HEADER
    assert isinstance(sheet.rows[5][1][2], date)  # the sixth row's birth date is a date cell


# --- Cells as people type them ----------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "25 декабря 2010",
        "25 дек. 2010",
        "25 декабря 2010 г.",
        "25.12.2010",
        "25.12.10",
        "2010-12-25",
        "25/12/2010",
        40537,
        "40537",
        datetime(2010, 12, 25),
        date(2010, 12, 25),
    ],
)
def test_dates_as_people_type_them(typed):
    assert RussianDateWidget().clean(typed) == date(2010, 12, 25)


def test_a_date_that_is_no_date_says_how_to_write_it():
    with translation.override("en"), pytest.raises(ValueError, match="write it as 31.08.2010"):
        RussianDateWidget().clean("31 февраля 2010")


@pytest.mark.parametrize(
    "typed",
    ["8 (912) 345-67-89", "+7 912 345 67 89", "89123456789", 89123456789, "912-345-67-89", "+7(912)3456789"],
)
def test_phones_are_normalised(typed):
    assert PhoneWidget().clean(typed) == "+7 912 345-67-89"


def test_a_phone_that_is_not_russian_is_kept_as_written():
    assert PhoneWidget().clean("доб. 123, спросить секретаря") == "доб. 123, спросить секретаря"


@pytest.mark.parametrize(
    "typed",
    [
        "05.09.2026 10:12:33",
        "2026-09-05 10:12:33",
        "2026/09/05 10:12:33 GMT+3",
        datetime(2026, 9, 5, 10, 12, 33),
    ],
)
def test_form_timestamps(typed):
    assert TimestampWidget().clean(typed) == datetime(2026, 9, 5, 10, 12, 33)


def test_multiple_choices_split_on_commas_or_semicolons_and_other_is_kept():
    assert split_choices("Учёба, Проекты") == ["Учёба", "Проекты"]
    assert split_choices("Учёба; Олимпиады, конкурсы") == ["Учёба", "Олимпиады, конкурсы"]
    assert split_choices("Учёба, Другое: шахматы, шашки") == ["Учёба", "Другое: шахматы, шашки"]
    assert split_choices("Другое: всё, что угодно") == ["Другое: всё, что угодно"]


# --- Recognition and guesses ------------------------------------------------------------------


def test_common_headers_are_recognised_without_help(tenant_a):
    assert header_key("Ваша фамилия, имя, отчество (обязательно)") == "фамилия имя отчество"
    template = Template(tenant_a.organization)
    columns = auto_columns(template, GOOGLE_HEADER)
    named = {GOOGLE_HEADER[i]: template.target(code).name for i, code in columns.items()}
    assert named == {
        "Отметка времени": "Отметка времени",
        "Ваша фамилия, имя, отчество": "ФИО",
        "Дата рождения": "Дата рождения",
        "Кто вы?": "Категория",
        "Укажите ваш класс (для обучающихся)": "Класс или группа",
        "В какой роли вы хотите участвовать?": "Роль в программе",
        "Адрес электронной почты": "E-mail",
        "Номер телефона (обязательно)": "Телефон",
        "Ваши интересы и увлечения": "Наставляемый: Ваши интересы и увлечения",
        "С чем вам нужна помощь наставника?": "Наставляемый: С чем вам нужна помощь наставника?",
        "В чём вы можете помочь наставляемому?": "Наставник: В чём вы можете помочь наставляемому?",
        "Когда вам удобно встречаться?": "Наставляемый: Когда вам удобно встречаться?",
    }
    yandex = auto_columns(template, YANDEX_HEADER)
    assert [yandex.get(i) for i in range(len(YANDEX_HEADER))] == [
        None,
        TIMESTAMP,
        FULL_NAME,
        "birth_date",
        "group_name",
        "programme_role",
        "email",
    ]


def test_answers_phrased_by_the_forms_author_get_a_best_guess(tenant_a):
    template = Template(tenant_a.organization)
    role, category = template.target("programme_role"), template.target("category")
    assert guess_choice(role, MENTEE_ANSWER) == "Наставляемый"
    assert guess_choice(role, MENTOR_ANSWER) == "Наставник"
    assert guess_choice(role, "Хочу стать наставником") == "Наставник"
    assert guess_choice(role, "Я и наставник, и наставляемый") == "Наставник и наставляемый"
    assert guess_choice(role, "Пока не знаю") is None
    assert guess_choice(category, "Ученик 7 класса") == "Обучающийся"
    assert guess_choice(category, "Учитель") == "Педагог"


# --- The whole export, from the command line ----------------------------------------------------


def test_a_mixed_google_forms_export_imports_as_it_comes(tenant_a, tmp_path):
    """Mentors and mentees in one form: automatic recognition and guesses, no mapping file."""
    rows = google_rows(10)
    before = _people(tenant_a).count()
    code, out, err = _import(tenant_a, form_csv(rows, encoding="cp1251", delimiter=";"), tmp_path)
    assert (code, out.strip()) == (0, "created 10, updated 0, skipped 0"), out + err
    assert 'column "Согласны ли вы на обработку персональных данных?" not imported' in err
    assert _people(tenant_a).count() == before + 10

    mentee = _people(tenant_a).get(email="person0@example.org")
    assert (mentee.category, mentee.programme_role) == ("student", "mentee")
    assert mentee.phone.startswith("+7 9") and mentee.group_name == rows[0][4]
    mentor = _people(tenant_a).get(email="person4@example.org")
    assert (mentor.category, mentor.programme_role, mentor.group_name) == ("teacher", "mentor", "")
    # The role decides the questionnaire: the shared question goes to the mentor's own.
    mentor_answers = {
        a.question.question_set.questionnaire.kind for a in Answer.objects.filter(participant=mentor)
    }
    assert mentor_answers == {"mentor"}
    times = Answer.objects.get(participant=mentor, question__text="Когда вам удобно встречаться?")
    assert times.value == rows[4][11].split(", ")
    helps = Answer.objects.get(participant=mentee, question__text="С чем вам нужна помощь наставника?")
    assert helps.value == rows[0][9].split(", ")


def test_a_yandex_export_with_a_mapping_file_and_a_default_category(tenant_a, tmp_path):
    rows = [
        [
            "101",
            "2026-09-05 10:12:33",
            "Егорова Анна Павловна",
            "12 апреля 2012",
            "6Б",
            "Ученик",
            "anna@example.org",
        ],
        ["102", "2026-09-05 10:20:01", "Ким Юрий", "01.02.11", "7А", "Ученик", "kim@example.org"],
    ]
    header = [*YANDEX_HEADER[:5], "Участие в программе", "E-mail"]
    mapping = {
        "columns": {
            "Время создания": "Отметка времени",
            "Введите ФИО": "ФИО",
            "Дата рождения": "Дата рождения",
            "Участие в программе": "Роль в программе",
            "E-mail": "E-mail",
            "Укажите ваш класс": "",
        },
        "values": {"Роль в программе": {"Ученик": "Наставляемый"}},
        "defaults": {"Категория": "Обучающийся"},
    }
    mapping_path = tmp_path / "mapping.json"
    mapping_path.write_text(json.dumps(mapping, ensure_ascii=False), encoding="utf-8")
    code, out, err = _import(
        tenant_a, form_csv(rows, header), tmp_path, "--mapping", str(mapping_path), name="yandex.csv"
    )
    assert (code, out.strip()) == (0, "created 2, updated 0, skipped 0"), out + err
    assert 'column "ID" not imported' in err
    # Headers the mapping file leaves out or maps to "" are not imported: it is the whole mapping.
    assert 'column "Укажите ваш класс" not imported' in err
    kim = _people(tenant_a).get(email="kim@example.org")
    assert (kim.last_name, kim.first_name, kim.patronymic, kim.birth_date) == (
        "Ким",
        "Юрий",
        "",
        date(2011, 2, 1),
    )
    assert (kim.category, kim.programme_role) == ("student", "mentee")


def test_a_mapping_naming_what_the_template_lacks_says_which(tenant_a, tmp_path):
    mapping_path = tmp_path / "mapping.json"
    mapping_path.write_text(
        json.dumps(
            {
                "columns": {"Ваша фамилия, имя, отчество": "ФИО", "Кто вы?": "Должность"},
                "values": {"Роль в программе": {MENTEE_ANSWER: "Ученик"}},
                "defaults": {"Категория": "Школьник"},
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    before = _people(tenant_a).count()
    code, _out, err = _import(tenant_a, form_csv(google_rows(2)), tmp_path, "--mapping", str(mapping_path))
    assert code == 1
    assert "the template has no column «Должность»" in err
    assert "«Ученик» is not a choice of «Роль в программе»" in err
    assert "«Школьник» is not a choice of «Категория»" in err
    assert _people(tenant_a).count() == before


def test_resubmissions_the_later_replaces_the_earlier(tenant_a, tmp_path):
    rows = google_rows(3)
    again = list(rows[0])
    again[0] = "01.09.2026 18:00:00"  # the same person, later the same day, another class
    again[4] = "8В"
    earlier = list(rows[1])
    earlier[0] = "31.08.2026 12:00:00"  # sent before row 3's submission, though below it in the file
    earlier[2] = "31 февраля 2012"  # its error does not matter: the later submission counts
    code, out, err = _import(tenant_a, form_csv([*rows, again, earlier]), tmp_path)
    assert (code, out.strip()) == (0, "created 3, updated 0, skipped 2"), out + err
    assert "row 2 skipped: replaced by the later submission in row 5" in err
    assert "row 6 skipped: replaced by the later submission in row 3" in err
    assert _people(tenant_a).get(email="person0@example.org").group_name == "8В"


def test_without_a_timestamp_a_duplicate_stays_an_error(tenant_a, tmp_path):
    rows = [row[1:] for row in google_rows(2)]
    rows.append(list(rows[0]))
    code, out, _err = _import(tenant_a, form_csv(rows, GOOGLE_HEADER[1:]), tmp_path)
    assert code == 1
    assert out.strip() == 'row 4, column "Ваша фамилия, имя, отчество": the same person as in row 2.'


def test_a_bad_row_names_the_files_own_header_and_writes_nothing(tenant_a, tmp_path):
    rows = google_rows(4)
    rows[2][2] = "в прошлом году"
    rows[3][5] = "Пока не знаю"
    before = _people(tenant_a).count()
    code, out, _err = _import(tenant_a, form_xlsx(rows), tmp_path, name="answers.xlsx")
    assert code == 1
    lines = out.strip().splitlines()
    assert lines[0].startswith('row 4, column "Дата рождения": «в прошлом году» is not a date')
    assert lines[1].startswith(
        'row 5, column "В какой роли вы хотите участвовать?": «Пока не знаю» is not one of'
    )
    assert _people(tenant_a).count() == before


def test_the_saved_mapping_is_used_for_the_next_file_with_the_same_headers(tenant_a, tmp_path):
    header = [*YANDEX_HEADER[:5], "Участие в программе", "E-mail"]
    template = Template(tenant_a.organization)
    saved = Mapping(
        columns={2: FULL_NAME, 3: "birth_date", 5: "programme_role", 6: "email"},
        values={"programme_role": {"Ученик": "Наставляемый"}},
        defaults={"category": "Обучающийся"},
    )
    ColumnMapping.objects.create(
        organization=tenant_a.organization,
        signature=header_signature(header),
        mapping=saved.to_json(header, template),
    )
    rows = [["7", "", "Орлова Вера", "03.03.2012", "5А", "Ученик", "vera@example.org"]]
    code, out, err = _import(tenant_a, form_csv(rows, header), tmp_path)
    assert (code, out.strip()) == (0, "created 1, updated 0, skipped 0"), out + err
    vera = _people(tenant_a).get(email="vera@example.org")
    assert (vera.category, vera.group_name) == ("student", "")  # the saved mapping leaves «класс» out


def test_the_mapping_json_round_trips(tenant_a):
    template = Template(tenant_a.organization)
    mapping = Mapping(
        columns={0: TIMESTAMP, 1: FULL_NAME, 5: "programme_role"},
        values={"programme_role": {MENTEE_ANSWER: "Наставляемый", MENTOR_ANSWER: "Наставник"}},
        defaults={"category": "Обучающийся"},
    )
    as_json = mapping.to_json(GOOGLE_HEADER, template)
    assert as_json == {
        "columns": {
            "Отметка времени": "Отметка времени",
            "Ваша фамилия, имя, отчество": "ФИО",
            "В какой роли вы хотите участвовать?": "Роль в программе",
        },
        "values": {"Роль в программе": {MENTEE_ANSWER: "Наставляемый", MENTOR_ANSWER: "Наставник"}},
        "defaults": {"Категория": "Обучающийся"},
    }
    assert Mapping.from_json(json.loads(json.dumps(as_json)), GOOGLE_HEADER, template) == mapping
    with pytest.raises(MappingError):
        Mapping.from_json({"columns": {"Нет такого столбца": "ФИО"}}, GOOGLE_HEADER, template)


def test_the_command_line_contract_from_outside(tenant_a, tmp_path, transactional_db):
    """`import_participants FILE --org SLUG [--dry-run] [--mapping MAPPING.json]` as a script sees it."""
    slug = tenant_a.organization.slug
    rows = google_rows(5)
    good = tmp_path / "good.csv"
    good.write_bytes(form_csv(rows, encoding="utf-8-sig", delimiter=";"))
    bad_rows = [list(r) for r in rows]
    bad_rows[1][2] = "завтра"
    bad = tmp_path / "bad.csv"
    bad.write_bytes(form_csv(bad_rows))
    mapping = tmp_path / "mapping.json"
    mapping.write_text(
        json.dumps(
            {
                "columns": {
                    h: t
                    for h, t in zip(
                        GOOGLE_HEADER[:8],
                        [
                            "Отметка времени",
                            "ФИО",
                            "Дата рождения",
                            "Категория",
                            "Класс или группа",
                            "Роль в программе",
                            "E-mail",
                            "Телефон",
                        ],
                        strict=True,
                    )
                },
                "values": {
                    "Роль в программе": {MENTEE_ANSWER: "Наставляемый", MENTOR_ANSWER: "Наставник"},
                    "Категория": {"Ученик": "Обучающийся", "Учитель": "Педагог"},
                },
                "defaults": {},
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )

    with outside_manage() as manage:
        dry = manage("import_participants", str(good), "--org", slug, "--dry-run", "--mapping", str(mapping))
        assert (dry.returncode, dry.stdout.strip()) == (0, "created 5, updated 0, skipped 0"), dry.stderr
        assert 'column "Ваши интересы и увлечения" not imported' in dry.stderr.splitlines()
        assert not _people(tenant_a).filter(email="person0@example.org").exists()

        failed = manage("import_participants", str(bad), "--org", slug, "--mapping", str(mapping))
        assert failed.returncode == 1
        assert failed.stdout.startswith('row 3, column "Дата рождения": «завтра» is not a date')
        assert not _people(tenant_a).filter(email="person0@example.org").exists()

        ok = manage("import_participants", str(good), "--org", slug, "--mapping", str(mapping))
        assert (ok.returncode, ok.stdout.strip()) == (0, "created 5, updated 0, skipped 0"), ok.stderr
        again = manage("import_participants", str(good), "--org", slug)  # the automatic recognition
        assert (again.returncode, again.stdout.strip()) == (0, "created 0, updated 5, skipped 0"), (
            again.stderr
        )

        wrong = tmp_path / "wrong.json"
        wrong.write_text('{"columns": {"Кто вы?": "Должность"}}', encoding="utf-8")
        refused = manage("import_participants", str(good), "--org", slug, "--mapping", str(wrong))
        assert refused.returncode == 1 and "the template has no column «Должность»" in refused.stderr
