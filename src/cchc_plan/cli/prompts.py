"""Asking the clerk for what a command still needs, when she is at a terminal (like `hledger add`)."""

from __future__ import annotations

import datetime as dt
import importlib
import sys
from pathlib import Path
from typing import Any

from ..errors import CchcError, ExitCode
from ..plan.model import STATUS_LABELS


def ask_missing(path: Path, values: dict[str, Any], unit: str | None) -> dict[str, Any]:
    """`values` with every None filled in by asking; without a terminal, a clear usage error."""
    missing = [name for name, value in values.items() if value is None]
    if not missing:
        return {**values, "unit": unit}
    if not sys.stdin.isatty():
        names = ", ".join(f"--{name}" for name in missing)
        raise CchcError(
            f"Thiếu tùy chọn bắt buộc: {names}.",
            ExitCode.USAGE,
            hint="Ghi đủ các tùy chọn này, hoặc chạy lệnh trong cửa sổ dòng lệnh để được hỏi từng mục.",
            code="missing-option",
        )
    from ..reading.loader import load_valid_plan

    plan = load_valid_plan(path)
    answers = dict(values)
    if answers.get("task") is None:
        tasks = {task.id: f"{unit_.short_name} · {task.label}" for unit_, task in plan.tasks()}
        answers["task"] = _choose("Nhiệm vụ", tasks)
    if "date" in answers and answers["date"] is None:
        answers["date"] = _ask("Ngày thực hiện (ngày/tháng/năm)", f"{dt.date.today():%d/%m/%Y}")
    if "title" in answers and answers["title"] is None:
        answers["title"] = _ask("Tên hoạt động", None)
    if "quarter" in answers and answers["quarter"] is None:
        answers["quarter"] = _choose("Quý", {str(number): f"quý {number}" for number in range(1, 5)})
    if "status" in answers and answers["status"] is None:
        answers["status"] = _choose("Trạng thái", dict(STATUS_LABELS))
    return {**answers, "unit": unit}


def _choose(question: str, choices: dict[str, str]) -> str:
    for key, label in choices.items():
        print(f"  {key:<12} {label}")
    _complete_with(list(choices))
    while True:
        answer = _ask(question, None)
        if answer in choices:
            return answer
        print(f"  «{answer}» không có trong danh sách trên; gõ Tab để xem gợi ý.")


def _ask(question: str, default: str | None) -> str:
    suffix = f" [{default}]" if default else ""
    while True:
        try:
            answer = input(f"{question}{suffix}: ").strip()
        except EOFError:
            raise CchcError("Đã hủy: không nhận được câu trả lời.", ExitCode.USAGE,
                            code="cancelled") from None
        if answer or default:
            return answer or str(default)


def _complete_with(words: list[str]) -> None:
    """Tab completes `words` at the next question, where the system has GNU readline (Linux,
    macOS); elsewhere (Windows) the question is asked the same way, without completion."""
    try:
        readline = importlib.import_module("readline")
    except ImportError:
        return

    def complete(text: str, state: int) -> str | None:
        matches = [word for word in words if word.startswith(text)]
        return matches[state] if state < len(matches) else None

    readline.set_completer(complete)
    readline.parse_and_bind("tab: complete")
