"""The timeline: activities as bars over the months of the roadmap's period (Gantt-like)."""

from dataclasses import dataclass
from datetime import date

from django.utils.dates import MONTHS_3

from . import deadlines


@dataclass
class Bar:
    activity: object
    first: int  # index of the first month column, 0-based
    span: int  # number of month columns
    state: str


def month_index(roadmap, day: date) -> int:
    return (day.year - roadmap.academic_year) * 12 + day.month - 9


def build_timeline(roadmap, activities: list, *, today: date) -> dict:
    """Months of the period and, per activity, the columns its bar covers.

    A dated activity covers the months from its start (or its due month) to its due month;
    «throughout the year» covers the whole period; an unread deadline has no bar."""
    month_count = 12 * roadmap.period_years
    months = []
    for index in range(month_count):
        year = roadmap.academic_year + (index + 8) // 12
        month = (index + 8) % 12 + 1
        months.append({"label": MONTHS_3[month], "year": year, "month": month})  # «сен», «sep»
    rows = []
    for activity in activities:
        bar = None
        state = getattr(activity, "state", None) or activity.state(today)
        if activity.deadline_kind == deadlines.THROUGHOUT or (activity.due_on is None and activity.starts_on):
            first, last = 0, month_count - 1
        elif activity.due_on:
            first = month_index(roadmap, activity.starts_on or activity.due_on)
            last = month_index(roadmap, activity.due_on)
        else:
            first = last = None
        if first is not None:
            first, last = max(first, 0), min(last, month_count - 1)
            if first <= last:
                bar = Bar(activity, first, last - first + 1, state)
        before = bar.first if bar else month_count
        after = month_count - bar.first - bar.span if bar else 0
        row = {"activity": activity, "bar": bar, "state": state, "before": before, "after": after}
        if activity.recurrence:
            row["occurrences"] = _occurrence_cells(roadmap, activity, month_count, today)
        rows.append(row)
    today_index = month_index(roadmap, today)
    return {
        "months": months,
        "rows": rows,
        "today_index": today_index if 0 <= today_index < month_count else None,
    }


# The state a month shows when several occurrences fall in it (weekly): the worst.
STATE_WEIGHT = {"overdue": 3, "planned": 2, "done": 1}


def _occurrence_cells(roadmap, activity, month_count: int, today: date) -> list[dict | None]:
    """A recurring activity's months: a mark in each month one of its occurrences is due in,
    coloured by its state (uses the prefetched `occurrences`)."""
    cells: list[dict | None] = [None] * month_count
    for occurrence in activity.occurrences.all():
        index = month_index(roadmap, occurrence.due_on)
        if not 0 <= index < month_count:
            continue
        state = occurrence.state(today)
        cell = cells[index]
        if cell is None or STATE_WEIGHT[state] > STATE_WEIGHT[cell["state"]]:
            cells[index] = {"state": state, "due_on": occurrence.due_on}
    return cells
