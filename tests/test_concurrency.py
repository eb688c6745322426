"""Many clerks at once: every change lands, ids stay unique, the file stays valid."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from cchc_plan.reading.loader import load_plan
from conftest import PLAN_2020, ROOT, TESTS
from test_include import split_plan


def test_twenty_add_activity_processes_at_once_leave_twenty_activities(tmp_path: Path) -> None:
    plan = tmp_path / "2020.yaml"
    plan.write_bytes(PLAN_2020.read_bytes())
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "cchc_plan", "add-activity", "--plan", str(plan),
             "--task", "vp-2", "--date", f"{number + 1}/03/2020", "--title", f"Tin bài số {number}"],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        for number in range(20)
    ]
    results = [(process.wait(timeout=120), process.stderr.read()) for process in processes]  # type: ignore[union-attr]

    assert [code for code, _ in results] == [0] * 20, results
    loaded = load_plan(plan)
    assert loaded.errors == []
    assert loaded.plan is not None
    activities = loaded.plan.activities
    assert sorted(activity.title for activity in activities) == sorted(
        f"Tin bài số {number}" for number in range(20)
    )
    numbers = sorted(int(activity.id.split("-")[2]) for activity in activities)
    assert numbers == list(range(1, 21))
    assert sorted(path.name for path in tmp_path.iterdir()) == ["2020.yaml"]


def start(folder: Path, *args: str, step: str | None = None) -> subprocess.Popen[str]:
    """`cchc ARGS` started in `folder` (with a fault at `step`, see crashpoint.py)."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(TESTS)])}
    env.pop("CCHC_PLAN", None)
    command = [sys.executable, str(TESTS / "crashpoint.py"), step, str(folder / "marker"), "--"] \
        if step else [sys.executable, "-m", "cchc_plan"]
    return subprocess.Popen([*command, *args], cwd=folder, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def finish(processes: list[subprocess.Popen[str]]) -> list[tuple[int, str]]:
    return [(process.wait(timeout=180), process.stderr.read()) for process in processes]  # type: ignore[union-attr]


def test_clerks_recording_activities_progress_and_notes_at_once_lose_nothing(tmp_path: Path) -> None:
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "2020.yaml").write_bytes(PLAN_2020.read_bytes())
    tasks = ["vp-1", "vp-2", "vp-3", "qlvh-1", "ttvhnt-1", "ttvhnt-2"]
    commands = (
        [("add-activity", "-t", "vp-2", "-d", f"{day}/05/2020", "--title", f"Tin {day}")
         for day in range(1, 9)]
        + [("progress", "-t", task, "-q", "2", "-s", "in_progress", "--percent", str(10 * n + 10))
           for n, task in enumerate(tasks)]
        + [("note", "-q", str(quarter), "-s", "kho-khan", f"Khó khăn quý {quarter}.")
           for quarter in range(1, 5)]
        + [("note", "--half", "1", "-s", "kien-nghi", "Kiến nghị."),
           ("note", "--annual", "-s", "phuong-huong", "Phương hướng.")]
    )

    results = finish([start(tmp_path, *command) for command in commands])

    assert [code for code, _ in results] == [0] * len(commands), results
    loaded = load_plan(tmp_path / "plans" / "2020.yaml")
    assert loaded.ok and loaded.plan is not None, loaded.errors
    plan = loaded.plan
    assert sorted(activity.title for activity in plan.activities) == sorted(f"Tin {d}" for d in range(1, 9))
    assert len({activity.id for activity in plan.activities}) == 8
    assert sorted((record.task, record.percent) for record in plan.progress) == sorted(
        (task, 10 * n + 10) for n, task in enumerate(tasks))
    assert sorted(note.text for note in plan.notes) == sorted(
        [f"Khó khăn quý {q}." for q in range(1, 5)] + ["Kiến nghị.", "Phương hướng."])
    assert sorted(path.name for path in (tmp_path / "plans").iterdir()) == ["2020.yaml"]


def test_clerks_recording_into_included_files_at_once_lose_nothing(tmp_path: Path) -> None:
    split_plan(tmp_path)
    centre = [("add-activity", "-t", "ttvhnt-1", "-d", f"{day}/06/2020", "--title", f"Pano {day}")
              for day in range(1, 9)]
    office = [("add-activity", "-t", "vp-2", "-d", f"{day}/06/2020", "--title", f"Tin {day}")
              for day in range(1, 9)]

    results = finish([start(tmp_path, *command) for command in centre + office])

    assert [code for code, _ in results] == [0] * 16, results
    loaded = load_plan(tmp_path / "plans" / "2020.yaml")
    assert loaded.ok and loaded.plan is not None, loaded.errors
    titles = sorted(activity.title for activity in loaded.plan.activities)
    assert titles == sorted(["Biểu diễn lưu động ở Sơn Hà", *(f"Pano {d}" for d in range(1, 9)),
                             *(f"Tin {d}" for d in range(1, 9))])
    assert len({activity.id for activity in loaded.plan.activities}) == 17
    centre_file = (tmp_path / "plans" / "hoat-dong" / "trung-tam.yaml").read_text(encoding="utf-8")
    assert all(f"title: Pano {d}\n" in centre_file for d in range(1, 9))  # each in its unit's file
    assert "title: Tin" not in centre_file
    assert sorted(path.name for path in (tmp_path / "plans" / "hoat-dong").iterdir()) == [
        "chung.yaml", "trung-tam.yaml"]


def test_a_clerk_whose_write_crashed_while_holding_the_lock_does_not_block_the_next(
    tmp_path: Path,
) -> None:
    (tmp_path / "plans").mkdir()
    plan = tmp_path / "plans" / "2020.yaml"
    plan.write_bytes(PLAN_2020.read_bytes())
    holder = start(tmp_path, "add-activity", "-t", "vp-2", "-d", "02/03/2020", "--title", "Treo",
                   step="hold")
    deadline = time.monotonic() + 60
    while not (tmp_path / "marker").exists():  # the holder is inside its write, lock held
        assert holder.poll() is None, holder.stderr.read()  # type: ignore[union-attr]
        assert time.monotonic() < deadline
        time.sleep(0.05)
    waiting = start(tmp_path, "add-activity", "-t", "vp-2", "-d", "03/03/2020", "--title", "Tiếp")
    time.sleep(1)
    assert waiting.poll() is None  # it waits for the lock...

    holder.send_signal(signal.SIGKILL)  # ...until its holder dies, as in a crash
    holder.wait(timeout=60)

    assert waiting.wait(timeout=60) == 0, waiting.stderr.read()  # type: ignore[union-attr]
    loaded = load_plan(plan)
    assert loaded.ok and loaded.plan is not None
    assert [activity.title for activity in loaded.plan.activities] == ["Tiếp"]
    assert sorted(path.name for path in plan.parent.iterdir()) == ["2020.yaml"]
