"""Importing a roadmap from Word and Excel: the five seeds, typed into files the way the schools
had them, read into the stages and activities of their curated templates."""

import functools
import json
import re
import tracemalloc
import zipfile
from copy import deepcopy
from io import BytesIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from docx import Document
from docx.oxml.ns import qn
from openpyxl import Workbook

from apps.roadmap.importing import MAX_FILE_BYTES, RoadmapFileError, read_roadmap
from apps.roadmap.template_library import SEEDS_DIR

SEEDS = SEEDS_DIR
TEMPLATES = settings.BASE_DIR / "apps" / "roadmap" / "builtin_templates"
HTML_BREAK = re.compile(r"</?(?:p|li|ul|ol)\b[^>]*>|<br\s*/?>", re.I)


# --- the seeds as the schools' files ------------------------------------------------------------


def seed_path(number: str) -> Path:
    assert SEEDS.is_dir(), f"The seeds are missing: {SEEDS}"
    paths = sorted(SEEDS.glob(f"{number}_*.txt"))
    assert paths, f"No seed {number} in {SEEDS}"
    return paths[0]


def seed_parts(number: str) -> tuple[list[str], list[list[str]]]:
    """The lines before the table, and the table's rows (header first) as tab-separated fields.
    Blank lines inside the table are page breaks of the source, not rows."""
    lines = seed_path(number).read_text(encoding="utf-8").splitlines()
    header_at = next(index for index, line in enumerate(lines) if "\t" in line)
    rows = [line.split("\t") for line in lines[header_at:] if line.strip()]
    return lines[:header_at], rows


def cell_paragraphs(field: str) -> list[str]:
    """<p>, <li>, <br> end a paragraph of the cell; other tags and «**» are dropped."""
    text = re.sub(r"<[^>]+>", "", HTML_BREAK.sub("\n", field)).replace("**", "")
    return [" ".join(part.split()) for part in text.split("\n") if part.strip()]


def cell_spans(fields: list[str], width: int) -> list[tuple[int, int, str]]:
    """(first column, last column, text) of each field. A row with one text is a heading merged
    across the table; a row with fewer fields than the header (004 from its 8th row on) has its
    last field in the last column and the field before the gap spanning the missing columns."""
    if len(fields) > 1 and not any(field.strip() for field in fields[1:]):
        return [(0, width - 1, fields[0])]
    spans = [(index, index, field) for index, field in enumerate(fields[:width])]
    if len(fields) < width:
        *head, (before_gap, _, text), last = spans
        spans = [*head, (before_gap, width - 2, text), (width - 1, width - 1, last[2])]
    return spans


def merged_down(rows: list[list[str]], column: int) -> list[tuple[int, int]]:
    """(first row, last row) of the cells of `column` that the school merged over the empty cells
    below them (000's stage and its number span the stage's activities)."""
    ranges: list[list[int]] = []
    for index, fields in enumerate(rows[1:], start=1):
        if len(cell_spans(fields, len(rows[0]))) == 1:
            continue  # a heading row across the table
        if fields[column].strip():
            ranges.append([index, index])
        elif ranges and ranges[-1][1] == index - 1:
            ranges[-1][1] = index
    return [(first, last) for first, last in ranges if last > first]


def seed_docx(number: str) -> BytesIO:
    """The seed as a Word file: prose paragraphs, then one table with merged cells where the
    school had them (heading rows across, the number and stage columns down)."""
    return BytesIO(seed_docx_bytes(number))


@functools.cache
def seed_docx_bytes(number: str) -> bytes:
    """Built once per seed: python-docx's merges walk the whole table (0.4 s for the lyceum's),
    and several tests read the same seed."""
    before, rows = seed_parts(number)
    document = Document()
    for line in before:
        document.add_paragraph(line.replace("**", "").strip())
    width = len(rows[0])
    table = document.add_table(rows=len(rows), cols=width)
    for row_index, fields in enumerate(rows):
        for first, last, text in cell_spans(fields, width):
            cell = table.cell(row_index, first)
            if last > first:
                cell = cell.merge(table.cell(row_index, last))
            for index, paragraph in enumerate(cell_paragraphs(text)):
                if index == 0:
                    cell.paragraphs[0].text = paragraph
                else:
                    cell.add_paragraph(paragraph)
    for column, title in enumerate(rows[0]):
        if title.startswith("№") or "этап" in title:
            for first, last in merged_down(rows, column):
                table.cell(first, column).merge(table.cell(last, column))
    return save_docx(document).getvalue()


def seed_xlsx(number: str) -> BytesIO:
    """The seed as an Excel sheet: the title lines above the table, a cell's paragraphs on lines
    of its own, and the number and stage cells merged over the stage's activity rows."""
    before, rows = seed_parts(number)
    workbook = Workbook()
    sheet = workbook.active
    for line in before:
        sheet.append([line.replace("**", "").strip() or None])
    offset = len(before) + 1  # the sheet row of the header
    for fields in rows:
        sheet.append(["\n".join(cell_paragraphs(field)) or None for field in fields])
    for column, title in enumerate(rows[0]):
        if title.startswith("№") or "этап" in title:
            for first, last in merged_down(rows, column):
                sheet.merge_cells(
                    start_row=offset + first,
                    start_column=column + 1,
                    end_row=offset + last,
                    end_column=column + 1,
                )
    return save_xlsx(workbook)


def save_docx(document) -> BytesIO:
    buffer = BytesIO()
    document.save(buffer)
    buffer.seek(0)
    return buffer


def save_xlsx(workbook) -> BytesIO:
    buffer = BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


def table_docx(rows: list[list[str]], paragraphs: tuple[str, ...] = ("Дорожная карта",)) -> BytesIO:
    document = Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for row_index, fields in enumerate(rows):
        for column, text in enumerate(fields):
            table.cell(row_index, column).text = text
    return save_docx(document)


def outline(roadmap: dict) -> list[tuple[str, list[str]]]:
    """Stage titles with their activity titles: what the import and the template must share."""
    return [(stage["title"], [a["title"] for a in stage["activities"]]) for stage in roadmap["stages"]]


def activities(roadmap: dict) -> list[dict]:
    return [activity for stage in roadmap["stages"] for activity in stage["activities"]]


def find(roadmap: dict, title: str) -> dict:
    return next(activity for activity in activities(roadmap) if activity["title"].startswith(title))


# --- the five seeds -----------------------------------------------------------------------------

SEED_CASES = {
    # seed: (year, stages, activities per stage, a stage title, an activity title, a content item,
    #        a deadline phrase, a responsible name)
    "000": (
        2020,
        [6, 2, 2, 4, 4, 2, 3],
        "Формирование базы наставляемых",
        "Сбор данных о наставляемых",
        "Сбор дополнительной информации о запросах наставляемых обучающихся от третьих лиц: "
        "классный руководитель, психолог, родители.",
        "01.12.2020 – май 2021",
        "Плизга С.Н.",
    ),
    "001": (
        2024,
        [3, 2, 2, 2, 3, 3],
        "Формирование банка наставников",
        "Формирование банка данных наставников, обеспечение согласий на сбор и обработку "
        "персональных данных.",
        "Подготовка и принятие локальных нормативных правовых актов образовательной организации:",
        "Август - сентябрь",
        "Алекберова Л.С.",
    ),
    "002": (
        2020,
        [4, 9, 3, 2, 2],
        "Мониторинг и оценка результатов внедрения целевой модели наставничества",
        "Формирование наставнических пар или групп",
        None,  # no content column
        "до 01 декабря 2020 г.",
        "руководители образовательных организаций (в рамках компетенции)",
    ),
    "003": (
        2020,
        [4, 3, 4, 4, 4, 8, 8],
        "Формирование базы наставников",
        "Проведение анкетирования на предмет предпочитаемого наставника/наставляемого после завершения "
        "групповой встречи",
        None,  # no content column
        None,  # no deadlines
        None,  # nobody named
    ),
    "004": (
        2024,
        [9, 3, 3, 2, 3],
        "Аналитическое сопровождение деятельности, мониторинг",
        "Формирование наставнических пар или групп",
        None,  # «Содержание» names the activities
        "Октябрь 2024- май 2025",
        "Ерофеева Н.Ю.",
    ),
}


@pytest.mark.parametrize("number", sorted(SEED_CASES))
def test_seed_docx_imports_its_stages_and_activities(number):
    year, counts, stage_title, activity_title, content, deadline, person = SEED_CASES[number]

    roadmap = read_roadmap(seed_docx(number), f"{number}.docx", year=year)

    assert [len(stage["activities"]) for stage in roadmap["stages"]] == counts
    assert stage_title in [stage["title"] for stage in roadmap["stages"]]
    activity = next(a for a in activities(roadmap) if a["title"] == activity_title)
    if content:
        assert content in [item for a in activities(roadmap) for item in a["content"]]
    if deadline:
        assert deadline in [a["deadline"] for a in activities(roadmap)]
    if person:
        assert person in [p["text"] for a in activities(roadmap) for p in a["responsible"]]
    assert activity["event"] == "" and activity["row"] > 1
    assert [a["problems"] for a in activities(roadmap) if a["problems"]] == []


@pytest.mark.parametrize("number", sorted(SEED_CASES))
def test_seed_docx_imports_like_its_curated_template(number):
    templates = sorted(TEMPLATES.glob(f"{number}_*.json"))
    assert templates, f"no curated template for seed {number}"
    template = json.loads(templates[0].read_text(encoding="utf-8"))
    year = SEED_CASES[number][0]

    roadmap = read_roadmap(seed_docx(number), f"{number}.docx", year=year)

    assert outline(roadmap) == outline(template)
    assert roadmap["columns"] == template["columns"]
    assert roadmap["column_titles"] == template["column_titles"]


def test_lyceum_rows_read_by_the_rules():
    roadmap = read_roadmap(seed_docx("000"), "lyceum.docx", year=2020)
    first = roadmap["stages"][0]

    assert first["number"] == "1" and first["row"] == 2
    assert (
        first["activities"][0]["title"]
        == "Изучение и систематизация имеющихся материалов по проблеме наставничества"
    )
    # «1. … 2. …» in one paragraph are items, numbering dropped
    assert (
        first["activities"][1]["content"][0] == "Издание приказа о внедрении целевой модели наставничества."
    )
    assert len(first["activities"][1]["content"]) == 4
    # a page break split «наставляе-» / «мых»; the rows under it repeat the merged title
    monitoring = first["activities"][2]
    assert "наставляемых и от заинтересованных" in monitoring["content"][0]
    assert [a["title"] for a in first["activities"][2:5]] == [monitoring["title"]] * 3
    assert monitoring["responsible"] == [{"text": "Смирнова Л.М."}, {"text": "Плизга С.Н."}]
    # an empty deadline cell takes the one above within the stage
    training = roadmap["stages"][3]["activities"]
    assert [a["deadline"] for a in training] == ["До 15.11.2020"] * 4
    # the continuation «5. Проведение заключительной встречи…» is the fifth meeting item
    meetings = roadmap["stages"][5]["activities"][0]
    assert meetings["content"][-1] == "Проведение заключительной встречи наставника и наставляемого"
    assert len(meetings["content"]) == 5
    # the names that slipped into the deadline column are the responsible ones
    support = find(roadmap, "Организация психологического сопровождения")
    assert support["deadline"] == "До 25.11.2020"
    assert [p["text"] for p in support["responsible"]] == ["Смирнова Л.М.", "Плизга С.Н.", "Даниловых Е.В."]
    assert roadmap["title"] == (
        "Дорожная карта внедрения целевой модели наставничества в БМАОУ «Лицей № 7» имени А.А.Лагуткина"
    )
    assert roadmap["approval"] | {"approver_position": ""} == {
        "heading": "УТВЕРЖДЕНО",
        "approver_position": "",
        "approver_role": "",
        "order_reference": "Приказ №135/1 – ОД от 05.10.2020 г.",
        "approval_date": "2020-10-05",
        "accepted_by": "Педагогический совет БМАОУ «Лицей № 7»",
        "accepted_protocol": "протокол № 1 от 31.08.2020",
        "approver_name": "Архипова Л.И.",
        "accepted_heading": "ПРИНЯТО",
        "accepted_name": "",
        "accepted_date": "2020-08-31",
    }
    assert roadmap["approval"]["approver_position"].startswith("директор")


def test_municipal_plan_reads_heading_rows_and_continuations():
    roadmap = read_roadmap(seed_docx("002"), "kalachinsk.docx", year=2020)
    first = roadmap["stages"][0]

    assert first["number"] == "1" and first["title"].startswith("Нормативное правовое регулирование")
    acts = first["activities"][1]
    assert acts["number"] == "1.2." and acts["title"].endswith(
        "- положение о программе наставничества и дорожной карты внедрения ЦМН в образовательной организации"
    )
    assert acts["result"] == "Приказы образовательных организаций" and acts["responsible"] == []
    seminars = find(roadmap, "Обучение на областных семинарах")
    assert [p["text"] for p in seminars["responsible"]] == [
        "Комитет по образованию Администрации Калачинского муниципального района Омской области",
        "руководители образовательных организаций (в рамках компетенции)",
    ]
    bases = find(roadmap, "Формирование баз наставников")
    assert "от предприятий и организаций; -базы наставников" in bases["result"]
    assert roadmap["approval"]["heading"] == "УТВЕРЖДАЮ"
    assert roadmap["approval"]["approver_position"] == "Председатель Комитета по образованию"
    assert roadmap["approval"]["approval_date"] == "2020-10-23"
    assert roadmap["title"].startswith("План мероприятий (дорожная карта) внедрения целевой программы")


def test_college_stage_notes_and_prose():
    roadmap = read_roadmap(seed_docx("003"), "valuyki.docx", year=2020)

    third = roadmap["stages"][2]
    assert (third["number"], third["title"]) == ("3", "Формирование базы наставников")
    assert third["note"].startswith("Задача: поиск потенциальных наставников")
    assert "Результат: сформированы базы наставников" in third["note"]
    assert roadmap["stages"][6]["note"].startswith("Цель: усилить программу наставничества")
    assert roadmap["title"] == "План внедрения «Дорожной карты» целевой модели наставничества"
    assert roadmap["preamble"][0].startswith("Программа внедрения целевой модели наставничества")
    assert roadmap["approval"]["heading"] == ""


def test_gloria_content_names_activities_and_page_breaks_join():
    roadmap = read_roadmap(seed_docx("004"), "gloria.docx", year=2024)

    assert roadmap["columns"] == ["activity", "deadline", "result", "indicator", "responsible"]
    assert roadmap["column_titles"]["activity"] == "Содержание"
    pairs_work = find(roadmap, "Организация работы наставнических пар или групп")
    assert pairs_work["title"].endswith(
        "— совместная работа наставника наставляемого в соответствии с "
        "разработанным индивидуальным планом; — итоговая встреча"
    )
    assert pairs_work["deadline"] == "В течение всего периода реализации ЦМН"
    assert pairs_work["content"] == []
    first = roadmap["stages"][0]["activities"][0]
    assert [p["text"] for p in first["responsible"]] == [
        "Балуева Е.В.",
        "Богоявленская Г.И.",
        "Ерофеева Н.Ю.",
    ]
    assert first["indicator"] == "Количество участников, охваченных системой"
    plan = find(roadmap, "Разработка дорожной карты на 2024 - 2025 учебный год")
    assert plan["deadline"] == "Май – сентябрь 2025"
    assert [p["text"] for p in plan["responsible"]] == ["Богоявленская Г.И.", "Ерофеева Н.Ю."]
    assert plan["result"].startswith("Разработана дорожная карта внедрения методологии")


def test_borisovka_items_of_a_cell_are_activities_of_their_own():
    """001 has a stage column and a content column: each «–» item and each «1)», «2)» item is an
    activity, with the row's deadline and people; a lead-in ending with «:» describes its items."""
    roadmap = read_roadmap(seed_docx("001"), "borisovka.docx", year=2024)

    assert [len(stage["activities"]) for stage in roadmap["stages"]] == [3, 2, 2, 2, 3, 3]
    first = roadmap["stages"][0]
    assert first["number"] == "1."
    regulation = first["activities"][0]
    assert regulation["title"].startswith("приказ «Об утверждении положения")
    assert regulation["content"] == [
        "Подготовка и принятие локальных нормативных правовых актов образовательной организации:"
    ]
    assert (regulation["deadline"], regulation["responsible"]) == (
        "Август - сентябрь",
        [{"text": "Алекберова Л.С."}],
    )
    analysis, training = roadmap["stages"][3]["activities"]
    assert analysis["title"].startswith("Анализ банка наставников")
    assert [p["text"] for p in training["responsible"]] == ["Наставники", "Наставляемые"]
    assert training["title"] == "Обучение наставников для работы с наставляемыми"
    assert (
        training["content"][0]
        == "подготовка методических материалов для сопровождения наставнической деятельности"
    )


def test_xlsx_with_merged_stage_cells_reads_like_the_docx():
    from_word = read_roadmap(seed_docx("000"), "lyceum.docx", year=2020)

    roadmap = read_roadmap(seed_xlsx("000"), "lyceum.xlsx", year=2020)

    assert outline(roadmap) == outline(from_word)
    assert [a["content"] for a in activities(roadmap)] == [a["content"] for a in activities(from_word)]
    assert [a["deadline"] for a in activities(roadmap)] == [a["deadline"] for a in activities(from_word)]
    assert roadmap["title"] == from_word["title"]
    header_row = len(seed_parts("000")[0]) + 1
    assert roadmap["stages"][0]["row"] == header_row + 1
    assert roadmap["stages"][1]["activities"][0]["row"] == header_row + 8  # the seed's 8th row of the table


def test_uploaded_file_is_read():
    upload = SimpleUploadedFile("Дорожная карта.DOCX", seed_docx("001").getvalue())

    roadmap = read_roadmap(upload, upload.name, year=2024)

    assert len(roadmap["stages"]) == 6


def test_repeated_stage_text_is_one_stage_and_a_repeated_title_one_activity_each():
    """Cells merged in a tool that writes their text into every row, not Word's merge."""
    rows = [
        ["№", "Этап", "Мероприятие", "Сроки", "Ответственный"],
        ["1", "Подготовка", "Издание приказов", "Сентябрь 2024", "Иванов И.И."],
        ["1", "Подготовка", "Издание приказов", "", "Петрова А.А., Сидоров С.С."],
        ["2", "Формирование пар", "Анкетирование", "Октябрь 2024", "Иванов И.И."],
    ]

    roadmap = read_roadmap(table_docx(rows), "plan.docx", year=2024)

    assert outline(roadmap) == [
        ("Подготовка", ["Издание приказов", "Издание приказов"]),
        ("Формирование пар", ["Анкетирование"]),
    ]
    second = roadmap["stages"][0]["activities"][1]
    assert second["deadline"] == "Сентябрь 2024"
    assert second["responsible"] == [{"text": "Петрова А.А."}, {"text": "Сидоров С.С."}]


def test_page_break_rows_continue_the_row_above_and_a_title_row_is_an_activity():
    rows = [
        ["№", "Мероприятие", "Содержание", "Сроки", "Ответственные"],
        ["1", "Подготовка условий", "", "", ""],
        ["1.1", "Информирование родителей", "1. Родительские собрания.", "Сентябрь", "Иванов И.И."],
        ["", "", "2. Сайт организации.", "", ""],  # rule 2: «N.» goes on as an item
        ["1.2", "Сбор согласий законных представи-", "Согласия", "Октябрь -", "Петрова А.А."],
        ["", "телей наставляемых", "", "ноябрь", "Сидоров С.С."],  # rule 2: cell by cell
        ["", "Анкетирование наставников", "", "", ""],  # rule 4: its own title
    ]

    roadmap = read_roadmap(table_docx(rows), "plan.docx", year=2024)

    informing, consents, survey = roadmap["stages"][0]["activities"]
    assert informing["content"] == ["Родительские собрания.", "Сайт организации."]
    assert consents["title"] == "Сбор согласий законных представителей наставляемых"
    assert consents["deadline"] == "Октябрь - ноябрь"
    assert consents["responsible"] == [{"text": "Петрова А.А."}, {"text": "Сидоров С.С."}]
    assert (survey["title"], survey["deadline"], survey["row"]) == (
        "Анкетирование наставников",
        "Октябрь - ноябрь",
        7,
    )


def test_activities_without_stage_rows_go_into_one_untitled_stage():
    rows = [
        ["Мероприятие", "Сроки", "Ответственный"],
        ["Издание приказов", "Сентябрь 2024", "Иванов И.И."],
        ["Анкетирование", "Октябрь 2024", "Иванов И.И."],
    ]

    roadmap = read_roadmap(table_docx(rows), "plan.docx", year=2024)

    assert outline(roadmap) == [("", ["Издание приказов", "Анкетирование"])]
    assert [warning["row"] for warning in roadmap["warnings"]] == [2]


# --- what it cannot understand ------------------------------------------------------------------


def test_unreadable_deadline_is_a_warning_on_its_row_and_column():
    rows = [
        ["№", "Мероприятие", "Сроки", "Ответственные"],
        ["Подготовка условий", "", "", ""],
        ["1.1", "Издание приказа о внедрении", "когда-нибудь", "Иванов И.И."],
        ["1.2", "Информирование родителей", "Сентябрь", "Петрова А.А."],
    ]

    roadmap = read_roadmap(table_docx(rows), "plan.docx", year=2024)

    order, informing = roadmap["stages"][0]["activities"]
    assert order["deadline"] == "когда-нибудь" and order["problems"] == ["deadline"]
    assert informing["problems"] == []
    [warning] = roadmap["warnings"]
    assert (warning["row"], warning["column"]) == (3, "deadline")
    assert "когда-нибудь" in warning["message"]


# --- files it cannot read -----------------------------------------------------------------------


def headerless_docx() -> BytesIO:
    return table_docx([["Раз", "Два", "Три"], ["Подготовка", "Сентябрь", "Иванов И.И."]])


def header_only_xlsx() -> BytesIO:
    workbook = Workbook()
    workbook.active.append(["№", "Мероприятие", "Сроки", "Ответственные"])
    return save_xlsx(workbook)


def paragraphs_only_docx() -> BytesIO:
    document = Document()
    document.add_paragraph("Дорожная карта внедрения целевой модели наставничества")
    document.add_paragraph("1. Подготовка условий — сентябрь.")
    return save_docx(document)


def too_many_rows_xlsx() -> BytesIO:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["№", "Мероприятие", "Сроки", "Ответственные"])
    for number in range(2001):
        sheet.append([f"1.{number}", f"Мероприятие {number}", "Сентябрь", "Куратор"])
    return save_xlsx(workbook)


@pytest.mark.parametrize(
    ("make_file", "filename", "message"),
    [
        (lambda: BytesIO(b""), "roadmap.docx", "The file is empty."),
        (
            lambda: BytesIO(bytes(range(256)) * 40),
            "roadmap.docx",
            "is damaged or is not a real Word (.docx) file",
        ),
        (
            lambda: BytesIO(b"PK\x03\x04 broken zip"),
            "roadmap.xlsx",
            "is damaged or is not a real Excel (.xlsx) file",
        ),
        (lambda: BytesIO(b"plain text"), "roadmap.txt", "is not a Word (.docx) or Excel (.xlsx) file"),
        (lambda: BytesIO(b"%PDF-1.4"), "roadmap.pdf", "is not a Word (.docx) or Excel (.xlsx) file"),
        (lambda: seed_docx("001"), "roadmap", "is not a Word (.docx) or Excel (.xlsx) file"),
        (paragraphs_only_docx, "roadmap.docx", "No table was found"),
        (headerless_docx, "roadmap.docx", "No header row was recognised"),
        (header_only_xlsx, "roadmap.xlsx", "has no stages or activities"),
        (lambda: BytesIO(b"0" * (MAX_FILE_BYTES + 1)), "roadmap.docx", "larger than the limit of 10 MB"),
        (too_many_rows_xlsx, "roadmap.xlsx", "more than 2,000 rows"),
    ],
    ids=[
        "empty",
        "random-bytes",
        "broken-zip",
        "txt",
        "pdf",
        "no-extension",
        "no-table",
        "no-header",
        "header-only",
        "too-large",
        "too-many-rows",
    ],
)
def test_unreadable_file_says_why(make_file, filename, message):
    with translation.override("en"), pytest.raises(RoadmapFileError) as caught:
        read_roadmap(make_file(), filename, year=2024)

    assert message in str(caught.value)


# --- a sheet that claims more than it holds ------------------------------------------------------

SMALL_ROADMAP = [
    ["№", "Этап", "Мероприятие", "Сроки", "Ответственные"],
    ["1", "Подготовка", "Издание приказа", "Сентябрь 2024", "Иванов И.И."],
    ["2", "", "Анкетирование", "Октябрь 2024", "Петрова А.А."],
]
MEMORY_BOUND = 100 * 1024 * 1024


def small_roadmap_xlsx(*, stray: str | None = None, merge_xml: str = "") -> BytesIO:
    """A few rows of a roadmap, one stray value at `stray` (the sheet's dimension then claims
    everything up to it: a 5 KB file), and `merge_xml` (<mergeCell> elements) written into the
    sheet as another tool would, covered cells keeping their text."""
    workbook = Workbook()
    for row in SMALL_ROADMAP:
        workbook.active.append(row)
    if stray:
        workbook.active[stray] = "x"
    buffer = save_xlsx(workbook)
    if not merge_xml:
        return buffer
    out = BytesIO()
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for part in source.infolist():
            data = source.read(part)
            if part.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(
                    b"</sheetData>", f"</sheetData><mergeCells>{merge_xml}</mergeCells>".encode()
                )
            target.writestr(part, data)
    out.seek(0)
    return out


def read_with_peak_memory(file, filename: str) -> tuple[dict | RoadmapFileError, int]:
    """What read_roadmap returns (or raises), and the most memory it held meanwhile."""
    tracemalloc.start()
    try:
        with translation.override("en"):
            result = read_roadmap(file, filename, year=2024)
    except RoadmapFileError as error:
        result = error
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return result, peak


@pytest.mark.parametrize(
    ("stray", "message"),
    [
        ("XFD1048576", "cell XFD1048576 holds a value"),
        ("A1048576", "more than 2,000 rows, the limit for a roadmap: cell A1048576 holds a value"),
        ("XFD2", "more than 50 columns: cell XFD2 holds a value"),
    ],
    ids=["last-cell", "last-row", "last-column"],
)
def test_a_stray_cell_far_away_is_refused_in_bounded_memory(stray, message):
    file = small_roadmap_xlsx(stray=stray)
    assert len(file.getvalue()) < 6_000

    result, peak = read_with_peak_memory(file, "roadmap.xlsx")

    assert isinstance(result, RoadmapFileError)
    assert message in str(result)
    assert peak < MEMORY_BOUND


def test_a_merged_range_over_the_whole_sheet_is_read_in_bounded_memory():
    """The merge covers every column right of the table: it changes nothing, and costs nothing."""
    file = small_roadmap_xlsx(merge_xml='<mergeCell ref="F1:XFD1048576"/>')

    roadmap, peak = read_with_peak_memory(file, "roadmap.xlsx")

    assert outline(roadmap) == [("Подготовка", ["Издание приказа", "Анкетирование"])]
    assert peak < MEMORY_BOUND


def test_the_cells_a_merged_range_covers_read_as_empty_even_when_they_hold_text():
    """Some tools keep the text of the cells a merge covers; Excel shows only the first cell's."""
    file = small_roadmap_xlsx(merge_xml='<mergeCell ref="B2:B3"/><mergeCell ref="D2:D3"/>')
    # B3 is empty in SMALL_ROADMAP; D3 holds «Октябрь 2024», which the merge hides
    roadmap = read_roadmap(file, "roadmap.xlsx", year=2024)

    assert outline(roadmap) == [("Подготовка", ["Издание приказа", "Анкетирование"])]
    assert [a["deadline"] for a in activities(roadmap)] == ["Сентябрь 2024", "Сентябрь 2024"]


def big_table(kind: str) -> BytesIO:
    """2,000 rows: a header, a stage merged across every 20th row, activities, a note column."""
    header = ["№ п/п", "Мероприятия", "Сроки", "Ответственные", "Результат", "Примечание"]
    rows = [
        [f"Этап {index // 20 + 1}. Работа с наставниками"]
        if index % 20 == 1
        else [f"{index}", f"Встреча наставников № {index}", "Октябрь 2024", "Куратор", "Протокол", "план"]
        for index in range(1, 2000)
    ]
    if kind == "xlsx":
        workbook = Workbook()
        sheet = workbook.active
        sheet.append(header)
        for number, fields in enumerate(rows, start=2):
            sheet.append(fields)
            if len(fields) == 1:
                sheet.merge_cells(start_row=number, start_column=1, end_row=number, end_column=len(header))
        return save_xlsx(workbook)
    document = Document()
    table = document.add_table(rows=1, cols=len(header))
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
    # python-docx builds one stage row (merged across) and one activity row; the 1,999 rows are
    # copies of their XML with their own text, the same document.xml as adding each through
    # python-docx, which took two seconds (every add_row and merge walks the whole table).
    stage = table.add_row().cells
    stage[0].merge(stage[-1]).text = "stage"
    activity = table.add_row().cells
    for cell in activity:
        cell.text = "activity"
    rows_xml = table._tbl.tr_lst[1:]
    for tr in rows_xml:
        table._tbl.remove(tr)
    model = {1: rows_xml[0], len(header): rows_xml[1]}
    for fields in rows:
        tr = deepcopy(model[len(fields)])
        for element, text in zip(tr.iter(qn("w:t")), fields, strict=True):
            element.text = text
        table._tbl.append(tr)
    return save_docx(document)


@pytest.mark.parametrize("kind", ["docx", "xlsx"])
def test_a_table_of_two_thousand_rows_is_read_whole_in_bounded_memory(kind):
    result, peak = read_with_peak_memory(big_table(kind), f"big.{kind}")

    assert not isinstance(result, RoadmapFileError), result
    assert len(result["stages"]) == 100
    assert sum(len(stage["activities"]) for stage in result["stages"]) == 1999 - 100
    assert result["kept_columns"] == ["Примечание"]
    assert peak < 100 * 2**20
