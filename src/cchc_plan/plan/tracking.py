"""Where each task stands: its status as of a quarter, and how much of the plan is done."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from .deadlines import deadline_of, is_overdue
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
    depth: int = 0  # 0 for a task of the plan, 1 for its sub-task, ...
    parent: str | None = None
    estimated: bool = False  # the record that holds is an estimate («ước thực hiện»)


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
    """Every task of every unit as of the end of `quarter`, each followed by its sub-tasks.

    A task with sub-tasks and no record of its own stands where they stand: done when all of
    them are, under way when any has begun. A record marking it done holds either way."""
    counted = Counter(activity.task for activity in activities_until(plan, quarter))
    return [item for unit in plan.units for task in unit.tasks
            for item in _standing(plan.progress, counted, quarter, unit, task, 0, None)]


def _standing(records: list[ProgressRecord], counted: Counter[str], quarter: int, unit: Unit,
              task: Task, depth: int, parent: str | None) -> list[TaskStatus]:
    """The standing of `task`, then of its sub-tasks at every depth. (A function of the module,
    not a closure: a recursive closure is a reference cycle holding the plan, left for the
    collector that commands run without.)"""
    below: list[TaskStatus] = []
    children: list[TaskStatus] = []
    for sub in task.subtasks:
        rows = _standing(records, counted, quarter, unit, sub, depth + 1, task.id)
        children.append(rows[0])
        below += rows
    record = latest_record(records, unit.id, task.id, quarter)
    status: Status = record.status if record else "not_started"
    percent = {"done": 100, "not_started": 0}.get(status, 0)
    if record and record.percent is not None:
        percent = record.percent
    if children and status != "done":
        if all(child.status == "done" for child in children):
            status, percent = "done", 100
        elif record is None and any(child.status != "not_started" for child in children):
            status = "in_progress"
            percent = round(sum(child.percent for child in children) / len(children))
    activities = counted[task.id] + sum(child.activities for child in children)
    return [TaskStatus(unit, task, status, percent, record.note if record else None, activities,
                       depth, parent, bool(record and record.estimated)), *below]


def completion(statuses: list[TaskStatus]) -> tuple[int, int]:
    """(tasks done, tasks in all), counting the plan's tasks once: not their sub-tasks."""
    counted = [item for item in statuses if item.depth == 0]
    return sum(1 for item in counted if item.status == "done"), len(counted)


def status_overview(statuses: list[TaskStatus], quarter: int, year: int,
                    as_of: dt.date) -> dict[str, Any]:
    """What `cchc status --json` emits: completion and each task's standing as of `quarter`,
    and whether it is overdue on `as_of` (a task not done after its deadline)."""
    done, total = completion(statuses)
    tasks = []
    for item in statuses:
        deadline = deadline_of(item.task, year)
        tasks.append({
            "unit": item.unit.id,
            "task": item.task.id,
            "status": item.status,
            "percent": item.percent,
            "activities": item.activities,
            "note": item.note,
            "parent": item.parent,
            "deadline": deadline.as_json() if deadline else None,
            "overdue": is_overdue(deadline, item.status, as_of),
        })
    return {
        "quarter": quarter,
        "as_of": as_of.isoformat(),
        "done": done,
        "total": total,
        "percent": float(share(done, total)),
        "overdue": sum(1 for task in tasks if task["overdue"]),
        "tasks": tasks,
    }


def share(done: float, total: float) -> Decimal:
    """`done` of `total` in percent with one decimal, rounded half up as clerks do by hand: the
    one figure `status` and every report print (2 of 3 is 66,7%)."""
    if not total:
        return Decimal(0)
    return (Decimal(100) * Decimal(str(done)) / Decimal(str(total))).quantize(Decimal("0.1"),
                                                                         ROUND_HALF_UP)


def standing(status: Status, percent: int) -> str:
    """How a report states a task's status: «Đang triển khai (60%)» when a share of the work
    was recorded, else the status alone («Hoàn thành», «Chưa triển khai»)."""
    label = STATUS_LABELS[status]
    return f"{label} ({percent}%)" if status == "in_progress" and percent > 0 else label
