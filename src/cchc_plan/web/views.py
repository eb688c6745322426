"""What the pages show, as plain data from the plan: completion by unit, activities by month
and by form, tasks not yet done, the next cut-off date, and the filtered list of activities."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any, get_args

from ..plan.model import STATUS_LABELS, Activity, Plan
from ..plan.periods import ROMAN, Period, period_label, period_of, period_words, quarter_period
from ..plan.terms import PeriodCode
from ..plan.textinput import fold
from ..plan.tracking import completion, share, standing, task_statuses
from ..reports import vietnamese

# Every period a page offers, named as a clerk says it («Quý II», «6 tháng đầu năm», «Cả năm»).
PERIODS: tuple[tuple[PeriodCode, str], ...] = tuple(
    (code, period_words(code)[0].upper() + period_words(code)[1:]) for code in get_args(PeriodCode))
MONTHS = tuple(f"Th{month}" for month in range(1, 13))


@dataclass(frozen=True)
class Bar:
    label: str
    value: float  # what the bar shows
    text: str  # the figure written beside it
    width: float  # its length, in percent of the longest


def overview(plan: Plan, today: dt.date) -> dict[str, Any]:
    quarter = current_quarter(plan, today)
    statuses = task_statuses(plan, quarter)
    units = []
    for unit in plan.units:
        done, total = completion([line for line in statuses if line.unit.id == unit.id])
        percent = float(share(done, total))
        units.append(Bar(unit.name, percent, f"{done}/{total} ({vietnamese.percent(percent)})",
                         percent))
    done, total = completion(statuses)
    whole = float(share(done, total))
    months = Counter(activity.date.month for activity in plan.activities
                     if activity.date.year == plan.header.year)
    forms = Counter(activity.form for activity in plan.activities)
    names = {form.id: form.name for form in plan.forms}
    return {
        "quarter": quarter,
        "quarter_label": period_label(f"Q{quarter}", plan.header.year),  # type: ignore[arg-type]
        "completion": Bar("Cả kế hoạch", whole, f"{done}/{total} ({vietnamese.percent(whole)})",
                          whole),
        "units": units,
        "months": _bars([(MONTHS[month - 1], months.get(month, 0)) for month in range(1, 13)]),
        "forms": _bars([(names.get(form or "", "Hình thức khác"), count)
                        for form, count in forms.most_common()]),
        "pending": [{"unit": line.unit.name, "task": line.task.id, "title": line.task.label,
                     "standing": standing(line.status, line.percent)}
                    for line in statuses if line.status != "done"],
        "cutoff": next_cutoff(plan, today),
        "activities": len(plan.activities),
    }


def current_quarter(plan: Plan, today: dt.date) -> int:
    """The quarter of the plan's year that `today` falls in (the last when the year is over,
    the first when it has not begun)."""
    for quarter in (1, 2, 3, 4):
        if today <= quarter_period(plan.header.year, quarter, plan.reporting.rule).end:
            return quarter
    return 4


def next_cutoff(plan: Plan, today: dt.date) -> dict[str, str] | None:
    """The next report's period and the day its figures close (Nghị định 09/2019)."""
    for quarter in (1, 2, 3, 4):
        period = quarter_period(plan.header.year, quarter, plan.reporting.rule)
        if today <= period.end:
            return {"label": f"quý {ROMAN[quarter]} năm {plan.header.year}",
                    "date": f"{period.end:%d/%m/%Y}", "days": str((period.end - today).days)}
    return None


def period_bounds(plan: Plan, code: PeriodCode) -> Period:
    return period_of(code, plan.header.year, plan.reporting.rule)


def filtered(
    plan: Plan, period: PeriodCode | None, unit: str | None, task: str | None, form: str | None,
    text: str | None,
) -> list[Activity]:
    """The activities matching every filter given, by date then id."""
    bounds = period_bounds(plan, period) if period else None
    wanted = fold(text) if text else None
    chosen = [
        activity for activity in plan.activities
        if (bounds is None or activity.date in bounds)
        and (not unit or activity.unit == unit) and (not task or activity.task == task)
        and (not form or activity.form == form)
        and (wanted is None or wanted in fold(" ".join(
            value for value in (activity.title, activity.location or "", activity.evidence or "",
                                activity.measure or "") if value)))
    ]
    return sorted(chosen, key=lambda activity: (activity.date, activity.id))


def has_percent_targets(plan: Plan) -> bool:
    """Whether a task has a percentage target, whose achieved share the progress form asks."""
    return any(target.kind == "percent" for _, task in plan.tasks() for target in task.targets)


def status_choices() -> list[tuple[str, str]]:
    return list(STATUS_LABELS.items())


def _bars(pairs: list[tuple[str, int]]) -> list[Bar]:
    longest = max((count for _, count in pairs), default=0) or 1
    return [Bar(label, count, vietnamese.number(count), 100 * count / longest)
            for label, count in pairs]
