"""Choosing activities by quarter, unit and task."""

from __future__ import annotations

from .model import Activity, Plan
from .periods import quarter_of


def select_activities(
    plan: Plan, quarter: int | None = None, unit: str | None = None, task: str | None = None
) -> list[Activity]:
    """Activities of the plan matching every filter given, by date then id."""
    chosen = [
        activity
        for activity in plan.activities
        if (unit is None or activity.unit == unit)
        and (task is None or activity.task == task)
        and (
            quarter is None
            or quarter_of(activity.date, plan.reporting.rule) == (plan.header.year, quarter)
        )
    ]
    return sorted(chosen, key=lambda activity: (activity.date, activity.id))
