"""The columns of the participants' Excel template, declared with django-import-export.

The resource names every column in Russian and cleans each cell with a widget; the import
pipeline (importing/pipeline.py) uses it cell by cell, and adds what import-export does
not do for us: all-or-nothing, row-numbered errors for every cell, recognition of people
already in the base without a query per row, and answers to the questionnaires.
"""

import re
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import translation
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from apps.core.text import normalise, tidy

from .models import Category, Participant, ProgrammeRole, Status

EXCEL_EPOCH = date(1899, 12, 30)


class TextWidget(widgets.CharWidget):
    def clean(self, value, row=None, **kwargs):
        return tidy(value)


class EmailWidget(widgets.CharWidget):
    def clean(self, value, row=None, **kwargs):
        email = tidy(value).lower()
        if email:
            try:
                validate_email(email)
            except ValidationError:
                raise ValueError(_("«%(value)s» is not an e-mail address.") % {"value": email}) from None
        return email


class PhoneWidget(widgets.CharWidget):
    """A Russian mobile or landline number as +7 912 345-67-89, however it was typed (8 912…,
    (912) 345 67 89, a number cell); anything else is kept as written."""

    def clean(self, value, row=None, **kwargs):
        text = tidy(value)
        digits = re.sub(r"\D", "", text)
        if re.fullmatch(r"[\d\s()+\-.]+", text or "x"):
            if len(digits) == 11 and digits[0] in "78":
                digits = digits[1:]
            if len(digits) == 10:
                return f"+7 {digits[:3]} {digits[3:6]}-{digits[6:8]}-{digits[8:]}"
        return text


# Russian month names as people type them: «25 декабря 2010», «25 дек. 2010», «декабрь».
MONTHS = {
    stem: number
    for number, stems in enumerate(
        (
            ("янв",),
            ("фев",),
            ("мар",),
            ("апр",),
            ("мая", "май"),
            ("июн",),
            ("июл",),
            ("авг",),
            ("сен",),
            ("окт",),
            ("ноя",),
            ("дек",),
        ),
        start=1,
    )
    for stem in stems
}
WORDY_DATE = re.compile(r"^(\d{1,2})\s+([а-яё]+)\.?\s+(\d{4})(?:\s*г\.?|\s*года)?$", re.IGNORECASE)


def _wordy_date(text: str) -> date | None:
    match = WORDY_DATE.match(text)
    if not match:
        return None
    month = MONTHS.get(match.group(2).lower().replace("ё", "е")[:3])
    if month is None:
        return None
    try:
        return date(int(match.group(3)), month, int(match.group(1)))
    except ValueError:
        return None


# Dates and times as regular expressions rather than strptime: ten thousand rows of typed dates
# would spend half the import in strptime's failed attempts (bench/bench_import.py).
DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})([./-])(\d{1,2})\2(\d{4}|\d{2})$")  # 31.08.2010, 31/08/2010, 31.08.10
YEAR_MONTH_DAY = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?: \d{1,2}:\d{2}:\d{2})?$")  # 2010-08-31
ZONE = r"(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d|\s*(?:GMT|UTC)(?:[+-]\d{1,2}(?::\d\d)?)?)?"
TIME = r"(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?" + ZONE + r")?"
TIMESTAMPS = (  # (pattern, the order of day, month, year in its groups)
    (
        re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})" + TIME + "$"),
        (0, 1, 2),
    ),  # Google (ru): 05.09.2024 10:12:33
    (
        re.compile(r"^(\d{4})[-/](\d{1,2})[-/](\d{1,2})" + TIME + "$"),
        (2, 1, 0),
    ),  # Yandex: 2024-09-05 10:12:33
    (re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})" + TIME + "$"), (1, 0, 2)),  # Google (en): 9/5/2024 10:12:33
)


def _full_year(text: str) -> int:
    year = int(text)
    if len(text) == 2:  # as strptime's %y: 69–99 are the 1900s, 00–68 the 2000s
        year += 1900 if year >= 69 else 2000
    return year


def _typed_date(text: str) -> date | None:
    """A date typed with digits, or None; ValueError for an impossible one (31.02.2010)."""
    match = DAY_MONTH_YEAR.match(text)
    if match and (len(match.group(4)) == 4 or match.group(2) == "."):
        return date(_full_year(match.group(4)), int(match.group(3)), int(match.group(1)))
    match = YEAR_MONTH_DAY.match(text)
    if match:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    return None


class RussianDateWidget(widgets.DateWidget):
    """Dates as 31.08.2010, 31.08.10, 31/08/2010, 31-08-2010, 2010-08-31, «31 августа 2010», an
    Excel date, or an Excel day number (also as text, as a .csv writes it)."""

    def __init__(self):
        super().__init__(format="%d.%m.%Y")

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        if isinstance(value, int | float) and 1 < value < 100_000:
            return EXCEL_EPOCH + timedelta(days=int(value))
        text = tidy(value)
        if text.isdigit() and 1 < int(text) < 100_000 and len(text) == 5:
            return EXCEL_EPOCH + timedelta(days=int(text))
        try:
            typed = _typed_date(text.rstrip("г. ")) or _wordy_date(text)
        except ValueError:
            typed = None
        if typed:
            return typed
        raise ValueError(_("«%(value)s» is not a date; write it as 31.08.2010.") % {"value": text})


class TimestampWidget(widgets.Widget):
    """When an online form's answer was sent: Google Forms writes 05.09.2024 10:12:33 (or
    9/5/2024 10:12:33, or with «GMT+3»), Yandex Forms 2024-09-05 10:12:33, a workbook a date
    cell."""

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        if isinstance(value, datetime):
            return value.replace(tzinfo=None)
        if isinstance(value, date):
            return datetime(value.year, value.month, value.day)
        if isinstance(value, int | float) and 1 < value < 100_000:
            return datetime(1899, 12, 30) + timedelta(days=value)
        text = tidy(value)
        for pattern, (day, month, year) in TIMESTAMPS:
            match = pattern.match(text)
            if match:
                parts = match.groups()
                try:
                    return datetime(
                        int(parts[year]),
                        int(parts[month]),
                        int(parts[day]),
                        int(parts[3] or 0),
                        int(parts[4] or 0),
                        int(parts[5] or 0),
                    )
                except ValueError:
                    break
        raise ValueError(_("«%(value)s» is not a date and time.") % {"value": text})


class LabelChoiceWidget(widgets.Widget):
    """A choice written as its label, in Russian or English (any case, ё or е), or as its code."""

    LANGUAGES = ("ru", "en")

    def __init__(self, choices):
        super().__init__()
        self.choices = choices

    def _lookup(self) -> dict[str, str]:
        lookup = {}
        for code, label in self.choices:
            lookup[normalise(code)] = code
            for language in self.LANGUAGES:
                with translation.override(language):
                    lookup[normalise(str(label))] = code
        return lookup

    def clean(self, value, row=None, **kwargs):
        key = normalise(value)
        if not key:
            return ""
        if "_lookup_cache" not in self.__dict__:
            self._lookup_cache = self._lookup()
        lookup = self._lookup_cache
        if key in lookup:
            return lookup[key]
        allowed = "; ".join(str(label) for _code, label in self.choices)
        raise ValueError(
            _("«%(value)s» is not one of: %(allowed)s.") % {"value": tidy(value), "allowed": allowed}
        )

    def render(self, value, obj=None, **kwargs):
        return str(dict(self.choices).get(value, value or ""))


def _field(attribute, column_name, widget):
    return fields.Field(attribute=attribute, column_name=column_name, widget=widget)


class ParticipantResource(resources.ModelResource):
    last_name = _field("last_name", "Фамилия", TextWidget())
    first_name = _field("first_name", "Имя", TextWidget())
    patronymic = _field("patronymic", "Отчество", TextWidget())
    birth_date = _field("birth_date", "Дата рождения", RussianDateWidget())
    category = _field("category", "Категория", LabelChoiceWidget(Category.choices))
    group_name = _field("group_name", "Класс или группа", TextWidget())
    programme_role = _field("programme_role", "Роль в программе", LabelChoiceWidget(ProgrammeRole.choices))
    status = _field("status", "Статус", LabelChoiceWidget([c for c in Status.choices if c[0] != Status.LEFT]))
    email = _field("email", "E-mail", EmailWidget())
    phone = _field("phone", "Телефон", PhoneWidget())
    partner = _field("partner__name", "Организация-партнёр", TextWidget())

    class Meta:
        model = Participant
        fields = (
            "last_name",
            "first_name",
            "patronymic",
            "birth_date",
            "category",
            "group_name",
            "programme_role",
            "status",
            "email",
            "phone",
            "partner",
        )
        export_order = fields


REQUIRED_COLUMNS = ("last_name", "first_name", "category", "programme_role")

# Other names under which online forms (Яндекс Формы, Google Forms) and schools' own
# tables write the same columns; matched after normalise().
ALIASES = {
    "last_name": ["фамилия"],
    "first_name": ["имя"],
    "patronymic": ["отчество"],
    "birth_date": ["дата рождения", "день рождения"],
    "category": ["категория", "категория участника"],
    "group_name": ["класс", "группа", "класс или группа", "класс/группа"],
    "programme_role": ["роль", "роль в программе"],
    "status": ["статус"],
    "email": ["e-mail", "email", "электронная почта", "адрес электронной почты", "почта"],
    "phone": ["телефон", "номер телефона", "контактный телефон"],
    "partner": ["организация-партнер", "организация партнер", "место работы", "организация"],
}
