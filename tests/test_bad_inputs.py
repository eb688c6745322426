"""No input costs a line of the plan: every bad file or command line gets a located Vietnamese
message and its documented exit code, in bounded time and memory, without a traceback, and
every file is byte for byte what it was. Odd files that are good files simply work."""

from __future__ import annotations

import codecs
import json
import os
import re
import subprocess
import sys
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from conftest import PLAN_2020, TESTS, git, run_cchc
from test_broken_plans import BROKEN, expected_faults

# Peak memory any refused input may cost (the shipped plan needs about 40 MB).
MEMORY_LIMIT_MB = 250


@dataclass
class Measured:
    code: int
    stdout: str
    stderr: str
    peak_mb: float

    def json(self) -> Any:
        return json.loads(self.stdout)

    def codes(self) -> list[str]:
        return [error["code"] for error in self.json()["errors"]]


# Started by a small Python of its own, which reports the command's peak memory: a child of the
# test process itself would be charged the test process's own size (tens of MB after collecting
# every test) until it execs, because the kernel keeps the larger high-water mark.
_MEASURER = """
import os, subprocess, sys, threading
process = subprocess.Popen(sys.argv[2:])
killer = threading.Timer(60, process.kill)
killer.start()
_, status, usage = os.wait4(process.pid, 0)
killer.cancel()
with open(sys.argv[1], "w") as out:
    out.write(str(usage.ru_maxrss))
sys.exit(os.waitstatus_to_exitcode(status))
"""


def measured(*args: str, cwd: Path) -> Measured:
    """Run `cchc ARGS` as a process, killed after 60 s, and take its peak memory from the
    kernel (wait4 on that one process, by a small parent of its own)."""
    environment = {key: value for key, value in os.environ.items() if key != "CCHC_PLAN"}
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
            tempfile.TemporaryDirectory() as scratch:
        peak = Path(scratch) / "peak"
        process = subprocess.run(
            [sys.executable, "-c", _MEASURER, str(peak), sys.executable, "-m", "cchc_plan", *args],
            cwd=cwd, env=environment, stdout=out, stderr=err, timeout=120, check=False)
        out.seek(0)
        err.seek(0)
        return Measured(process.returncode, out.read().decode("utf-8"),
                        err.read().decode("utf-8"), int(peak.read_text()) / 1024)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` with its bytes: what must not change."""
    return {str(path.relative_to(folder)): path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file()}


# ---- every broken file: a write is refused, nothing changes, memory stays bounded ----

@pytest.mark.parametrize("path", BROKEN, ids=[path.stem for path in BROKEN])
def test_a_write_to_a_broken_plan_is_refused_and_changes_no_byte(path: Path, tmp_path: Path) -> None:
    folder = tmp_path / "plans"
    folder.mkdir()
    (folder / path.name).write_bytes(path.read_bytes())
    before = snapshot(tmp_path)

    done = measured("add-activity", "--json", "--plan", f"plans/{path.name}", "-t", "vp-1",
                    "-d", "02/03/2020", "--title", "Tin bài", cwd=tmp_path)

    assert done.code == 1, done.stderr
    assert done.json()["ok"] is False
    assert [(e["line"], e["col"], e["code"]) for e in done.json()["errors"]] == expected_faults(path)
    assert "Traceback" not in done.stderr
    assert snapshot(tmp_path) == before
    assert done.peak_mb < MEMORY_LIMIT_MB


# ---- files the corpus cannot hold: made here ----

def test_a_50_megabyte_plan_is_refused_before_it_is_read(tmp_path: Path) -> None:
    plan = tmp_path / "2020.yaml"
    with plan.open("wb") as handle:
        handle.write(PLAN_2020.read_bytes())
        for _ in range(50):
            handle.write(b"# " + b"x" * (1024 * 1024 - 3) + b"\n")
    size = plan.stat().st_size

    checked = measured("check", "--json", "--plan", str(plan), cwd=tmp_path)
    written = measured("add-activity", "--json", "--plan", str(plan), "-t", "vp-1",
                       "-d", "02/03/2020", "--title", "Tin bài", cwd=tmp_path)

    for done in (checked, written):
        assert done.code == 1
        (error,) = done.json()["errors"]
        assert (error["line"], error["col"], error["code"]) == (1, 1, "file-too-large")
        assert error["message"] == f"tệp quá lớn ({size / 1024 / 1024:.1f} MB; giới hạn 32 MB)".replace(".", ",")
        assert done.peak_mb < 80  # the file is never read: its 50 MB never reach memory
    assert plan.stat().st_size == size
    assert sorted(path.name for path in tmp_path.iterdir()) == ["2020.yaml"]


@pytest.mark.parametrize("kind", ["fifo", "device", "folder"])
def test_a_plan_that_is_not_a_regular_file_is_refused_without_waiting(kind: str, tmp_path: Path) -> None:
    plan = tmp_path / "2020.yaml"
    if kind == "fifo":
        os.mkfifo(plan)  # opening it would wait for a writer for ever
    elif kind == "folder":
        plan.mkdir()
    target = "/dev/zero" if kind == "device" else str(plan)  # reading it would never end

    done = measured("check", "--json", "--plan", target, cwd=tmp_path)

    assert done.code == 2
    assert done.codes() == ["not-a-file"]


def test_an_include_that_leaves_the_folder_through_a_symlink_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "ngoai"
    outside.mkdir()
    (outside / "hoat-dong.yaml").write_text("activities: []\n", encoding="utf-8")
    folder = tmp_path / "plans"
    folder.mkdir()
    (folder / "hoat-dong.yaml").symlink_to(outside / "hoat-dong.yaml")
    text = PLAN_2020.read_text(encoding="utf-8").replace(
        "activities:", "include: [hoat-dong.yaml]\nactivities:", 1)
    (folder / "2020.yaml").write_text(text, encoding="utf-8")
    line = text[: text.index("include:")].count("\n") + 1

    done = measured("check", "--json", "--plan", "plans/2020.yaml", cwd=tmp_path)

    assert done.code == 1
    assert [(e["line"], e["col"], e["code"]) for e in done.json()["errors"]] == [
        (line, 11, "include-outside")
    ]


def test_an_included_pipe_is_reported_not_waited_for(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "hoat-dong.yaml")
    text = PLAN_2020.read_text(encoding="utf-8").replace(
        "activities:", "include: [hoat-dong.yaml]\nactivities:", 1)
    (tmp_path / "2020.yaml").write_text(text, encoding="utf-8")

    done = measured("check", "--json", "--plan", "2020.yaml", cwd=tmp_path)

    assert done.code == 1
    assert done.codes() == ["include-unreadable"]


# ---- odd files that are good files ----

def test_a_byte_order_mark_is_read_and_kept_by_a_write(repo: Path) -> None:
    plan = repo / "plans" / "2020.yaml"
    plan.write_bytes(codecs.BOM_UTF8 + PLAN_2020.read_bytes())
    git(repo, "commit", "-qam", "Notepad")

    checked = run_cchc("check", cwd=repo)
    written = run_cchc("add-activity", "-t", "vp-2", "-d", "03/03/2020", "--title", "Tin bài",
                       cwd=repo)

    assert (checked.code, written.code) == (0, 0), written.stderr
    assert plan.read_bytes().startswith(codecs.BOM_UTF8 + b"# yaml-language-server")
    added = [line for line in git(repo, "diff", "-U0").splitlines() if line.startswith(("+", "-"))]
    assert added[2:] == ["+  - id: " + added[2].split("id: ")[1], "+    date: 2020-03-03",
                         "+    unit: van-phong-so", "+    task: vp-2", "+    title: Tin bài"]


def test_windows_line_endings_are_read_and_new_lines_get_them_too(tmp_path: Path) -> None:
    plan = tmp_path / "2020.yaml"
    old = PLAN_2020.read_bytes().replace(b"\n", b"\r\n")
    plan.write_bytes(old)

    done = run_cchc("add-activity", "--plan", str(plan), "-t", "vp-2", "-d", "03/03/2020",
                    "--title", "Tin bài")

    assert done.code == 0, done.stderr
    new = plan.read_bytes()
    assert new.count(b"\n") == new.count(b"\r\n") == old.count(b"\r\n") + 5
    removed = re.sub(rb"  - id: HD-2020-0001-\w+\r\n    date: 2020-03-03\r\n    unit: van-phong-so\r\n"
                     rb"    task: vp-2\r\n    title: Tin b\xc3\xa0i\r\n", b"", new)
    assert removed == old


def test_decomposed_vietnamese_is_accepted_and_read_as_composed(tmp_path: Path) -> None:
    plan = tmp_path / "2020.yaml"
    decomposed = unicodedata.normalize("NFD", PLAN_2020.read_text(encoding="utf-8"))
    plan.write_text(decomposed, encoding="utf-8")

    shown = run_cchc("show", "--json", "--plan", str(plan))
    written = run_cchc("add-activity", "--plan", str(plan), "-t", "vp-2", "-d", "03/03/2020",
                       "--title", unicodedata.normalize("NFD", "Tổ chức hội nghị"))

    assert (shown.code, written.code) == (0, 0), written.stderr
    assert shown.json()["issuing_body"] == "Sở Văn hóa, Thể thao và Du lịch Quảng Ngãi"
    assert unicodedata.is_normalized("NFC", shown.stdout)
    text = plan.read_text(encoding="utf-8")
    assert text.startswith(decomposed[: decomposed.index("activities:")])  # old lines as they were
    assert "    title: Tổ chức hội nghị\n" in text  # the new one composed


def test_a_reused_anchor_name_is_valid_yaml_and_prints_no_warning(tmp_path: Path) -> None:
    plan = tmp_path / "2020.yaml"
    plan.write_text(PLAN_2020.read_text(encoding="utf-8").replace(
        "place: Quảng Ngãi", "place: &noi Quảng Ngãi", 1
    ).replace("parent_body: UBND tỉnh Quảng Ngãi", "parent_body: &noi UBND tỉnh Quảng Ngãi", 1),
        encoding="utf-8")

    done = run_cchc("check", "--plan", str(plan))

    assert done.code == 0
    assert done.stderr == ""


# ---- command lines: each refused with its code, the plan untouched ----

WRITE = ("add-activity", "-t", "vp-2", "-d", "03/03/2020")
COMMANDS: list[tuple[str, tuple[str, ...], int, str]] = [
    ("date outside the plan's year", ("add-activity", "-t", "vp-2", "-d", "05/01/2021", "--title", "x"), 2, "date-outside-year"),
    ("30 February", ("add-activity", "-t", "vp-2", "-d", "30/02/2020", "--title", "x"), 2, "invalid-input"),
    ("a date in words", ("add-activity", "-t", "vp-2", "-d", "hôm qua", "--title", "x"), 2, "invalid-input"),
    ("unknown task", ("add-activity", "-t", "khong-co", "-d", "03/03/2020", "--title", "x"), 2, "unknown-reference"),
    ("unknown unit", (*WRITE, "--title", "x", "-u", "khong-co"), 2, "unknown-reference"),
    ("unknown form", (*WRITE, "--title", "x", "-f", "khong-co"), 2, "unknown-reference"),
    ("unknown content", (*WRITE, "--title", "x", "-c", "khong-co"), 2, "unknown-reference"),
    ("empty title", (*WRITE, "--title", ""), 2, "invalid-input"),
    ("terminal escape in the title", (*WRITE, "--title", "a\x1b[31mb"), 2, "invalid-input"),
    ("right-to-left override in the title", (*WRITE, "--title", "a\u202eb"), 2, "invalid-input"),
    ("negative quantity", (*WRITE, "--title", "x", "-n", "-3", "--measure", "tin"), 2, "out-of-range"),
    ("huge quantity", (*WRITE, "--title", "x", "-n", "99999999999", "--measure", "tin"), 2, "out-of-range"),
    ("quantity in words", (*WRITE, "--title", "x", "-n", "ba"), 2, "invalid-input"),
    ("negative cost", (*WRITE, "--title", "x", "--cost", "-5"), 2, "out-of-range"),
    ("huge participants", (*WRITE, "--title", "x", "--participants", "9" * 30), 2, "out-of-range"),
    ("unknown option", (*WRITE, "--title", "x", "--foo"), 2, "usage"),
    ("record into a file outside the plan", (*WRITE, "--title", "x", "--file", "/etc/passwd"), 2, "unknown-file"),
    ("percent over 100", ("progress", "-t", "vp-2", "-q", "2", "-s", "done", "--percent", "150"), 2, "out-of-range"),
    ("quarter 5", ("progress", "-t", "vp-2", "-q", "5", "-s", "done"), 2, "usage"),
    ("unknown status", ("progress", "-t", "vp-2", "-q", "2", "-s", "xong"), 2, "invalid-input"),
    ("unknown report section", ("note", "-q", "2", "-s", "khong-co", "Nội dung"), 2, "invalid-input"),
    ("plan file missing", ("check", "--plan", "plans/khong-co.yaml"), 2, "file-not-found"),
    ("plan is a folder", ("check", "--plan", "plans"), 2, "not-a-file"),
    ("report over its own plan", ("report", "-q", "2", "-o", "plans/2020.yaml"), 2, "output-is-input"),
    ("report over any YAML file", ("report", "-q", "2", "-o", "plans/hoat-dong.yml"), 2, "output-is-input"),
    ("two periods at once", ("report", "-q", "2", "--half", "1", "-o", "r.md"), 2, "usage"),
    ("template that is a pipe", ("report", "-q", "2", "--template", "mau.md"), 2, "template-not-found"),
]


@pytest.mark.parametrize(("args", "exit_code", "code"), [case[1:] for case in COMMANDS],
                         ids=[case[0] for case in COMMANDS])
def test_a_wrong_command_line_is_refused_and_changes_nothing(
    args: tuple[str, ...], exit_code: int, code: str, tmp_path: Path
) -> None:
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "2020.yaml").write_bytes(PLAN_2020.read_bytes())
    os.mkfifo(tmp_path / "mau.md")
    before = snapshot(tmp_path)
    json_flag = () if args[0] == "report" else ("--json",)  # report's own output is the JSON

    done = measured(*args, *json_flag, cwd=tmp_path)

    assert done.code == exit_code, done.stderr
    if json_flag:
        assert done.codes() == [code]
        (error,) = done.json()["errors"]
        assert re.search("[àáảãạăâđêôơư]", error["message"] + error["hint"]), error
    else:
        assert done.stderr.startswith("Lỗi: ")
    assert "Traceback" not in done.stderr
    assert snapshot(tmp_path) == before


# ---- what the clerk's terminal shows ----

def test_a_control_character_from_the_file_is_shown_harmless(tmp_path: Path) -> None:
    plan = tmp_path / "2020.yaml"
    plan.write_text(PLAN_2020.read_text(encoding="utf-8").replace(
        "place: Quảng Ngãi", "place: Quảng\x1b[2J Ngãi", 1), encoding="utf-8")

    done = run_cchc("check", "--plan", str(plan))

    assert done.code == 1
    assert "\x1b" not in done.stderr
    assert "  place: Quảng\ufffd[2J Ngãi\n" in done.stderr


def test_a_fault_on_a_long_line_shows_the_part_around_it(tmp_path: Path) -> None:
    plan = tmp_path / "2020.yaml"
    plan.write_text(PLAN_2020.read_text(encoding="utf-8").replace(
        "requirements:", "requirements: [" + "a, " * 400 + "]]\nx:", 1), encoding="utf-8")

    done = run_cchc("check", "--plan", str(plan))

    assert done.code == 1
    shown = [line for line in done.stderr.splitlines() if " | " in line and "a, a" in line]
    (line,) = shown
    assert len(line.split(" | ", 1)[1]) <= 102  # the window and its two «…»


def test_the_corpus_and_the_command_lines_make_more_than_forty_cases() -> None:
    generated = 7  # the 50 MB file, three non-files, the symlink, the pipe, the reused anchor
    assert len(BROKEN) + generated + len(COMMANDS) >= 40
    assert len(list((TESTS / "broken").glob("*.yaml"))) == len(BROKEN)
