"""The workbook a unit fills in: its activities of a period and where its tasks stand.

Sheets «Hoạt động» (one row per activity, drop-down lists from the plan), «Tiến độ» (one row
per task of the unit, its standing as recorded so far), «Hướng dẫn» (how to fill it in, and the
unit and period it is for) and «Danh mục» (the lists the drop-downs offer). `cchc import`
reads it back; the column names are the ones `columns` recognises.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..plan.model import STATUS_LABELS, Plan, Task, Unit
from ..plan.periods import period_label, period_of
from ..plan.references import given_units
from ..plan.terms import PeriodCode
from ..plan.tracking import task_statuses
from .columns import (
    ACTIVITY_HEADINGS,
    GUIDE_PERIOD,
    GUIDE_UNIT,
    MEMBER_HEADING,
    PROGRESS_HEADINGS,
    column_letter,
)
from .workbook import COUNT_FORMAT, DATE_FORMAT, fit_to_width, saved, set_text

ROWS_TO_FILL = 500
LAST_QUARTER: dict[str, int] = {"Q1": 1, "Q2": 2, "Q3": 3, "Q4": 4, "H1": 2, "H2": 4, "9M": 3,
                                "year": 4}
# A quantity may be 1,5 (giờ): whole numbers show without a decimal mark.
QUANTITY_FORMAT = "General"
_WIDTHS = {"task": 34, "date": 16, "title": 48, "form": 30, "contents": 34, "quantity": 10,
           "measure": 14, "participants": 14, "cost": 16, "location": 24, "evidence": 34,
           "member": 30}
_HEADING_FILL = "DDEBF7"
_GUIDE_LINE = 85  # characters of «Hướng dẫn» text on one line of its 90-wide column


@dataclass(frozen=True)
class Intake:
    unit: Unit
    period: PeriodCode
    file_name: str
    data: bytes


def intake_file_name(year: int, period: PeriodCode, unit_id: str) -> str:
    """`nhap-lieu-2020-Q2-van-phong-so.xlsx`."""
    return f"nhap-lieu-{year}-{period}-{unit_id}.xlsx"


def unit_tasks(plan: Plan, unit: Unit) -> list[Task]:
    """The tasks a unit records work on: its own first, then those it leads or helps with."""
    own = [task for top in unit.tasks for task in top.walk()]
    given = given_units(vars(plan))
    others = [task for owner, task in plan.tasks()
              if owner.id != unit.id and unit.id in given[task.id]]
    return own + others


def task_choice(task: Task) -> str:
    """How a task is offered in the drop-down: its id, then its name (`import` reads the id)."""
    return f"{task.id} — {task.label}"


def build_intake(plan: Plan, unit: Unit, period: PeriodCode) -> Intake:
    from openpyxl import Workbook

    year = plan.header.year
    workbook = Workbook()
    activities = workbook.active
    activities.title = "Hoạt động"
    progress = workbook.create_sheet("Tiến độ")
    guide = workbook.create_sheet("Hướng dẫn")
    lists = workbook.create_sheet("Danh mục")
    tasks = unit_tasks(plan, unit)
    ranges = _write_lists(lists, plan, tasks, unit)
    _write_activities(activities, plan, ranges, bool(unit.members))
    _write_progress(progress, plan, unit, period)
    _write_guide(guide, plan, unit, period)
    return Intake(unit, period, intake_file_name(year, period, unit.id), saved(workbook))


def _write_lists(sheet: Any, plan: Plan, tasks: list[Task], unit: Unit) -> dict[str, str]:
    """The drop-down lists, a column each; the range each list takes. A collective unit's
    members come last, so the other lists keep their columns."""
    measures = sorted({activity.measure for activity in plan.activities if activity.measure})
    columns = {
        "task": ("Các nhiệm vụ của đơn vị", [task_choice(task) for task in tasks]),
        "form": ("Các hình thức", [form.name for form in plan.forms]),
        "contents": ("Các nội dung tuyên truyền", [content.name for content in plan.contents]),
        "measure": ("Các đơn vị tính đã dùng", measures),
        "status": ("Các trạng thái", list(STATUS_LABELS.values())),
    }
    if unit.members:
        columns["member"] = ("Các thành viên", [member.name for member in unit.members])
    ranges = {}
    for number, (key, (heading, values)) in enumerate(columns.items(), start=1):
        letter = column_letter(number - 1)
        _heading(sheet.cell(row=1, column=number), heading)
        for row, value in enumerate(values, start=2):
            set_text(sheet.cell(row=row, column=number), value)
        sheet.column_dimensions[letter].width = min(60, max([len(heading), *map(len, values)]) + 2)
        ranges[key] = f"'Danh mục'!${letter}$2:${letter}${max(2, len(values) + 1)}"
    sheet.freeze_panes = "A2"
    return ranges


def _write_activities(sheet: Any, plan: Plan, ranges: dict[str, str], members: bool) -> None:
    """Rows of the plan's whole year: the period is named in «Hướng dẫn». A collective unit's
    sheet ends with the member that did each activity."""
    from openpyxl.worksheet.datavalidation import DataValidation

    headings = {**ACTIVITY_HEADINGS, **({"member": MEMBER_HEADING} if members else {})}
    keys = list(headings)
    for number, key in enumerate(keys, start=1):
        _heading(sheet.cell(row=1, column=number), headings[key])
        sheet.column_dimensions[column_letter(number - 1)].width = _WIDTHS[key]
    _headed_and_printable(sheet)
    last = ROWS_TO_FILL + 1
    column = {key: column_letter(number) for number, key in enumerate(keys)}
    bounds = period_of("year", plan.header.year, plan.reporting.rule)
    checks = [
        ("task", DataValidation(type="list", formula1=f"={ranges['task']}", allow_blank=True,
                                showErrorMessage=True, errorTitle="Nhiệm vụ",
                                error="Chọn một nhiệm vụ trong danh sách.",
                                promptTitle="Nhiệm vụ", prompt="Chọn nhiệm vụ của đơn vị.")),
        ("date", DataValidation(type="date", operator="between",
                                formula1=f"DATE({bounds.start:%Y,%m,%d})".replace(",0", ","),
                                formula2=f"DATE({bounds.end:%Y,%m,%d})".replace(",0", ","),
                                allow_blank=True, showErrorMessage=True, errorTitle="Ngày",
                                error=f"Ngày phải trong năm báo cáo: {bounds.start:%d/%m/%Y} – "
                                      f"{bounds.end:%d/%m/%Y}, viết ngày/tháng/năm.",
                                promptTitle="Ngày", prompt="Ngày/tháng/năm, ví dụ 15/06/2020.")),
        ("form", DataValidation(type="list", formula1=f"={ranges['form']}", allow_blank=True,
                                showErrorMessage=True, errorTitle="Hình thức",
                                error="Chọn một hình thức trong danh sách.")),
        ("contents", DataValidation(type="list", formula1=f"={ranges['contents']}",
                                    allow_blank=True, showErrorMessage=True, errorStyle="warning",
                                    errorTitle="Nội dung",
                                    error="Nhiều nội dung thì ngăn bằng dấu chấm phẩy «;».",
                                    promptTitle="Nội dung",
                                    prompt="Chọn trong danh sách; nhiều nội dung thì ngăn bằng «;».")),
        *([("member", DataValidation(type="list", formula1=f"={ranges['member']}",
                                     allow_blank=True, showErrorMessage=True,
                                     errorTitle=MEMBER_HEADING,
                                     error="Chọn một thành viên trong danh sách."))]
          if members else []),
        ("measure", DataValidation(type="list", formula1=f"={ranges['measure']}",
                                   allow_blank=True, showErrorMessage=True, errorStyle="information",
                                   errorTitle="Đơn vị tính", error="Đơn vị tính mới: được.")),
    ]
    checks.append(("quantity", DataValidation(
        type="decimal", operator="greaterThan", formula1="0", allow_blank=True,
        showErrorMessage=True, errorTitle=ACTIVITY_HEADINGS["quantity"],
        error="Ghi một số lớn hơn 0 (không có chữ); số lẻ được, ví dụ 1,5 giờ.")))
    for key in ("participants", "cost"):
        checks.append((key, DataValidation(
            type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
            showErrorMessage=True, errorTitle=ACTIVITY_HEADINGS[key],
            error="Ghi một số nguyên, không âm (không có chữ).")))
    for key, check in checks:
        check.add(f"{column[key]}2:{column[key]}{last}")
        sheet.add_data_validation(check)
    for row in range(2, last + 1):
        sheet[f"{column['date']}{row}"].number_format = DATE_FORMAT
        for key in ("participants", "cost"):
            sheet[f"{column[key]}{row}"].number_format = COUNT_FORMAT
        sheet[f"{column['quantity']}{row}"].number_format = QUANTITY_FORMAT


def _write_progress(sheet: Any, plan: Plan, unit: Unit, period: PeriodCode) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    quarter = LAST_QUARTER[period]
    for number, key in enumerate(PROGRESS_HEADINGS, start=1):
        _heading(sheet.cell(row=1, column=number), PROGRESS_HEADINGS[key])
    for letter, width in zip("ABCDEF", (7, 14, 60, 20, 14, 40), strict=True):
        sheet.column_dimensions[letter].width = width
    _headed_and_printable(sheet)
    statuses = {(line.unit.id, line.task.id): line for line in task_statuses(plan, quarter)}
    for row, task in enumerate(unit.tasks, start=2):
        line = statuses.get((unit.id, task.id))
        sheet.cell(row=row, column=1, value=quarter)
        set_text(sheet.cell(row=row, column=2), task.id)
        set_text(sheet.cell(row=row, column=3), task.label)
        set_text(sheet.cell(row=row, column=4), STATUS_LABELS[line.status] if line else None)
        sheet.cell(row=row, column=5, value=line.percent if line else None)
        set_text(sheet.cell(row=row, column=6), line.note if line else None)
    status_list = DataValidation(type="list", formula1='"' + ",".join(STATUS_LABELS.values()) + '"',
                                 allow_blank=True, showErrorMessage=True, errorTitle="Trạng thái",
                                 error="Chọn một trạng thái trong danh sách.")
    percent = DataValidation(type="whole", operator="between", formula1="0", formula2="100",
                             allow_blank=True, showErrorMessage=True, errorTitle="Tỷ lệ",
                             error="Tỷ lệ hoàn thành là số nguyên từ 0 đến 100.")
    last = max(2, len(unit.tasks) + 1)
    status_list.add(f"D2:D{last}")
    percent.add(f"E2:E{last}")
    sheet.add_data_validation(status_list)
    sheet.add_data_validation(percent)


def _write_guide(sheet: Any, plan: Plan, unit: Unit, period: PeriodCode) -> None:
    from openpyxl.styles import Alignment, Font

    year = plan.header.year
    bounds = period_of(period, year, plan.reporting.rule)
    lines: list[tuple[str, str]] = [
        ("PHIẾU NHẬP KẾT QUẢ TUYÊN TRUYỀN CẢI CÁCH HÀNH CHÍNH", ""),
        ("Kế hoạch", f"{plan.header.title} ({plan.header.issuing_body})"),
        ("Đơn vị", unit.name),
        (GUIDE_UNIT, unit.id),
        (GUIDE_PERIOD, period),
        ("Kỳ báo cáo", (f"{period_label(period, year)}: từ {bounds.start:%d/%m/%Y} "
                       f"đến {bounds.end:%d/%m/%Y}")),
        ("", ""),
        ("Cách điền", ""),
        ("1.", ("Trang «Hoạt động»: mỗi dòng một hoạt động đã làm. Chọn nhiệm vụ, hình thức, "
               "nội dung trong danh sách thả xuống; ngày viết ngày/tháng/năm (15/06/2020).")),
        ("2.", ("Bắt buộc: Nhiệm vụ, Ngày, Tên hoạt động. Có Số lượng thì ghi cả Đơn vị tính "
               "(tin, bài, buổi, pano...).")),
        ("3.", "Nhiều nội dung tuyên truyền cho một hoạt động: ngăn bằng dấu chấm phẩy «;»."),
        ("4.", "Số người tham dự, Kinh phí (đồng): chỉ ghi số, không ghi chữ."),
        ("5.", ("Trang «Tiến độ»: mỗi dòng một nhiệm vụ của đơn vị; chọn trạng thái, ghi tỷ lệ "
               "hoàn thành (0–100) và ghi chú nếu có.")),
        ("6.", ("Không đổi tên trang, không xóa dòng tiêu đề, không gộp ô. Lưu tệp (.xlsx) rồi "
               "gửi lại cho Văn phòng.")),
        ("", ""),
        ("Văn phòng nhập tệp bằng lệnh", f"cchc import {intake_file_name(year, period, unit.id)}"),
    ]
    for row, (label, text) in enumerate(lines, start=1):
        set_text(sheet.cell(row=row, column=1), label or None)
        set_text(sheet.cell(row=row, column=2), text or None)
        sheet.cell(row=row, column=2).alignment = Alignment(wrap_text=True, vertical="top")
        sheet.cell(row=row, column=1).alignment = Alignment(vertical="top")
        # Rows tall enough for the wrapped text: a reader sizes rows from what they hold only
        # for rows it lays out itself, not for rows of a file it opens.
        sheet.row_dimensions[row].height = 15 * max(1, -(-len(text) // _GUIDE_LINE))
    sheet["A1"].font = Font(bold=True, size=13)
    sheet["A8"].font = Font(bold=True)
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["B"].width = 90
    fit_to_width(sheet, landscape=False)


def _headed_and_printable(sheet: Any) -> None:
    """The heading row two lines high and always in view; printed landscape, one page wide,
    the heading on every page."""
    sheet.freeze_panes = "A2"
    sheet.row_dimensions[1].height = 32
    fit_to_width(sheet, landscape=True)
    sheet.print_title_rows = "1:1"


def _heading(cell: Any, text: str) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill

    set_text(cell, text)
    cell.font = Font(bold=True)
    cell.fill = PatternFill("solid", fgColor=_HEADING_FILL)
    cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
