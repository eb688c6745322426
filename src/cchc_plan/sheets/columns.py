"""The columns of a spreadsheet of activities or progress, recognised by their headings.

A unit's own sheet names its columns in its own words: «Ngày thực hiện», «ngay», «NGÀY», «Số
lượng (tin, bài)». A heading is folded (lower case, no diacritics, no words in brackets) and
looked up among the names each column is known by; columns not known are listed and ignored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from ..plan.textinput import fold

# The headings `intake` writes, in its order: the contract of the «Hoạt động» sheet.
ACTIVITY_HEADINGS = {
    "task": "Nhiệm vụ",
    "date": "Ngày thực hiện",
    "title": "Tên hoạt động",
    "form": "Hình thức",
    "contents": "Nội dung tuyên truyền",
    "quantity": "Số lượng",
    "measure": "Đơn vị tính",
    "participants": "Số người tham dự",
    "cost": "Kinh phí (đồng)",
    "location": "Địa điểm",
    "evidence": "Minh chứng",
}
# The column `intake` adds for a collective unit («UBND các xã, thị trấn»): which member did it.
MEMBER_HEADING = "Thành viên"
PROGRESS_HEADINGS = {
    "quarter": "Quý",
    "task": "Nhiệm vụ",
    "task_name": "Tên nhiệm vụ",
    "status": "Trạng thái",
    "percent": "Tỷ lệ hoàn thành (%)",
    "note": "Ghi chú",
}
# The labels of «Hướng dẫn» that say whose workbook it is.
GUIDE_UNIT = "Mã đơn vị"
GUIDE_PERIOD = "Mã kỳ báo cáo"

_OTHER_NAMES: dict[str, tuple[str, ...]] = {
    "task": ("nhiem vu", "ma nhiem vu", "nv", "thuoc nhiem vu", "nhiem vu duoc giao"),
    "date": ("ngay", "ngay thuc hien", "thoi gian", "thoi gian thuc hien", "ngay to chuc"),
    "title": ("ten hoat dong", "hoat dong", "noi dung hoat dong", "tieu de", "ten",
              "noi dung cong viec", "cong viec"),
    "form": ("hinh thuc", "hinh thuc tuyen truyen", "ma hinh thuc"),
    "contents": ("noi dung tuyen truyen", "noi dung", "nhom noi dung", "ma noi dung"),
    "quantity": ("so luong", "sl"),
    "measure": ("don vi tinh", "dvt"),
    "participants": ("so nguoi tham du", "luot nguoi tham du", "so nguoi", "nguoi tham du",
                     "so luot nguoi", "so luong nguoi tham du"),
    "cost": ("kinh phi", "kinh phi dong", "chi phi", "so tien"),
    "location": ("dia diem", "noi to chuc", "dia diem to chuc"),
    "evidence": ("minh chung", "tai lieu minh chung", "tai lieu kiem chung", "duong dan",
                 "kiem chung"),
    "unit": ("don vi", "don vi thuc hien", "ma don vi"),
    "member": ("thanh vien", "ma thanh vien", "don vi thanh vien"),
    "id": ("ma", "ma hoat dong", "ma ban ghi"),
    "quarter": ("quy",),
    "task_name": ("ten nhiem vu",),
    "status": ("trang thai", "tinh trang", "tinh hinh thuc hien", "tien do"),
    "percent": ("ty le", "ty le hoan thanh", "ti le", "ti le hoan thanh", "phan tram", "%"),
    "note": ("ghi chu",),
}
# Headings read and left alone on purpose: the row's number.
_IGNORED = ("stt", "so thu tu", "tt")
_NAMES = {name: key for key, names in _OTHER_NAMES.items() for name in names}
_BRACKETS = re.compile(r"\([^)]*\)|\[[^\]]*\]")

ACTIVITY_REQUIRED = ("task", "date", "title")
PROGRESS_REQUIRED = ("task", "status")


@dataclass(frozen=True)
class Header:
    """A sheet's header row: its number (from 1), the column of each field (from 0), and the
    headings that name no field."""

    row: int
    fields: dict[str, int]
    unknown: list[str]

    @property
    def kind(self) -> Literal["activities", "progress"] | None:
        """«activities», «progress», or None when the row names neither kind's fields."""
        if all(name in self.fields for name in ACTIVITY_REQUIRED):
            return "activities"
        if all(name in self.fields for name in PROGRESS_REQUIRED):
            return "progress"
        return None


def column_letter(index: int) -> str:
    """A, B, …, AA: the name of the column at `index` (from 0), as a spreadsheet shows it."""
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(index + 1))


def heading_key(text: str) -> str | None:
    """The field a heading names, else None."""
    folded = fold(_BRACKETS.sub(" ", text)).strip(" *:.")
    if folded in _NAMES:
        return _NAMES[folded]
    if "%" in text and fold(text).startswith(("ty le", "ti le")):
        return "percent"
    return None


def find_header(rows: list[list[object]], search: int = 10) -> Header | None:
    """The first of the top `search` rows that names the fields of activities or progress."""
    for number, row in enumerate(rows[:search], start=1):
        fields: dict[str, int] = {}
        unknown = []
        for column, cell in enumerate(row):
            if not isinstance(cell, str) or not cell.strip():
                continue
            key = heading_key(cell)
            if key is None or key in fields:
                if fold(cell).strip(" .") not in _IGNORED:
                    unknown.append(cell.strip())
                continue
            fields[key] = column
        header = Header(number, fields, unknown)
        if header.kind is not None:
            return header
    return None
