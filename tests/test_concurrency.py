"""Many clerks at once: every change lands, ids stay unique, the file stays valid."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from cchc_plan.loader import load_plan
from conftest import PLAN_2020, ROOT


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
