"""Plan files as text: reading bytes, decoding UTF-8, and the faults visible in the text alone.

Nothing here needs a YAML parser, so that the fast read path and the careful round-trip path
start from the same text and report the same faults of the text itself.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from ..errors import CchcError, ExitCode, PlanError, describe
from .legacy import guess_bytes, mojibake_lines, mojibake_signs

MAX_FILE_BYTES = 32 * 1024 * 1024  # about 130.000 activities; more goes into included files


@dataclass(frozen=True)
class Source:
    """A file as read: its path and its text."""

    path: Path
    text: str


def read_text(path: Path) -> str:
    """The file's text; an unreadable or non-UTF-8 file is an expected failure, not a traceback."""
    return decode(read_bytes(path), path)


def read_bytes(path: Path) -> bytes:
    """The file's bytes, or a clear error naming what is wrong with the path. Only a regular
    file of at most MAX_FILE_BYTES is read, and nothing else is even opened: opening a pipe
    waits for a writer, and reading a device (`/dev/zero`) never ends."""
    try:
        kind = os.stat(path).st_mode
        if stat.S_ISDIR(kind):
            raise IsADirectoryError
        if not stat.S_ISREG(kind):
            raise CchcError(
                f"«{path}» là một thiết bị hoặc đường ống (pipe), không phải tệp kế hoạch.",
                ExitCode.USAGE, hint="Chỉ đến tệp .yaml, ví dụ plans/2020.yaml.", code="not-a-file",
            )
        with path.open("rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > MAX_FILE_BYTES:
                error = _too_large(str(path), size)
                raise CchcError(f"Tệp «{path}» quá lớn.", ExitCode.PLAN_INVALID,
                                code=error.code, errors=[error])
            return handle.read()
    except FileNotFoundError:
        raise CchcError(
            f"Không tìm thấy tệp kế hoạch «{path}».",
            ExitCode.USAGE,
            hint="Kiểm tra lại đường dẫn của tệp.",
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
            f"Không đọc được tệp «{path}»: {describe(error)}.", ExitCode.IO, code="io-error"
        ) from None


def decode(raw: bytes, path: Path) -> str:
    """UTF-8 text without its byte-order mark; other encodings are a located error, which
    names the old Vietnamese encoding the file seems to be in."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        col = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        message = "tệp không phải văn bản UTF-8"
        hint = "Mở tệp bằng trình soạn thảo và lưu lại với bảng mã UTF-8."
        guess = guess_bytes(raw)
        if guess is not None:
            lines = guess.text.split("\n")
            said = f" (dòng này đọc ra: «{lines[line - 1].strip()}»)" if line < len(lines) else ""
            message += f"; có vẻ được lưu bằng bảng mã cũ {guess.encoding}{said}"
            hint = _CONVERT.format(encoding=guess.encoding)
        raise CchcError(
            f"Tệp «{path}» không phải văn bản UTF-8.",
            ExitCode.PLAN_INVALID,
            code="encoding",
            errors=[PlanError(str(path), line, col, "encoding", message, hint)],
        ) from None


_CONVERT = (
    "Chuyển tệp sang Unicode: trong Unikey mở «Công cụ chuyển mã» (Ctrl+Shift+F6), "
    "chọn nguồn {encoding}, đích Unicode; rồi lưu tệp với bảng mã UTF-8."
)


def legacy_text(text: str, filename: str) -> list[PlanError]:
    """The first line of text typed in an old Vietnamese encoding that reached the file as
    UTF-8 mojibake («Së V¨n hãa»), saying what it reads and how many such lines there are."""
    found = mojibake_lines(text)
    if not found:
        return []
    line, col, guess = found[0]
    others = f" (cùng {len(found) - 1} dòng khác)" if len(found) > 1 else ""
    return [PlanError(
        filename, line, col, "legacy-encoding",
        f"chữ ở dòng này{others} có vẻ được gõ bằng bảng mã cũ {guess.encoding}; "
        f"đọc đúng là: «{guess.text.strip()}»",
        _CONVERT.format(encoding=guess.encoding).replace("Chuyển tệp", "Chuyển các dòng này"),
    )]


def text_faults(text: str, filename: str) -> list[PlanError]:
    """The faults visible in the text before any YAML is read, of the first kind found: a
    file too large to read in bounded memory, line breaks an editor does not show, unresolved
    merge conflicts, tab indentation, text in an old Vietnamese encoding. The checks that need
    an unusual character run only when one search has found such a character."""
    odd = _UNUSUAL.search(text) is not None
    return (too_large(text, filename) or (odd and odd_line_breaks(text, filename))
            or conflict_markers(text, filename) or directives(text, filename)
            or tab_indentation(text, filename) or (odd and legacy_text(text, filename)) or [])


def ordinary(text: str) -> bool:
    """Whether the text has none of what needs a closer look: no fault of `text_faults`, and
    no character YAML allows nowhere or its two versions read differently (what the fast
    parser cannot vouch for). Almost every plan is ordinary, at the cost of one search."""
    if too_large(text, "") or conflict_markers(text, "") or directives(text, "") or tab_indentation(text, ""):
        return False
    if _UNUSUAL.search(text) is None:
        return True
    return _NOT_READ_ALIKE.search(text) is None and not legacy_text(text, "")


# What YAML allows nowhere: C0 and C1 controls but tab and line breaks, DEL, surrogates and
# the two non-characters of the BMP (a class of the few refused characters compiles in a tenth
# of the time of a class of the allowed ones, on every run).
_NOT_ALLOWED = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff"
# ... and the line breaks of YAML 1.1 that YAML 1.2 reads as text (NEL is a C1 control).
_NOT_READ_ALIKE = re.compile(f"[{_NOT_ALLOWED}\u2028\u2029]")
# ... and the signs of old-encoding mojibake: what an ordinary plan never holds (ruamel.yaml's
# reader refuses what YAML does not allow, with its position; yaml-rs lets some through and
# ends a document at a NUL byte).
_UNUSUAL = re.compile(f"[{_NOT_ALLOWED}\u2028\u2029{re.escape(mojibake_signs())}]")


_ODD_BREAKS = ("\x85", "\u2028", "\u2029")


def odd_line_breaks(text: str, filename: str) -> list[PlanError]:
    """Each line break an editor does not show (NEL, LINE or PARAGRAPH SEPARATOR, pasted from
    a web page or Word): YAML 1.1 ends a line there, so the text after it would be misread."""
    if not any(mark in text for mark in _ODD_BREAKS):
        return []
    errors = []
    for number, line in enumerate(text.split("\n"), start=1):
        for col, char in enumerate(line, start=1):
            if char in _ODD_BREAKS:
                errors.append(PlanError(
                    filename, number, col, "control-character",
                    f"có ký tự xuống dòng không nhìn thấy được (mã U+{ord(char):04X})",
                    "Xóa ký tự này (hoặc thay bằng dấu cách); nó thường lọt vào khi dán văn bản "
                    "từ trang web hay Word.",
                ))
    return errors


def too_large(text: str, filename: str) -> list[PlanError]:
    """The error of a text larger than MAX_FILE_BYTES in UTF-8 (read from git, say)."""
    if len(text) * 4 <= MAX_FILE_BYTES:  # no character takes more than 4 bytes
        return []
    size = len(text.encode("utf-8"))
    return [_too_large(filename, size)] if size > MAX_FILE_BYTES else []


def _too_large(filename: str, size: int) -> PlanError:
    megabytes = f"{size / 1024 / 1024:.1f}".replace(".", ",")
    return PlanError(
        filename, 1, 1, "file-too-large",
        f"tệp quá lớn ({megabytes} MB; giới hạn {MAX_FILE_BYTES // 1024 // 1024} MB)",
        "Tách hoạt động, tiến độ, ghi chép ra các tệp riêng rồi ghi tên các tệp đó ở mục "
        "«include:» của kế hoạch.",
    )


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
        for number, line in enumerate(text.split("\n"), start=1)
        if line.startswith(CONFLICT_START)
    ]


# The lines before a document's content: blank, comments, directives and `---`.
_PROLOGUE = re.compile(r"(?:[ \t]*(?:#[^\n]*)?(?:\r?\n|$)|%[^\n]*(?:\n|$)|---[^\n]*(?:\n|$))*")


def directives(text: str, filename: str) -> list[PlanError]:
    """Each YAML directive (`%YAML 1.2`, `%TAG ...`) before the plan's first line of content. A
    plan never needs one, and the round-trip parser fails on some of them instead of reading
    them. Only the lines before the content are looked at (a directive can stand nowhere else;
    one further on is a syntax fault either parser reports), so a large plan costs nothing."""
    prologue = text[: _PROLOGUE.match(text).end()]  # type: ignore[union-attr]  # it matches ""
    if "%" not in prologue:
        return []
    return [
        PlanError(
            filename, number, 1, "yaml-directive",
            f"chỉ thị «{line.strip()[:40]}» không dùng trong tệp kế hoạch",
            "Xóa dòng này (và dòng «---» ngay sau nó, nếu có): tệp kế hoạch bắt đầu ngay bằng "
            "các dòng «khóa: giá trị».",
        )
        for number, line in enumerate(prologue.split("\n"), start=1)
        if line.startswith("%")
    ]


def tab_indentation(text: str, filename: str) -> list[PlanError]:
    """Each line indented with a tab, which YAML does not allow."""
    if "\t" not in text:
        return []
    errors = []
    for number, line in enumerate(text.split("\n"), start=1):
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
