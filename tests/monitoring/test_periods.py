"""Periods: quarters, calendar years and academic years (1 September – 31 August)."""

from datetime import date

import pytest

from apps.core.academic_year import academic_year_of
from apps.monitoring.forms import ReportForm
from apps.monitoring.periods import (
    comparison_day,
    parse_period,
    periods_due,
    year_earlier,
)


@pytest.mark.parametrize("text", ["2026/27", "2026-2027", "2026/2027", " 2026–2027 "])
def test_an_academic_year_is_read_in_the_ways_people_write_it(text):
    period = parse_period(text)
    assert period.label == "2026/27"
    assert (period.start, period.end) == (date(2026, 9, 1), date(2027, 8, 31))
    assert period.is_academic_year and not period.is_quarter and period.academic_year == 2026


def test_the_turn_of_the_century_and_years_that_do_not_follow():
    assert parse_period("2099/00").end == date(2100, 8, 31)
    for text in ("2026/28", "2026-2028", "2026/2026", "2026/7"):
        with pytest.raises(ValueError):
            parse_period(text)


def test_quarters_and_calendar_years_keep_their_contract():
    assert parse_period("2026-Q4").label == "2026-Q4" and parse_period("2026-Q4").end == date(2026, 12, 31)
    year = parse_period("2026")
    assert (year.label, year.start, year.end, year.is_academic_year) == (
        "2026",
        date(2026, 1, 1),
        date(2026, 12, 31),
        False,
    )
    with pytest.raises(ValueError):
        parse_period("2026-Q5")


def test_the_academic_year_of_a_day():
    assert academic_year_of(date(2026, 8, 31)) == 2025
    assert academic_year_of(date(2026, 9, 1)) == 2026


def test_a_year_is_compared_at_the_same_point_as_the_year_before():
    today = date(2026, 12, 6)
    assert comparison_day(2026, today) == today  # running: today
    assert comparison_day(2025, today) == date(2026, 6, 30)  # over: its last whole quarter
    assert comparison_day(2027, today) == date(2027, 9, 1)
    assert year_earlier("2026-Q4") == "2025-Q4"


def test_the_academic_years_report_is_due_in_septembers_first_days():
    assert periods_due(date(2027, 9, 1)) == ["2026/27"]
    assert periods_due(date(2027, 9, 8)) == []
    assert periods_due(date(2027, 10, 2)) == ["2027-Q3"]


def test_the_report_form_takes_an_academic_year():
    form = ReportForm({"period": "2025-2026"})
    assert form.is_valid() and form.cleaned_data["period"] == "2025/26"
    assert not ReportForm({"period": "2025-2027"}).is_valid()
