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
    for question in ("Hình thức (phat-thanh-truyen-hinh, ", "Nội dung (sang-kien, ", "Số lượng"):
        assert question.encode() in read_until(master, "bỏ qua): ".encode())  # the task's own first
        os.write(master, b"\n")  # Enter skips it
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


def tmux(*args: str) -> str:
    done = subprocess.run(["tmux", "-L", "cchc-test", *args], capture_output=True, text=True,
                          check=True, timeout=30)
    return done.stdout


def screen_until(text: str, timeout: float = 30, settle: float = 0.5) -> str:
    """The terminal's screen once it shows `text`, and the prompt has had a moment to start
    reading keys (keys sent while it sets the terminal up are lost, as a person's would be)."""
    deadline = time.monotonic() + timeout
    while True:
        shown = tmux("capture-pane", "-p", "-t", "cchc")
        if text in shown:
            time.sleep(settle)
            return shown
        assert time.monotonic() < deadline, shown
        time.sleep(0.1)


def test_at_a_real_terminal_tab_completes_answers_are_checked_as_typed_and_ctrl_c_writes_nothing(
    tmp_path: Path,
) -> None:
    """In tmux, as a clerk types: Tab completes a task code and a status word typed without
    diacritics; a date that does not exist is asked again at once, with the reason; the
    optional questions offer the task's own forms first; Ctrl-C stops without writing."""
    plan = tmp_path / "2020.yaml"
    plan.write_bytes(PLAN_2020.read_bytes())
    command = (f"PYTHONPATH={ROOT / 'src'} {sys.executable} -m cchc_plan add-activity "
               f"--plan {plan}; echo KẾT-THÚC=$?; sleep 60")
    tmux("new-session", "-d", "-s", "cchc", "-x", "160", "-y", "50", command)
    try:
        screen_until("Nhiệm vụ:", settle=2)  # the first question also loads the prompt's library
        tmux("send-keys", "-t", "cchc", "tcct", "Tab")
        assert screen_until("Nhiệm vụ: tcct-1").count("Nhiệm vụ: tcct-1") == 1
        tmux("send-keys", "-t", "cchc", "Enter", "31/04/2020", "Enter")
        assert "ngày «31/04/2020» không có thật: tháng 4 năm 2020 có 30 ngày." in screen_until("Gõ lại")
        tmux("send-keys", "-t", "cchc", "12/05/2020", "Enter", "Phóng sự", "Enter")
        shown = screen_until("Hình thức (")
        assert "Hình thức (phat-thanh-truyen-hinh, trang-tin, van-nghe, cong-khai-tthc…; Enter: bỏ qua)" in shown
        tmux("send-keys", "-t", "cchc", "C-c")
        assert "Lỗi: Đã hủy, chưa ghi gì." in screen_until("KẾT-THÚC=2")
    finally:
        subprocess.run(["tmux", "-L", "cchc-test", "kill-server"], capture_output=True, check=False)
    assert plan.read_bytes() == PLAN_2020.read_bytes()


def test_at_a_real_terminal_a_status_word_completes_without_diacritics(tmp_path: Path) -> None:
    plan = tmp_path / "2020.yaml"
    plan.write_bytes(PLAN_2020.read_bytes())
    command = (f"PYTHONPATH={ROOT / 'src'} {sys.executable} -m cchc_plan progress -t vp-2 -q 2 "
               f"--plan {plan}; echo KẾT-THÚC=$?; sleep 60")
    tmux("new-session", "-d", "-s", "cchc", "-x", "160", "-y", "50", command)
    try:
        screen_until("Trạng thái (", settle=2)
        tmux("send-keys", "-t", "cchc", "hoan", "Tab")
        screen_until("Hoàn thành): Hoàn thành")
        tmux("send-keys", "-t", "cchc", "Enter")
        screen_until("KẾT-THÚC=0")
    finally:
        subprocess.run(["tmux", "-L", "cchc-test", "kill-server"], capture_output=True, check=False)
    loaded = load_plan(plan)
    assert loaded.plan is not None
    assert [(record.task, record.quarter, record.status) for record in loaded.plan.progress] == [
        ("vp-2", 2, "done")]
