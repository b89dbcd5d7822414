"""The approval block, the annex line and the title above a roadmap's table, read as the school
wrote them and printed so in the official PDF; dates of another year moved, and the move told."""

from datetime import date
from io import BytesIO

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from apps.documents.rendering import render_subject
from apps.roadmap.importing import read_roadmap
from apps.roadmap.models import Roadmap
from tests.roadmap.shapes import shaped_docx, shaped_xlsx
from tests.roadmap.test_pdf import pdf_text, squeeze

TABLE = [
    ["№ п/п", "Мероприятия", "Сроки", "Ответственные"],
    ["1. Подготовка условий", "<", "<", "<"],
    ["1.1", "Изучение материалов", "Сентябрь 2022", "Куратор"],
    ["1.2", "Анкетирование педагогов", "Май 2023", "Куратор"],
]
TITLE_LINES = (
    "ДОРОЖНАЯ КАРТА",
    "(план мероприятий) по реализации Положения о наставничестве",
    "на 2022-2023 учебный год",
)
TITLE = "ДОРОЖНАЯ КАРТА (план мероприятий) по реализации Положения о наставничестве на 2022-2023 учебный год"

SIDES = [
    [
        "СОГЛАСОВАНО\nПредседатель методического совета\n________ Ю.В. Попова\nпротокол № 1 от 31.08.2022",
        "УТВЕРЖДАЮ\nДиректор МКОУ «Ювинская СОШ»\n________ Е.В. Тарабанова\nприказ № 60 от 01.09.2022",
    ]
]
ANNEX = ("Приложение № 1", "к приказу № 60 от 01.09.2022")

EXPECTED = {
    "heading": "УТВЕРЖДАЮ",
    "approver_position": "Директор МКОУ «Ювинская СОШ»",
    "approver_name": "Е.В. Тарабанова",
    "order_reference": "приказ № 60 от 01.09.2022",
    "approval_date": "2022-09-01",
    "accepted_heading": "СОГЛАСОВАНО",
    "accepted_by": "Председатель методического совета",
    "accepted_name": "Ю.В. Попова",
    "accepted_protocol": "протокол № 1 от 31.08.2022",
    "accepted_date": "2022-08-31",
}


def approval_of(roadmap: dict) -> dict:
    return {key: roadmap["approval"][key] for key in EXPECTED}


def test_a_borderless_two_column_table_is_the_approval_block():
    file = shaped_docx(TABLE, before=(*ANNEX, *TITLE_LINES), approval_table=SIDES)

    roadmap = read_roadmap(file, "plan.docx", year=2022)

    assert approval_of(roadmap) == EXPECTED
    assert roadmap["title"] == TITLE
    assert roadmap["annex"] == "Приложение № 1\nк приказу № 60 от 01.09.2022"
    assert roadmap["preamble"] == []


def test_the_two_sides_on_one_line_apart_by_tabs():
    left, right = (side.split("\n") for side in SIDES[0])
    paragraphs = [f"{a}\t\t\t{b}" for a, b in zip(left, right, strict=True)]

    roadmap = read_roadmap(
        shaped_docx(TABLE, before=(*paragraphs, "", *ANNEX, *TITLE_LINES)), "p.docx", year=2022
    )

    assert approval_of(roadmap) == EXPECTED
    assert roadmap["title"] == TITLE


def test_the_two_sides_in_two_cells_of_a_sheet():
    roadmap = read_roadmap(shaped_xlsx(TABLE, before=()), "plan.xlsx", year=2022)
    assert roadmap["approval"]["heading"] == ""  # nothing above the table: no block

    workbook = load_workbook(shaped_xlsx(TABLE, before=("", *ANNEX, *TITLE_LINES)))
    sheet = workbook.active
    sheet["A1"], sheet["C1"] = SIDES[0]
    buffer = BytesIO()
    workbook.save(buffer)
    buffer.seek(0)

    roadmap = read_roadmap(buffer, "plan.xlsx", year=2022)

    assert approval_of(roadmap) == EXPECTED
    assert roadmap["title"] == TITLE
    assert roadmap["annex"].startswith("Приложение № 1")


@pytest.mark.parametrize(
    "paragraphs, heading, position, name",
    [
        (("УТВЕРЖДАЮ", "ДИРЕКТОР ШКОЛЫ", "Е.В.ТАРАБАНОВА"), "УТВЕРЖДАЮ", "ДИРЕКТОР ШКОЛЫ", "Е.В.ТАРАБАНОВА"),
        (
            ("УТВЕРЖДЕНО", "приказом директора", "Смирнова Л.М."),
            "УТВЕРЖДЕНО",
            "приказом директора",
            "Смирнова Л.М.",
        ),
        (("ПРИНЯТО", "на педагогическом совете", "протокол № 1 от 30.08.2022"), "", "", ""),
    ],
)
def test_the_title_is_read_whole_under_the_block(paragraphs, heading, position, name):
    roadmap = read_roadmap(shaped_docx(TABLE, before=(*paragraphs, "", *TITLE_LINES)), "p.docx", year=2022)

    assert roadmap["title"] == TITLE
    assert roadmap["approval"]["heading"] == heading
    assert roadmap["approval"]["approver_position"] == position
    assert roadmap["approval"]["approver_name"] == name


@pytest.mark.django_db
def test_the_pdf_prints_the_block_as_the_file_has_it_and_the_dates_move_to_the_chosen_year(
    tenant_a, tmp_path, capsys
):
    path = tmp_path / "plan.docx"
    path.write_bytes(shaped_docx(TABLE, before=(*ANNEX, *TITLE_LINES), approval_table=SIDES).getvalue())
    organization = tenant_a.organization

    call_command("import_roadmap", str(path), "--org", organization.slug, "--year", "2025")

    captured = capsys.readouterr()
    assert captured.out.strip() == "stages 1, activities 2"
    assert "the file's dates are of 2022–2023: moved by +3 years to 2025–2026" in captured.err
    roadmap = Roadmap.objects.get(organization=organization, academic_year=2025)
    assert roadmap.title == TITLE.replace("2022-2023", "2025-2026")
    assert [(a.deadline_text, a.due_on) for a in roadmap.activities.order_by("position")] == [
        ("Сентябрь 2025", date(2025, 9, 30)),
        ("Май 2026", date(2026, 5, 31)),
    ]
    assert (roadmap.approver_name, roadmap.accepted_heading, roadmap.accepted_name) == (
        "Е.В. Тарабанова",
        "СОГЛАСОВАНО",
        "Ю.В. Попова",
    )
    text = pdf_text(render_subject(roadmap, "roadmap")[0], tmp_path)
    flat = squeeze(text)
    for phrase in (
        "Согласовано",
        "Ю.В. Попова",
        "протокол № 1 от 31.08.2022",
        "Утверждаю",
        "Е.В. Тарабанова",
    ):
        assert squeeze(phrase) in flat, phrase
    assert organization.director_name and organization.director_name not in text  # not the portal's director
    assert flat.index(squeeze("Приложение № 1 к приказу № 60")) < flat.index(squeeze(roadmap.title)[:40])
