"""A plan file in git: its text at a revision, what changed between two revisions, and the
repository's set-up for `cchc` (the textconv and merge drivers)."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

from ..errors import CchcError, ExitCode
from ..reading.loader import load_text, valid
from ..reading.text import decode, read_bytes, read_text
from ..reading.versions import Versions
from ..writing.storage import write_atomic
from .changes import Change, plan_changes, plan_lines


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


def changes_between(path: Path, first: str, second: str | None = None) -> list[Change]:
    """What changed in the plan at `path` from revision `first` to revision `second` (None: the
    file as it is on disk, uncommitted changes included)."""
    # Two versions differ in a few places: the second reading takes the records of every
    # chunk the first one read from the same text, and the first is kept as a snapshot, so
    # the two are never in memory as models at once.
    versions = Versions()
    before, after = _reader(first), _reader(second)
    valid(versions.first(before(path), path, before))
    later = valid(versions.then(after(path), path, after))
    return plan_changes(*versions.narrowed(later))


def changed_since(revision: str, paths: list[Path]) -> list[Path]:
    """Those of `paths` whose text on disk differs from `revision` (an empty list outside a
    repository, or when git cannot tell)."""
    if not paths:
        return []
    folder = paths[0].resolve().parent
    done = _git(folder, "diff", "--name-only", "-z", revision, "--", *(str(p.resolve()) for p in paths))
    top = _git(folder, "rev-parse", "--show-toplevel")
    if done.returncode != 0 or top.returncode != 0:
        return []
    changed = {(Path(top.stdout.strip()) / name).resolve() for name in done.stdout.split("\0") if name}
    return [path for path in paths if path.resolve() in changed]


def _reader(revision: str | None) -> Callable[[Path], str]:
    """Reads a file (the plan or one it includes) as it is at `revision`, or on disk for None."""

    def read(file: Path) -> str:
        return read_text(file) if revision is None else text_at(revision, file).removeprefix("\ufeff")

    return read


def diff_text(path: Path) -> str:
    """What `git diff` compares for a plan file (its textconv): the plan one thing a line, or
    the file's text as it is when it is not a valid plan, or its bytes when it is not text."""
    raw = read_bytes(path)
    try:
        loaded = load_text(decode(raw, path), path)
    except CchcError:  # git shows something for any file: the bytes as they are
        return raw.decode("utf-8", errors="replace")
    return "\n".join(plan_lines(loaded.plan)) + "\n" if loaded.plan else loaded.text


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
