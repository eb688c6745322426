"""How results look in a terminal: located errors in the style of compilers, the plan as tables."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..errors import PlanError, Problem, visible
from ..plan.deadlines import deadline_of
from ..plan.model import STATUS_LABELS, Activity, ContentItem, Form, Plan, Task
from ..plan.periods import ROMAN

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from ..gitplan.changes import Change
    from ..plan.tracking import TaskStatus

RULE_NAMES = {
    "statutory": "theo mốc chốt số liệu của Nghị định 09/2019/NĐ-CP",
    "calendar": "theo quý dương lịch",
}


SHOWN_WIDTH = 100  # characters of a source line shown under an error


def print_errors(errors: list[PlanError], source: str | dict[str, str], count: bool = True) -> None:
    """Every error on standard error, each under its line of `source` (one text, or texts by
    file name), then how many there are."""
    for error in errors:
        text = source.get(error.file, "") if isinstance(source, dict) else source
        # Lines as YAML counts them: split at line feeds only (str.splitlines would also split
        # at NEL or U+2028, which the error points at).
        print(format_error(error, text.replace("\r\n", "\n").split("\n")), file=sys.stderr)
    if count:
        print(f"{len(errors)} lỗi.", file=sys.stderr)


def format_error(error: PlanError, lines: Sequence[str]) -> str:
    """`FILE:LINE:COL: message`, then the line itself with a caret under the column, then the fix.

    What comes from the file is made harmless for the terminal first: a control character
    (an escape sequence could recolour or rewrite the screen) shows as «�», and a long line
    (a file of one line, a minified value) as the part around the column."""
    text = f"{error.file}:{error.line}:{error.col}: {visible(error.message)}"
    if 1 <= error.line <= len(lines):
        source, col = _window(visible(lines[error.line - 1].replace("\t", " ")), error.col)
        gutter = f"{error.line:>5} | "
        text += f"\n{gutter}{source}\n{' ' * (len(gutter) - 2)}| {' ' * (col - 1)}^"
    if error.hint:
        text += f"\n      → {error.hint}"
    return text


def _window(line: str, col: int) -> tuple[str, int]:
    """At most SHOWN_WIDTH characters of `line` around `col`, and the column within them."""
    if len(line) <= SHOWN_WIDTH:
        return line, col
    start = min(max(col - 1 - SHOWN_WIDTH // 2, 0), len(line) - SHOWN_WIDTH)
    shown = line[start : start + SHOWN_WIDTH]
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + SHOWN_WIDTH < len(line) else ""
    return prefix + shown + suffix, col - start + len(prefix)


def print_overview(plan: Plan, console: Console) -> None:
    """The plan at a glance: header, units with their tasks, forms and contents."""
    from rich.table import Table

    header = plan.header
    console.print(_plain(f"{header.kind} {header.title}"), style="bold")
    console.print(_plain(" · ".join(filter(None, (header.issuing_body, header.parent_body)))))
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
        rows = [(task, depth) for top in unit.tasks for task, depth in _with_depth(top, 0)]
        for number, (task, depth) in enumerate(rows):
            lead = ", ".join(units[item].short_name for item in task.lead
                             if item in units and item != unit.id)
            partners = ", ".join(units[partner].short_name if partner in units else partner
                                 for partner in task.coordinating)
            deadline = deadline_of(task, plan.header.year)
            due = f" (thời hạn: {deadline.text})" if deadline else ""
            tasks.add_row(
                _plain(unit.name if number == 0 else ""),
                task.id,
                _plain(_indented(task.label, depth) + (f" (chủ trì: {lead})" if lead else "") + due),
                _plain(partners),
            )
        if unit.members:
            tasks.add_row("", "", _plain("Thành viên: " + ", ".join(
                f"{member.name} ({member.id})" for member in unit.members)), "")
    console.print(tasks)

    console.print(_named_table("Hình thức tuyên truyền", "Hình thức", plan.forms))
    console.print(_named_table("Nội dung tuyên truyền", "Nội dung", plan.contents))


def _indented(label: str, depth: int) -> str:
    """A sub-task's label as the tables show it: indented, after «+» as plans write it."""
    return "  " * depth + ("+ " if depth else "") + label


def _with_depth(task: Task, depth: int) -> list[tuple[Task, int]]:
    return [(task, depth), *(item for sub in task.subtasks for item in _with_depth(sub, depth + 1))]


def _named_table(title: str, column: str, items: Sequence[Form | ContentItem]) -> Table:
    from rich.table import Table

    table = Table(title=title, title_justify="left", expand=True)
    table.add_column("Mã", no_wrap=True)
    table.add_column(column)
    for item in items:
        table.add_row(item.id, _plain(item.name))
    return table


def unit_summary(plan: Plan, unit_id: str) -> str:
    """One line, like a task manager's "Project X is 40% complete"."""
    from ..plan.tracking import completion, share, task_statuses
    from ..reports.vietnamese import percent

    statuses = [item for item in task_statuses(plan) if item.unit.id == unit_id]
    done, total = completion(statuses)
    unit = plan.unit(unit_id)
    name = unit.name if unit else unit_id
    recorded = sum(1 for activity in plan.activities if activity.unit == unit_id)
    return (
        f"{name}: {done}/{total} nhiệm vụ hoàn thành ({percent(share(done, total))}), "
        f"{recorded} hoạt động đã ghi."
    )


def print_activities(plan: Plan, activities: Sequence[Activity], console: Console) -> None:
    """Activities as a table: date, unit, task, title, quantity."""
    from rich.table import Table

    units = {unit.id: unit.short_name for unit in plan.units}
    table = Table(title=f"{len(activities)} hoạt động", title_justify="left", expand=True)
    table.add_column("Ngày", no_wrap=True)
    table.add_column("Đơn vị", no_wrap=True)
    table.add_column("Nhiệm vụ", no_wrap=True)
    table.add_column("Hoạt động", ratio=1)
    table.add_column("Số lượng", justify="right")
    for activity in activities:
        amount = f"{activity.quantity} {activity.measure}" if activity.quantity else ""
        table.add_row(
            f"{activity.date:%d/%m/%Y}", _plain(units.get(activity.unit, activity.unit)), activity.task,
            _plain(activity.title), _plain(amount),
        )
    console.print(table)


def print_status(plan: Plan, statuses: Sequence[TaskStatus], quarter: int, day: dt.date,
                 console: Console) -> None:
    """Each unit's tasks (sub-tasks indented) with status, a bar and, when the plan gives
    deadlines, when each is due and whether it is overdue on `day`; then the plan's completion."""
    from rich.table import Table

    from ..plan.deadlines import is_overdue
    from ..plan.tracking import completion, share
    from ..reports.vietnamese import percent

    year = plan.header.year
    dated = any(item.task.deadline is not None for item in statuses)
    overdue = 0
    console.print(f"[bold]Tiến độ đến hết quý {ROMAN[quarter]} năm {year}[/bold]")
    for unit in plan.units:
        table = Table(title=_plain(unit.name), title_justify="left", expand=True)
        table.add_column("Mã", no_wrap=True)
        table.add_column("Nhiệm vụ", ratio=1)
        table.add_column("Trạng thái", no_wrap=True)
        table.add_column("Tiến độ", no_wrap=True)
        if dated:
            table.add_column("Thời hạn", no_wrap=True)
        for item in (item for item in statuses if item.unit.id == unit.id):
            cells: list[str | Text] = [
                item.task.id, _plain(_indented(item.task.label, item.depth)),
                STATUS_LABELS[item.status], f"{_bar(item.percent)} {item.percent:>3}%"]
            late = False
            if dated:
                deadline = deadline_of(item.task, year)
                late = is_overdue(deadline, item.status, day)
                overdue += late
                cells.append(_plain((deadline.text if deadline else "") + (" · quá hạn" if late else "")))
            table.add_row(*cells, style="red" if late else None)
        console.print(table)
    done, total = completion(list(statuses))
    console.print(
        f"Cả kế hoạch: {done}/{total} nhiệm vụ hoàn thành ({percent(share(done, total))})."
        + (f" {overdue} nhiệm vụ quá hạn (đến ngày {day:%d/%m/%Y})." if overdue else "")
    )


def print_warnings(warnings: Sequence[Problem]) -> None:
    """What was written anyway though it looks like a slip: «Lưu ý: --option: …» on stderr."""
    from .wording import option_named

    for problem in warnings:
        named = f"{option_named(str(problem.loc[0]))}: " if problem.loc else ""
        print(f"Lưu ý: {named}{problem.message}"
              + (f"\n      → {problem.hint}" if problem.hint else ""), file=sys.stderr)


def _plain(value: str) -> Text:
    """Text from the plan, shown as it is: never read as rich's markup (a title holding
    «[/b]» or «[link=…]» would break the table or restyle the screen), control characters shown
    as «�»."""
    from rich.text import Text

    return Text(visible(value))


def _bar(percent: int, width: int = 10) -> str:
    """A bar never fuller than the work: 95% fills 9 of 10 cells, only 100% all ten."""
    filled = percent * width // 100
    return "█" * filled + "░" * (width - filled)


WORKING_TREE = "bản đang sửa"


def changes_text(changes: Sequence[Change], path: str, old: str, new: str | None) -> str:
    """`cchc diff` for a terminal."""
    from ..gitplan.changes import describe

    head = f"Thay đổi trong {path} ({old} → {new or WORKING_TREE}):"
    if not changes:
        return f"{head} không có thay đổi nào về nội dung.\n"
    return "\n".join([head, *(line for change in changes for line in describe(change))]) + "\n"


def changes_markdown(changes: Sequence[Change], path: str, old: str, new: str | None) -> str:
    """`cchc diff --format md`: a pull request's description, grouped by kind."""
    from ..gitplan.changes import KIND_WORDS, describe

    lines = [f"### Thay đổi kế hoạch `{path}` ({old} → {new or WORKING_TREE})", ""]
    if not changes:
        return "\n".join([*lines, "Không có thay đổi nào về nội dung.", ""])
    for kind, word in KIND_WORDS.items():
        group = [change for change in changes if change.kind == kind]
        if not group:
            continue
        lines += [f"**{word[0].upper() + word[1:]}** ({len(group)})", ""]
        for change in group:
            first, *rest = describe(change)
            lines.append(f"- {first}")
            lines += [f"  - {line.strip()}" for line in rest]
        lines.append("")
    return "\n".join(lines)


def changes_json(changes: Sequence[Change], path: str, old: str, new: str | None) -> str:
    """`cchc diff --format json`; `to` is null for the file as it is now."""
    import json

    data = {"file": path, "from": old, "to": new, "changes": [change.as_json() for change in changes]}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
