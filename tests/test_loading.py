"""Files that look odd but are good: Windows line endings, a byte-order mark, decomposed Vietnamese."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from cchc_plan.reading.loader import load_plan
from conftest import PLAN_2020, run_cchc


def test_decomposed_vietnamese_is_accepted_and_stored_as_nfc(tmp_path: Path) -> None:
    plan = tmp_path / "2020.yaml"
    plan.write_text(unicodedata.normalize("NFD", PLAN_2020.read_text(encoding="utf-8")), encoding="utf-8")

    loaded = load_plan(plan)

    assert loaded.errors == []
    assert loaded.plan is not None
    assert loaded.plan.units[2].name == "Trung tâm Văn hóa - Nghệ thuật tỉnh"
    assert unicodedata.is_normalized("NFC", loaded.plan.units[2].name)


def test_a_windows_saved_file_with_bom_and_crlf_checks_clean(tmp_path: Path) -> None:
    plan = tmp_path / "2020.yaml"
    text = PLAN_2020.read_text(encoding="utf-8").replace("\n", "\r\n")
    plan.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))

    result = run_cchc("check", "--plan", str(plan))

    assert result.code == 0, result.stderr
    assert plan.read_bytes()[:3] == b"\xef\xbb\xbf"


def test_errors_in_a_crlf_file_point_at_the_right_line(tmp_path: Path) -> None:
    plan = tmp_path / "2020.yaml"
    text = PLAN_2020.read_text(encoding="utf-8").replace("  year: 2020", "  year: 20x0")
    plan.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    line = text.splitlines().index("  year: 20x0") + 1

    result = run_cchc("check", "--json", "--plan", str(plan))

    (error,) = result.json()["errors"]
    assert (error["line"], error["col"], error["code"]) == (line, 9, "wrong-type")
