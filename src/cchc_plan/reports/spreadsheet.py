"""The report as a workbook for whoever compiles the figures (Sở Nội vụ asks for Excel), and the
activity list as CSV for other programs.

The workbook holds the same values as `--format json`: numbers as numbers with Vietnamese
display formats, dates as dates, totals as formulas that Excel recomputes (with the value
beside them for readers that do not calculate), columns as wide as what they hold, and the
report's header block on the first sheet. The same report gives the same bytes.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ..sheets.workbook import (
    COUNT_FORMAT,
    DATE_FORMAT,
    PERCENT_FORMAT,
    fit_to_width,
    looks_like_formula,
    saved,
    set_text,
)
from .data import task_rows
from .vietnamese import amounts

_HEADING_FILL = "DDEBF7"
_MAX_WIDTH = 60


@dataclass
class _Column:
    """A column: its heading, and whether the totals row sums it. A cell's display format comes
    from its value (a date, a count, a percentage), not from its column."""

    heading: str
    total: bool = False


@dataclass
class _Table:
    name: str
    columns: list[_Column]
    rows: list[list[Any]]
    totals_label: str | None = None  # the first cell of a totals row, when the table has one
    above: list[list[Any]] = field(default_factory=list)  # lines above the table (header block)


def render_xlsx(data: dict[str, Any]) -> bytes:
    """The workbook of a report's data (`as_dict()` of a department's report or a roll-up)."""
    from openpyxl import Workbook

    tables = _rollup_tables(data) if "departments" in data else _report_tables(data)
    workbook = Workbook(write_only=True)
    cached: dict[tuple[str, str], Any] = {}
    for number, table in enumerate(tables, start=1):
        sheet = workbook.create_sheet(table.name)
        _write(sheet, table, f"xl/worksheets/sheet{number}.xml", cached)
    return saved(workbook, cached)


def render_csv(data: dict[str, Any]) -> bytes:
    """The activity list (a roll-up: its departments) as CSV: UTF-8 with a BOM so that Excel
    reads the diacritics, commas, CRLF; dates as 15/06/2020; text that a spreadsheet would run
    as a formula starts with an apostrophe."""
    table = _departments(data) if "departments" in data else _activities(data)
    stream = io.StringIO()
    writer = csv.writer(stream, lineterminator="\r\n")
    writer.writerow([column.heading for column in table.columns])
    for row in table.rows:
        writer.writerow([_csv_value(value) for value in row])
    return ("\ufeff" + stream.getvalue()).encode("utf-8")


def _csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, str):
        return "'" + value if looks_like_formula(value) else value
    return str(value)


# The tables ----------------------------------------------------------------------------------

def _report_tables(data: dict[str, Any]) -> list[_Table]:
    tally = [_Column("Số hoạt động", total=True), _Column("Số lượng"),
             _Column("Lượt người tham dự", total=True), _Column("Kinh phí (đồng)", total=True)]

    def tallies(name: str, heading: str, items: list[dict[str, Any]], summed: bool) -> _Table:
        rows = [[item["name"], item["activities"], amounts(item["quantities"]),
                 item["participants"], item["cost"]] for item in items]
        return _Table(name, [_Column(heading), *tally], rows, "Tổng cộng" if summed else None)

    units = _Table(
        "Theo đơn vị",
        [_Column("Đơn vị"), _Column("Nhiệm vụ hoàn thành", total=True),
         _Column("Số nhiệm vụ", total=True), _Column("Tỷ lệ hoàn thành (%)"), *tally],
        [[unit["name"], unit["completion"]["done"], unit["completion"]["total"],
          unit["completion"]["percent"], unit["totals"]["activities"],
          amounts(unit["totals"]["quantities"]), unit["totals"]["participants"],
          unit["totals"]["cost"]] for unit in data["units"]],
        "Tổng cộng",
    )
    tasks = _Table(
        "Nhiệm vụ",
        [_Column("Đơn vị"), _Column("Mã"), _Column("Nhiệm vụ"), _Column("Tình hình thực hiện"),
         _Column("Tỷ lệ hoàn thành (%)"), _Column("Số hoạt động trong kỳ"),
         _Column("Chỉ tiêu"), _Column("Đạt"), _Column("Tỷ lệ đạt chỉ tiêu (%)"),
         _Column("Ghi chú"), _Column("Thời hạn"), _Column("Quá hạn")],
        [row for unit in data["units"] for task in task_rows(unit["tasks"])
         for row in _task_rows(unit, task)],
    )
    # An activity has one form, so the forms add up to the total; it may have several contents,
    # so the contents do not (the total is on the first sheet).
    return [_summary(data), tallies("Theo hình thức", "Hình thức", data["by_form"], True),
            tallies("Theo nội dung", "Nội dung", data["by_content"], False), units, tasks,
            _activities(data)]


def _task_rows(unit: dict[str, Any], task: dict[str, Any]) -> list[list[Any]]:
    """A task's rows: one per target (at least one); a sub-task's title is marked «+»."""
    title = "  " * task["depth"] + ("+ " if task["depth"] else "") + task["title"]
    first = [unit["name"], task["id"], title, task["standing"], task["percent"],
             len(task["activities"])]
    deadline = task["deadline"]["text"] if task["deadline"] else None
    late = "Quá hạn" if task["overdue"] else None
    targets = task.get("targets") or [None]
    rows = []
    for number, target in enumerate(targets):
        row = first if number == 0 else ["", "", "", "", None, None]
        due = [deadline, late] if number == 0 else [None, None]
        if target is None:
            rows.append([*row, None, None, None, task["note"], *due])
        else:
            rows.append([*row, target["text"], target["achieved"], target["share"],
                         task["note"] if number == 0 else None, *due])
    return rows


def _activities(data: dict[str, Any]) -> _Table:
    contents = {item["id"]: item["name"] for item in data["by_content"]}
    return _Table(
        "Hoạt động",
        [_Column("Ngày"), _Column("Đơn vị"), _Column("Nhiệm vụ"), _Column("Tên hoạt động"),
         _Column("Hình thức"), _Column("Nội dung"), _Column("Số lượng"),
         _Column("Đơn vị tính"), _Column("Lượt người tham dự", total=True),
         _Column("Kinh phí (đồng)", total=True), _Column("Địa điểm"), _Column("Minh chứng"),
         _Column("Mã")],
        [[_day(line["date"]), line["unit_name"], line["task_title"], line["title"],
          line["form_name"], "; ".join(contents.get(item, item) for item in line["contents"]), line["quantity"], line["measure"],
          line["participants"], line["cost"], line["location"], line["evidence"], line["id"]]
         for line in data["activities"]],
        "Tổng cộng" if data["activities"] else None,
    )


def _summary(data: dict[str, Any]) -> _Table:
    completion, totals = data["completion"], data["totals"]
    rows = [
        ["Kỳ báo cáo", data["period"]["label"]],
        ["Từ ngày", _day(data["period"]["start"])],
        ["Đến ngày", _day(data["period"]["end"])],
        ["Nhiệm vụ hoàn thành", completion["done"]],
        ["Số nhiệm vụ", completion["total"]],
        ["Tỷ lệ hoàn thành (%)", completion["percent"]],
        ["Số hoạt động", totals["activities"]],
        ["Số lượng", amounts(totals["quantities"])],
        ["Lượt người tham dự", totals["participants"]],
        ["Kinh phí (đồng)", totals["cost"]],
    ]
    return _Table("Tổng hợp", [_Column("Chỉ số"), _Column("Giá trị")], rows,
                  above=_header_block(data["document"]))


def _rollup_tables(data: dict[str, Any]) -> list[_Table]:
    completion, totals = data["completion"], data["totals"]
    summary = _Table("Tổng hợp", [_Column("Chỉ số"), _Column("Giá trị")], [
        ["Kỳ báo cáo", data["period"]["label"]],
        ["Số cơ quan", len(data["departments"])],
        ["Nhiệm vụ hoàn thành", completion["done"]],
        ["Số nhiệm vụ", completion["total"]],
        ["Tỷ lệ hoàn thành (%)", completion["percent"]],
        ["Số hoạt động", totals["activities"]],
        ["Lượt người tham dự", totals["participants"]],
        ["Kinh phí (đồng)", totals["cost"]],
    ], above=_header_block(data["document"]))
    return [summary, _departments(data)]


def _departments(data: dict[str, Any]) -> _Table:
    return _Table(
        "Theo cơ quan",
        [_Column("Cơ quan"), _Column("Kế hoạch"), _Column("Nhiệm vụ hoàn thành", total=True),
         _Column("Số nhiệm vụ", total=True), _Column("Tỷ lệ hoàn thành (%)"),
         _Column("Nhiệm vụ chưa hoàn thành", total=True), _Column("Số hoạt động", total=True),
         _Column("Số lượng"), _Column("Lượt người tham dự", total=True),
         _Column("Kinh phí (đồng)", total=True)],
        [[item["name"], item["plan_title"], item["completion"]["done"], item["completion"]["total"],
          item["completion"]["percent"], item["pending"], item["totals"]["activities"],
          amounts(item["totals"]["quantities"]), item["totals"]["participants"],
          item["totals"]["cost"]] for item in data["departments"]],
        "Tổng cộng",
    )


def _header_block(document: dict[str, Any]) -> list[list[Any]]:
    """The header of the report, as its first lines: the issuing body on the left, the motto on
    the right (Nghị định 30/2020), then the kind and what it is about."""
    lines = [*document["issuer_lines"], ""][:2]
    return [
        [lines[0], "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
        [lines[1], "Độc lập - Tự do - Hạnh phúc"],
        [document.get("number_line", "").replace("\xa0", " "), document["date_line"]],
        [],
        [document["kind"]],
        [document["summary"]],
        [],
    ]


def _day(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


# Writing ---------------------------------------------------------------------------------------

def _write(sheet: Any, table: _Table, file: str, cached: dict[tuple[str, str], Any]) -> None:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    bold = Font(bold=True)
    heading_fill = PatternFill("solid", fgColor=_HEADING_FILL)
    widths = [len(column.heading) for column in table.columns]
    for values in table.rows:
        for number, value in enumerate(values):
            widths[number] = max(widths[number], _shown_width(value))
    for values in table.above[:3]:  # the header block's names, in bold capitals: wider letters
        for number, value in enumerate(values):
            widths[number] = max(widths[number], round(1.25 * _shown_width(value)))
    for number, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = min(_MAX_WIDTH, width + 2)
    sheet.freeze_panes = f"A{len(table.above) + 2}"
    fit_to_width(sheet, landscape=len(table.columns) > 4)
    for line_number, line in enumerate(table.above):
        cells = []
        for value in line:
            cell = WriteOnlyCell(sheet, value=value)
            if line_number in (1, 4):
                cell.font = bold
            cells.append(cell)
        sheet.append(cells)
    headings = []
    for column in table.columns:
        cell = WriteOnlyCell(sheet, value=column.heading)
        cell.font, cell.fill = bold, heading_fill
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        headings.append(cell)
    sheet.append(headings)
    first = len(table.above) + 2
    for values in table.rows:
        sheet.append([_cell(sheet, value) for value in values])
    if table.totals_label is None:
        return
    last = first + len(table.rows) - 1
    row_number = last + 1
    totals: list[Any] = []
    for number, column in enumerate(table.columns):
        letter = get_column_letter(number + 1)
        if number == 0:
            cell = WriteOnlyCell(sheet, value=table.totals_label)
        elif column.total:
            cell = WriteOnlyCell(sheet, value=f"=SUM({letter}{first}:{letter}{max(first, last)})")
            cell.number_format = COUNT_FORMAT
            cached[(file, f"{letter}{row_number}")] = sum(
                values[number] or 0 for values in table.rows)
        else:
            cell = WriteOnlyCell(sheet, value=None)
        cell.font = bold
        totals.append(cell)
    sheet.append(totals)


def _cell(sheet: Any, value: Any) -> Any:
    from openpyxl.cell import WriteOnlyCell

    if isinstance(value, Decimal):
        value = float(value)
    cell = WriteOnlyCell(sheet)
    if isinstance(value, str):
        set_text(cell, value)  # never a formula, whatever it starts with
        return cell
    cell.value = value
    if isinstance(value, dt.date):
        cell.number_format = DATE_FORMAT
    elif isinstance(value, float):
        cell.number_format = PERCENT_FORMAT
    elif isinstance(value, int):
        cell.number_format = COUNT_FORMAT
    return cell


def _shown_width(value: Any) -> int:
    if value is None:
        return 0
    if isinstance(value, dt.date):
        return 10
    if isinstance(value, int):
        return len(f"{value:,}")
    return len(str(value))
