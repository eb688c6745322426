"""Plan files as text: reading bytes, decoding UTF-8, and the faults visible in the text alone.

Nothing here needs a YAML parser, so that the fast read path and the careful round-trip path
start from the same text and report the same faults of the text itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import CchcError, ExitCode, Loc, PlanError


@dataclass
class Document:
    """A plan file as read: its path, its text and the data: a round-trip tree (careful path)
    or plain values (fast path)."""

    path: Path
    text: str
    data: Any

    def locate(self, loc: Loc, at_key: bool = False) -> tuple[int, int]:
        """Line and column (1-based) of the node at `loc`, or of its nearest existing parent
        (`data` must be the round-trip tree: the careful path is the one that locates errors)."""
        from .document import locate

        return locate(self.data, loc, at_key)


def read_text(path: Path) -> str:
    """The file's text; an unreadable or non-UTF-8 file is an expected failure, not a traceback."""
    return decode(read_bytes(path), path)


def read_bytes(path: Path) -> bytes:
    """The file's bytes, or a clear error naming what is wrong with the path."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise CchcError(
            f"Không tìm thấy tệp kế hoạch «{path}».",
            ExitCode.USAGE,
            hint="Kiểm tra lại đường dẫn ở --plan hoặc biến môi trường CCHC_PLAN.",
            code="file-not-found",
        ) from None
    except IsADirectoryError:
        raise CchcError(
            f"«{path}» là một thư mục, không phải tệp kế hoạch.",
            ExitCode.USAGE,
            hint="Chỉ đến tệp .yaml, ví dụ plans/2020.yaml.",
            code="not-a-file",
        ) from None
    except OSError as error:
        raise CchcError(
            f"Không đọc được tệp «{path}»: {error.strerror}.", ExitCode.IO, code="io-error"
        ) from None


def decode(raw: bytes, path: Path) -> str:
    """UTF-8 text without its byte-order mark; other encodings are a located error."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        col = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        hint = "Mở tệp bằng trình soạn thảo và lưu lại với bảng mã UTF-8."
        raise CchcError(
            f"Tệp «{path}» không phải văn bản UTF-8.",
            ExitCode.PLAN_INVALID,
            code="encoding",
            errors=[
                PlanError(str(path), line, col, "encoding", "tệp không phải văn bản UTF-8", hint)
            ],
        ) from None


CONFLICT_START = "<<<<<<<"


def conflict_markers(text: str, filename: str) -> list[PlanError]:
    """Each unresolved conflict that `git merge` (or `cchc merge-driver`) left in the file."""
    if CONFLICT_START not in text:
        return []
    return [
        PlanError(
            filename, number, 1, "merge-conflict",
            "chỗ xung đột khi gộp nhánh (merge) chưa được giải quyết",
            "Giữ phần đúng: giữa «<<<<<<<» và «=======» là của nhánh này, giữa «=======» và "
            "«>>>>>>>» là của nhánh kia (hoặc gộp tay cả hai); xóa ba dòng đánh dấu rồi chạy lại "
            "«cchc check».",
        )
        for number, line in enumerate(text.splitlines(), start=1)
        if line.startswith(CONFLICT_START)
    ]


def tab_indentation(text: str, filename: str) -> list[PlanError]:
    """Each line indented with a tab, which YAML does not allow."""
    if "\t" not in text:
        return []
    errors = []
    for number, line in enumerate(text.splitlines(), start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            errors.append(
                PlanError(
                    filename, number, indent.index("\t") + 1, "tab",
                    "dòng được thụt lề bằng phím Tab",
                    "YAML chỉ cho phép thụt lề bằng dấu cách: thay Tab bằng dấu cách.",
                )
            )
    return errors


_TOP_LEVEL_KEY = re.compile(r"^(?P<key>[A-Za-z_][A-Za-z0-9_]*)[ \t]*:(?=[ \t]|\r?\n|$)", re.MULTILINE)


def top_level_offsets(text: str) -> dict[str, int]:
    """Where the line of each top-level key starts in `text` (the first one of each name), for
    a plan file written in block style (every plan is): a key at column 0. A record's text
    never starts a line at column 0, because YAML indents every continuation line of a value;
    a file this reading gets wrong is refused by the check that follows every edit, never
    damaged."""
    found: dict[str, int] = {}
    for match in _TOP_LEVEL_KEY.finditer(text):
        found.setdefault(match["key"], match.start())
    return found
