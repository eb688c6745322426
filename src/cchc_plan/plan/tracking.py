"""Where each task stands: its status as of a quarter, and how much of the plan is done."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from .model import STATUS_LABELS, Activity, Plan, ProgressRecord, Status, Task, Unit
from .periods import quarter_of


@dataclass(frozen=True)
class TaskStatus:
    """A task of a unit as of a quarter: the latest progress record and the activities so far."""

    unit: Unit
    task: Task
    status: Status
    percent: int
    note: str | None
    activities: int


def latest_record(
    records: list[ProgressRecord], unit: str, task: str, quarter: int
) -> ProgressRecord | None:
    """The record that holds at the end of `quarter`: the highest quarter, then the last written."""
    candidates = [
        (record.quarter, position, record)
        for position, record in enumerate(records)
        if record.unit == unit and record.task == task and record.quarter <= quarter
    ]
    return max(candidates, key=lambda item: item[:2])[2] if candidates else None


def activities_until(plan: Plan, quarter: int) -> list[Activity]:
    """Activities dated in the plan's year up to the end of `quarter` (by the plan's rule)."""
    return [
        activity
        for activity in plan.activities
        if quarter_of(activity.date, plan.reporting.rule) <= (plan.header.year, quarter)
    ]


def task_statuses(plan: Plan, quarter: int = 4) -> list[TaskStatus]:
    """Every task of every unit as of the end of `quarter`."""
    counted = Counter(activity.task for activity in activities_until(plan, quarter))
    statuses = []
    for unit, task in plan.tasks():
        record = latest_record(plan.progress, unit.id, task.id, quarter)
        status: Status = record.status if record else "not_started"
        percent = {"done": 100, "not_started": 0}.get(status, 0)
        if record and record.percent is not None:
            percent = record.percent
        done = counted[task.id]
        statuses.append(
            TaskStatus(unit, task, status, percent, record.note if record else None, done)
        )
    return statuses


def completion(statuses: list[TaskStatus]) -> tuple[int, int]:
    """(tasks done, tasks in all)."""
    return sum(1 for item in statuses if item.status == "done"), len(statuses)


def status_overview(statuses: list[TaskStatus], quarter: int) -> dict[str, Any]:
    """What `cchc status --json` emits: completion and each task's standing as of `quarter`."""
    done, total = completion(statuses)
    return {
        "quarter": quarter,
        "done": done,
        "total": total,
        "percent": float(share(done, total)),
        "tasks": [
            {
                "unit": item.unit.id,
                "task": item.task.id,
                "status": item.status,
                "percent": item.percent,
                "activities": item.activities,
                "note": item.note,
            }
            for item in statuses
        ],
    }


def share(done: int, total: int) -> Decimal:
    """`done` of `total` in percent with one decimal, rounded half up as clerks do by hand: the
    one figure `status` and every report print (2 of 3 is 66,7%)."""
    if not total:
        return Decimal(0)
    return (Decimal(100 * done) / Decimal(total)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def standing(status: Status, percent: int) -> str:
    """How a report states a task's status: «Đang triển khai (60%)» when a share of the work
    was recorded, else the status alone («Hoàn thành», «Chưa triển khai»)."""
    label = STATUS_LABELS[status]
    return f"{label} ({percent}%)" if status == "in_progress" and percent > 0 else label
