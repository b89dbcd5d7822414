"""Reporting periods: a calendar quarter «2026-Q4» or a year «2026»; which are due when."""

import re
from dataclasses import dataclass
from datetime import date

# Scheduled reports are made up for in the first days of a quarter, should the beat be down.
CATCH_UP_DAYS = 7

PERIOD = re.compile(r"^(\d{4})(?:-Q([1-4]))?$")


@dataclass(frozen=True)
class Period:
    label: str
    start: date
    end: date

    @property
    def is_quarter(self) -> bool:
        return "-Q" in self.label


def parse_period(text: str) -> Period:
    match = PERIOD.match(text.strip())
    if not match:
        raise ValueError(f"A period is YYYY-Qn or YYYY, not {text!r}")
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


def report_as_of(period: Period, today: date) -> date:
    """A report shows the period's end, or today while the period runs."""
    return min(period.end, today)


def periods_due(today: date) -> list[str]:
    """The reports the schedule owes in the first days of a quarter: the quarter just ended,
    and in January also the year just ended; none later in the quarter."""
    quarter_start = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    if (today - quarter_start).days >= CATCH_UP_DAYS:
        return []
    due = [last_quarters(today, 2)[0]]
    if today.month == 1:
        due.append(str(today.year - 1))
    return due
