"""Where a clerk is likely wrong though the record is valid: said as warnings, written anyway.

Each rule is a small pure function of the plan and what was typed; it returns the problems it
sees (`Problem` with the field it is about), never raises. `--strict` turns them into errors.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ..errors import Problem
from .model import STATUS_LABELS, Plan, Task
from .textinput import fold


def activity_advice(
    plan: Plan, task: Task, request: Mapping[str, Any], measures: Iterable[str] | None = None
) -> list[Problem]:
    """A new activity's form or content outside its task's own lists, and a measure that
    differs from one already used only in diacritics, case or spacing (`measures`: those
    used, when already known, as `used_measures` gives them)."""
    found = []
    form = request.get("form")
    if form and task.forms and form not in task.forms:
        found.append(Problem(
            ("form",), "unusual-form",
            f"hình thức «{form}» không nằm trong các hình thức của nhiệm vụ «{task.id}» "
            f"({', '.join(task.forms)})",
            "Kiểm tra lại nhiệm vụ hoặc hình thức; nếu đúng là vậy thì không cần làm gì.",
        ))
    outside = [item for item in request.get("contents") or [] if task.contents and item not in task.contents]
    if outside:
        found.append(Problem(
            ("contents",), "unusual-content",
            f"nội dung {', '.join(f'«{item}»' for item in outside)} không nằm trong các nội "
            f"dung của nhiệm vụ «{task.id}» ({', '.join(task.contents)})",
            "Kiểm tra lại nhiệm vụ hoặc nội dung; nếu đúng là vậy thì không cần làm gì.",
        ))
    measure = request.get("measure")
    if measure:
        near = similar_measure(measure, used_measures(plan) if measures is None else measures)
        if near is not None:
            found.append(Problem(
                ("measure",), "similar-measure",
                f"đơn vị tính «{measure}» gần giống «{near}» đã dùng, chỉ khác dấu, chữ hoa "
                "hay dấu cách",
                f"Dùng đúng «{near}» để các số được cộng chung trong báo cáo.",
            ))
    return found


def used_measures(plan: Plan) -> list[str]:
    """The measures the plan's activities use, each once, in the order first used."""
    return list(dict.fromkeys(activity.measure for activity in plan.activities if activity.measure))


def similar_measure(measure: str, used: Iterable[str]) -> str | None:
    """A measure already used that is the same as `measure` but for diacritics, case or
    spacing («tin bai», «Tin  bài» beside «tin bài»); None when `measure` itself was used."""
    seen = list(dict.fromkeys(used))
    if measure in seen:
        return None
    return next((other for other in seen if fold(other) == fold(measure)), None)


def progress_advice(status: str, percent: int | None) -> list[Problem]:
    """A percentage that contradicts the status: done below 100%, not started above 0%."""
    if percent is None:
        return []
    if (status == "done" and percent < 100) or (status == "not_started" and percent > 0):
        return [Problem(
            ("percent",), "percent-mismatch",
            f"trạng thái «{STATUS_LABELS[status]}» mà tỷ lệ là {percent}%",
            "Sửa trạng thái thành «Đang triển khai» (in_progress), hoặc sửa tỷ lệ cho khớp.",
        )]
    return []
