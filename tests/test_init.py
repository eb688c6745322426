"""Next year's plan: the structure carried over, what must be written anew marked for the clerk."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import PLAN_2020, run_cchc

PLACEHOLDER = re.compile(r"'CẦN ĐIỀN: [^']*'")


def fill(path: Path) -> None:
    """What a clerk does after `cchc init`: write real text over every mark."""
    path.write_text(PLACEHOLDER.sub("Nội dung đã điền", path.read_text(encoding="utf-8")),
                    encoding="utf-8")


def test_next_years_plan_keeps_the_structure_and_drops_the_records(
    quarter_plan: Path, tmp_path: Path
) -> None:
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "2020.yaml").write_bytes((quarter_plan / "plans" / "2020.yaml").read_bytes())

    done = run_cchc("init", "--year", "2021", "--from", "plans/2020.yaml", cwd=tmp_path)

    assert done.code == 0, done.stderr
    assert done.stdout.splitlines() == [
        ("Đã tạo plans/2021.yaml từ plans/2020.yaml: giữ đơn vị, nhiệm vụ, hình thức, nội dung, "
        "nơi nhận, người ký; bỏ hoạt động, tiến độ, ghi chép."),
        ("Đã đổi «năm 2020» thành «năm 2021» ở: header.title, purposes.0, contents.1.text, closing, "
        "chú thích ở dòng 2."),
        "Còn 2 chỗ «CẦN ĐIỀN» (dòng 22, 24); điền xong, chạy «cchc check --plan plans/2021.yaml».",
    ]
    new = run_cchc("show", "--json", "--plan", "plans/2021.yaml", cwd=tmp_path)
    assert new.code == 1
    check = run_cchc("check", "--json", "--plan", "plans/2021.yaml", cwd=tmp_path).json()
    assert [(e["line"], e["code"]) for e in check["errors"]] == [(22, "placeholder"), (24, "placeholder")]

    fill(tmp_path / "plans" / "2021.yaml")

    assert run_cchc("check", "--plan", "plans/2021.yaml", cwd=tmp_path).code == 0
    old = run_cchc("show", "--json", "--plan", "plans/2020.yaml", cwd=tmp_path).json()
    carried = run_cchc("show", "--json", "--plan", "plans/2021.yaml", cwd=tmp_path).json()
    assert carried["units"] == old["units"]
    assert carried["forms"] == old["forms"]
    assert run_cchc("list", "--json", "--plan", "plans/2021.yaml", cwd=tmp_path).json() == []
    text = (tmp_path / "plans" / "2021.yaml").read_text(encoding="utf-8")
    assert "  year: 2021\n" in text and "  number:\n" in text
    assert text.endswith("activities:\n\n# Tiến độ nhiệm vụ theo quý (ghi bằng «cchc progress»)\n"
                         "progress:\n\n# Nội dung tự viết của báo cáo theo kỳ: chỉ đạo, đánh giá, "
                         "khó khăn, phương hướng, kiến nghị\n# (ghi bằng «cchc note»)\nnotes:\n")


def test_a_starter_plan_passes_check_once_filled(tmp_path: Path) -> None:
    done = run_cchc("init", "--year", "2022", cwd=tmp_path)
    plan = tmp_path / "plans" / "2022.yaml"

    assert done.code == 0, done.stderr
    assert done.stdout.startswith("Đã tạo plans/2022.yaml (bản mẫu).\nCòn 13 chỗ «CẦN ĐIỀN»")
    check = run_cchc("check", "--json", "--plan", str(plan)).json()
    assert {error["code"] for error in check["errors"]} == {"placeholder"}
    assert len(check["errors"]) == 13

    fill(plan)

    assert run_cchc("check", "--plan", str(plan)).code == 0
    assert "  year: 2022\n" in plan.read_text(encoding="utf-8")


def test_init_never_overwrites_a_plan(tmp_path: Path) -> None:
    (tmp_path / "plans").mkdir()
    existing = tmp_path / "plans" / "2020.yaml"
    existing.write_bytes(PLAN_2020.read_bytes())

    done = run_cchc("init", "--year", "2020", cwd=tmp_path)

    assert done.code == 2
    assert "Đã có tệp «plans/2020.yaml»" in done.stderr
    assert existing.read_bytes() == PLAN_2020.read_bytes()


def test_a_record_may_say_can_dien_only_the_plans_own_text_may_not(tmp_path: Path) -> None:
    """Found by the property test of recording: a clerk's note is free text."""
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "2020.yaml").write_bytes(PLAN_2020.read_bytes())

    note = run_cchc("note", "-q", "1", "-s", "kho-khan", "CẦN ĐIỀN thêm số liệu của huyện", cwd=tmp_path)
    titled = run_cchc("add-activity", "-t", "vp-1", "-d", "02/01/2020", "--title", "CẦN ĐIỀN", cwd=tmp_path)

    assert (note.code, titled.code) == (0, 0), note.stderr + titled.stderr
    assert run_cchc("check", cwd=tmp_path).code == 0
