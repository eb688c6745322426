"""Errors as values: every problem found in a plan carries where it is and how to fix it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any

Loc = tuple[str | int, ...]


class ExitCode(IntEnum):
    """Exit codes of every command; scripts rely on them."""

    OK = 0
    PLAN_INVALID = 1
    USAGE = 2
    IO = 3
    TEMPLATE_INVALID = 4
    INTERNAL = 70  # a fault of cchc itself (sysexits' EX_SOFTWARE), never of the clerk's input


@dataclass(frozen=True)
class Problem:
    """A fault found in the plan's data, located by its path in the document (not yet by line)."""

    loc: Loc
    code: str
    message: str
    hint: str = ""
    at_key: bool = False  # point at the key itself (unknown key) rather than at its value


@dataclass(frozen=True)
class PlanError:
    """A fault with its position in a file: what `cchc check` prints as FILE:LINE:COL: message."""

    file: str
    line: int
    col: int
    code: str
    message: str
    hint: str = ""
    path: str = ""

    def as_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "line": self.line,
            "col": self.col,
            "code": self.code,
            "message": self.message,
            "hint": self.hint,
            "path": self.path,
        }


@dataclass
class CchcError(Exception):
    """An expected failure: printed to the clerk as one clear message, never as a traceback."""

    message: str
    exit_code: ExitCode = ExitCode.USAGE
    hint: str = ""
    code: str = "usage"
    errors: list[PlanError] = field(default_factory=list)
    # The text the errors point into, to show their lines: one text, or texts by file name
    # (a plan and the files it includes).
    source: str | dict[str, str] = ""

    def __str__(self) -> str:
        return self.message


def loc_text(loc: Loc) -> str:
    """`units[1].tasks[0].lead`: a path readable next to the YAML it points into."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text


_INVISIBLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")


def visible(text: str) -> str:
    """`text` safe to print: every control character (an escape sequence could recolour or
    rewrite the clerk's terminal) replaced by «�», one for one, so columns stay where they were."""
    return _INVISIBLE.sub("\ufffd", text)
