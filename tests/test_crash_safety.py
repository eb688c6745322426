"""A write interrupted at any step leaves the old plan or the new one, never a mix, and the next
write cleans up after it; a full disk or a folder without write permission changes nothing."""

from __future__ import annotations

import os
import re
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from cchc_plan.reading.loader import load_plan
from conftest import PLAN_2020, ROOT, TESTS

CRASHPOINT = TESTS / "crashpoint.py"
LEFTOVER = re.compile(r"\.2020\.yaml\.[a-z0-9_]{8}\.tmp")

# One write of each kind; each adds one record (fmt rewrites a plan written out of order).
WRITES: dict[str, tuple[str, ...]] = {
    "add-activity": ("add-activity", "-t", "vp-2", "-d", "03/03/2020", "--title", "Tin bài"),
    "progress": ("progress", "-t", "vp-2", "-q", "1", "-s", "done"),
    "note": ("note", "-q", "1", "-s", "kho-khan", "Thiếu kinh phí."),
    "fmt": ("fmt",),
}
BEFORE_RENAME = ["written-not-synced", "synced", "before-rename"]
AFTER_RENAME = ["after-rename", "after-folder-sync"]


def unformatted() -> bytes:
    """The shipped plan with two activities in the wrong order, for `fmt` to put right."""
    text = PLAN_2020.read_text(encoding="utf-8").replace("\nactivities:\n", (
        "\nactivities:\n"
        "  - id: HD-2020-0002\n    date: 2020-05-02\n    unit: van-phong-so\n    task: vp-2\n"
        "    title: Sau\n"
        "  - id: HD-2020-0001\n    date: 2020-03-02\n    unit: van-phong-so\n    task: vp-2\n"
        "    title: Trước\n"
    ), 1)
    assert text != PLAN_2020.read_text(encoding="utf-8")
    return text.encode("utf-8")


def cchc(folder: Path, *args: str, step: str | None = None, limit: int | None = None,
         clerk: bool = False) -> subprocess.CompletedProcess[str]:
    """`cchc ARGS --plan 2020.yaml` in `folder`: with a fault at `step`, with files limited to
    `limit` bytes (what a full disk does to a write), or as a clerk without root's override."""
    command = [sys.executable, str(CRASHPOINT), step, str(folder / "marker"), "--"] if step else \
        [sys.executable, "-m", "cchc_plan"]
    if clerk and os.geteuid() == 0:  # root writes anywhere; a clerk does not
        command = ["setpriv", "--bounding-set=-dac_override,-dac_read_search", *command]
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(TESTS)])}
    return subprocess.run(
        [*command, *args, "--plan", str(folder / "2020.yaml")], cwd=folder, env=environment,
        capture_output=True, text=True, timeout=60, check=False,
        preexec_fn=(lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))) if limit else None,
    )


def plan_folder(tmp_path: Path, write: str) -> tuple[Path, bytes]:
    folder = tmp_path / "plans"
    folder.mkdir()
    original = unformatted() if write == "fmt" else PLAN_2020.read_bytes()
    (folder / "2020.yaml").write_bytes(original)
    return folder, original


def records(folder: Path) -> int:
    loaded = load_plan(folder / "2020.yaml")
    assert loaded.ok, loaded.errors
    assert loaded.plan is not None
    return len(loaded.plan.activities) + len(loaded.plan.progress) + len(loaded.plan.notes)


def leftovers(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir() if path.name != "2020.yaml")


@pytest.mark.parametrize("write", list(WRITES))
@pytest.mark.parametrize("step", BEFORE_RENAME + AFTER_RENAME)
def test_a_write_killed_at_any_step_leaves_the_old_or_the_new_plan(
    write: str, step: str, tmp_path: Path
) -> None:
    folder, original = plan_folder(tmp_path, write)
    old_records = records(folder)

    killed = cchc(folder, *WRITES[write], step=step)

    assert killed.returncode == -9, killed.stderr
    after = (folder / "2020.yaml").read_bytes()
    if step in BEFORE_RENAME:
        assert after == original
        (temporary,) = leftovers(folder)  # what a killed write leaves: one temporary file
        assert LEFTOVER.fullmatch(temporary)
    else:
        assert after != original
        assert records(folder) == old_records + (write != "fmt")
        assert leftovers(folder) == []

    again = cchc(folder, *WRITES[write])

    assert again.returncode == 0, again.stderr
    assert leftovers(folder) == []  # the next write removed what the killed one left
    landed = 2 if step in AFTER_RENAME else 1
    assert records(folder) == old_records + (0 if write == "fmt" else landed)


def test_a_full_disk_changes_nothing_and_leaves_nothing(tmp_path: Path) -> None:
    folder, original = plan_folder(tmp_path, "add-activity")

    done = cchc(folder, *WRITES["add-activity"], step="full-disk")

    assert done.returncode == 3
    assert f"Không ghi được tệp «{folder / '2020.yaml'}»: ổ đĩa đã đầy. Tệp cũ (nếu có) vẫn còn nguyên." in done.stderr
    assert (folder / "2020.yaml").read_bytes() == original
    assert leftovers(folder) == []


def test_a_file_size_limit_met_while_writing_changes_nothing(tmp_path: Path) -> None:
    folder, original = plan_folder(tmp_path, "add-activity")

    # The system's own limit (RLIMIT_FSIZE): writing past it fails as on a full disk.
    done = cchc(folder, *WRITES["add-activity"], limit=len(original) + 10)

    assert done.returncode == 3, done.stderr
    assert "tệp vượt quá kích thước hệ thống cho phép" in done.stderr
    assert (folder / "2020.yaml").read_bytes() == original
    assert leftovers(folder) == []


def test_a_read_only_folder_changes_nothing(tmp_path: Path) -> None:
    folder, original = plan_folder(tmp_path, "add-activity")
    folder.chmod(0o555)
    try:
        done = cchc(folder, *WRITES["add-activity"], clerk=True)
    finally:
        folder.chmod(0o755)

    assert done.returncode == 3, done.stderr
    assert f"Không ghi được tệp «{folder / '2020.yaml'}»: không có quyền truy cập." in done.stderr
    assert (folder / "2020.yaml").read_bytes() == original
    assert leftovers(folder) == []


def test_a_read_only_plan_file_is_not_replaced(tmp_path: Path) -> None:
    folder, original = plan_folder(tmp_path, "add-activity")
    (folder / "2020.yaml").chmod(0o444)

    done = cchc(folder, *WRITES["add-activity"], clerk=True)

    assert done.returncode == 3, done.stderr
    assert f"Không ghi được tệp «{folder / '2020.yaml'}»: tệp chỉ cho đọc." in done.stderr
    assert (folder / "2020.yaml").read_bytes() == original
    assert leftovers(folder) == []
