"""The hand-written parts of a report live in the plan file, reviewed in git like the rest."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cchc_plan.plan.textinput import InputError, parse_section
from conftest import diff_body, git, run_cchc


def test_a_note_only_adds_its_lines(repo: Path) -> None:
    done = run_cchc("note", "--quarter", "2", "--section", "kho-khan",
                    "Kinh phí còn hạn chế: chưa bố trí xe lưu động.", cwd=repo)

    assert done.code == 0, done.stderr
    note_id = re.fullmatch(r"Đã ghi vào mục «Khó khăn, vướng mắc, nguyên nhân» của báo cáo quý II "
                           r"năm 2020 \((GC-2020-0001-[0-9a-z]{4})\)\.\n", done.stdout)
    assert note_id is not None, done.stdout
    body = diff_body(repo)
    assert body[:6] == [
        "@@ -195,0 +196,5 @@ notes:",
        f"+  - id: {note_id.group(1)}",
        "+    period: Q2",
        "+    section: kho-khan",
        "+    text: 'Kinh phí còn hạn chế: chưa bố trí xe lưu động.'",
        body[5],
    ]
    assert re.match(r"^\+    date: \d{4}-\d{2}-\d{2}$", body[5])
    assert len(body) == 6


def test_a_plan_without_a_notes_list_gets_one_at_its_end(repo: Path) -> None:
    plan = repo / "plans" / "2020.yaml"
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text[: text.index("\n# Nội dung tự viết")] + "\n", encoding="utf-8")
    git(repo, "commit", "-qam", "Kế hoạch cũ, chưa có mục notes")

    done = run_cchc("note", "--annual", "-s", "kien-nghi", "Đề nghị tập huấn.", cwd=repo)

    assert done.code == 0, done.stderr
    body = diff_body(repo)
    assert body[:7] == [
        "@@ -192,0 +193,7 @@ progress:",
        "+",
        "+notes:",
        body[3],
        "+    period: year",
        "+    section: kien-nghi",
        "+    text: Đề nghị tập huấn.",
    ]
    assert re.fullmatch(r"\+  - id: GC-2020-0001-[0-9a-z]{4}", body[3])
    assert run_cchc("check", cwd=repo).code == 0


def test_a_wrong_section_or_period_writes_nothing(repo: Path) -> None:
    before = (repo / "plans" / "2020.yaml").read_bytes()

    section = run_cchc("note", "-q", "2", "-s", "kho", "x", cwd=repo)
    period = run_cchc("note", "-s", "kho-khan", "x", cwd=repo)
    blank = run_cchc("note", "-q", "2", "-s", "kho-khan", "   ", cwd=repo)

    assert [section.code, period.code, blank.code] == [2, 2, 2]
    assert "không có mục «kho»" in section.stderr
    assert "Chọn đúng một kỳ báo cáo" in period.stderr
    assert "không được để trống" in blank.stderr
    assert (repo / "plans" / "2020.yaml").read_bytes() == before


@pytest.mark.parametrize(
    ("typed", "section"),
    [("kho-khan", "kho-khan"), ("Khó khăn", "kho-khan"), ("kien nghi", "kien-nghi"),
     ("Phương hướng", "phuong-huong"), ("CHI-DAO", "chi-dao"), ("Đánh giá", "danh-gia")],
)
def test_sections_may_be_typed_by_id_or_by_title(typed: str, section: str) -> None:
    assert parse_section(typed) == section


def test_an_unknown_section_lists_the_choices() -> None:
    with pytest.raises(InputError, match="chọn một trong: chi-dao"):
        parse_section("ghi chú")


def test_the_report_shows_the_note_in_its_section(repo: Path) -> None:
    run_cchc("note", "-q", "2", "-s", "kho-khan", "Kinh phí còn hạn chế.", cwd=repo)

    lines = run_cchc("report", "-q", "2", cwd=repo).stdout.splitlines()
    heading = lines.index("## IV. KHÓ KHĂN, VƯỚNG MẮC, NGUYÊN NHÂN")
    assert lines[heading + 2] == "Kinh phí còn hạn chế."
