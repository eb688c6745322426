"""The province's roll-up: one report over several departments' plans for the same period."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import docx
import pytest

from conftest import PLAN_2020, run_cchc

DEPARTMENTS = {
    "van-hoa.yaml": ("Sở Văn hóa, Thể thao và Du lịch Quảng Ngãi", "SVHTTDL"),
    "tu-phap.yaml": ("Sở Tư pháp Quảng Ngãi", "STP"),
    "y-te.yaml": ("Sở Y tế Quảng Ngãi", "SYT"),
}


def department_plan(folder: Path, name: str, body: str, code: str) -> Path:
    text = PLAN_2020.read_text(encoding="utf-8")
    text = text.replace("  issuing_body: Sở Văn hóa, Thể thao và Du lịch Quảng Ngãi\n",
                        f"  issuing_body: {body}\n")
    text = text.replace("  issuing_body_code: SVHTTDL\n", f"  issuing_body_code: {code}\n")
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def province(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three departments' plans in one folder, each with its own quarter of work."""
    folder = tmp_path_factory.mktemp("province")
    (folder / "plans").mkdir()
    paths = {name: department_plan(folder / "plans", name, *info) for name, info in DEPARTMENTS.items()}
    work = {
        "van-hoa.yaml": [
            ("add-activity", "-t", "vp-2", "-d", "20/03/2020", "--title", "Tin bài", "-f", "trang-tin",
             "-n", "4", "--measure", "tin bài", "--cost", "400000"),
            ("add-activity", "-t", "ttvhnt-2", "-d", "10/05/2020", "--title", "Biểu diễn", "-f",
             "van-nghe", "-n", "2", "--measure", "buổi", "--participants", "900"),
            ("progress", "-t", "vp-2", "-q", "2", "-s", "done"),
        ],
        "tu-phap.yaml": [
            ("add-activity", "-t", "vp-2", "-d", "01/04/2020", "--title", "Tin bài", "-f", "trang-tin",
             "-n", "6", "--measure", "Tin bài", "--cost", "600000"),
            ("progress", "-t", "vp-1", "-q", "1", "-s", "done"),
            ("progress", "-t", "vp-3", "-q", "2", "-s", "done"),
            ("add-activity", "-t", "vp-1", "-d", "20/06/2020", "--title", "Ngoài kỳ", "-n", "1",
             "--measure", "tin bài"),
        ],
        "y-te.yaml": [],
    }
    for name, steps in work.items():
        for step in steps:
            done = run_cchc(*step, "--plan", str(paths[name]), cwd=folder)
            assert done.code == 0, done.stderr
    return folder


def rollup(folder: Path, *args: str) -> Any:
    done = run_cchc("report", "-q", "2", "-f", "json", "--date", "16/06/2020", *args, cwd=folder)
    assert done.code == 0, done.stderr
    return done.json()


def test_the_rollup_gives_each_departments_completion_and_totals(province: Path) -> None:
    data = rollup(province, "--plan", "plans/van-hoa.yaml", "--plan", "plans/tu-phap.yaml",
                  "--plan", "plans/y-te.yaml", "--issuer", "Sở Nội vụ")

    assert [(d["name"], d["completion"], d["totals"]["activities"], d["totals"]["cost"])
            for d in data["departments"]] == [
        ("Sở Văn hóa, Thể thao và Du lịch Quảng Ngãi", {"done": 1, "total": 9, "percent": 11.1}, 2, 400000),
        ("Sở Tư pháp Quảng Ngãi", {"done": 2, "total": 9, "percent": 22.2}, 1, 600000),
        ("Sở Y tế Quảng Ngãi", {"done": 0, "total": 9, "percent": 0.0}, 0, 0),
    ]
    assert data["completion"] == {"done": 3, "total": 27, "percent": 11.1}
    assert data["totals"] == {
        "id": None, "name": "Tổng cộng", "activities": 3,
        "quantities": [{"measure": "buổi", "quantity": 2}, {"measure": "tin bài", "quantity": 10}],
        "participants": 900, "cost": 1000000,
    }
    assert [row["id"] for row in data["departments"][0]["by_form"]] == ["trang-tin", "van-nghe"]
    assert data["document"]["issuing_body"] == "SỞ NỘI VỤ"
    assert data["document"]["summary"] == (
        "Tổng hợp kết quả thực hiện công tác tuyên truyền cải cách hành chính quý II năm 2020 "
        "của 3 cơ quan"
    )


def test_a_folder_or_a_pattern_names_the_same_plans(province: Path) -> None:
    by_folder = rollup(province, "--plan", "plans")
    by_pattern = rollup(province, "--plan", "plans/*.yaml")

    assert by_folder == by_pattern
    assert [d["file"] for d in by_folder["departments"]] == [
        "plans/tu-phap.yaml", "plans/van-hoa.yaml", "plans/y-te.yaml",
    ]


def test_the_rollup_renders_as_markdown_and_word(province: Path, tmp_path: Path) -> None:
    markdown = run_cchc("report", "-q", "2", "--plan", "plans", "--date", "16/06/2020", cwd=province)
    word = run_cchc("report", "-q", "2", "--plan", "plans", "-f", "docx", "-o",
                    str(tmp_path / "tong-hop.docx"), cwd=province)

    assert markdown.code == 0, markdown.stderr
    assert "| 2 | Sở Văn hóa, Thể thao và Du lịch Quảng Ngãi | 1 | 9 | 11,1% | 2 | 400.000 |" in (
        markdown.stdout.splitlines()
    )
    assert "| | **Cộng** | **3** | **27** | **11,1%** | **3** | **1.000.000** |" in markdown.stdout
    assert word.code == 0, word.stderr
    table = docx.Document(str(tmp_path / "tong-hop.docx")).tables[1]
    assert [cell.text for cell in table.rows[-1].cells] == [
        "", "Cộng", "3", "27", "11,1%", "3", "1.000.000",
    ]


def test_plans_with_different_reporting_rules_are_refused(province: Path, tmp_path: Path) -> None:
    calendar = tmp_path / "lich.yaml"
    calendar.write_text((province / "plans" / "y-te.yaml").read_text(encoding="utf-8").replace(
        "  rule: statutory\n", "  rule: calendar\n"), encoding="utf-8")

    done = run_cchc("report", "-q", "2", "--plan", "plans/van-hoa.yaml", "--plan", str(calendar),
                    cwd=province)

    assert done.code == 2
    assert "các kế hoạch phải cùng năm và cùng chế độ báo cáo" in done.stderr
    assert done.stdout == ""


def test_options_of_the_other_kind_of_report_are_refused_not_ignored(province: Path) -> None:
    rollup_number = run_cchc("report", "-q", "2", "--plan", "plans", "--number", "5", cwd=province)
    single_issuer = run_cchc("report", "-q", "2", "--plan", "plans/y-te.yaml", "--issuer", "Sở Nội vụ",
                             cwd=province)

    assert (rollup_number.code, single_issuer.code) == (2, 2)
    assert "--number chỉ dùng cho báo cáo của một cơ quan." in rollup_number.stderr
    assert "--issuer chỉ dùng cho báo cáo tổng hợp nhiều kế hoạch." in single_issuer.stderr
