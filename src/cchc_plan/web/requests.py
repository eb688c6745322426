"""What a page or an API client sends, read into the request the command line builds: the same
names (`unit`, `task`, `date`, `title`, `form`, `contents`, `quantity`, …) and the same readers
(dates as 15/06/2020 or 2020-06-15, counts as 1.250, money as 1.250.000), every fault named
by its field."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any, get_args

from ..errors import CchcError, ExitCode, Problem
from ..plan.terms import PeriodCode
from ..plan.textinput import (
    InputError,
    parse_count,
    parse_date,
    parse_money,
    parse_percent,
    parse_quantity,
    parse_section,
    parse_status,
    typed_text,
)

PERIOD_CODES: tuple[str, ...] = get_args(PeriodCode)
ACTIVITY_FIELDS = ("unit", "task", "date", "title", "form", "contents", "quantity", "measure",
                   "participants", "cost", "location", "evidence", "member")


class Fields:
    """Reads the fields of one request, keeping every fault."""

    def __init__(self, values: Mapping[str, Any]) -> None:
        self.values = values
        self.problems: list[Problem] = []

    def read(self, name: str, reader: Callable[[str], Any] | None = None, required: bool = False) -> Any:
        value = self.values.get(name)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.problems.append(Problem((name,), "missing-option", "chưa điền (bắt buộc)"))
            return None
        if not isinstance(value, str):
            self.problems.append(Problem((name,), "wrong-type", "phải là chữ hoặc số"))
            return None
        try:
            return (reader or typed_text)(value)
        except InputError as error:
            self.problems.append(Problem((name,), "invalid-input", str(error)))
            return None

    def codes(self, name: str) -> list[str]:
        value = self.values.get(name)
        if value is None:
            return []
        items = value if isinstance(value, list) else str(value).replace(";", ",").split(",")
        return [str(item).strip() for item in items if str(item).strip()]

    def done(self) -> None:
        if self.problems:
            raise CchcError("Không có gì được ghi vào tệp kế hoạch.", ExitCode.USAGE,
                            code=self.problems[0].code, inputs=self.problems)


def activity_request(values: Mapping[str, Any]) -> dict[str, Any]:
    fields = Fields(values)
    request = {
        "unit": fields.read("unit"),
        "task": fields.read("task", required=True),
        "date": fields.read("date", parse_date, required=True),
        "title": fields.read("title", required=True),
        "form": fields.read("form"),
        "contents": fields.codes("contents"),
        "quantity": fields.read("quantity", parse_quantity),
        "measure": fields.read("measure"),
        "participants": fields.read("participants", parse_count),
        "cost": fields.read("cost", parse_money),
        "location": fields.read("location"),
        "evidence": fields.read("evidence"),
        "member": fields.read("member"),
        "estimated": _ticked(values, "estimated"),
    }
    fields.done()
    return request


def activity_changes(values: Mapping[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """The fields an edit sets, and those it clears (sent empty)."""
    readers: dict[str, Callable[[str], Any]] = {
        "date": parse_date, "quantity": parse_quantity, "participants": parse_count,
        "cost": parse_money,
    }
    fields = Fields(values)
    changes: dict[str, Any] = {}
    cleared: list[str] = []
    for name in ACTIVITY_FIELDS:
        if name not in values:
            continue
        if name == "contents":
            changes[name] = fields.codes(name)
            continue
        value = fields.read(name, readers.get(name))
        if value is None and not fields.problems:
            cleared.append(name)
        elif value is not None:
            changes[name] = value
    # A page's checkbox is sent only when ticked: the hidden «estimated-field» says it was there.
    if "estimated" in values or "estimated-field" in values:
        if _ticked(values, "estimated"):
            changes["estimated"] = True
        else:
            cleared.append("estimated")
    fields.done()
    return changes, cleared


def progress_request(values: Mapping[str, Any], today: dt.date) -> dict[str, Any]:
    fields = Fields(values)
    quarter = fields.read("quarter", parse_count, required=True)
    if quarter is not None and quarter not in (1, 2, 3, 4):
        fields.problems.append(Problem(("quarter",), "invalid-input", "quý là 1, 2, 3 hoặc 4"))
    percent = fields.read("percent", parse_count)
    request = {
        "unit": fields.read("unit"),
        "task": fields.read("task", required=True),
        "quarter": quarter,
        "status": fields.read("status", parse_status, required=True),
        "percent": percent,
        "note": fields.read("note"),
        "achieved": fields.read("achieved", parse_percent),
        "target": fields.read("target", parse_count),
        "date": (fields.read("date", parse_date) or today).isoformat(),
    }
    fields.done()
    return request


def note_request(values: Mapping[str, Any], today: dt.date) -> dict[str, Any]:
    fields = Fields(values)
    period = fields.read("period", required=True)
    if period is not None and period not in PERIOD_CODES:
        fields.problems.append(Problem(("period",), "invalid-input",
                                       f"kỳ «{period}» không có; chọn Q1–Q4, H1, H2, 9M hoặc year"))
    request = {
        "period": period,
        "section": fields.read("section", parse_section, required=True),
        "text": fields.read("text", required=True),
        "date": today.isoformat(),
    }
    fields.done()
    return request


def errors_json(error: CchcError) -> list[dict[str, Any]]:
    """The located errors of a refused write: each with its field, as a page shows them."""
    if not error.inputs:
        return [{"field": None, "code": error.code, "message": error.message, "hint": error.hint}]
    return [{"field": str(problem.loc[0]) if problem.loc else None, "code": problem.code,
             "message": problem.message, "hint": problem.hint} for problem in error.inputs]


def _ticked(values: Mapping[str, Any], name: str) -> bool:
    """A checkbox of a page («on» when ticked) or a JSON true."""
    return values.get(name) in ("on", "true", True)
