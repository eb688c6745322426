"""Bring a plan file of an older schema version up to the current one before it is validated.

Each step takes the data of version N and changes it, in place, into version N+1. A file is
never rewritten by loading: the steps only change the data in memory.
"""

from __future__ import annotations

from collections.abc import Callable, MutableMapping
from typing import Any

from ..errors import Problem
from .model import SCHEMA_VERSION

Migration = Callable[[MutableMapping[str, Any]], None]



def _leads_as_lists(data: MutableMapping[str, Any]) -> None:
    """Version 2 lets a task have several lead units: `lead: vp` becomes `lead: [vp]`."""
    units = data.get("units")
    for unit in units if isinstance(units, list) else []:
        tasks = unit.get("tasks") if isinstance(unit, MutableMapping) else None
        for task in tasks if isinstance(tasks, list) else []:
            if isinstance(task, MutableMapping) and "lead" in task:
                lead = task["lead"]
                task["lead"] = [lead] if isinstance(lead, str) else [] if lead is None else lead


# MIGRATIONS[n] turns version n into version n + 1.
MIGRATIONS: dict[int, Migration] = {1: _leads_as_lists}
# The migrations from this version on leave the records (activities, progress, notes) as they
# are: a reading may take records another reading validated (see `reading.versions`).
RECORDS_KEPT_SINCE = 1


def migrate(
    data: MutableMapping[str, Any],
    current: int = SCHEMA_VERSION,
    steps: dict[int, Migration] | None = None,
) -> list[Problem]:
    """Upgrade `data` to `current` in place; a version this program cannot read is a problem."""
    steps = MIGRATIONS if steps is None else steps
    loc = ("schema_version",)
    if "schema_version" not in data:
        return [
            Problem(
                (), "schema-version", "thiếu khóa «schema_version»",
                f"Thêm dòng «schema_version: {current}» ở đầu tệp.",
            )
        ]
    version = data["schema_version"]
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        return [
            Problem(
                loc, "schema-version", f"phiên bản lược đồ «{version}» không hợp lệ",
                f"Ghi một số nguyên, ví dụ «schema_version: {current}».",
            )
        ]
    if version > current:
        return [
            Problem(
                loc, "schema-version",
                f"tệp dùng lược đồ phiên bản {version}, mới hơn phiên bản {current} "
                "mà bản cchc này hiểu được",
                "Cài đặt bản cchc mới hơn.",
            )
        ]
    for step in range(version, current):
        if step not in steps:
            return [
                Problem(
                    loc, "schema-version",
                    f"không có cách chuyển lược đồ phiên bản {step} lên {step + 1}",
                    "Cài đặt bản cchc đã đọc được tệp này trước đây.",
                )
            ]
        steps[step](data)
        data["schema_version"] = step + 1
    return []
