"""The academic year: 1 September to 31 August, named by the calendar year it starts in
(2026 for 2026/2027). Every app reads it here."""

from datetime import date

from django.utils import timezone

STARTS_IN_MONTH = 9  # September


def academic_year_of(day: date) -> int:
    return day.year if day.month >= STARTS_IN_MONTH else day.year - 1


def current_academic_year(today: date | None = None) -> int:
    """The academic year of `today`, by default of the local date."""
    return academic_year_of(today or timezone.localdate())


def academic_year_in_full(year: int) -> str:
    """2026 → «2026/2027», as schools write it (reports' periods write «2026/27»)."""
    return f"{year}/{year + 1}"
