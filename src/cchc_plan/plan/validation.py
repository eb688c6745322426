"""Turn pydantic's validation errors into problems a clerk can act on, in Vietnamese."""

from __future__ import annotations

import calendar
import difflib
import re
import types
import typing
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel, ValidationError

from ..errors import Loc, Problem
from .model import SLUG_PATTERN, STATUS_LABELS, Plan

_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_SLUG_HINT = "Mã chỉ gồm chữ thường không dấu, chữ số và dấu gạch nối, ví dụ «van-phong-so»."


def validate(data: Any) -> tuple[Plan | None, list[Problem]]:
    """The validated plan, or None with every structural problem found."""
    try:
        return Plan.model_validate(data), []
    except ValidationError as error:
        return None, [problem_from(item) for item in error.errors(include_url=False)]


def problem_from(error: Any) -> Problem:
    """One pydantic error dict as a located, Vietnamese problem."""
    loc: Loc = tuple(error["loc"])
    kind: str = error["type"]
    ctx: dict[str, Any] = error.get("ctx") or {}
    value = _show(error.get("input"))
    key = str(loc[-1]) if loc else ""

    if kind == "missing":
        return Problem(
            loc, "missing-key", f"thiếu khóa bắt buộc «{key}»", f"Thêm dòng «{key}: ...» vào nhóm này."
        )
    if kind == "extra_forbidden":
        hint = "Xóa dòng này, hoặc sửa tên khóa cho đúng."
        suggestion = _closest(key, _fields_at(loc[:-1]))
        if suggestion:
            hint = f"Có phải ý bạn là «{suggestion}»?"
        return Problem(
            loc, "unknown-key", f"khóa «{key}» không có trong mẫu kế hoạch", hint, at_key=True
        )
    if kind.startswith("date"):
        return Problem(loc, "invalid-date", f"ngày «{value}» không hợp lệ", _date_hint(error.get("input")))
    if kind == "literal_error":
        return Problem(
            loc, "invalid-choice", f"giá trị «{value}» không hợp lệ",
            f"Chọn một trong: {_choices(str(ctx.get('expected', '')))}.",
        )
    if kind in {"greater_than_equal", "greater_than", "less_than_equal", "less_than"}:
        bound = next(iter(ctx.values()), "")
        relation = {
            "greater_than_equal": "lớn hơn hoặc bằng",
            "greater_than": "lớn hơn",
            "less_than_equal": "nhỏ hơn hoặc bằng",
            "less_than": "nhỏ hơn",
        }[kind]
        return Problem(loc, "out-of-range", f"giá trị {value} phải {relation} {bound}")
    if kind == "string_pattern_mismatch":
        if ctx.get("pattern") == SLUG_PATTERN:
            return Problem(loc, "invalid-id", f"mã «{value}» không hợp lệ", _SLUG_HINT)
        return Problem(
            loc, "invalid-code", f"«{value}» không đúng dạng",
            "Chỉ dùng chữ in hoa không dấu, chữ số và dấu gạch nối, ví dụ «SVHTTDL» hoặc «HD-2020-0001».",
        )
    if kind == "string_too_long":
        return Problem(loc, "too-long", f"dài quá {ctx.get('max_length')} ký tự")
    if kind in _TYPE_NAMES:
        return Problem(
            loc, "wrong-type", f"cần {_TYPE_NAMES[kind]}, nhưng ở đây là «{value}»",
            _TYPE_HINTS.get(kind, ""),
        )
    if kind == "placeholder":
        return Problem(loc, "placeholder", error["msg"],
                       "Thay cả dòng chữ «CẦN ĐIỀN: ...» bằng nội dung thật của kế hoạch.")
    if kind in {"empty_text", "control_character", "quantity_without_measure", "decimal_places",
                "target_kind", "authority_form"}:
        return Problem(loc, kind.replace("_", "-"), error["msg"])
    return Problem(loc, "invalid-value", f"giá trị «{value}» không hợp lệ ({error['msg']})")


_TYPE_NAMES = {
    "string_type": "một đoạn văn bản",
    "int_type": "một số nguyên",
    "int_parsing": "một số nguyên",
    "int_from_float": "một số nguyên",
    "finite_number": "một số nguyên",  # 1e400 or .nan where a count is asked for
    "bool_type": "đúng/sai (true/false)",
    "list_type": "một danh sách",
    "model_type": "một nhóm «khóa: giá trị»",
    "model_attributes_type": "một nhóm «khóa: giá trị»",
    "dict_type": "một nhóm «khóa: giá trị»",
}
_TYPE_HINTS = {
    "int_parsing": "Chỉ ghi chữ số, không ghi chữ, đơn vị hay dấu chấm ngăn cách (2020, 1250000).",
    "int_from_float": "Chỉ ghi số nguyên, ví dụ 24.",
    "finite_number": "Chỉ ghi số nguyên, ví dụ 24.",
    "list_type": "Mỗi mục một dòng, bắt đầu bằng «- ».",
    "model_type": "Xuống dòng và thụt lề các khóa con bằng dấu cách.",
    "string_type": "Nếu là số hoặc ngày mà muốn giữ là văn bản, đặt trong ngoặc kép.",
}


def _choices(expected: str) -> str:
    """"'a', 'b' or 'c'" as "a, b, c", each status with its Vietnamese name."""
    names = re.findall(r"'([^']*)'", expected)
    return ", ".join(
        f"{name} ({STATUS_LABELS[name]})" if name in STATUS_LABELS else name for name in names
    )


def _show(value: Any) -> str:
    text = "" if value is None else str(value)
    text = " ".join(text.split())
    return text if len(text) <= 40 else text[:37] + "..."


def _date_hint(value: Any) -> str:
    hint = "Viết ngày theo dạng YYYY-MM-DD, ví dụ 2020-06-30."
    match = _ISO_DATE.match(str(value))
    if match:
        year, month, _ = (int(part) for part in match.groups())
        if 1 <= month <= 12:
            days = calendar.monthrange(year, month)[1]
            hint = f"Tháng {month} năm {year} chỉ có {days} ngày. " + hint
        else:
            hint = "Tháng phải từ 1 đến 12. " + hint
    return hint


def _closest(word: str, choices: list[str]) -> str | None:
    matches = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return matches[0] if matches else None


def _fields_at(loc: Loc) -> list[str]:
    """Names of the keys allowed in the mapping at `loc` of a plan."""
    model: type[BaseModel] | None = Plan
    for part in loc:
        if model is None:
            return []
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part)
        model = _model_in(field.annotation) if field else None
    return list(model.model_fields) if model else []


def _model_in(annotation: Any) -> type[BaseModel] | None:
    for candidate in _walk_annotation(annotation):
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return candidate
    return None


def _walk_annotation(annotation: Any) -> Iterator[Any]:
    yield annotation
    origin = typing.get_origin(annotation)
    if origin is not None or isinstance(annotation, types.UnionType):
        for argument in typing.get_args(annotation):
            yield from _walk_annotation(argument)
