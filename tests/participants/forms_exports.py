"""Exports of Google Forms and Yandex Forms questionnaires as schools download them, made on
the fly: long Russian question headers, the timestamp column, answers phrased by the form's
author, dates typed by people, multiple choices joined by commas, resubmissions, mentors and
mentees in one form; .xlsx, or .csv in UTF-8 (with or without BOM) or Windows-1251."""

import csv
import io
import random
from datetime import date, datetime, timedelta

from .xlsx_files import xlsx

# The questions of a school's mixed mentor/mentee questionnaire in a Google Form.
GOOGLE_HEADER = [
    "Отметка времени",
    "Ваша фамилия, имя, отчество",
    "Дата рождения",
    "Кто вы?",
    "Укажите ваш класс (для обучающихся)",
    "В какой роли вы хотите участвовать?",
    "Адрес электронной почты",
    "Номер телефона (обязательно)",
    "Ваши интересы и увлечения",
    "С чем вам нужна помощь наставника?",
    "В чём вы можете помочь наставляемому?",
    "Когда вам удобно встречаться?",
    "Согласны ли вы на обработку персональных данных?",
]
# Yandex Forms: an ID, its own timestamp wording, questions as the author typed them.
YANDEX_HEADER = [
    "ID",
    "Время создания",
    "Введите ФИО",
    "Дата рождения",
    "Укажите ваш класс",
    "В какой роли вы хотите участвовать?",
    "E-mail",
]

MENTEE_ANSWER = "Хочу, чтобы мне помогли (наставляемый)"
MENTOR_ANSWER = "Хочу помогать другим (наставник)"
SURNAMES = ["Иванов", "Смирнов", "Кузнецов", "Попов", "Соколов", "Лебедев", "Козлов", "Новиков", "Морозов"]
FIRST_NAMES = ["Артём", "Максим", "Алексей", "Егор", "Илья", "Кирилл", "Матвей", "Тимофей", "Фёдор"]
PATRONYMICS = ["Андреевич", "Сергеевич", "Игоревич", "Павлович", "Олегович", "", ""]
MONTHS = ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября"]
HELP = ["Учёба", "Олимпиады и конкурсы", "Проекты", "Профориентация"]
TIMES = ["Будни после уроков", "Выходные", "Онлайн в любое время"]


def typed_date(day: date, style: int):
    """A birth date as people type it into a text question (or a date cell)."""
    return [
        f"{day.day} {MONTHS[day.month - 1]} {day.year}" if day.month <= 9 else day.strftime("%d.%m.%Y"),
        day.strftime("%d.%m.%Y"),
        day.strftime("%d.%m.%y"),
        day.strftime("%Y-%m-%d"),
        day.strftime("%d/%m/%Y"),
        day,
    ][style % 6]


def google_rows(count: int, *, seed: int = 14, start=datetime(2026, 9, 1, 9, 0), mentors_every: int = 5):
    """`count` rows of GOOGLE_HEADER: every `mentors_every`-th a teacher who wants to mentor."""
    rng = random.Random(seed)
    rows = []
    for number in range(count):
        is_mentor = number % mentors_every == mentors_every - 1
        surname = f"{rng.choice(SURNAMES)}{number}"
        name = f"{surname} {rng.choice(FIRST_NAMES)} {rng.choice(PATRONYMICS)}".strip()
        born = (
            date(1980, 1, 1) + timedelta(days=rng.randrange(6000))
            if is_mentor
            else date(2010, 1, 1) + timedelta(days=rng.randrange(1500))
        )
        rows.append(
            [
                (start + timedelta(minutes=number)).strftime("%d.%m.%Y %H:%M:%S"),
                name,
                typed_date(born, number),
                "Учитель" if is_mentor else "Ученик",
                "" if is_mentor else f"{rng.randint(5, 11)}{rng.choice('АБВ')}",
                MENTOR_ANSWER if is_mentor else MENTEE_ANSWER,
                f"person{number}@example.org",
                "8 (9{}) {}-{}-{}".format(
                    rng.randint(10, 99), rng.randint(100, 999), rng.randint(10, 99), rng.randint(10, 99)
                ),
                rng.choice(["Футбол, шахматы", "Рисование", "Программирование и робототехника", ""]),
                "" if is_mentor else ", ".join(rng.sample(HELP, rng.randint(1, 2))),
                ", ".join(rng.sample(HELP, 2)) if is_mentor else "",
                ", ".join(rng.sample(TIMES, rng.randint(1, 2))),
                "Да",
            ]
        )
    return rows


def form_xlsx(rows, header=GOOGLE_HEADER) -> bytes:
    return xlsx(rows, header=header, sheet_title="Ответы на форму (1)")


def form_csv(rows, header=GOOGLE_HEADER, *, encoding="utf-8", delimiter=",") -> bytes:
    """A .csv as Google Forms (UTF-8, comma), Excel in Russia (Windows-1251, semicolon) or
    Excel's «CSV UTF-8» (with a byte order mark) write it."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(header)
    for row in rows:
        writer.writerow(
            ["" if v is None else (v.strftime("%d.%m.%Y") if isinstance(v, date) else v) for v in row]
        )
    return buffer.getvalue().encode(encoding)
