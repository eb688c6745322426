"""Shared helpers: the real `cchc` command run as a process, and paths of the shipped material."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

# CI explores the same examples on every run, so a landing never depends on luck; a developer's
# run explores new ones each time.
settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

# The cache of validated plans goes to a folder of this run, never to the developer's own.
os.environ.setdefault("CCHC_CACHE_DIR", tempfile.mkdtemp(prefix="cchc-cache-"))

ROOT = Path(__file__).resolve().parent.parent
PLAN_2020 = ROOT / "plans" / "2020.yaml"
TESTS = Path(__file__).resolve().parent


@contextmanager
def chunked(size: int, cache: str = "off") -> Iterator[None]:
    """Record lists read a few items at a time, with shared strings, and the cache of valid
    plans in `cache`: a plan of tens of records then crosses chunk boundaries as one of 50.000
    does. A context rather than a fixture, so that a property test can use it per example."""
    from cchc_plan.reading import fastparse

    saved = fastparse.CHUNK, fastparse.SHARED_FROM, os.environ.get("CCHC_CACHE_DIR")
    fastparse.CHUNK, fastparse.SHARED_FROM = size, 0
    os.environ["CCHC_CACHE_DIR"] = cache
    try:
        yield
    finally:
        fastparse.CHUNK, fastparse.SHARED_FROM = saved[0], saved[1]
        if saved[2] is None:
            os.environ.pop("CCHC_CACHE_DIR", None)
        else:
            os.environ["CCHC_CACHE_DIR"] = saved[2]


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        return json.loads(self.stdout)


def run_cchc(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> Run:
    """Run `python -m cchc_plan ARGS` as the clerk would, in a clean environment."""
    return _run([sys.executable, "-m", "cchc_plan", *args], cwd, env)


def run_without_posix(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> Run:
    """`run_cchc` as on a system without fcntl, resource, readline, termios and SIGALRM
    (Windows): see `without_posix.py`."""
    return _run([sys.executable, str(TESTS / "without_posix.py"), *args], cwd,
                {"PYTHONPATH": str(ROOT / "src"), **(env or {})})


def _run(command: list[str], cwd: Path | None, env: dict[str, str] | None) -> Run:
    environment = {key: value for key, value in os.environ.items() if key != "CCHC_PLAN"}
    environment["COLUMNS"] = "100"
    environment.update(env or {})
    done = subprocess.run(
        command,
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


# The quarter a clerk records in the story of the report tests: (options, what it shows).
QUARTER_RECORDS: list[tuple[str, ...]] = [
    ("add-activity", "-t", "vp-3", "-d", "15/03/2020", "--title", "Hội nghị phổ biến Nghị định 61",
     "-f", "hoi-nghi", "-c", "van-ban-phap-luat", "-n", "1", "--measure", "hội nghị",
     "--participants", "85", "--evidence", "Giấy mời số 12/GM-SVHTTDL"),
    ("add-activity", "-t", "ttvhnt-1", "-d", "02/04/2020",
     "--title", "Thiết kế pano «R&D <nháp>» | *thử*", "-f", "pano", "-n", "3", "--measure", "pano",
     "--cost", "4500000"),
    ("add-activity", "-t", "ttvhnt-2", "-d", "10/05/2020",
     "--title", "Biểu diễn lưu động tại xã Sơn Bao, huyện Sơn Hà", "-f", "van-nghe",
     "-c", "y-nghia-cchc", "-c", "trach-nhiem", "-n", "2", "--measure", "buổi",
     "--participants", "1250", "--cost", "1250000"),
    ("add-activity", "-t", "ttvhnt-1", "-u", "van-phong-so", "-d", "14/06/2020",
     "--title", "Biên tập tin bài cho xe lưu động", "-f", "xe-luu-dong", "-n", "5",
     "--measure", "tin bài"),
    ("add-activity", "-t", "tcct-1", "-d", "20/06/2020", "--title", "Phóng sự gương điển hình CCHC",
     "-f", "phat-thanh-truyen-hinh", "-n", "1", "--measure", "phóng sự"),
    ("add-activity", "-t", "vp-2", "-d", "16/06/2020", "--title", "Đăng tin bài về CCHC",
     "-f", "trang-tin", "-n", "12", "--measure", "Tin bài",
     "--evidence", "https://svhttdl.quangngai.gov.vn/cchc"),
    ("progress", "-t", "vp-3", "-q", "2", "-s", "done"),
    ("progress", "-t", "ttvhnt-2", "-q", "2", "-s", "in_progress", "--percent", "60",
     "--note", "Đã diễn 2/4 buổi"),
    ("progress", "-t", "vp-2", "-q", "3", "-s", "done"),
    ("note", "-q", "2", "-s", "kho-khan", "Kinh phí tuyên truyền còn hạn chế."),
    ("note", "-q", "2", "-s", "kien-nghi", "Đề nghị bố trí kinh phí cho xe lưu động.\n\nĐề nghị tập huấn."),
    ("note", "--half", "1", "-s", "kho-khan", "Chỉ thuộc báo cáo 6 tháng."),
]


@pytest.fixture(scope="session")
def quarter_plan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder whose plans/2020.yaml holds a quarter of work recorded through the real CLI."""
    folder = tmp_path_factory.mktemp("quarter")
    (folder / "plans").mkdir()
    (folder / "plans" / "2020.yaml").write_bytes(PLAN_2020.read_bytes())
    for args in QUARTER_RECORDS:
        done = run_cchc(*args, cwd=folder)
        assert done.code == 0, done.stderr
    return folder


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=Văn thư", "-c", "user.email=vanthu@example.invalid", *args],
        cwd=repo, capture_output=True, text=True, check=True,
    )
    return done.stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A department's repository holding a copy of the shipped plan, committed."""
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "2020.yaml").write_bytes(PLAN_2020.read_bytes())
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "Kế hoạch năm 2020")
    return tmp_path


def diff_body(repo: Path) -> list[str]:
    """The lines of `git diff` after the hunk header."""
    lines = git(repo, "diff", "--no-color", "-U0").splitlines()
    return lines[lines.index(next(line for line in lines if line.startswith("@@"))) :]
