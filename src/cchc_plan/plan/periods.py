"""Reporting periods: the data cut-off of Nghị định 09/2019/NĐ-CP, or calendar quarters.

Under the statutory rule a period runs from the 15th of the month before it starts to the
14th of its last month, so quarter I of 2020 is 15/12/2019 to 14/03/2020.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..errors import Loc, Problem
from .model import ReportingRule
from .terms import PeriodCode

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
_MONTHS: dict[PeriodCode, tuple[int, int]] = {
    "Q1": (1, 3), "Q2": (4, 6), "Q3": (7, 9), "Q4": (10, 12),
    "H1": (1, 6), "H2": (7, 12), "9M": (1, 9), "year": (1, 12),
}


@dataclass(frozen=True)
class Period:
    """A span of days, both ends included, that a report covers."""

    year: int
    first_month: int
    last_month: int
    rule: ReportingRule
    start: dt.date
    end: dt.date

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day <= self.end

    @property
    def code(self) -> PeriodCode:
        """`Q2`, `H1`, `9M`, `year`: how notes in the plan file and report file names name it."""
        return next(code for code, months in _MONTHS.items()
                    if months == (self.first_month, self.last_month))

    @property
    def quarter(self) -> int:
        """The last quarter the period covers: progress is read as of its end."""
        return self.last_month // 3

    @property
    def label(self) -> str:
        """How a report's title names the period: «quý II năm 2020», «6 tháng đầu năm 2020»."""
        return period_label(self.code, self.year)

    @property
    def next_label(self) -> str:
        """The period a report's «phương hướng» looks ahead to."""
        code, step = _FOLLOWING[self.code]
        return period_label(code, self.year + step)


_FOLLOWING: dict[PeriodCode, tuple[PeriodCode, int]] = {
    "Q1": ("Q2", 0), "Q2": ("Q3", 0), "Q3": ("Q4", 0), "Q4": ("Q1", 1),
    "H1": ("H2", 0), "H2": ("H1", 1), "9M": ("Q4", 0), "year": ("year", 1),
}


def next_period(period: Period) -> Period:
    """The period after `period` that its report looks ahead to (after Q2, Q3; after the
    year, the next year), by the same rule."""
    code, step = _FOLLOWING[period.code]
    return period_of(code, period.year + step, period.rule)


def period_label(code: PeriodCode, year: int) -> str:
    """«quý II năm 2020», «6 tháng đầu năm 2020», «6 tháng cuối năm 2020», «9 tháng năm 2020»."""
    if code.startswith("Q"):
        return f"quý {ROMAN[int(code[1])]} năm {year}"
    words = {"H1": "6 tháng đầu năm", "H2": "6 tháng cuối năm", "9M": "9 tháng năm", "year": "năm"}
    return f"{words[code]} {year}"


def period_words(code: PeriodCode) -> str:
    """The period without its year, as a clerk says it: «quý II», «6 tháng đầu năm», «9 tháng»,
    «cả năm»."""
    if code.startswith("Q"):
        return f"quý {ROMAN[int(code[1])]}"
    return {"H1": "6 tháng đầu năm", "H2": "6 tháng cuối năm", "9M": "9 tháng",
            "year": "cả năm"}[code]


# The shorter periods a longer one is made of, largest first: a half year of its two quarters,
# nine months of the first half and quarter III, the year of its two halves.
PARTS: dict[PeriodCode, tuple[PeriodCode, ...]] = {
    "H1": ("Q1", "Q2"), "H2": ("Q3", "Q4"), "9M": ("H1", "Q3"), "year": ("H1", "H2"),
    "Q1": (), "Q2": (), "Q3": (), "Q4": (),
}


def period_of(code: PeriodCode, year: int, rule: ReportingRule) -> Period:
    """The reporting period named by `code` in `year` under `rule`."""
    first_month, last_month = _MONTHS[code]
    return months_period(year, first_month, last_month, rule)


def months_period(year: int, first_month: int, last_month: int, rule: ReportingRule) -> Period:
    """The period covering months `first_month`..`last_month` of `year` under `rule`."""
    if rule == "calendar":
        start = dt.date(year, first_month, 1)
        following = dt.date(year + 1, 1, 1) if last_month == 12 else dt.date(year, last_month + 1, 1)
        end = following - dt.timedelta(days=1)
    else:
        start = dt.date(year - 1, 12, 15) if first_month == 1 else dt.date(year, first_month - 1, 15)
        end = dt.date(year, last_month, 14)
    return Period(year, first_month, last_month, rule, start, end)


def quarter_period(year: int, quarter: int, rule: ReportingRule) -> Period:
    """Quarter 1..4 of `year`."""
    return months_period(year, 3 * quarter - 2, 3 * quarter, rule)


def year_period(year: int, rule: ReportingRule) -> Period:
    """The whole reporting year."""
    return months_period(year, 1, 12, rule)


def quarter_of(day: dt.date, rule: ReportingRule) -> tuple[int, int]:
    """(year, quarter) whose period holds `day`: 20/06/2020 is quarter III of 2020 by statute."""
    year = day.year
    if rule == "statutory" and (day.month, day.day) >= (12, 15):
        return year + 1, 1
    month = day.month
    if rule == "statutory" and day.day >= 15 and month % 3 == 0:
        month += 1
    return year, (month - 1) // 3 + 1


def outside_year(day: dt.date, year: int, rule: ReportingRule, loc: Loc = ()) -> Problem | None:
    """The problem of a day that falls outside the reporting year of a plan, else None."""
    period = year_period(year, rule)
    if day in period:
        return None
    return Problem(
        loc, "date-outside-year",
        f"ngày {day:%d/%m/%Y} nằm ngoài kỳ báo cáo năm {year} "
        f"({period.start:%d/%m/%Y} – {period.end:%d/%m/%Y})",
        "Ghi hoạt động này vào kế hoạch của năm chứa ngày đó, hoặc sửa lại ngày.",
    )
