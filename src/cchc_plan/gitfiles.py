"""Reading a plan file as it was at a git revision."""

from __future__ import annotations

import subprocess
from pathlib import Path

from .errors import CchcError, ExitCode


def text_at(revision: str, path: Path) -> str:
    """The text of `path` at `revision` (a commit, branch or tag of the repository holding it)."""
    folder = path.resolve().parent
    done = _git(folder, "show", f"{revision}:./{path.name}")
    if done.returncode != 0:
        message = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "git không trả lời"
        raise CchcError(
            f"Không đọc được «{path}» ở phiên bản «{revision}»: {message}",
            ExitCode.USAGE,
            hint="Kiểm tra tên phiên bản (ví dụ HEAD, HEAD~1, main, một mã commit) và rằng tệp "
            "đã có trong git ở phiên bản đó.",
            code="git-revision",
        )
    return done.stdout


def _git(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(["git", "-C", str(folder), *args], capture_output=True, text=True,
                              encoding="utf-8", check=False)
    except FileNotFoundError:
        raise CchcError("Không tìm thấy chương trình git.", ExitCode.IO,
                        hint="Cài git rồi chạy lại.", code="git-missing") from None
