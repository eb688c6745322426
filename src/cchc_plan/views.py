"""How results look in a terminal: located errors in the style of compilers, the plan as tables."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from .errors import PlanError
from .model import ContentItem, Form, Plan

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table

RULE_NAMES = {
    "statutory": "theo mốc chốt số liệu của Nghị định 09/2019/NĐ-CP",
    "calendar": "theo quý dương lịch",
}


def format_error(error: PlanError, lines: Sequence[str]) -> str:
    """`FILE:LINE:COL: message`, then the line itself with a caret under the column, then the fix."""
    text = f"{error.file}:{error.line}:{error.col}: {error.message}"
    if 1 <= error.line <= len(lines):
        source = lines[error.line - 1].replace("\t", " ")
        gutter = f"{error.line:>5} | "
        text += f"\n{gutter}{source}\n{' ' * (len(gutter) - 2)}| {' ' * (error.col - 1)}^"
    if error.hint:
        text += f"\n      → {error.hint}"
    return text


def print_overview(plan: Plan, console: Console) -> None:
    """The plan at a glance: header, units with their tasks, forms and contents."""
    from rich.table import Table

    header = plan.header
    console.print(f"[bold]{header.kind} {header.title}[/bold]")
    console.print(f"{header.issuing_body} · {header.parent_body}")
    console.print(
        f"Năm {header.year} · báo cáo {RULE_NAMES[plan.reporting.rule]} · "
        f"{len(plan.activities)} hoạt động đã ghi"
    )

    units = {unit.id: unit for unit in plan.units}
    tasks = Table(title="Nhiệm vụ theo đơn vị", title_justify="left", show_lines=True, expand=True)
    tasks.add_column("Đơn vị", ratio=2)
    tasks.add_column("Mã", no_wrap=True)
    tasks.add_column("Nhiệm vụ", ratio=5)
    tasks.add_column("Phối hợp", ratio=2)
    for unit in plan.units:
        for number, task in enumerate(unit.tasks):
            lead = units[task.lead].short_name if task.lead and task.lead != unit.id else ""
            partners = ", ".join(units[partner].short_name for partner in task.coordinating)
            tasks.add_row(
                unit.name if number == 0 else "",
                task.id,
                task.label + (f" (chủ trì: {lead})" if lead else ""),
                partners,
            )
    console.print(tasks)

    console.print(_named_table("Hình thức tuyên truyền", "Hình thức", plan.forms))
    console.print(_named_table("Nội dung tuyên truyền", "Nội dung", plan.contents))


def _named_table(title: str, column: str, items: Sequence[Form | ContentItem]) -> Table:
    from rich.table import Table

    table = Table(title=title, title_justify="left", expand=True)
    table.add_column("Mã", no_wrap=True)
    table.add_column(column)
    for item in items:
        table.add_row(item.id, item.name)
    return table
