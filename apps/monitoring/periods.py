"""Reporting periods: a calendar quarter «2026-Q4», a calendar year «2026», or an academic
year «2026/27» (1 September – 31 August, also written «2026-2027»); which are due when."""

import re
from dataclasses import dataclass
from datetime import date

from apps.core.academic_year import STARTS_IN_MONTH

# Scheduled reports are made up for in the first days of a quarter, should the beat be down.
CATCH_UP_DAYS = 7

PERIOD = re.compile(r"^(\d{4})(?:-Q([1-4]))?$")
# «2026/27», «2026/2027», «2026-2027» (and «2026–2027» with a dash, as people type it).
ACADEMIC_YEAR = re.compile(r"^(\d{4})\s*[/\-–]\s*(\d{2}|\d{4})$")


@dataclass(frozen=True)
class Period:
    label: str
    start: date
    end: date

    @property
    def is_quarter(self) -> bool:
        return "-Q" in self.label

    @property
    def is_academic_year(self) -> bool:
        return "/" in self.label

    @property
    def academic_year(self) -> int | None:
        """The academic year's first calendar year (2026 for «2026/27»)."""
        return self.start.year if self.is_academic_year else None


def academic_year_label(year: int) -> str:
    return f"{year}/{(year + 1) % 100:02d}"


def academic_year(year: int) -> Period:
    return Period(academic_year_label(year), date(year, 9, 1), date(year + 1, 8, 31))


def parse_period(text: str) -> Period:
    text = text.strip()
    match = ACADEMIC_YEAR.match(text)
    if match:
        first, second = int(match.group(1)), match.group(2)
        if int(second) != (first + 1) % (100 if len(second) == 2 else 10_000):
            raise ValueError(f"An academic year runs over two years in a row, not {text!r}")
        return academic_year(first)
    match = PERIOD.match(text)
    if not match:
        raise ValueError(f"A period is YYYY-Qn, YYYY or YYYY/YY, not {text!r}")
    year = int(match.group(1))
    if match.group(2) is None:
        return Period(str(year), date(year, 1, 1), date(year, 12, 31))
    quarter = int(match.group(2))
    start = date(year, 3 * quarter - 2, 1)
    end = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
    return Period(f"{year}-Q{quarter}", start, date.fromordinal(end.toordinal() - 1))


def quarter_of(day: date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def last_quarters(day: date, count: int) -> list[str]:
    """The `count` quarters up to the one of `day`, oldest first."""
    year, quarter = day.year, (day.month - 1) // 3 + 1
    labels = []
    for _ in range(count):
        labels.append(f"{year}-Q{quarter}")
        year, quarter = (year - 1, 4) if quarter == 1 else (year, quarter - 1)
    return list(reversed(labels))


def year_earlier(quarter: str, years: int = 1) -> str:
    """The same quarter `years` before: «2026-Q4» → «2025-Q4»."""
    year, number = quarter.split("-Q")
    return f"{int(year) - years}-Q{number}"


def comparison_day(year: int, today: date) -> date:
    """The day an academic year is read on: today while it runs; once over, 30 June, the end
    of its last quarter that lies wholly inside it (the summer quarter runs into the next
    year, whose snapshot it becomes). A year to come is read on its first day."""
    period = academic_year(year)
    if today < period.start:
        return period.start
    return min(today, date(year + 1, 6, 30))


def report_as_of(period: Period, today: date) -> date:
    """A report shows the period's end, or today while the period runs."""
    return min(period.end, today)


def periods_due(today: date) -> list[str]:
    """The reports the schedule owes in the first days of a quarter: the quarter just ended,
    in January also the calendar year just ended, in September the academic year; none
    later in the quarter."""
    due = []
    if today.month == STARTS_IN_MONTH and today.day <= CATCH_UP_DAYS:
        due.append(academic_year_label(today.year - 1))
    quarter_start = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    if (today - quarter_start).days >= CATCH_UP_DAYS:
        return due
    due.insert(0, last_quarters(today, 2)[0])
    if today.month == 1:
        due.append(str(today.year - 1))
    return due
