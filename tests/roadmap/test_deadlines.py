"""Deadline phrases of the seed roadmaps, read into dates."""

from datetime import date

import pytest

from apps.roadmap.deadlines import DATE, MONTH, RANGE, THROUGHOUT, UNKNOWN, parse_deadline

CASES = [
    # phrase, academic year start, kind, start, end
    ("До 15.10.2020", 2020, DATE, None, date(2020, 10, 15)),
    ("до 01 декабря 2020 г.", 2020, DATE, None, date(2020, 12, 1)),
    ("до 16 ноября 2020 года", 2020, DATE, None, date(2020, 11, 16)),
    ("по 31 декабря 2020 г.", 2020, DATE, None, date(2020, 12, 31)),
    ("До конца октября 2024", 2024, DATE, None, date(2024, 10, 31)),
    ("До мая 2025", 2024, DATE, None, date(2025, 4, 30)),
    ("Сентябрь 2020", 2020, MONTH, date(2020, 9, 1), date(2020, 9, 30)),
    ("Декабрь 2020г.", 2020, MONTH, date(2020, 12, 1), date(2020, 12, 31)),
    ("Ноябрь 2020 г.", 2020, MONTH, date(2020, 11, 1), date(2020, 11, 30)),
    ("Сентябрь", 2024, MONTH, date(2024, 9, 1), date(2024, 9, 30)),
    ("Май –", 2024, MONTH, date(2025, 5, 1), date(2025, 5, 31)),
    ("Май 2021", 2020, MONTH, date(2021, 5, 1), date(2021, 5, 31)),
    ("Ноябрь-декабрь 2020г.", 2020, RANGE, date(2020, 11, 1), date(2020, 12, 31)),
    ("октябрь-ноябрь 2020 года", 2020, RANGE, date(2020, 10, 1), date(2020, 11, 30)),
    ("Октябрь-декабрь 2020 г.", 2020, RANGE, date(2020, 10, 1), date(2020, 12, 31)),
    ("Октябрь 2024- май", 2024, RANGE, date(2024, 10, 1), date(2025, 5, 31)),
    ("Август - сентябрь", 2024, RANGE, date(2024, 8, 1), date(2024, 9, 30)),
    ("Февраль 2021 Май 2021", 2020, RANGE, date(2021, 2, 1), date(2021, 5, 31)),
    ("01.12.2020 – май 2021", 2020, RANGE, date(2020, 12, 1), date(2021, 5, 31)),
    ("В течение учебного года", 2024, THROUGHOUT, date(2024, 9, 1), date(2025, 8, 31)),
    # 003's months «текущего года»: of the academic year itself
    ("октябрь – ноябрь текущего года", 2020, RANGE, date(2020, 10, 1), date(2020, 11, 30)),
    ("октябрь — май текущего года", 2020, RANGE, date(2020, 10, 1), date(2021, 5, 31)),
    ("июнь текущего года", 2020, MONTH, date(2021, 6, 1), date(2021, 6, 30)),
    ("В течении учебного года", 2024, THROUGHOUT, date(2024, 9, 1), date(2025, 8, 31)),
    ("в течение всего периода реализации ЦМН", 2020, THROUGHOUT, date(2020, 9, 1), date(2021, 8, 31)),
    ("По отдельному графику", 2020, THROUGHOUT, date(2020, 9, 1), date(2021, 8, 31)),
    ("В соответствии со сроками реализации программ", 2020, THROUGHOUT, date(2020, 9, 1), date(2021, 8, 31)),
    ("Ежегодно, май", 2024, MONTH, date(2025, 5, 1), date(2025, 5, 31)),
]


@pytest.mark.parametrize("phrase,year,kind,start,end", CASES, ids=[c[0] for c in CASES])
def test_phrases_of_the_seeds(phrase, year, kind, start, end):
    deadline = parse_deadline(phrase, academic_start=year)
    assert (deadline.kind, deadline.start, deadline.end) == (kind, start, end)
    assert deadline.text.startswith(phrase.rstrip("–- ").strip()[:5])


@pytest.mark.parametrize("phrase", ["", "по согласованию", "31.02.2021", "Разработка дорожной карты"])
def test_what_cannot_be_read_keeps_its_text(phrase):
    deadline = parse_deadline(phrase, academic_start=2024)
    assert deadline.kind == UNKNOWN and deadline.end is None


def test_a_deadline_moves_with_its_template_to_another_year():
    deadline = parse_deadline("01.12.2020 – май 2021", academic_start=2020).shifted(6)
    assert (deadline.start, deadline.end) == (date(2026, 12, 1), date(2027, 5, 31))
    leap = parse_deadline("До 29.02.2024", academic_start=2023).shifted(1)
    assert leap.end == date(2025, 2, 28)
