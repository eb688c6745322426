"""Asking the clerk for what a command still needs, when she is at a terminal (like `hledger add`).

Each answer is read as it is given and asked again, with the reason, when it cannot be used (a
date that does not exist or lies outside the plan's year, an unknown code, an empty title), so
nothing typed before is lost. Tab completes codes and Vietnamese words from what was typed, with
or without diacritics (prompt_toolkit, on Windows, macOS and Linux alike); Enter skips a question
that may be left empty; Ctrl-C stops and writes nothing.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import CchcError, ExitCode, Problem
from ..plan.model import STATUS_LABELS, Plan

CANCELLED = "Đã hủy, chưa ghi gì."


@dataclass(frozen=True)
class Question:
    """One question: its words, the words Tab offers, what Enter gives (None: an answer is
    needed; "" skips it), and how the answer is read (raising InputError when it cannot be)."""

    text: str
    words: list[str]
    default: str | None
    read: Callable[[str], Any]
    several: bool = False  # the answer is a list of words, separated by commas or spaces


def ask_missing(
    path: Path, values: dict[str, Any], unit: str | None, optional: dict[str, Any] | None = None
) -> dict[str, Any]:
    """`values` with every None filled in by asking, and then `optional` ones left empty on the
    command line (Enter skips them); without a terminal, a clear usage error naming the missing
    options. Nothing is asked when nothing required is missing."""
    missing = [name for name, value in values.items() if value is None]
    extra = dict(optional or {})
    if not missing:
        return {**values, **extra, "unit": unit}
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
    try:
        _ask_all(plan, answers, extra)
    except (KeyboardInterrupt, EOFError):
        raise CchcError(CANCELLED, ExitCode.USAGE, code="cancelled") from None
    return {**answers, **extra, "unit": unit}


def _ask_all(plan: Plan, answers: dict[str, Any], extra: dict[str, Any]) -> None:
    from ..plan.textinput import parse_date, parse_status, typed_text

    if answers.get("task") is None:
        tasks = {task.id: f"{owner.short_name} · {task.label}" for owner, task in plan.tasks()}
        _show(tasks)
        answers["task"] = ask(Question("Nhiệm vụ", list(tasks), None, _one_of(tasks)))
    task = next(task for _, task in plan.tasks() if task.id == answers["task"])
    if "date" in answers and answers["date"] is None:
        answers["date"] = ask(Question("Ngày thực hiện (ngày/tháng/năm)", [], default_date(plan),
                                       _date_in(plan, parse_date)))
    if "title" in answers and answers["title"] is None:
        answers["title"] = ask(Question("Tên hoạt động", [], None, typed_text))
    if "quarter" in answers and answers["quarter"] is None:
        answers["quarter"] = ask(Question("Quý (1–4)", ["1", "2", "3", "4"], None,
                                          _one_of({str(n): "" for n in range(1, 5)})))
    if "status" in answers and answers["status"] is None:
        words = [*STATUS_LABELS, *STATUS_LABELS.values()]
        answers["status"] = ask(Question("Trạng thái (Chưa triển khai, Đang triển khai, Hoàn "
                                         "thành)", words, None, lambda text: _kept(text, parse_status)))
    if "form" in extra and extra["form"] is None:
        forms = [*task.forms, *(form.id for form in plan.forms if form.id not in task.forms)]
        extra["form"] = ask(Question(f"Hình thức ({', '.join(forms[:4])}…; Enter: bỏ qua)", forms, "",
                                     _optional(_one_of(dict.fromkeys(forms, "")))))
    if "contents" in extra and not extra["contents"]:
        contents = [*task.contents, *(item.id for item in plan.contents if item.id not in task.contents)]
        extra["contents"] = ask(Question(f"Nội dung ({', '.join(contents[:3])}…; nhiều mã cách nhau "
                                         "bằng dấu phẩy; Enter: bỏ qua)", contents, "",
                                         _codes(contents), several=True)) or []
    if "quantity" in extra and extra["quantity"] is None:
        from ..plan.textinput import parse_quantity

        extra["quantity"] = ask(Question("Số lượng (Enter: bỏ qua)", [], "",
                                         _optional(lambda text: _kept(text, parse_quantity))))
    if extra.get("quantity") is not None and extra.get("measure") is None and "measure" in extra:
        used = list(dict.fromkeys(activity.measure for activity in plan.activities if activity.measure))
        extra["measure"] = ask(Question("Đơn vị tính (tin bài, buổi, pano…)", used, None, typed_text))


def ask(question: Question) -> Any:
    """The answer to `question`, asked again with the reason until it can be read."""
    from ..plan.textinput import InputError

    while True:
        answer = _input(question).strip()
        if not answer and question.default is not None:
            answer = question.default
        if not answer and question.default is None:
            print("  Cần trả lời câu này (Ctrl-C để hủy).")
            continue
        try:
            return question.read(answer)
        except InputError as error:
            print(f"  {error}. Gõ lại (Tab để xem gợi ý).")
        except CchcError as error:
            reason = "; ".join(problem.message for problem in error.inputs) or error.message
            print(f"  {reason}. Gõ lại.")


def ask_text(text: str, option: str, optional: bool = False) -> str:
    """A plain answer asked at a terminal (empty allowed when `optional`); without a terminal,
    the usage error that names the missing option."""
    if not sys.stdin.isatty():
        raise CchcError(f"Thiếu tùy chọn bắt buộc: {option}.", ExitCode.USAGE,
                        hint="Ghi đủ các tùy chọn, hoặc chạy lệnh trong cửa sổ dòng lệnh để được "
                        "hỏi từng mục.", code="missing-option")
    from ..plan.textinput import typed_text

    try:
        return str(ask(Question(text, [], "" if optional else None,
                                lambda answer: typed_text(answer) if answer else "")))
    except (KeyboardInterrupt, EOFError):
        raise CchcError(CANCELLED, ExitCode.USAGE, code="cancelled") from None


def default_date(plan: Plan) -> str:
    """Today when it lies in the plan's reporting year, else the last day of that year."""
    from ..plan.periods import year_period

    year = year_period(plan.header.year, plan.reporting.rule)
    today = dt.date.today()
    return f"{today if today in year else year.end:%d/%m/%Y}"


def _input(question: Question) -> str:
    suffix = f" [{question.default}]" if question.default else ""
    text = f"{question.text}{suffix}: "
    try:
        from prompt_toolkit import prompt

        return prompt(text, completer=_completer(question.words, question.several),
                      complete_while_typing=False)
    except ImportError:  # without prompt_toolkit, or a console it cannot drive: no Tab
        return input(text)


def _completer(words: list[str], several: bool) -> Any:
    """Completes the word being typed from `words`: those that start with it, compared without
    case and diacritics («hoan» → «Hoàn thành»)."""
    from prompt_toolkit.completion import Completer, Completion

    from ..plan.textinput import fold

    class Words(Completer):
        def get_completions(self, document: Any, complete_event: Any) -> Iterable[Any]:
            typed = document.text_before_cursor
            if several:
                typed = typed.replace(",", " ").split(" ")[-1]
            for word in words:
                if fold(word).startswith(fold(typed)):
                    yield Completion(word, start_position=-len(typed))

    return Words()


def _show(choices: dict[str, str]) -> None:
    for key, label in choices.items():
        print(f"  {key:<12} {label}")


def _one_of(choices: dict[str, str]) -> Callable[[str], str]:
    from ..plan.textinput import InputError

    def read(text: str) -> str:
        if text not in choices:
            raise InputError(f"«{text}» không có trong danh sách")
        return text

    return read


def _codes(known: list[str]) -> Callable[[str], list[str]]:
    from ..plan.textinput import InputError

    def read(text: str) -> list[str]:
        codes = [code for code in text.replace(",", " ").split() if code]
        unknown = [code for code in codes if code not in known]
        if unknown:
            raise InputError(f"không có mã {', '.join(f'«{code}»' for code in unknown)}")
        return codes

    return read


def _optional(read: Callable[[str], Any]) -> Callable[[str], Any]:
    return lambda text: read(text) if text else None


def _kept(text: str, read: Callable[[str], Any]) -> str:
    """`text` once `read` accepts it: the command reads it again as typed on the command line."""
    read(text)
    return text


def _date_in(plan: Plan, parse_date: Callable[[str], dt.date]) -> Callable[[str], str]:
    """Reads a date that exists and lies in the plan's reporting year; gives it as typed."""
    from ..plan.periods import outside_year
    from ..plan.textinput import InputError

    def read(text: str) -> str:
        day = parse_date(text)
        problem: Problem | None = outside_year(day, plan.header.year, plan.reporting.rule)
        if problem is not None:
            raise InputError(problem.message)
        return text

    return read
