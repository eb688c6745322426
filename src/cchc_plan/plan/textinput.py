"""What the clerk types on the command line, read into values: dates, statuses, plain text."""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata

from pydantic_core import PydanticCustomError

from .model import STATUS_LABELS, Status, clean_text
from .terms import NOTE_SECTIONS, NoteSection

_DMY = re.compile(r"^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
# 1.250.000 (thousands with dots, as Vietnamese writes them) or 1250000; spaces are ignored.
_GROUPED = re.compile(r"^\d{1,3}(?:\.\d{3})+$")
_CURRENCY = re.compile(r"\s*(?:đồng|đ|vnđ|vnd)\.?$", re.IGNORECASE)


class InputError(ValueError):
    """A typed value that cannot be read; the message says how to write it."""


def parse_date(text: str) -> dt.date:
    """`15/06/2020`, `5/6/2020`, `05-03-2020`, `5.3.2020` (day, month, year) or `2020-06-15`."""
    value = text.strip()
    if match := _DMY.match(value):
        day, month, year = (int(match.group(n)) for n in (1, 3, 4))
    elif match := _ISO.match(value):
        year, month, day = (int(part) for part in match.groups())
    else:
        raise InputError(
            f"không đọc được ngày «{text}»: viết dạng ngày/tháng/năm (15/06/2020, 15-06-2020, "
            "15.6.2020) hoặc 2020-06-15"
        )
    if not 1 <= month <= 12:
        raise InputError(f"ngày «{text}» không có thật: tháng phải từ 1 đến 12")
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        raise InputError(f"ngày «{text}» không có thật: tháng {month} năm {year} có {days} ngày")
    return dt.date(year, month, day)


def parse_count(text: str) -> int:
    """A whole number as clerks write it: `1250`, `1.250` or `1 250`. A sign is read (the
    model then says which values the field takes)."""
    value = "".join(text.split())
    sign, digits = (-1, value[1:]) if value.startswith("-") else (1, value)
    if digits.isdigit() and digits.isascii():
        return sign * int(digits)
    if _GROUPED.match(digits):
        return sign * int(digits.replace(".", ""))
    if "," in value:
        raise InputError(f"«{text}» phải là số nguyên (không có phần lẻ sau dấu phẩy), ví dụ 1.250")
    raise InputError(f"không đọc được số «{text}»: viết 1250 hoặc 1.250 (không âm, không chữ)")


_DECIMAL = re.compile(r"^(\d+)[,.](\d{1,2})$")


def parse_quantity(text: str) -> int | float:
    """A quantity, whole or with up to two decimals after a comma as Vietnamese writes them:
    `3`, `1.250` (thousands), `1,5` or `0,25`. `1.5` is read as 1,5: dots group thousands only
    in threes."""
    value = "".join(text.split())
    if match := _DECIMAL.match(value.removeprefix("-")):
        number = float(f"{match.group(1)}.{match.group(2)}")
        return -number if value.startswith("-") else number
    try:
        return parse_count(text)
    except InputError:
        raise InputError(f"không đọc được số lượng «{text}»: viết 3, 1.250 hoặc 1,5 (phần lẻ "
                         "sau dấu phẩy, tối đa hai chữ số)") from None


def parse_percent(text: str) -> int | float:
    """A percentage: `85`, `85%`, `92,5 %`."""
    value = "".join(text.split()).removesuffix("%")
    try:
        return parse_quantity(value)
    except InputError:
        raise InputError(f"không đọc được tỷ lệ «{text}»: viết một số từ 0 đến 100, ví dụ 85 "
                         "hoặc 92,5") from None


def parse_money(text: str) -> int:
    """An amount in đồng: `1.250.000`, `1250000`, `1 250 000`, with or without «đồng», «đ»."""
    value = _CURRENCY.sub("", text.strip())
    if "," in value:
        raise InputError(f"kinh phí «{text}» tính bằng đồng, không có phần lẻ: viết 1.250.000 "
                         "hoặc 1250000")
    try:
        return parse_count(value)
    except InputError:
        raise InputError(f"không đọc được kinh phí «{text}»: viết 1.250.000 hoặc 1250000 "
                         "(đồng)") from None


def fold(text: str) -> str:
    """Lower case without diacritics, so «Hoàn thành», «hoan thanh» and «HOÀN THÀNH» match."""
    decomposed = unicodedata.normalize("NFD", text.strip().lower().replace("đ", "d"))
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


_STATUS_WORDS = {fold(label): status for status, label in STATUS_LABELS.items()} | {
    fold(status): status for status in STATUS_LABELS
} | {fold(status.replace("_", " ")): status for status in STATUS_LABELS}


def parse_status(text: str) -> Status:
    """`done`, `Hoàn thành` or `hoan thanh` as the stored status."""
    status = _STATUS_WORDS.get(fold(text))
    if status is None:
        choices = ", ".join(f"{key} ({label})" for key, label in STATUS_LABELS.items())
        raise InputError(f"trạng thái «{text}» không hợp lệ; chọn một trong: {choices}")
    return status  # type: ignore[return-value]


def typed_text(text: str) -> str:
    """Typed text without surrounding spaces, under the same rule as text in the plan file."""
    try:
        return clean_text(text.strip())
    except PydanticCustomError as error:
        raise InputError(f"nội dung {error.message()}") from None


def parse_section(text: str) -> NoteSection:
    """`kho-khan`, or the section's title with or without diacritics («Khó khăn»), as its id."""
    wanted = fold(text).replace(" ", "-")
    for section, title in NOTE_SECTIONS.items():
        if wanted == section or fold(title).startswith(fold(text)) and len(fold(text)) >= 4:
            return section
    choices = ", ".join(f"{key} ({title})" for key, title in NOTE_SECTIONS.items())
    raise InputError(f"không có mục «{text}»; chọn một trong: {choices}")
