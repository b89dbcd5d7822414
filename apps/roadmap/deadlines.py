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
    r"в\s+течени[еия]|постоянно|ежемесячно|ежеквартально|ежегодно|еженедельно|весь\s+период|по\s+мере"
    r"|(?:\d+|один)\s+раз\s+в\s+(?:неделю|месяц|квартал|год)"
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


def shift_day(day: date | None, years: int) -> date | None:
    """The same day `years` later (28 February for a 29th)."""
    return _shift(day, years)


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
    # «Сентябрь – май, ежемесячно»: the window of the months; the period is read by `recurrence_of`
    if PERIODIC.search(lower):
        rest = PERIODIC.sub(" ", lower).strip(" ,;.()–—-")
        if rest and (window := parse_deadline(rest, academic_start=academic_start)).kind != UNKNOWN:
            return replace(window, text=phrase)
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


# --- recurring deadlines -------------------------------------------------------------------------
# «ежемесячно», «1 раз в квартал», «еженедельные встречи»: an activity due again and again.
WEEKLY, MONTHLY, QUARTERLY, YEARLY = "weekly", "monthly", "quarterly", "yearly"
MONTHS_OF = {MONTHLY: 1, QUARTERLY: 3, YEARLY: 12}
PERIOD_WORDS = [
    (WEEKLY, r"еженедельн\w*|(?:\d+|один)\s+раз\s+в\s+неделю|каждую\s+неделю"),
    (MONTHLY, r"ежемесячн\w*|(?:\d+|один)\s+раз\s+в\s+месяц|каждый\s+месяц"),
    (QUARTERLY, r"ежекварталь\w*|поквартальн\w*|(?:\d+|один)\s+раз\s+в\s+квартал|каждый\s+квартал"),
    (YEARLY, r"ежегодн\w*|(?:\d+|один)\s+раз\s+в\s+год"),
]
PERIODIC = re.compile("|".join(f"(?:{words})" for _, words in PERIOD_WORDS), re.I)
# «в течение года», «по графику»: a deadline that leaves room for an activity that says its period
OPEN_KINDS = {THROUGHOUT, RANGE}
AS_NEEDED = re.compile(r"по\s+мере")


def recurrence_of(deadline_text: str, activity_text: str = "") -> str:
    """The period an activity recurs with, or "": said by its deadline («ежеквартально»), or by
    the activity itself («Отчёты … (1 раз в квартал)») when the deadline is a period of time
    («в течение года», «февраль – май»). «По мере необходимости» and a single date recur not."""
    deadline = " ".join(str(deadline_text or "").lower().replace("ё", "е").split())
    if AS_NEEDED.search(deadline):
        return ""
    if period := _period(deadline):
        return period
    period = _period(" ".join(activity_text.lower().replace("ё", "е").split())) if activity_text else ""
    if period and parse_deadline(deadline_text, academic_start=2000).kind in OPEN_KINDS:
        return period
    return ""


def _period(text: str) -> str:
    if not PERIODIC.search(text):
        return ""
    return next((period for period, words in PERIOD_WORDS if re.search(words, text)), "")


def occurrence_windows(period: str, start: date, end: date) -> list[tuple[date, date]]:
    """The windows of a recurring activity between `start` and `end`: weeks, months, quarters
    or years counted from `start`, each due on its last day (the last one cut at `end`)."""
    windows = []
    first = start
    while first <= end and len(windows) < MAX_OCCURRENCES:
        if period == WEEKLY:
            last = date.fromordinal(first.toordinal() + 6)
        else:
            last = _add_months(first, MONTHS_OF[period]) - ONE_DAY
        windows.append((first, min(last, end)))
        first = last + ONE_DAY
    return windows


MAX_OCCURRENCES = 260  # five years of weeks: a bound, whatever a file says
ONE_DAY = date(2000, 1, 2) - date(2000, 1, 1)


def _add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _safe(build, phrase: str) -> Deadline:
    """«31.02.2020» reads as a date but is none: keep the text for a person to fix."""
    try:
        return build()
    except ValueError:
        return Deadline(UNKNOWN, text=phrase)
