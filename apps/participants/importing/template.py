"""The organisation's Excel template: the person's columns, then the questions of its
questionnaires, with drop-down lists for choices and a sheet of instructions."""

from io import BytesIO

from django.utils import translation
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from ..models import Category, ProgrammeRole, Question, Status
from ..resources import REQUIRED_COLUMNS, ParticipantResource
from ..xlsx import safe_cell
from .pipeline import template_columns
from .reader import MAX_DATA_ROWS, MAX_FILE_BYTES

SHEET_TITLE = "Участники"
CHOICE_LISTS = {
    "category": Category.choices,
    "programme_role": ProgrammeRole.choices,
    "status": [c for c in Status.choices if c[0] != Status.LEFT],
}
INSTRUCTIONS = [
    "Как заполнить шаблон",
    "",
    "1. Одна строка — один человек. Первая строка листа «Участники» — названия столбцов, их не меняйте.",
    "2. Столбцы со звёздочкой (*) обязательны. Дату рождения ученика указывайте всегда: от возраста зависит, "
    "чьё согласие на обработку персональных данных нужно.",
    "3. Даты пишите как 31.08.2010. Для категории, роли и статуса выберите значение из списка в ячейке.",
    "4. Вопросы анкет: «Наставляемый: …» заполняют наставляемые, «Наставник: …» — наставники. "
    "Несколько вариантов ответа разделяйте точкой с запятой.",
    "5. Если человек уже есть в базе (тот же e-mail или ФИО с датой рождения), его данные обновятся, "
    "дубликат не появится. Пустая ячейка ничего не стирает.",
    "6. Если хотя бы в одной строке ошибка, не загрузится ничего: портал покажет строку и столбец, "
    "исправьте их и загрузите файл снова.",
    "7. Не объединяйте ячейки и не оставляйте формулы — вставьте значения.",
    f"8. Не больше {MAX_DATA_ROWS} строк и {MAX_FILE_BYTES // (1024 * 1024)} МБ в одном файле.",
]


def template_workbook(organization) -> bytes:
    # The template is a Russian document whatever the language of the person who downloads it.
    with translation.override("ru"):
        return _template_workbook(organization)


def _template_workbook(organization) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_TITLE
    resource = ParticipantResource()
    questions = {f"q{q.pk}": q for q in Question.objects.filter(organization=organization)}
    header_fill = PatternFill("solid", fgColor="DDE7F3")
    for index, (target, column_name) in enumerate(template_columns(organization), start=1):
        label = f"{column_name}*" if target in REQUIRED_COLUMNS else column_name
        cell = sheet.cell(row=1, column=index, value=safe_cell(label))
        cell.font = Font(bold=True)
        cell.fill = header_fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = 18 if target in resource.fields else 30
        choices = _choices_of(target, questions)
        if choices:
            _add_list(
                sheet,
                letter,
                choices,
                allow_other=target in questions and questions[target].kind == "multiple",
            )
        if target == "birth_date":
            for row in range(2, 502):
                sheet.cell(row=row, column=index).number_format = "DD.MM.YYYY"
    sheet.freeze_panes = "A2"

    instructions = workbook.create_sheet("Инструкция")
    for row, text in enumerate(INSTRUCTIONS, start=1):
        instructions.cell(row=row, column=1, value=text).font = Font(bold=row == 1)
    instructions.column_dimensions["A"].width = 120
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _choices_of(target, questions) -> list[str]:
    if target in CHOICE_LISTS:
        return [str(label) for _code, label in CHOICE_LISTS[target]]
    question = questions.get(target)
    if question and question.kind in ("choice", "multiple"):
        return list(question.choices)
    return []


def _add_list(sheet, letter, choices, *, allow_other):
    # Excel limits a literal list to 255 characters; longer lists are only described.
    formula = '"' + ",".join(c.replace(",", " ").replace('"', "'") for c in choices) + '"'
    if len(formula) > 255:
        return
    validation = DataValidation(
        type="list", formula1=formula, allow_blank=True, showErrorMessage=not allow_other
    )
    sheet.add_data_validation(validation)
    validation.add(f"{letter}2:{letter}{MAX_DATA_ROWS + 1}")
