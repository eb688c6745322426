"""At a terminal, `add-activity` asks for what is missing instead of failing."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
import time
from pathlib import Path

from cchc_plan.reading.loader import load_plan
from conftest import PLAN_2020, ROOT


def read_until(master: int, marker: bytes, timeout: float = 30) -> bytes:
    seen = b""
    deadline = time.monotonic() + timeout
    while marker not in seen:
        assert time.monotonic() < deadline, seen.decode(errors="replace")
        try:
            seen += os.read(master, 4096)
        except OSError:
            break
    return seen


def answer_the_questions(command: list[str]) -> None:
    """Run `command` (an `add-activity` that lacks its task, date and title) at a terminal and
    answer its questions as a clerk would, a wrong task first."""
    master, slave = pty.openpty()
    process = subprocess.Popen(
        command, stdin=slave, stdout=slave, stderr=slave, close_fds=True,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src"), "TERM": "dumb"},
    )
    os.close(slave)

    screen = read_until(master, "Nhiệm vụ: ".encode())
    assert "tcct-1       TCCT · Phóng sự, tin bài".encode() in screen
    os.write(master, b"tcct-9\n")
    assert "«tcct-9» không có trong danh sách".encode() in read_until(master, "Nhiệm vụ: ".encode())
    os.write(master, b"tcct-1\n")
    read_until(master, "Ngày thực hiện (ngày/tháng/năm) [".encode())
    os.write(master, b"12/05/2020\n")
    read_until(master, "Tên hoạt động: ".encode())
    os.write(master, "Phóng sự về một cửa\n".encode())
    output = read_until(master, b"\xc4\x91\xc3\xa3 ghi.")  # «đã ghi.»
    assert process.wait(timeout=30) == 0, output.decode(errors="replace")
    os.close(master)


def assert_the_answers_were_recorded(plan: Path) -> None:
    loaded = load_plan(plan)
    assert loaded.plan is not None
    (activity,) = loaded.plan.activities
    assert (activity.unit, activity.task, activity.title) == (
        "tap-chi-cam-thanh", "tcct-1", "Phóng sự về một cửa",
    )
    assert activity.date.isoformat() == "2020-05-12"


def test_missing_task_date_and_title_are_asked_at_a_terminal(tmp_path: Path) -> None:
    plan = tmp_path / "2020.yaml"
    plan.write_bytes(PLAN_2020.read_bytes())

    answer_the_questions([sys.executable, "-m", "cchc_plan", "add-activity", "--plan", str(plan)])

    assert_the_answers_were_recorded(plan)
