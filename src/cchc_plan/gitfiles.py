"""Reading a plan file as it was at a git revision."""

from __future__ import annotations

import subprocess
from pathlib import Path

from .errors import CchcError, ExitCode
from .storage import write_atomic


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


def git_setup(plan: Path, command: str) -> list[str]:
    """Register `cchc` with the repository holding `plan`: `.gitattributes` sends plan files
    to the `cchc` diff (textconv) and merge drivers, and the local git config defines them."""
    folder = plan.resolve().parent
    done = _git(folder, "rev-parse", "--show-toplevel")
    if done.returncode != 0:
        raise CchcError(f"«{folder}» không nằm trong một kho git.", ExitCode.USAGE,
                        hint="Chạy «git init» trước, rồi chạy lại «cchc git-setup».", code="not-a-repo")
    root = Path(done.stdout.strip())
    pattern = f"{folder.relative_to(root).as_posix()}/**/*.yaml".removeprefix("./")
    line = f"{pattern} diff=cchc merge=cchc"
    attributes = root / ".gitattributes"
    existing = attributes.read_text(encoding="utf-8") if attributes.exists() else ""
    done_steps = []
    if line not in existing.splitlines():
        separator = "" if not existing or existing.endswith("\n") else "\n"
        write_atomic(attributes, (existing + separator + line + "\n").encode("utf-8"))
        done_steps.append(f"{attributes}: thêm dòng «{line}»")
    settings = {
        "diff.cchc.textconv": f"{command} textconv",
        "merge.cchc.name": "cchc: gộp kế hoạch theo mã",
        "merge.cchc.driver": f"{command} merge-driver %O %A %B %P",
    }
    for name, value in settings.items():
        _git(root, "config", "--local", name, value)
        done_steps.append(f"git config {name} = {value}")
    return done_steps
