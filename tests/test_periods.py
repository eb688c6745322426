"""Reporting periods: the cut-off of Nghị định 09/2019 and calendar quarters, at every boundary."""

from __future__ import annotations

import datetime as dt
import itertools
import typing

import pytest

from cchc_plan.plan.periods import period_of, quarter_of, quarter_period
from cchc_plan.plan.terms import PeriodCode

D = dt.date
CODES: tuple[PeriodCode, ...] = typing.get_args(PeriodCode)


@pytest.mark.parametrize(
    ("code", "start", "end"),
    [
        ("Q1", D(2019, 12, 15), D(2020, 3, 14)),
        ("Q2", D(2020, 3, 15), D(2020, 6, 14)),
        ("Q3", D(2020, 6, 15), D(2020, 9, 14)),
        ("Q4", D(2020, 9, 15), D(2020, 12, 14)),
        ("H1", D(2019, 12, 15), D(2020, 6, 14)),
        ("H2", D(2020, 6, 15), D(2020, 12, 14)),
        ("9M", D(2019, 12, 15), D(2020, 9, 14)),
        ("year", D(2019, 12, 15), D(2020, 12, 14)),
    ],
)
def test_statutory_periods_run_from_the_15th_to_the_14th(code: PeriodCode, start: D, end: D) -> None:
    period = period_of(code, 2020, "statutory")
    assert (period.start, period.end) == (start, end)


@pytest.mark.parametrize(
    ("code", "start", "end"),
    [
        ("Q1", D(2020, 1, 1), D(2020, 3, 31)),
        ("Q2", D(2020, 4, 1), D(2020, 6, 30)),
        ("Q3", D(2020, 7, 1), D(2020, 9, 30)),
        ("Q4", D(2020, 10, 1), D(2020, 12, 31)),
        ("H1", D(2020, 1, 1), D(2020, 6, 30)),
        ("H2", D(2020, 7, 1), D(2020, 12, 31)),
        ("9M", D(2020, 1, 1), D(2020, 9, 30)),
        ("year", D(2020, 1, 1), D(2020, 12, 31)),
    ],
)
def test_calendar_periods_are_whole_months(code: PeriodCode, start: D, end: D) -> None:
    period = period_of(code, 2020, "calendar")
    assert (period.start, period.end) == (start, end)


@pytest.mark.parametrize(
    ("day", "rule", "expected"),
    [
        (D(2020, 6, 14), "statutory", (2020, 2)),
        (D(2020, 6, 15), "statutory", (2020, 3)),
        (D(2020, 6, 20), "statutory", (2020, 3)),
        (D(2020, 3, 14), "statutory", (2020, 1)),
        (D(2020, 3, 15), "statutory", (2020, 2)),
        (D(2020, 12, 14), "statutory", (2020, 4)),
        (D(2020, 12, 15), "statutory", (2021, 1)),
        (D(2019, 12, 20), "statutory", (2020, 1)),
        (D(2020, 1, 1), "statutory", (2020, 1)),
        (D(2020, 2, 29), "statutory", (2020, 1)),
        (D(2020, 6, 30), "calendar", (2020, 2)),
        (D(2020, 7, 1), "calendar", (2020, 3)),
        (D(2020, 12, 31), "calendar", (2020, 4)),
        (D(2021, 1, 1), "calendar", (2021, 1)),
        (D(2020, 2, 29), "calendar", (2020, 1)),
    ],
)
def test_the_quarter_of_a_day(day: D, rule: typing.Any, expected: tuple[int, int]) -> None:
    assert quarter_of(day, rule) == expected


@pytest.mark.parametrize("rule", ["statutory", "calendar"])
@pytest.mark.parametrize("year", [2019, 2020, 2021, 2024, 2100])
def test_every_day_lies_in_exactly_the_quarter_quarter_of_names(rule: typing.Any, year: int) -> None:
    """Exhaustive over every day from 1/12 of the year before to 31/12, leap days included."""
    day = D(year - 1, 12, 1)
    while day <= D(year, 12, 31):
        holders = [
            (period_year, quarter)
            for period_year in (year, year + 1)
            for quarter in (1, 2, 3, 4)
            if day in quarter_period(period_year, quarter, rule)
        ]
        if day.year == year or rule == "statutory" and day >= D(year - 1, 12, 15):
            assert holders == [quarter_of(day, rule)], day
        day += dt.timedelta(days=1)


@pytest.mark.parametrize("rule", ["statutory", "calendar"])
@pytest.mark.parametrize("year", [2020, 2021])
def test_halves_nine_months_and_year_are_unions_of_their_quarters(rule: typing.Any, year: int) -> None:
    quarters = [quarter_period(year, quarter, rule) for quarter in (1, 2, 3, 4)]
    spans = {"H1": quarters[:2], "H2": quarters[2:], "9M": quarters[:3], "year": quarters}
    for code, parts in spans.items():
        period = period_of(code, year, rule)  # type: ignore[arg-type]
        assert (period.start, period.end) == (parts[0].start, parts[-1].end)
        for left, right in itertools.pairwise(parts):
            assert right.start - left.end == dt.timedelta(days=1)


def test_the_leap_day_is_counted_in_quarter_one() -> None:
    assert D(2020, 2, 29) in period_of("Q1", 2020, "statutory")
    assert period_of("Q1", 2020, "calendar").end - period_of("Q1", 2020, "calendar").start == (
        dt.timedelta(days=90)
    )
    assert period_of("Q1", 2021, "calendar").end - period_of("Q1", 2021, "calendar").start == (
        dt.timedelta(days=89)
    )


@pytest.mark.parametrize(
    ("code", "label", "next_label", "quarter"),
    [
        ("Q1", "quý I năm 2020", "quý II năm 2020", 1),
        ("Q2", "quý II năm 2020", "quý III năm 2020", 2),
        ("Q3", "quý III năm 2020", "quý IV năm 2020", 3),
        ("Q4", "quý IV năm 2020", "quý I năm 2021", 4),
        ("H1", "6 tháng đầu năm 2020", "6 tháng cuối năm 2020", 2),
        ("H2", "6 tháng cuối năm 2020", "6 tháng đầu năm 2021", 4),
        ("9M", "9 tháng năm 2020", "quý IV năm 2020", 3),
        ("year", "năm 2020", "năm 2021", 4),
    ],
)
def test_each_period_is_named_as_a_report_title_names_it(
    code: PeriodCode, label: str, next_label: str, quarter: int
) -> None:
    period = period_of(code, 2020, "statutory")
    assert (period.code, period.label, period.next_label, period.quarter) == (
        code, label, next_label, quarter
    )


def test_every_period_code_has_a_period() -> None:
    assert [period_of(code, 2020, "statutory").code for code in CODES] == list(CODES)
