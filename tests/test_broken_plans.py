"""A clerk's broken plan gets every fault at once, each at its line and column, in Vietnamese."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import TESTS, run_cchc

BROKEN = sorted((TESTS / "broken").glob("*.yaml"))
VIETNAMESE = re.compile(r"[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]")


def expected_faults(path: Path) -> list[tuple[int, int, str]]:
    """The `# expect: LINE:COL code, ...` line that heads each broken file."""
    header = path.read_bytes().split(b"\n")[1].decode("ascii").rstrip("\r")
    assert header.startswith("# expect: "), path
    faults = []
    for item in header.removeprefix("# expect: ").split(", "):
        position, code = item.split(" ")
        line, col = position.split(":")
        faults.append((int(line), int(col), code))
    return faults


def test_the_corpus_covers_at_least_fifty_faults() -> None:
    assert len(BROKEN) >= 50


@pytest.mark.parametrize("path", BROKEN, ids=[path.stem for path in BROKEN])
def test_check_reports_each_fault_at_its_position(path: Path, tmp_path: Path) -> None:
    plan = tmp_path / path.name
    plan.write_bytes(path.read_bytes())

    result = run_cchc("check", "--json", "--plan", str(plan))

    assert result.code == 1
    report = result.json()
    assert report["ok"] is False
    found = [(error["line"], error["col"], error["code"]) for error in report["errors"]]
    assert found == expected_faults(path)
    for error in report["errors"]:
        assert error["file"] == str(plan)
        assert VIETNAMESE.search(error["message"].lower()), error["message"]
    assert plan.read_bytes() == path.read_bytes()


@pytest.mark.parametrize("path", BROKEN, ids=[path.stem for path in BROKEN])
def test_text_output_names_file_line_and_column_without_traceback(path: Path) -> None:
    relative = path.relative_to(TESTS.parent)

    result = run_cchc("check", "--plan", str(relative))

    assert result.code == 1
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    for line, col, _ in expected_faults(path):
        assert f"{relative}:{line}:{col}: " in result.stderr


def test_all_faults_of_one_file_are_reported_together() -> None:
    result = run_cchc("check", "--json", "--plan", "tests/broken/several-faults.yaml")

    codes = [error["code"] for error in result.json()["errors"]]
    assert codes == ["unknown-key", "wrong-type", "unknown-reference", "invalid-date", "invalid-choice"]


def test_an_unknown_key_suggests_the_key_meant() -> None:
    result = run_cchc("check", "--json", "--plan", "tests/broken/unknown-key-typo.yaml")

    unknown = [error for error in result.json()["errors"] if error["code"] == "unknown-key"]
    assert unknown[0]["message"] == "khóa «titel» không có trong mẫu kế hoạch"
    assert unknown[0]["hint"] == "Có phải ý bạn là «title»?"
    assert unknown[0]["path"] == "header.titel"


def test_an_impossible_date_says_how_many_days_the_month_has() -> None:
    result = run_cchc("check", "--json", "--plan", "tests/broken/invalid-date.yaml")

    (error,) = result.json()["errors"]
    assert error["message"] == "ngày «2020-06-31» không hợp lệ"
    assert error["hint"].startswith("Tháng 6 năm 2020 chỉ có 30 ngày.")


def test_a_dangling_reference_suggests_the_closest_id() -> None:
    result = run_cchc("check", "--json", "--plan", "tests/broken/dangling-form.yaml")

    (error,) = result.json()["errors"]
    assert error["path"] == "units[0].tasks[0].forms[0]"
    assert error["hint"].startswith("Có phải ý bạn là «trang-tin»?")


def test_the_offending_line_is_shown_under_the_message() -> None:
    result = run_cchc("check", "--plan", "tests/broken/bad-status.yaml")

    assert result.stderr == (
        "tests/broken/bad-status.yaml:56:13: giá trị «xong» không hợp lệ\n"
        "   56 |     status: xong\n"
        "      |             ^\n"
        "      → Chọn một trong: not_started (Chưa triển khai), in_progress (Đang triển khai), "
        "done (Hoàn thành).\n"
        "1 lỗi.\n"
    )


def test_show_refuses_an_invalid_plan_with_its_errors() -> None:
    result = run_cchc("show", "--plan", "tests/broken/duplicate-id.yaml")

    assert result.code == 1
    assert result.stdout == ""
    assert "tests/broken/duplicate-id.yaml:33:9: mã «van-phong-so» đã được dùng" in result.stderr
    assert "Lỗi: Tệp kế hoạch «tests/broken/duplicate-id.yaml» có 1 lỗi." in result.stderr


@pytest.mark.parametrize(("old", "new", "said"), [
    ("  short_name: VP\n", " short_name: VP\n",
     "dòng này thụt vào 3 dấu cách, không thẳng cột với dòng ngay trên («name», 4 dấu cách)"),
    ("  short_name: VP\n", "   short_name: VP\n",
     "dòng này thụt vào 5 dấu cách, không thẳng cột với dòng ngay trên («name», 4 dấu cách)"),
])
def test_a_misaligned_line_is_told_the_column_it_should_start_at(
    tmp_path: Path, old: str, new: str, said: str
) -> None:
    from conftest import PLAN_2020

    text = PLAN_2020.read_text(encoding="utf-8")
    at = text.index(old)
    line = text.count("\n", 0, at) + 1
    plan = tmp_path / "2020.yaml"
    plan.write_text(text[:at] + new + text[at + len(old):], encoding="utf-8")

    done = run_cchc("check", "--json", "--plan", str(plan))

    assert done.code == 1
    [error] = done.json()["errors"]
    assert (error["line"], error["code"]) == (line, "yaml-syntax")
    assert error["message"] == said
    assert error["hint"] == ("Nếu cùng nhóm với «name», cho dòng này bắt đầu ở cột 5 "
                             "(4 dấu cách); các khóa cùng một nhóm phải thẳng cột với nhau.")
