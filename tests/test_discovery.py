"""Which plan a command works on: --plan, then $CCHC_PLAN, then --year, then the newest year."""

from __future__ import annotations

from pathlib import Path

import pytest

from cchc_plan.cli.discovery import find_plan
from cchc_plan.errors import CchcError
from conftest import PLAN_2020, run_cchc


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / "plans").mkdir()
    for year in (2020, 2021):
        (tmp_path / "plans" / f"{year}.yaml").write_text(f"# {year}\n", encoding="utf-8")
    (tmp_path / "plans" / "ghi-chu.yaml").write_text("# không phải kế hoạch\n", encoding="utf-8")
    (tmp_path / "docs" / "bao-cao").mkdir(parents=True)
    return tmp_path


def test_explicit_plan_wins_over_everything(repo: Path) -> None:
    found = find_plan(Path("x.yaml"), 2020, {"CCHC_PLAN": "env.yaml"}, repo)
    assert found == Path("x.yaml")


def test_environment_comes_before_year(repo: Path) -> None:
    assert find_plan(None, 2020, {"CCHC_PLAN": "env.yaml"}, repo) == Path("env.yaml")


def test_year_picks_its_file(repo: Path) -> None:
    assert find_plan(None, 2020, {}, repo) == Path("plans/2020.yaml")


def test_without_anything_the_newest_year_is_taken(repo: Path) -> None:
    assert find_plan(None, None, {}, repo) == Path("plans/2021.yaml")


def test_plans_are_found_from_a_subfolder(repo: Path) -> None:
    assert find_plan(None, None, {}, repo / "docs" / "bao-cao") == Path("../../plans/2021.yaml")


def test_an_unknown_year_lists_the_years_there_are(repo: Path) -> None:
    with pytest.raises(CchcError) as raised:
        find_plan(None, 2019, {}, repo)
    assert raised.value.message == "Không có kế hoạch năm 2019 («plans/2019.yaml»)."
    assert raised.value.hint == "Các năm đã có kế hoạch: 2020, 2021."


def test_no_plans_folder_is_a_usage_error(tmp_path: Path) -> None:
    result = run_cchc("check", cwd=tmp_path)

    assert result.code == 2
    assert result.stderr.startswith(f"Lỗi: Không tìm thấy thư mục «plans/» ở «{tmp_path}»")


def test_the_cli_follows_the_environment_variable(tmp_path: Path) -> None:
    plan = tmp_path / "ke-hoach.yaml"
    plan.write_bytes(PLAN_2020.read_bytes())

    result = run_cchc("check", cwd=tmp_path, env={"CCHC_PLAN": str(plan)})

    assert result.code == 0
    assert result.stdout.startswith(f"{plan}: hợp lệ")
