"""Commands that look at a plan file: check it, show it, print its schema."""

from __future__ import annotations

import sys

from ..errors import ExitCode
from .app import app
from .options import (
    JsonOption,
    PlanFilesArgument,
    PlanOption,
    YearOption,
    plan_files,
    plan_path,
    print_json,
)


@app.command()
def check(
    files: PlanFilesArgument = None,
    plan: PlanOption = None,
    year: YearOption = None,
    as_json: JsonOption = False,
) -> int:
    """Kiểm tra tệp kế hoạch: báo mọi lỗi kèm dòng, cột và cách sửa."""
    from ..reading.loader import load_plan
    from .views import print_errors

    loads = [load_plan(path) for path in plan_files(files, plan, year)]
    results = [
        {"ok": loaded.ok, "file": str(loaded.path), "errors": [e.as_json() for e in loaded.errors]}
        for loaded in loads
    ]
    ok = all(loaded.ok for loaded in loads)
    if as_json:
        print_json(results[0] if len(results) == 1 else {"ok": ok, "files": results})
        return ExitCode.OK if ok else ExitCode.PLAN_INVALID
    for loaded in loads:
        if loaded.plan is not None:
            tasks = sum(len(unit.tasks) for unit in loaded.plan.units)
            below = len(loaded.plan.tasks()) - tasks
            counted = f"{tasks} nhiệm vụ" + (f" ({below} nhiệm vụ con)" if below else "")
            print(
                f"{loaded.path}: hợp lệ · {len(loaded.plan.units)} đơn vị, {counted}, "
                f"{len(loaded.plan.forms)} hình thức, {len(loaded.plan.contents)} nội dung, "
                f"{len(loaded.plan.activities)} hoạt động."
            )
        else:
            print_errors(loaded.errors, loaded.sources)
    return ExitCode.OK if ok else ExitCode.PLAN_INVALID


@app.command()
def show(plan: PlanOption = None, year: YearOption = None, as_json: JsonOption = False) -> int:
    """Xem nhanh kế hoạch: đơn vị và nhiệm vụ, hình thức, nội dung tuyên truyền."""
    from ..plan.overview import plan_overview
    from ..reading.loader import load_valid_plan

    valid_plan = load_valid_plan(plan_path(plan, year))
    if as_json:
        print_json(plan_overview(valid_plan))
    else:
        from rich.console import Console

        from .views import print_overview

        print_overview(valid_plan, Console())
    return ExitCode.OK


@app.command()
def schema() -> int:
    """In JSON Schema của tệp kế hoạch (để trình soạn thảo kiểm tra khi gõ)."""
    from ..plan.schema import plan_json_schema_text

    sys.stdout.write(plan_json_schema_text())
    return ExitCode.OK
