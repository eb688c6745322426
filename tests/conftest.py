"""Shared helpers: the real `cchc` command run as a process, and paths of the shipped material."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
PLAN_2020 = ROOT / "plans" / "2020.yaml"
TESTS = Path(__file__).resolve().parent


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        return json.loads(self.stdout)


def run_cchc(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> Run:
    """Run `python -m cchc_plan ARGS` as the clerk would, in a clean environment."""
    environment = {key: value for key, value in os.environ.items() if key != "CCHC_PLAN"}
    environment["COLUMNS"] = "100"
    environment.update(env or {})
    done = subprocess.run(
        [sys.executable, "-m", "cchc_plan", *args],
        cwd=cwd or ROOT,
        env=environment,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )
    return Run(done.returncode, done.stdout, done.stderr)


@pytest.fixture
def cchc() -> Any:
    return run_cchc
