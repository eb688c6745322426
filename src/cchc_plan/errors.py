"""Errors as values: every problem found in a plan carries where it is and how to fix it."""

from __future__ import annotations

import errno
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any

Loc = tuple[str | int, ...]


class ExitCode(IntEnum):
    """Exit codes of every command; scripts rely on them."""

    OK = 0
    PLAN_INVALID = 1
    # The same code: what was asked would lose or break something, so nothing was done (a report
    # already there without --force; no office suite to print a PDF).
    REFUSED = 1
    USAGE = 2
    IO = 3
    TEMPLATE_INVALID = 4
    INTERNAL = 70  # a fault of cchc itself (sysexits' EX_SOFTWARE), never of the clerk's input


# Every error code cchc gives, in `--json` output and in PlanError: stable, so that scripts may
# rely on them (the README lists them; a test keeps the two and the code equal). One code may
# come with more than one exit code: an unknown id in the file is exit 1, typed in a command 2.
CODES: dict[str, str] = {
    "encoding": "tệp không phải UTF-8 (kèm bảng mã cũ đoán được: TCVN3, VNI, Windows-1258)",
    "legacy-encoding": "chữ gõ bằng bảng mã cũ (TCVN3, VNI) lọt vào tệp UTF-8",
    "file-too-large": "tệp lớn hơn 32 MB",
    "empty-file": "tệp trống",
    "tab": "thụt lề bằng Tab",
    "merge-conflict": "dấu xung đột git chưa giải quyết",
    "control-character": "ký tự điều khiển hoặc ký tự vô hình",
    "yaml-syntax": "lỗi cú pháp YAML",
    "yaml-tag": "thẻ YAML («!!python/object», «!!str»...)",
    "yaml-directive": "chỉ thị YAML («%YAML», «%TAG»)",
    "yaml-complex-key": "khóa là danh sách hay nhóm («? [a, b]: ...»)",
    "yaml-alias-cycle": "tham chiếu «*» đến chính nó",
    "yaml-alias-bomb": "tham chiếu «*» nhân bản quá nhiều giá trị",
    "too-deep": "giá trị lồng nhau quá 32 cấp",
    "duplicate-key": "khóa viết hai lần",
    "unknown-key": "khóa không có trong lược đồ",
    "missing-key": "thiếu khóa bắt buộc",
    "wrong-type": "sai kiểu giá trị",
    "invalid-value": "giá trị không hợp lệ",
    "invalid-choice": "giá trị không nằm trong danh sách cho phép",
    "invalid-date": "ngày không hợp lệ",
    "invalid-id": "mã không đúng dạng",
    "invalid-code": "ký hiệu không đúng dạng",
    "out-of-range": "số ngoài khoảng cho phép",
    "too-long": "văn bản quá dài",
    "empty-text": "văn bản trống",
    "placeholder": "còn chữ «CẦN ĐIỀN»",
    "quantity-without-measure": "có số lượng mà không có đơn vị tính",
    "decimal-places": "số lượng có quá hai chữ số sau dấu phẩy",
    "target-kind": "chỉ tiêu không phải đúng một trong: số lượng, tỷ lệ phần trăm",
    "authority-form": "quyền hạn ký không theo thể thức TM., KT., TL., TUQ., Q.",
    "invalid-deadline": "thời hạn của nhiệm vụ không đọc được",
    "deadline-outside-year": "thời hạn ngoài năm của kế hoạch",
    "unknown-member": "đơn vị không có thành viên mang mã này",
    "no-percent-target": "ghi tỷ lệ đạt cho nhiệm vụ không có chỉ tiêu tỷ lệ",
    "target-needed": "nhiệm vụ có nhiều chỉ tiêu tỷ lệ: cần --target",
    "unknown-target": "số thứ tự chỉ tiêu không phải chỉ tiêu tỷ lệ của nhiệm vụ",
    "target-without-achieved": "có --target mà thiếu --achieved",
    "migrate-failed": "không chuyển được tệp sang lược đồ mới mà giữ nguyên nội dung",
    "schema-version": "phiên bản lược đồ không đọc được",
    "duplicate-id": "mã trùng nhau",
    "unknown-reference": "mã tham chiếu không tồn tại",
    "task-not-of-unit": "nhiệm vụ không thuộc đơn vị",
    "date-outside-year": "ngày ngoài năm của kế hoạch",
    "include-outside": "tệp include nằm ngoài thư mục kế hoạch",
    "include-self": "kế hoạch include chính nó",
    "include-duplicate": "một tệp include hai lần",
    "include-unreadable": "không đọc được tệp include",
    "include-key": "tệp include chứa khóa khác activities, progress, notes",
    "include-file": "tệp được include, không phải kế hoạch",
    "plan-invalid": "kế hoạch có lỗi nên lệnh không chạy",
    "usage": "gọi lệnh sai (tùy chọn không có, giá trị sai kiểu)",
    "invalid-input": "giá trị gõ vào không hợp lệ",
    "missing-option": "thiếu tùy chọn bắt buộc",
    "period-required": "chưa chọn kỳ báo cáo",
    "file-not-found": "không tìm thấy tệp",
    "not-a-file": "đường dẫn là thư mục, thiết bị hay pipe",
    "unknown-file": "tệp chọn để ghi không phải kế hoạch hay tệp nó include",
    "file-exists": "tệp đã có, không ghi đè",
    "unusual-form": "hình thức không nằm trong các hình thức của nhiệm vụ (lưu ý)",
    "unusual-content": "nội dung không nằm trong các nội dung của nhiệm vụ (lưu ý)",
    "similar-measure": "đơn vị tính gần giống một đơn vị đã dùng (lưu ý)",
    "percent-mismatch": "tỷ lệ hoàn thành không khớp trạng thái (lưu ý)",
    "report-exists": "tệp báo cáo đã có; chỉ ghi đè khi có --force",
    "office-missing": "không có LibreOffice để in báo cáo ra PDF",
    "office-failed": "LibreOffice không in được báo cáo ra PDF",
    "output-is-input": "báo cáo sẽ ghi đè lên kế hoạch hoặc mẫu",
    "rollup-mismatch": "các kế hoạch tổng hợp không cùng năm hay cách tính kỳ",
    "not-a-repo": "không phải kho git",
    "git-missing": "không có git",
    "git-revision": "phiên bản git không có",
    "init-invalid": "không tạo được kế hoạch năm mới",
    "template-not-found": "không đọc được mẫu báo cáo",
    "template-format": "mẫu không hợp với định dạng báo cáo",
    "cancelled": "người dùng hủy",
    "io-error": "không đọc hoặc ghi được tệp (quyền, ổ đầy, chỉ đọc)",
    "changed-on-disk": "tệp bị chương trình khác sửa trong lúc ghi",
    "file-in-use": "tệp đang được chương trình khác mở (Windows: Word, Excel), không thay được",
    "edit-refused": "không ghi được mà vẫn giữ nguyên mọi dòng cũ",
    "fmt-refused": "định dạng lại sẽ làm đổi nội dung",
    "not-a-spreadsheet": "tệp không phải bảng tính đọc được (.xlsx, .xls, .ods, .csv)",
    "spreadsheet-too-large": "bảng tính quá lớn hoặc là «bom nén»",
    "spreadsheet-password": "bảng tính có mật khẩu",
    "hidden-sheet": "trang bảng tính bị ẩn mà có dữ liệu cần nhập",
    "merged-cells": "ô gộp trong phần dữ liệu của bảng tính",
    "formula-error": "ô có lỗi công thức (#N/A, #REF!...)",
    "formula-uncomputed": "ô có công thức chưa được tính (không có giá trị lưu sẵn)",
    "missing-value": "thiếu giá trị bắt buộc trong một dòng của bảng tính",
    "nothing-to-import": "bảng tính không có dòng nào để nhập",
    "template-encoding": "mẫu không phải UTF-8",
    "template-not-docx": "mẫu không phải tệp Word",
    "template-syntax": "lỗi cú pháp Jinja",
    "template-undefined": "mẫu dùng tên không có trong dữ liệu",
    "template-unsafe": "mẫu làm việc không được phép (đọc tệp, liên kết ra ngoài, giá trị quá lớn)",
    "template-timeout": "mẫu chạy quá 120 giây",
    "template-too-large": "mẫu cần quá 2 GB bộ nhớ",
    "template-error": "lỗi khác khi dựng báo cáo từ mẫu",
}


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
    # What is wrong with each input the clerk gave, named by the library (a record's field such
    # as `quantity`, or `file`, `format`, `template`): each front end names the inputs its own
    # way (`--quantity` on the command line), so the library never names a flag.
    inputs: list[Problem] = field(default_factory=list)

    def worded(self, name: Callable[[str], str] = str) -> str:
        """The message, each wrong input named by `name` and followed by how to fix it."""
        lines = [
            (f"{name(str(problem.loc[0]))}: " if problem.loc else "") + problem.message
            + (f"\n      → {problem.hint}" if problem.hint else "")
            for problem in self.inputs
        ]
        return "\n".join([*lines, self.message] if self.message else lines)

    def __str__(self) -> str:
        return self.worded()


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


_REASONS = {
    errno.ENOSPC: "ổ đĩa đã đầy",
    errno.EDQUOT: "đã hết dung lượng được cấp trên ổ đĩa",
    errno.EFBIG: "tệp vượt quá kích thước hệ thống cho phép",
    errno.EACCES: "không có quyền truy cập",
    errno.EPERM: "không có quyền truy cập",
    errno.EROFS: "ổ đĩa chỉ cho đọc, không cho ghi",
    errno.EIO: "lỗi đọc ghi của ổ đĩa",
    errno.ENAMETOOLONG: "đường dẫn quá dài",
    errno.ENOTDIR: "một phần của đường dẫn không phải thư mục",
}


def describe(error: OSError) -> str:
    """The system's reason for a failed read or write, in Vietnamese where it is a common one."""
    return _REASONS.get(error.errno or 0, error.strerror or str(error))
