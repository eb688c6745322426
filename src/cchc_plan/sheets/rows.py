"""The records a spreadsheet holds: each row of activities or progress read into the request the
CLI would build from the same values, or into problems that name the file, sheet, row and
column, say what is wrong and how to fix it.

Cells may hold codes or the names the plan shows («vp-1» or «vp-1 — Hướng dẫn…», «trang-tin»
or «Tin, bài trên trang tin của Sở»); dates real date cells or text in any spelling `cchc`
accepts; numbers real numbers or text as clerks write them (1.250.000).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from ..plan.model import Plan
from ..plan.periods import ROMAN
from ..plan.textinput import (
    InputError,
    fold,
    parse_count,
    parse_date,
    parse_money,
    parse_quantity,
    parse_status,
    typed_text,
)
from .columns import (
    ACTIVITY_HEADINGS,
    GUIDE_UNIT,
    MEMBER_HEADING,
    PROGRESS_HEADINGS,
    Header,
    column_letter,
    find_header,
)
from .located import CellProblem, Origin
from .reading import Table

Kind = Literal["activities", "progress"]
_ERROR_VALUES = {"#N/A", "#REF!", "#DIV/0!", "#VALUE!", "#NAME?", "#NULL!", "#NUM!",
                 "#GETTING_DATA", "#SPILL!", "#CALC!"}
_HEADING_WORDS = {**ACTIVITY_HEADINGS, **PROGRESS_HEADINGS, "unit": "Đơn vị", "id": "Mã",
                  "member": MEMBER_HEADING}


@dataclass(frozen=True)
class Incoming:
    """One record to import: an activity or a progress record as the CLI's request."""

    kind: Kind
    origin: Origin
    request: dict[str, Any]
    # The column of each field the row was read from (letter, heading), to place a fault the
    # plan finds later (a date outside the year, a task of another unit).
    columns: dict[str, tuple[str, str]] = field(default_factory=dict)


@dataclass
class Sheets:
    """What a spreadsheet holds for the plan."""

    incoming: list[Incoming] = field(default_factory=list)
    problems: list[CellProblem] = field(default_factory=list)
    ignored_columns: dict[str, list[str]] = field(default_factory=dict)  # by sheet
    ignored_sheets: list[str] = field(default_factory=list)
    empty_rows: int = 0


def records_of(plan: Plan, tables: list[Table], file: str, unit: str | None = None) -> Sheets:
    """The records of every sheet of activities or progress in `tables` (read from `file`).
    Rows name their unit in a «Đơn vị» column, else `unit`, else the workbook's «Hướng dẫn»
    (an intake workbook), else the unit the task is given to."""
    found = Sheets()
    default_unit = unit or _guide_unit(tables)
    names = _Names(plan)
    for table in tables:
        header = find_header(table.rows)
        if header is None:
            found.ignored_sheets.append(table.name)
            continue
        if table.hidden:
            found.problems.append(CellProblem(
                Origin(file, table.name, header.row), None, None, "hidden-sheet",
                "trang này đang bị ẩn nhưng có dữ liệu cần nhập.",
                "Trong Excel: chuột phải vào tên trang › Bỏ ẩn, xem lại dữ liệu; hoặc xóa trang."))
            continue
        merged = [cells for cells in table.merged if cells[2] >= header.row - 1]
        if merged:
            found.problems.extend(_merged(file, table.name, merged))
            continue
        if header.unknown:
            found.ignored_columns[table.name] = header.unknown
        kind = header.kind
        assert kind is not None
        used = set(header.fields.values())
        columns = {key: (column_letter(column), _HEADING_WORDS.get(key, key))
                   for key, column in header.fields.items()}
        for number, row in enumerate(table.rows[header.row:], start=header.row + 1):
            formulas = {column for row_index, column in table.uncomputed if row_index == number - 1}
            if all(_blank(cell) for column, cell in enumerate(row) if column in used) and not (
                    formulas & used):
                found.empty_rows += 1  # also a row that only numbers itself (STT)
                continue
            origin = Origin(file, table.name, number)
            reader = _Row(origin, row, header, names, formulas)
            request = (reader.activity(default_unit) if kind == "activities"
                       else reader.progress(default_unit))
            if reader.problems:
                found.problems.extend(reader.problems)
            elif request is not None:
                found.incoming.append(Incoming(kind, origin, request, columns))
            else:
                found.empty_rows += 1
    return found


def _guide_unit(tables: list[Table]) -> str | None:
    """The unit an intake workbook is for, as its «Hướng dẫn» sheet says."""
    for table in tables:
        for row in table.rows[:30]:
            if len(row) >= 2 and isinstance(row[0], str) and fold(row[0]) == fold(GUIDE_UNIT):
                value = row[1]
                return value.strip() if isinstance(value, str) and value.strip() else None
    return None


def _merged(file: str, sheet: str, ranges: list[tuple[int, int, int, int]]) -> list[CellProblem]:
    problems = []
    for first_row, first_column, last_row, last_column in ranges:
        span = (f"{column_letter(first_column)}{first_row + 1}:"
                f"{column_letter(last_column)}{last_row + 1}")
        problems.append(CellProblem(
            Origin(file, sheet, first_row + 1), column_letter(first_column), None,
            "merged-cells", f"các ô {span} được gộp, nên không biết giá trị thuộc dòng nào.",
            "Bỏ gộp ô (Excel: Trang đầu › Gộp và Căn giữa) và ghi giá trị vào từng dòng."))
    return problems


def _blank(cell: object) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


class _Names:
    """The plan's ids and names, folded, for reading what a cell names."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.tasks = {task.id: task for _, task in plan.tasks()}
        self.task_names = _by_name((task.id, name) for task in self.tasks.values()
                                   for name in (task.title, task.text) if name)
        self.forms = {form.id for form in plan.forms}
        self.form_names = _by_name((form.id, name) for form in plan.forms
                                   for name in (form.name, form.text))
        self.contents = {content.id for content in plan.contents}
        self.content_names = _by_name((content.id, name) for content in plan.contents
                                      for name in (content.name, content.text))
        self.members = {member.id for unit in plan.units for member in unit.members}
        self.member_names = _by_name((member.id, member.name) for unit in plan.units
                                     for member in unit.members)
        self.units = {unit.id for unit in plan.units}
        self.unit_names = _by_name((unit.id, name) for unit in plan.units
                                   for name in (unit.name, unit.short_name))


def _by_name(pairs: Any) -> dict[str, str]:
    return {fold(name): key for key, name in pairs}


class _Row:
    """One row being read; every fault found is kept, so a row's faults come all at once."""

    def __init__(self, origin: Origin, cells: list[object], header: Header, names: _Names,
                 uncomputed: set[int]) -> None:
        self.origin = origin
        self.cells = cells
        self.header = header
        self.names = names
        self.uncomputed = uncomputed
        self.problems: list[CellProblem] = []

    def activity(self, default_unit: str | None) -> dict[str, Any]:
        request: dict[str, Any] = {
            "unit": self.value("unit", self.unit) or default_unit,
            "task": self.value("task", self.task),
            "date": self.value("date", self.date),
            "title": self.value("title", self.text),
            "form": self.value("form", self.form),
            "contents": self.value("contents", self.contents) or [],
            "quantity": self.value("quantity", self.quantity),
            "measure": self.value("measure", self.text),
            "participants": self.value("participants", self.count),
            "cost": self.value("cost", self.money),
            "location": self.value("location", self.text),
            "evidence": self.value("evidence", self.text),
            "member": self.value("member", self.member),
        }
        for key in ("task", "date", "title"):
            if request[key] is None and not self._faulted(key):
                self.fault(key, "missing-value", f"thiếu {_HEADING_WORDS[key].lower()} (bắt buộc).",
                           "Điền ô này, hoặc xóa cả dòng nếu dòng không phải một hoạt động.")
        if request["quantity"] is not None and request["measure"] is None and not self._faulted(
                "measure"):
            self.fault("measure", "quantity-without-measure",
                       f"có số lượng {request['quantity']} nhưng thiếu đơn vị tính.",
                       "Ghi đơn vị tính: tin, bài, buổi, pano, lượt...")
        return request

    def progress(self, default_unit: str | None) -> dict[str, Any] | None:
        status = self.value("status", self.status)
        percent = self.value("percent", self.percent)
        note = self.value("note", self.text)
        if status is None and percent is None and note is None:
            return None  # a task listed and not filled in
        request: dict[str, Any] = {
            "unit": self.value("unit", self.unit) or default_unit,
            "task": self.value("task", self.task),
            "quarter": self.value("quarter", self.quarter),
            "status": status,
            "percent": percent,
            "note": note,
        }
        if status is None and not self._faulted("status"):
            self.fault("status", "missing-value", "thiếu trạng thái.",
                       "Chọn Chưa triển khai, Đang triển khai hoặc Hoàn thành.")
        if request["task"] is None and not self._faulted("task"):
            self.fault("task", "missing-value", "thiếu nhiệm vụ.", "Ghi mã nhiệm vụ (xem «cchc show»).")
        if request["quarter"] is None and not self._faulted("quarter"):
            self.fault("quarter", "missing-value", "thiếu quý của tiến độ.", "Ghi 1, 2, 3 hoặc 4.")
        return request

    # Reading one cell ---------------------------------------------------------------------

    def value(self, key: str, read: Callable[[object], Any]) -> Any:
        column = self.header.fields.get(key)
        if column is None or column >= len(self.cells):
            return None
        cell = self.cells[column]
        if _blank(cell) and column in self.uncomputed:
            self.fault(key, "formula-uncomputed", "ô có công thức nhưng chưa có giá trị (tệp do "
                       "chương trình không tính công thức tạo ra).",
                       "Mở tệp bằng Excel hoặc LibreOffice Calc, lưu lại rồi nhập; hoặc ghi giá trị "
                       "thay cho công thức.")
            return None
        if _blank(cell):
            return None
        if isinstance(cell, str) and cell.strip() in _ERROR_VALUES:
            self.fault(key, "formula-error", f"ô có lỗi công thức {cell.strip()}.",
                       "Sửa công thức hoặc ghi giá trị vào ô.")
            return None
        try:
            return read(cell)
        except InputError as error:
            self.fault(key, "invalid-input", str(error), "")
            return None
        except _Unknown as error:
            self.fault(key, "unknown-reference", error.message, error.hint)
            return None

    def fault(self, key: str, code: str, message: str, hint: str) -> None:
        column = self.header.fields.get(key)
        self.problems.append(CellProblem(
            self.origin, column_letter(column) if column is not None else None,
            _HEADING_WORDS.get(key), code, message, hint))

    def _faulted(self, key: str) -> bool:
        heading = _HEADING_WORDS.get(key)
        return any(problem.heading == heading for problem in self.problems)

    def text(self, cell: object) -> str:
        return typed_text(_as_text(cell))

    def date(self, cell: object) -> dt.date:
        if isinstance(cell, dt.datetime):
            return cell.date()
        if isinstance(cell, dt.date):
            return cell
        if isinstance(cell, (int, float)):
            raise InputError(f"ô ngày chứa số {cell:g}, không phải ngày: định dạng ô là Ngày "
                             "(dd/mm/yyyy) hoặc gõ ngày dạng 15/06/2020")
        return parse_date(_as_text(cell))

    def count(self, cell: object) -> int:
        if isinstance(cell, bool):
            raise InputError(f"«{cell}» không phải số")
        if isinstance(cell, (int, float)):
            if float(cell) != int(cell):
                raise InputError(f"«{cell:g}» phải là số nguyên (không có phần lẻ)")
            return int(cell)
        return parse_count(_as_text(cell))

    def quantity(self, cell: object) -> int | float:
        if isinstance(cell, bool):
            raise InputError(f"«{cell}» không phải số")
        if isinstance(cell, (int, float)):
            return int(cell) if float(cell).is_integer() else round(float(cell), 6)
        return parse_quantity(_as_text(cell))

    def money(self, cell: object) -> int:
        if isinstance(cell, (int, float)) and not isinstance(cell, bool):
            return self.count(cell)
        return parse_money(_as_text(cell))

    def percent(self, cell: object) -> int:
        if isinstance(cell, (int, float)) and not isinstance(cell, bool):
            value = float(cell)
            if 0 < value < 1:  # a cell formatted as a percentage holds 0,6 for 60%
                value *= 100
            if round(value, 6) != int(round(value, 6)):
                raise InputError(f"tỷ lệ «{cell:g}» phải là số nguyên từ 0 đến 100")
            result = round(value)
        else:
            result = parse_count(_as_text(cell).rstrip("% "))
        if not 0 <= result <= 100:
            raise InputError(f"tỷ lệ {result} không nằm trong khoảng 0–100")
        return result

    def quarter(self, cell: object) -> int:
        text = fold(_as_text(cell)).removeprefix("quy").removeprefix("q").strip()
        romans = {roman.lower(): number for number, roman in ROMAN.items()}
        number = int(text) if text.isdigit() else romans.get(text)
        if number not in (1, 2, 3, 4):
            raise InputError(f"quý «{_as_text(cell)}» không có; ghi 1, 2, 3 hoặc 4 (hoặc I–IV)")
        return number

    def status(self, cell: object) -> str:
        return parse_status(_as_text(cell))

    def task(self, cell: object) -> str:
        text = _as_text(cell).strip()
        head = re.split(r"\s+[—–-]\s+", text, maxsplit=1)[0].strip()
        for candidate in (text, head):
            if candidate in self.names.tasks:
                return candidate
        found = self.names.task_names.get(fold(text))
        if found is not None:
            return found
        raise _Unknown(f"không có nhiệm vụ «{text}» trong kế hoạch.",
                       "Chọn nhiệm vụ trong danh sách thả xuống, hoặc ghi mã nhiệm vụ "
                       f"({_sample(self.names.tasks)}; xem «cchc show»).")

    def unit(self, cell: object) -> str:
        text = _as_text(cell).strip()
        if text in self.names.units:
            return text
        found = self.names.unit_names.get(fold(text))
        if found is None:
            raise _Unknown(f"không có đơn vị «{text}» trong kế hoạch.",
                           f"Ghi mã đơn vị ({_sample(self.names.units)}) hoặc tên như trong kế hoạch.")
        return found

    def member(self, cell: object) -> str:
        """A member of a collective unit by its id or name; one the plan does not know is kept
        as written, and refused with the unit's members when the row is checked."""
        text = _as_text(cell)
        return self._known(text, self.names.members, self.names.member_names) or text.strip()

    def form(self, cell: object) -> str:
        return self._one_of(_as_text(cell), self.names.forms, self.names.form_names, "hình thức")

    def contents(self, cell: object) -> list[str]:
        text = _as_text(cell)
        whole = self._known(text, self.names.contents, self.names.content_names)
        if whole is not None:
            return [whole]
        pieces = [piece for piece in re.split(r"[;\n]", text) if piece.strip()]
        if len(pieces) == 1:
            pieces = [piece for piece in text.split(",") if piece.strip()]
        return [self._one_of(piece, self.names.contents, self.names.content_names,
                             "nội dung tuyên truyền") for piece in pieces]

    def _one_of(self, text: str, ids: set[str], names: dict[str, str], what: str) -> str:
        found = self._known(text, ids, names)
        if found is None:
            raise _Unknown(f"không có {what} «{text.strip()}» trong kế hoạch.",
                           f"Chọn trong danh sách thả xuống, hoặc ghi mã ({_sample(ids)}).")
        return found

    @staticmethod
    def _known(text: str, ids: set[str], names: dict[str, str]) -> str | None:
        value = text.strip()
        return value if value in ids else names.get(fold(value))


class _Unknown(Exception):
    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


def _as_text(cell: object) -> str:
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, dt.datetime):
        return f"{cell:%d/%m/%Y}"
    return str(cell)


def _sample(ids: Any) -> str:
    ordered = sorted(ids)
    return ", ".join(ordered[:6]) + (", …" if len(ordered) > 6 else "")
