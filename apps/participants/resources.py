"""The columns of the participants' Excel template, declared with django-import-export.

The resource names every column in Russian and cleans each cell with a widget; the import
pipeline (importing/pipeline.py) uses it cell by cell, and adds what import-export does
not do for us: all-or-nothing, row-numbered errors for every cell, recognition of people
already in the base without a query per row, and answers to the questionnaires.
"""

from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import translation
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from .importing.text import normalise, tidy
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


class RussianDateWidget(widgets.DateWidget):
    """Dates as 31.08.2010, 31/08/2010, 2010-08-31, an Excel date, or an Excel day number."""

    FORMATS = ("%d.%m.%Y", "%d/%m/%Y", "%Y-%m-%d", "%d.%m.%y")

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
        for format_ in self.FORMATS:
            try:
                return datetime.strptime(text, format_).date()
            except ValueError:
                continue
        raise ValueError(_("«%(value)s» is not a date; write it as 31.08.2010.") % {"value": text})


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
    phone = _field("phone", "Телефон", TextWidget())
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
