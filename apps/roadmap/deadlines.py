"""Deadlines of roadmap activities as schools write them, read into dates.

The seeds say «Сентябрь 2020», «До 15.10.2020», «до 01 декабря 2020 г.», «Ноябрь-декабрь
2020г.», «01.12.2020 – май 2021», «Октябрь 2024- май», «В течение учебного года». Each becomes
a `Deadline`: its kind, the window it opens (`start`, may be empty) and the day it is due
(`end`). A month without a year belongs to the academic year the roadmap is for (1 September
to 31 August). What cannot be read keeps its text with kind UNKNOWN, for a person to fix.
"""

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date

DATE, MONTH, RANGE, THROUGHOUT, UNKNOWN = "date", "month", "range", "throughout", "unknown"

MONTHS = {
    "январ": 1,
    "феврал": 2,
    "март": 3,
    "апрел": 4,
    "ма": 5,  # май, мая, мае
    "июн": 6,
    "июл": 7,
    "август": 8,
    "сентябр": 9,
    "октябр": 10,
    "ноябр": 11,
    "декабр": 12,
}
MONTH_WORD = "(" + "|".join(rf"{stem}\w*" for stem in MONTHS if stem != "ма") + "|ма[йяе])"
YEAR = r"(?:\s*(\d{4})\s*(?:г\.?|года?)?)?"
NUMERIC_DATE = r"(\d{1,2})\.(\d{1,2})\.(\d{4})"
DASH = r"\s*[-–—]\s*"
# «В течение учебного года», «по отдельному графику», «в соответствии со сроками программ»…
THROUGHOUT_WORDS = re.compile(
    r"в\s+течени[еия]|постоянно|ежемесячно|ежеквартально|ежегодно|весь\s+период|по\s+мере"
    r"|по\s+(?:отдельному\s+)?графику|в\s+соответствии\s+со\s+сроками",
    re.I,
)


CURRENT_YEAR = re.compile(r"\s*\(?\s*(?:текущего|этого)\s+(?:учебного\s+)?года\s*\)?\s*$")


@dataclass(frozen=True)
class Deadline:
    kind: str
    end: date | None = None
    start: date | None = None
    text: str = ""

    def shifted(self, years: int) -> "Deadline":
        """The same deadline `years` later: a template moved to another academic year."""
        return replace(self, start=_shift(self.start, years), end=_shift(self.end, years))


def _shift(day: date | None, years: int) -> date | None:
    if day is None:
        return None
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _month_number(word: str) -> int:
    word = word.lower()
    return next(number for stem, number in MONTHS.items() if word.startswith(stem))


def _academic_year(month: int, academic_start: int) -> int:
    """September to December belong to the starting year, January to August to the next."""
    return academic_start if month >= 9 else academic_start + 1


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _month_window(month_word: str, year: str | None, academic_start: int) -> tuple[date, date]:
    month = _month_number(month_word)
    year_number = int(year) if year else _academic_year(month, academic_start)
    return date(year_number, month, 1), _month_end(year_number, month)


def parse_deadline(text: str, *, academic_start: int) -> Deadline:
    """Read a deadline phrase; `academic_start` is the year the academic year begins."""
    phrase = " ".join(str(text or "").split()).strip().rstrip("–—- .,").strip()
    # «октябрь – ноябрь текущего года» (003): the months of the academic year itself
    lower = CURRENT_YEAR.sub("", phrase.lower().replace("ё", "е")).strip()
    if not lower:
        return Deadline(UNKNOWN, text=phrase)
    # «Ежегодно, май»: that month of the academic year
    if lower.startswith("ежегодно") and (month := re.search(MONTH_WORD, lower)):
        start, end = _month_window(month.group(1), None, academic_start)
        return Deadline(MONTH, start=start, end=end, text=phrase)
    if THROUGHOUT_WORDS.search(lower):
        return Deadline(
            THROUGHOUT, start=date(academic_start, 9, 1), end=date(academic_start + 1, 8, 31), text=phrase
        )

    # «до 15.10.2020», «по 31.12.2020», «15.10.2020»
    if match := re.fullmatch(rf"(?:до|по)?\s*{NUMERIC_DATE}\s*(?:г\.?|года?)?", lower):
        day, month, year = map(int, match.groups())
        return _safe(lambda: Deadline(DATE, end=date(year, month, day), text=phrase), phrase)

    # «до 01 декабря 2020 г.», «по 31 декабря 2020 г.»
    if match := re.fullmatch(rf"(?:до|по)?\s*(\d{{1,2}})\s+{MONTH_WORD}{YEAR}", lower):
        day, month_word, year = match.groups()
        month = _month_number(month_word)
        year_number = int(year) if year else _academic_year(month, academic_start)
        return _safe(lambda: Deadline(DATE, end=date(year_number, month, int(day)), text=phrase), phrase)

    # «до конца октября 2024»
    if match := re.fullmatch(rf"до\s+конца\s+{MONTH_WORD}{YEAR}", lower):
        _start, end = _month_window(*match.groups(), academic_start)
        return Deadline(DATE, end=end, text=phrase)

    # «до мая 2025»: due before that month begins
    if match := re.fullmatch(rf"до\s+{MONTH_WORD}{YEAR}", lower):
        start, _end = _month_window(*match.groups(), academic_start)
        return Deadline(DATE, end=date.fromordinal(start.toordinal() - 1), text=phrase)

    # «Сентябрь 2020», «Ноябрь 2020 г.», «Сентябрь»
    if match := re.fullmatch(rf"{MONTH_WORD}{YEAR}", lower):
        start, end = _month_window(*match.groups(), academic_start)
        return Deadline(MONTH, start=start, end=end, text=phrase)

    # «Ноябрь-декабрь 2020г.», «Октябрь 2024- май», «Август - сентябрь», «Февраль 2021 Май 2021»
    if match := re.fullmatch(rf"{MONTH_WORD}{YEAR}(?:{DASH}|\s+){MONTH_WORD}{YEAR}", lower):
        first_word, first_year, last_word, last_year = match.groups()
        if not first_year and not last_year:
            # «Август - сентябрь»: the last month in the academic year, the first just before it
            _, end = _month_window(last_word, None, academic_start)
            first_month, last_month = _month_number(first_word), _month_number(last_word)
            first_year, last_year = str(end.year - (1 if first_month > last_month else 0)), str(end.year)
        if not first_year and last_year:
            # «ноябрь-декабрь 2020»: the year of the last month, unless that would go backwards
            first_month, last_month = _month_number(first_word), _month_number(last_word)
            first_year = str(int(last_year) - (1 if first_month > last_month else 0))
        start, _ = _month_window(first_word, first_year, academic_start)
        _, end = _month_window(last_word, last_year, academic_start)
        if end < start:  # «Октябрь 2024 - май»: May of the following year
            _, end = _month_window(last_word, str(start.year + 1), academic_start)
        return Deadline(RANGE, start=start, end=end, text=phrase)

    # «01.12.2020 – май 2021»
    if match := re.fullmatch(rf"{NUMERIC_DATE}{DASH}{MONTH_WORD}{YEAR}", lower):
        day, month, year, last_word, last_year = match.groups()
        _, end = _month_window(last_word, last_year, academic_start)
        return _safe(
            lambda: Deadline(RANGE, start=date(int(year), int(month), int(day)), end=end, text=phrase), phrase
        )

    # «01.09.2020 – 31.05.2021»
    if match := re.fullmatch(rf"{NUMERIC_DATE}{DASH}{NUMERIC_DATE}", lower):
        d1, m1, y1, d2, m2, y2 = map(int, match.groups())
        return _safe(
            lambda: Deadline(RANGE, start=date(y1, m1, d1), end=date(y2, m2, d2), text=phrase), phrase
        )

    return Deadline(UNKNOWN, text=phrase)


def _safe(build, phrase: str) -> Deadline:
    """«31.02.2020» reads as a date but is none: keep the text for a person to fix."""
    try:
        return build()
    except ValueError:
        return Deadline(UNKNOWN, text=phrase)
