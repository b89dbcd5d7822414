"""The organisation's Excel template: the person's columns, then the questions of its
questionnaires, with drop-down lists for choices and a sheet of instructions."""

from django.utils import translation
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from apps.core.xlsx import XlsxWriter

from ..models import Category, ProgrammeRole, Status
from ..questionnaires import questionnaire_questions
from ..resources import REQUIRED_COLUMNS, ParticipantResource
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
    resource = ParticipantResource()
    questions = {f"q{q.pk}": q for q in questionnaire_questions(organization)}
    columns = list(enumerate(template_columns(organization), start=1))
    writer = XlsxWriter()
    sheet = writer.sheet(
        SHEET_TITLE,
        widths={
            get_column_letter(i): 18 if target in resource.fields else 30 for i, (target, _name) in columns
        },
        freeze="A2",
    )
    sheet.append(
        [
            sheet.cell(
                f"{name}*" if target in REQUIRED_COLUMNS else name, bold=True, fill="DDE7F3", wrap=True
            )
            for _index, (target, name) in columns
        ]
    )
    for index, (target, _name) in columns:
        choices = _choices_of(target, questions)
        if choices:
            _add_list(
                sheet,
                get_column_letter(index),
                choices,
                allow_other=target in questions and questions[target].kind == "multiple",
            )
    birth_date = next((index for index, (target, _name) in columns if target == "birth_date"), None)
    if birth_date:
        for _row in range(2, 502):
            sheet.append([None] * (birth_date - 1) + [sheet.cell(None, number_format="DD.MM.YYYY")])

    instructions = writer.sheet("Инструкция", widths={"A": 120})
    for row, text in enumerate(INSTRUCTIONS, start=1):
        instructions.append([text], bold=row == 1)
    return writer.to_bytes()


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
    sheet.add_validation(validation)
    validation.add(f"{letter}2:{letter}{MAX_DATA_ROWS + 1}")
