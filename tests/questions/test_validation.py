"""The one validator of answers, by kind, with its translated messages."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from apps.questions.models import Question
from apps.questions.validation import answer_clean


def _q(kind, **fields):
    return Question(kind=kind, text="Вопрос", **fields)


@pytest.mark.parametrize(
    ("question", "value", "expected"),
    [
        (_q("text"), "  Шахматы  ", "Шахматы"),
        (_q("scale", scale_max=5), "4", 4),
        (_q("scale", scale_max=10), 10, 10),
        (_q("yes_no"), "Да", True),
        (_q("yes_no"), "нет", False),
        (_q("number"), "12,5", 12.5),
        (_q("number"), "7", 7),
        (_q("date"), "25.12.2010", "2010-12-25"),
        (_q("date"), date(2010, 12, 25), "2010-12-25"),
        (_q("choice", choices=["Учёба", "Проекты"]), "учеба", "Учёба"),
        (_q("multiple", choices=["Учёба", "Проекты"]), "Проекты; учёба", ["Проекты", "Учёба"]),
        (_q("multiple", choices=["Учёба", "Проекты"]), ["Учёба"], ["Учёба"]),
        (_q("text"), "", None),
    ],
)
def test_an_answer_is_cleaned_by_its_kind(question, value, expected):
    assert answer_clean(question, value) == expected


@pytest.mark.parametrize(
    ("question", "value", "message"),
    [
        (_q("scale", scale_max=5), "6", "Укажите число от 1 до 5."),
        (_q("number"), "много", "Укажите число."),
        (_q("yes_no"), "может быть", "Ответьте «да» или «нет»."),
        (_q("date"), "вчера", "Укажите дату, например 25.12.2010."),
        (
            _q("choice", choices=["Учёба", "Проекты"]),
            "Спорт",
            "значение «Спорт» не входит в список: Учёба; Проекты.",
        ),
    ],
)
def test_a_wrong_answer_says_what_is_expected_in_russian(question, value, message):
    with translation.override("ru"), pytest.raises(ValidationError) as error:
        answer_clean(question, value)
    assert error.value.messages == [message]


def test_other_is_kept_only_from_a_file():
    question = _q("multiple", choices=["Учёба", "Проекты"])
    assert answer_clean(question, "Учёба, Другое: шахматы, шашки", from_file=True) == [
        "Учёба",
        "Другое: шахматы, шашки",
    ]
    with pytest.raises(ValidationError):
        answer_clean(question, "Другое: шахматы")
