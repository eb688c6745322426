"""Correcting what was recorded: `cchc edit ID` and `cchc remove ID` change only that record's
lines, validate first, and refuse an unknown id with the nearest ones."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import diff_body, git, run_cchc

PLAN = Path("plans") / "2020.yaml"


def recorded(repo: Path, *args: str) -> str:
    """Record through the CLI and commit; the new record's id."""
    done = run_cchc(*args, "--json", cwd=repo)
    assert done.code == 0, done.stderr
    git(repo, "commit", "-qam", "Ghi")
    record_id: str = done.json()["id"]
    return record_id


def test_editing_an_activity_changes_only_the_lines_of_its_changed_fields(repo: Path) -> None:
    first = recorded(repo, "add-activity", "-t", "vp-2", "-d", "05/03/2020", "--title", "Tin 1",
                     "-n", "3", "--measure", "tin bài", "--evidence", "Công văn 12/VP")
    plan = repo / PLAN
    plan.write_text(plan.read_text(encoding="utf-8").replace(
        "    measure: tin bài\n", "    measure: tin bài   # đã đăng trên trang tin\n"), encoding="utf-8")
    git(repo, "commit", "-qam", "Chú thích")

    done = run_cchc("edit", first, "--title", "Tin một", "--cost", "1.250.000", "--clear", "evidence",
                    cwd=repo)

    assert done.code == 0, done.stderr
    assert done.stdout == f"Đã sửa hoạt động {first}.\n"
    assert diff_body(repo) == [
        "@@ -193 +193 @@ activities:",
        "-    title: Tin 1",
        "+    title: Tin một",
        "@@ -196 +196 @@ activities:",
        "-    evidence: Công văn 12/VP",
        "+    cost: 1250000",
    ]
    listed = run_cchc("list", "--json", cwd=repo).json()
    assert [(item["title"], item.get("cost"), item.get("evidence")) for item in listed] == [
        ("Tin một", 1250000, None)]


def test_an_activity_given_a_later_date_moves_where_fmt_puts_it(repo: Path) -> None:
    first = recorded(repo, "add-activity", "-t", "vp-2", "-d", "05/03/2020", "--title", "Tin 1")
    recorded(repo, "add-activity", "-t", "vp-2", "-d", "10/03/2020", "--title", "Tin 2")

    done = run_cchc("edit", first, "--date", "20-03-2020", cwd=repo)

    assert done.code == 0, done.stderr
    assert run_cchc("fmt", "--check", cwd=repo).code == 0
    assert [item["title"] for item in run_cchc("list", "--json", cwd=repo).json()] == ["Tin 2", "Tin 1"]
    removed = [line for line in diff_body(repo) if line.startswith("-")]
    added = [line for line in diff_body(repo) if line.startswith("+")]
    assert removed == [f"-  - id: {first}", "-    date: 2020-03-05", "-    unit: van-phong-so",
                       "-    task: vp-2", "-    title: Tin 1"]
    assert added == [f"+  - id: {first}", "+    date: 2020-03-20", "+    unit: van-phong-so",
                     "+    task: vp-2", "+    title: Tin 1"]


def test_progress_and_notes_have_ids_and_are_edited_by_them(repo: Path) -> None:
    progress = recorded(repo, "progress", "-t", "vp-3", "-q", "2", "-s", "in_progress", "--percent", "40")
    note = recorded(repo, "note", "-q", "2", "-s", "kho-khan", "Kinh phí hạn chế.")
    assert progress.startswith("TD-2020-0001-") and note.startswith("GC-2020-0001-")
    shown = run_cchc("show", "--json", cwd=repo).json()
    assert ([record["id"] for record in shown["progress"]], [item["id"] for item in shown["notes"]]) == (
        [progress], [note])

    edited = [run_cchc("edit", progress, "-s", "done", "--clear", "percent", "--date", "14/06/2020", cwd=repo),
              run_cchc("edit", note, "--text", "Kinh phí còn hạn chế.", cwd=repo)]

    assert [done.code for done in edited] == [0, 0]
    assert [line for line in diff_body(repo) if line[:1] in "+-"] == [
        "-    status: in_progress", "-    percent: 40", f"-    date: {_today()}",
        "+    status: done", "+    date: 2020-06-14",
        "-    text: Kinh phí hạn chế.", "+    text: Kinh phí còn hạn chế.",
    ]
    status = run_cchc("status", "-q", "2", "--json", cwd=repo).json()
    assert next(task for task in status["tasks"] if task["task"] == "vp-3")["status"] == "done"


def test_removing_a_record_takes_out_its_lines_and_the_comment_above_it(repo: Path) -> None:
    first = recorded(repo, "add-activity", "-t", "vp-2", "-d", "05/03/2020", "--title", "Ghi nhầm")
    second = recorded(repo, "add-activity", "-t", "vp-2", "-d", "06/03/2020", "--title", "Đúng")
    plan = repo / PLAN
    plan.write_text(plan.read_text(encoding="utf-8").replace(
        f"  - id: {first}\n", f"  # nhập vội\n  - id: {first}\n"), encoding="utf-8")
    git(repo, "commit", "-qam", "Chú thích")

    dry = run_cchc("remove", first, "--dry-run", cwd=repo)
    assert dry.code == 0 and git(repo, "diff") == ""
    done = run_cchc("remove", first, "--json", cwd=repo)

    assert done.code == 0, done.stderr
    assert done.json()["title"] == "Ghi nhầm"
    assert [line for line in diff_body(repo) if line[:1] in "+-"] == [
        "-  # nhập vội", f"-  - id: {first}", "-    date: 2020-03-05", "-    unit: van-phong-so",
        "-    task: vp-2", "-    title: Ghi nhầm",
    ]
    assert dry.stdout.splitlines()[:2] == ["--- a/plans/2020.yaml", "+++ b/plans/2020.yaml"]
    assert [item["id"] for item in run_cchc("list", "--json", cwd=repo).json()] == [second]


@pytest.mark.parametrize(("args", "message"), [
    (("edit", "{id}", "--date", "31/04/2020"), "--date: ngày «31/04/2020» không có thật"),
    (("edit", "{id}", "--task", "vp-22"), "không có nhiệm vụ nào mang mã «vp-22»"),
    (("edit", "{id}", "--date", "20/12/2020"), "nằm ngoài kỳ báo cáo năm 2020"),
    (("edit", "{id}", "--status", "done"), "--status: hoạt động không có trường này để sửa"),
    (("edit", "{id}", "--clear", "title"), "--clear: không bỏ trống được «title»"),
    (("edit", "{id}", "-f", "van-nghe", "--strict"), "--form: hình thức «van-nghe» không nằm trong"),
    (("remove", "HD-2020-0001-zzzz"), "không có bản ghi nào mang mã «HD-2020-0001-zzzz»"),
])
def test_a_wrong_correction_writes_nothing_and_says_what_to_fix(
    repo: Path, args: tuple[str, ...], message: str
) -> None:
    activity = recorded(repo, "add-activity", "-t", "vp-2", "-d", "05/03/2020", "--title", "Tin 1")
    before = (repo / PLAN).read_bytes()

    done = run_cchc(*(arg.format(id=activity) for arg in args), cwd=repo)

    assert done.code == 2
    assert message in done.stderr
    assert "Traceback" not in done.stderr
    assert (repo / PLAN).read_bytes() == before
    if args[0] == "remove":
        assert f"Có phải ý bạn là «{activity}»?" in done.stderr


def _today() -> str:
    import datetime as dt

    return dt.date.today().isoformat()
