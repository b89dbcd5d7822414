"""Excel files for the import tests, made on the fly."""

import io
import re
import zipfile
from datetime import date

from openpyxl import Workbook

from apps.participants.importing.pipeline import template_columns

PERSON_HEADER = [
    "Фамилия",
    "Имя",
    "Отчество",
    "Дата рождения",
    "Категория",
    "Класс или группа",
    "Роль в программе",
    "Статус",
    "E-mail",
    "Телефон",
    "Организация-партнёр",
]


def xlsx(rows, header=None, *, sheet_title="Участники", before=None) -> bytes:
    """A workbook whose first sheet holds `header` then `rows`; `before(workbook, sheet)` may alter it."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title
    sheet.append(header or PERSON_HEADER)
    for row in rows:
        sheet.append(row)
    if before:
        before(workbook, sheet)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def template_header(organization) -> list[str]:
    return [name for _target, name in template_columns(organization)]


def person(
    last,
    first,
    patronymic="",
    birth=date(2012, 3, 5),
    category="Обучающийся",
    group="6А",
    role="Наставляемый",
    status="",
    email="",
    phone="",
    partner="",
):
    return [last, first, patronymic, birth, category, group, role, status, email, phone, partner]


def with_trailing_blank_rows(content: bytes, count: int, then: list[str] | None = None) -> bytes:
    """The same workbook with `count` empty rows after the data, as LibreOffice writes them;
    with `then`, a row of these texts after the blank ones."""
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                text = data.decode()
                last = text.count("<row ")
                blanks = "".join(
                    f'<row r="{n}" customFormat="false" ht="12.8" hidden="false"></row>'
                    for n in range(last + 1, last + 1 + count)
                )
                if then:
                    n = last + 1 + count
                    blanks += f'<row r="{n}">' + "".join(
                        f'<c r="{chr(ord("A") + i)}{n}" t="inlineStr"><is><t>{value}</t></is></c>'
                        for i, value in enumerate(then)
                    )
                    blanks += "</row>"
                text = text.replace("</sheetData>", blanks + "</sheetData>")
                text = re.sub(r'<dimension ref="[^"]*"', '<dimension ref="A1:K1048576"', text)
                data = text.encode()
            target.writestr(info, data)
    return out.getvalue()


def zip_bomb(content: bytes, megabytes: int = 300) -> bytes:
    """A valid workbook with an extra part that unpacks to `megabytes` of zeros."""
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info, source.read(info.filename))
        with target.open("xl/media/padding.bin", "w", force_zip64=True) as bomb:
            chunk = bytes(1024 * 1024)
            for _ in range(megabytes):
                bomb.write(chunk)
    return out.getvalue()
