"""Roadmaps in the shapes real schools publish them (the ministry's sample with its row of column
numbers, stages as merged rows, numbered rows, Roman numerals, «Этап 1.», a stage column merged
down; activity and content columns; results, indicators and columns the portal does not know),
read from Word and Excel alike, and nothing of them lost on the way to the official PDF."""

import pytest
from django.core.management import call_command

from apps.documents.rendering import render_subject
from apps.roadmap.importing import _column_key, read_roadmap
from apps.roadmap.models import Roadmap
from tests.roadmap.shapes import LEFT, UP, shaped
from tests.roadmap.test_pdf import pdf_text, squeeze

KINDS = ["docx", "xlsx"]

# The ministry's sample (as a Кемерово school published it): a row of column numbers under the
# header, stages as rows merged across the table.
MINISTRY = [
    [
        "№ п/п",
        "Наименование мероприятий",
        "Срок реализации",
        "Ответственный исполнитель",
        "Результат. Вид документа",
    ],
    ["1", "2", "3", "4", "5"],
    ["1. Нормативное правовое регулирование внедрения целевой модели наставничества", LEFT, LEFT, LEFT, LEFT],
    ["1.1", "Утверждение состава рабочей группы", "сентябрь 2025", "Директор", "Приказ"],
    [
        "1.2.",
        "Назначение куратора внедрения целевой модели",
        "сентябрь 2025",
        "Директор",
        "Приказ о назначении",
    ],
    ["2. Организационное обеспечение", LEFT, LEFT, LEFT, LEFT],
    ["2.1", "Формирование базы наставников", "октябрь 2025", "Куратор", "База наставников"],
]

# A number in its own cell, the stage's title merged across the rest; activities numbered 1, 2…
NUMBER_AND_MERGED_TITLE = [
    ["№", "Мероприятие", "Сроки", "Ответственные", "Ожидаемый результат"],
    ["1.", "Подготовительный этап", LEFT, LEFT, LEFT],
    ["1", "Изучение нормативной базы", "Сентябрь 2025", "Смирнова Л.М.", "Изучены документы"],
    ["2", "Разработка положения", "Октябрь 2025", "Куратор", "Положение"],
    ["2.", "Основной этап", LEFT, LEFT, LEFT],
    ["3", "Формирование пар", "Ноябрь 2025", "Куратор", "Приказ о парах"],
]

# Roman numerals: in the number cell beside the title, and before the title of a merged row.
ROMAN = [
    ["п/п", "Мероприятия", "Срок", "Ответственный"],
    ["I.", "Подготовка условий", "", ""],
    ["1", "Изучение материалов", "Сентябрь 2025", "Куратор"],
    ["II. Формирование базы наставляемых", LEFT, LEFT, LEFT],
    ["2", "Анкетирование обучающихся", "Октябрь 2025", "Классные руководители"],
    ["3", "Сбор согласий", "Октябрь 2025", "Куратор"],
]

# «Этап 1.» in the number cell and «Этап 2. …» before a merged row's title.
STAGE_WORD = [
    ["NN п/п", "Наименование мероприятия", "Сроки проведения", "Исполнители"],
    ["Этап 1.", "Подготовка", "", ""],
    ["1.1", "Совещание рабочей группы", "Сентябрь 2025", "Директор"],
    ["Этап 2. Реализация", LEFT, LEFT, LEFT],
    ["2.1", "Встречи наставников", "Декабрь 2025", "Наставники"],
]

# A stage column merged down over its activities, an activity and its content in two columns,
# results and indicators, and a column the portal has no field for.
STAGE_COLUMN = [
    [
        "№",
        "Наименование этапа",
        "Мероприятия",
        "Содержание деятельности и примерный план мероприятий",
        "Сроки",
        "Ответственные",
        "Ожидаемые результаты",
        "Показатели эффективности",
        "Форма отчётности",
    ],
    [
        "1.",
        "Подготовка условий",
        "Изучение материалов",
        "1. Изучение распоряжения Минпросвещения\n2. Изучение положения о наставничестве",
        "Сентябрь 2025",
        "Балуева Е.В.",
        "Материалы изучены",
        "Доля педагогов, знакомых с моделью",
        "Справка совещания",
    ],
    [
        UP,
        UP,
        "Разработка нормативной базы",
        "Подготовка положения о наставничестве",
        "Октябрь 2025",
        "Директор",
        "Положение утверждено",
        "",
        "Приказ",
    ],
    [
        "2.",
        "Формирование базы наставников",
        "Анкетирование педагогов",
        "Опрос о готовности стать наставником",
        "Ноябрь 2025",
        "Куратор",
        "База наставников",
        "Не менее 10 наставников",
        "Протокол",
    ],
]


def outline(roadmap: dict) -> list[tuple[str, str, list[str]]]:
    return [
        (stage["number"], stage["title"], [a["title"] for a in stage["activities"]])
        for stage in roadmap["stages"]
    ]


@pytest.mark.parametrize("kind", KINDS)
def test_the_ministry_sample_with_its_row_of_column_numbers(kind):
    roadmap = read_roadmap(shaped(kind, MINISTRY), f"plan.{kind}", year=2025)

    assert outline(roadmap) == [
        (
            "1",
            "Нормативное правовое регулирование внедрения целевой модели наставничества",
            ["Утверждение состава рабочей группы", "Назначение куратора внедрения целевой модели"],
        ),
        ("2", "Организационное обеспечение", ["Формирование базы наставников"]),
    ]
    assert roadmap["warnings"] == [] and roadmap["kept_columns"] == []
    assert roadmap["columns"] == ["number", "activity", "deadline", "responsible", "result"]
    first = roadmap["stages"][0]["activities"][1]
    assert (first["number"], first["deadline"], first["result"]) == (
        "1.2.",
        "сентябрь 2025",
        "Приказ о назначении",
    )


@pytest.mark.parametrize("kind", KINDS)
def test_a_number_cell_beside_a_title_merged_across_the_rest_is_a_stage(kind):
    roadmap = read_roadmap(shaped(kind, NUMBER_AND_MERGED_TITLE), f"plan.{kind}", year=2025)

    assert outline(roadmap) == [
        ("1.", "Подготовительный этап", ["Изучение нормативной базы", "Разработка положения"]),
        ("2.", "Основной этап", ["Формирование пар"]),
    ]
    assert roadmap["warnings"] == []


@pytest.mark.parametrize("kind", KINDS)
def test_roman_numerals_open_stages(kind):
    roadmap = read_roadmap(shaped(kind, ROMAN), f"plan.{kind}", year=2025)

    assert outline(roadmap) == [
        ("I.", "Подготовка условий", ["Изучение материалов"]),
        ("II.", "Формирование базы наставляемых", ["Анкетирование обучающихся", "Сбор согласий"]),
    ]


@pytest.mark.parametrize("kind", KINDS)
def test_stage_word_and_number_open_stages(kind):
    roadmap = read_roadmap(shaped(kind, STAGE_WORD), f"plan.{kind}", year=2025)

    assert outline(roadmap) == [
        ("Этап 1.", "Подготовка", ["Совещание рабочей группы"]),
        ("Этап 2.", "Реализация", ["Встречи наставников"]),
    ]


@pytest.mark.parametrize("kind", KINDS)
def test_stage_column_activity_and_content_results_indicators_and_an_unknown_column(kind):
    roadmap = read_roadmap(shaped(kind, STAGE_COLUMN), f"plan.{kind}", year=2025)

    assert outline(roadmap) == [
        ("1.", "Подготовка условий", ["Изучение материалов", "Разработка нормативной базы"]),
        ("2.", "Формирование базы наставников", ["Анкетирование педагогов"]),
    ]
    assert roadmap["columns"] == [
        "number",
        "stage",
        "activity",
        "content",
        "deadline",
        "responsible",
        "result",
        "indicator",
    ]
    assert roadmap["kept_columns"] == ["Форма отчётности"]
    first = roadmap["stages"][0]["activities"][0]
    assert first["content"] == ["Изучение распоряжения Минпросвещения", "Изучение положения о наставничестве"]
    assert first["result"] == "Материалы изучены"
    assert first["indicator"] == "Доля педагогов, знакомых с моделью"
    assert first["notes"] == [{"title": "Форма отчётности", "text": "Справка совещания"}]
    assert first["responsible"] == [{"text": "Балуева Е.В."}]


@pytest.mark.parametrize(
    "header, key",
    [
        ("№", "number"),
        ("№ п/п", "number"),
        ("NN п/п", "number"),
        ("п/п", "number"),
        ("Наименование мероприятия", "activity"),
        ("Мероприятие", "activity"),
        ("Мероприятия", "activity"),
        ("Содержание деятельности", "content"),
        ("Содержание деятельности и примерный план мероприятий", "content"),
        ("Сроки", "deadline"),
        ("Срок", "deadline"),
        ("Срок реализации", "deadline"),
        ("Сроки проведения", "deadline"),
        ("Дата", "deadline"),
        ("Ответственный", "responsible"),
        ("Ответственные", "responsible"),
        ("Ответственный исполнитель", "responsible"),
        ("Исполнители", "responsible"),
        ("Результат", "result"),
        ("Ожидаемый результат", "result"),
        ("Ожидаемые результаты", "result"),
        ("Результат. Вид документа", "result"),
        ("Показатели эффективности", "indicator"),
        ("Наименование этапа", "stage"),
        ("Примечание", None),
    ],
)
def test_header_variants(header, key):
    assert _column_key(header) == key


@pytest.mark.django_db
@pytest.mark.parametrize("kind", KINDS)
def test_the_command_keeps_an_unknown_column_and_the_pdf_prints_every_column(
    kind, tenant_a, tmp_path, capsys
):
    path = tmp_path / f"plan.{kind}"
    path.write_bytes(shaped(kind, STAGE_COLUMN).getvalue())
    organization = tenant_a.organization

    call_command("import_roadmap", str(path), "--org", organization.slug, "--year", "2025")

    captured = capsys.readouterr()
    assert captured.out.strip() == "stages 2, activities 3"
    assert 'column "Форма отчётности" kept as a note' in captured.err
    roadmap = Roadmap.objects.get(organization=organization, academic_year=2025)
    text = squeeze(pdf_text(render_subject(roadmap, "roadmap")[0], tmp_path))
    for phrase in (
        "Подготовка условий",  # stage
        "Разработка нормативной базы",  # activity
        "Изучение положения о наставничестве",  # content
        "Сентябрь 2025",  # deadline
        "Балуева Е.В.",  # responsible
        "Положение утверждено",  # result
        "Не менее 10 наставников",  # indicator
        "Форма отчётности",  # the kept column's title…
        "Справка совещания",  # …and its text
    ):
        assert squeeze(phrase) in text, phrase
