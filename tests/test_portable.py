"""`cchc` runs where the clerks are: on Windows too. There is no Windows machine here, so the
commands run with the POSIX-only modules made unavailable (`without_posix.py`), the type checker
reads the package as Windows and macOS see it, and Windows' own situations (a report open in
Word, a console in an old code page, paths written with backslashes, CRLF) are made here."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import docx
import pytest

from cchc_plan import cli
from cchc_plan.reading.loader import load_plan, load_text
from cchc_plan.writing import storage
from cchc_plan.writing.newplan import starter_text, write_new_plan
from conftest import PLAN_2020, QUARTER_RECORDS, ROOT, TESTS, run_cchc, run_without_posix
from test_prompts import answer_the_questions, assert_the_answers_were_recorded
from test_templates import write

SOURCE = ROOT / "src" / "cchc_plan"
POSIX_ONLY = {"fcntl", "resource", "readline", "termios"}


def plan_folder(path: Path) -> Path:
    (path / "plans").mkdir(parents=True)
    (path / "plans" / "2020.yaml").write_bytes(PLAN_2020.read_bytes())
    return path


def test_the_package_imports_no_posix_only_module_and_sets_no_alarm() -> None:
    found = []
    for path in sorted(SOURCE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([alias.name for alias in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            found += [(path.name, name) for name in names if name.split(".")[0] in POSIX_ONLY]
            if isinstance(node, ast.Attribute) and node.attr in ("SIGALRM", "setitimer", "alarm"):
                found.append((path.name, node.attr))
    assert found == []


@pytest.mark.parametrize("platform", ["win32", "darwin"])
def test_the_type_checker_reading_the_package_as_windows_and_macos_sees_no_error(platform: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--platform", platform, "--no-incremental", "src"],
        cwd=ROOT, capture_output=True, text=True, timeout=600, check=False,
    )

    assert done.returncode == 0, done.stdout[-3000:]
    assert done.stdout.startswith("Success: no issues found")


def test_a_clerks_quarter_gives_the_same_files_and_reports_without_posix_modules(tmp_path: Path) -> None:
    folder = plan_folder(tmp_path)
    for args in QUARTER_RECORDS:
        done = run_without_posix(*args, cwd=folder)
        assert done.code == 0, done.stderr
    checked = run_without_posix("check", cwd=folder)
    report = ("report", "-q", "2", "--date", "16/06/2020")

    portable = [run_without_posix(*report, cwd=folder), run_without_posix(*report, "-f", "json", cwd=folder)]
    usual = [run_cchc(*report, cwd=folder), run_cchc(*report, "-f", "json", cwd=folder)]
    word = run_without_posix(*report, "-f", "docx", "-o", "portable.docx", cwd=folder)
    run_cchc(*report, "-f", "docx", "-o", "usual.docx", cwd=folder)

    assert checked.code == 0
    assert checked.stdout.endswith(f"{len([a for a in QUARTER_RECORDS if a[0] == 'add-activity'])} hoạt động.\n")
    assert [run.stdout for run in portable] == [run.stdout for run in usual]
    assert "# BÁO CÁO" in portable[0].stdout
    assert word.code == 0
    assert (folder / "portable.docx").read_bytes() == (folder / "usual.docx").read_bytes()
    assert docx.Document(str(folder / "portable.docx")).paragraphs
    assert sorted(path.name for path in (folder / "plans").iterdir()) == ["2020.yaml"]  # no lock left


def test_an_endless_template_is_stopped_without_an_alarm_signal(quarter_plan: Path, tmp_path: Path) -> None:
    template = write(tmp_path, "mau.md", "{% for a in range(100000) %}{% for b in range(100000) %}"
                                          "{% endfor %}{% endfor %}")

    done = run_without_posix("report", "-q", "2", "--template", str(template), "-o", str(tmp_path / "r.md"),
                         cwd=quarter_plan, env={"CCHC_TEST_MAX_SECONDS": "1"})

    assert done.code == 4, done.stderr
    assert "mẫu chạy quá 1 giây (có thể một vòng lặp không dừng)" in done.stderr
    assert not (tmp_path / "r.md").exists()


def test_twelve_clerks_at_once_without_flock_lose_nothing(tmp_path: Path) -> None:
    folder = plan_folder(tmp_path)
    processes = [
        subprocess.Popen(
            [sys.executable, str(TESTS / "without_posix.py"), "add-activity", "--task", "vp-2",
             "--date", f"{number + 1}/03/2020", "--title", f"Tin bài số {number}"],
            cwd=folder, env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        for number in range(12)
    ]
    results = [(process.wait(timeout=180), process.stderr.read()) for process in processes]  # type: ignore[union-attr]

    assert [code for code, _ in results] == [0] * 12, results
    loaded = load_plan(folder / "plans" / "2020.yaml")
    assert loaded.plan is not None and loaded.errors == []
    assert sorted(activity.title for activity in loaded.plan.activities) == sorted(
        f"Tin bài số {number}" for number in range(12))
    assert sorted(int(activity.id.split("-")[2]) for activity in loaded.plan.activities) == list(range(1, 13))
    assert sorted(path.name for path in (folder / "plans").iterdir()) == ["2020.yaml"]


def test_the_questions_are_asked_without_readline(tmp_path: Path) -> None:
    plan = plan_folder(tmp_path) / "plans" / "2020.yaml"

    answer_the_questions([sys.executable, str(TESTS / "without_posix.py"), "add-activity", "--plan", str(plan)])

    assert_the_answers_were_recorded(plan)


# ---- Windows' own situations ----

def test_a_report_open_in_word_is_a_clear_message_and_the_old_file_stays(
    quarter_plan: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "bao-cao.docx"
    target.write_bytes(b"the report Word has open")

    def sharing_violation(source: str, destination: str) -> None:
        error = PermissionError(13, "The process cannot access the file because it is being used by another process")
        error.winerror = 32  # type: ignore[attr-defined]  # what Windows says; absent elsewhere
        raise error

    monkeypatch.setattr(storage.os, "replace", sharing_violation)
    monkeypatch.chdir(quarter_plan)
    code = cli.main(["report", "-q", "2", "-f", "docx", "-o", str(target), "--force"])

    assert code == 3
    assert capsys.readouterr().err.endswith(
        f"Lỗi: Không ghi được tệp «{target}»: tệp đang được chương trình khác mở (Word, Excel, "
        "trình soạn thảo...). Tệp cũ vẫn còn nguyên.\n"
        "      → Đóng tệp trong chương trình đó rồi chạy lại lệnh, hoặc ghi ra tệp khác.\n"
    )
    assert target.read_bytes() == b"the report Word has open"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["bao-cao.docx"]


def test_an_include_written_on_windows_is_read_everywhere(tmp_path: Path) -> None:
    (tmp_path / "hoat-dong").mkdir()
    (tmp_path / "hoat-dong" / "trung-tam.yaml").write_text(
        "activities:\n  - id: HD-2020-0001-aaaa\n    date: 2020-03-02\n    unit: trung-tam-vhnt\n"
        "    task: ttvhnt-1\n    title: Biểu diễn\n", encoding="utf-8")
    text = PLAN_2020.read_text(encoding="utf-8").replace(
        "schema_version: 2\n", "schema_version: 2\ninclude:\n  - hoat-dong\\trung-tam.yaml\n  - 'C:\\khac.yaml'\n", 1)

    loaded = load_text(text, tmp_path / "2020.yaml")

    line = text[: text.index("C:")].count("\n") + 1
    assert [(error.code, error.line) for error in loaded.errors] == [("include-outside", line)]
    fixed = load_text(text.replace("  - 'C:\\khac.yaml'\n", ""), tmp_path / "2020.yaml")
    assert fixed.plan is not None and [a.title for a in fixed.plan.activities] == ["Biểu diễn"]


@pytest.mark.parametrize(("encoding", "said"), [
    ("cp1252", "plans/2020.yaml: hợp lệ · 4 đơn vị"),
    ("ascii", "plans/2020.yaml: hop le - 4 don vi"),
])
def test_a_console_in_an_old_code_page_shows_vietnamese_without_mojibake(
    encoding: str, said: str, tmp_path: Path
) -> None:
    folder = plan_folder(tmp_path)
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "PYTHONIOENCODING": encoding}
    run = [sys.executable, "-m", "cchc_plan"]
    checked = subprocess.run([*run, "check"], cwd=folder, env=env, capture_output=True, check=False)
    shown = subprocess.run([*run, "show", "--json"], cwd=folder, env=env, capture_output=True, check=False)
    usual = subprocess.run([*run, "show", "--json"], cwd=folder, capture_output=True, check=False,
                           env={**env, "PYTHONIOENCODING": "utf-8"})

    assert checked.returncode == 0 and shown.returncode == 0
    expected = "".join(char if char.encode(encoding, "ignore") else plain
                       for char, plain in zip(said, "plans/2020.yaml: hop le - 4 don vi", strict=True))
    assert checked.stdout.decode(encoding).startswith(expected)
    assert shown.stdout.isascii()
    assert __import__("json").loads(shown.stdout) == __import__("json").loads(usual.stdout)


def test_a_new_plan_written_with_windows_line_endings_is_valid_and_keeps_them(tmp_path: Path) -> None:
    path = tmp_path / "2021.yaml"

    unfinished = write_new_plan(path, starter_text(2021), "\r\n")

    raw = path.read_bytes()
    assert raw.count(b"\r\n") == raw.count(b"\n") > 50
    assert [error.code for error in load_plan(path).errors] == ["placeholder"] * len(unfinished)
