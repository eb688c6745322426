"""Which plan a command works on: --plan, then $CCHC_PLAN, then --year, then the newest year."""

from __future__ import annotations

import datetime as dt
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


@pytest.mark.parametrize(("day", "today", "year"), [
    (dt.date(2020, 6, 14), dt.date(2021, 3, 1), 2020),   # the date's year, not the newest
    (dt.date(2020, 12, 15), dt.date(2021, 3, 1), 2021),  # from 15/12 the next reporting year
    (dt.date(2020, 12, 14), dt.date(2021, 3, 1), 2020),
    (dt.date(2019, 5, 1), dt.date(2021, 3, 1), 2021),    # no plan for it: as without a date
    (None, dt.date(2020, 11, 30), 2020),                 # this year's plan before the newest
    (None, dt.date(2026, 11, 30), 2021),                 # none this year: the newest
])
def test_a_command_with_a_date_uses_the_plan_of_that_dates_year(
    repo: Path, day: dt.date | None, today: dt.date, year: int
) -> None:
    assert find_plan(None, None, {}, repo, day, today) == Path(f"plans/{year}.yaml")


def test_a_calendar_plan_keeps_december_in_its_own_year(repo: Path) -> None:
    (repo / "plans" / "2021.yaml").write_text("reporting:\n  rule: calendar\n", encoding="utf-8")

    assert find_plan(None, None, {}, repo, dt.date(2020, 12, 20), dt.date(2021, 1, 5)) == Path(
        "plans/2020.yaml")


def test_a_draft_chosen_for_the_clerk_is_named_with_the_year_of_the_other_plan(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo / "plans" / "2021.yaml").write_text("title: 'CẦN ĐIỀN: tên kế hoạch'\n", encoding="utf-8")

    assert find_plan(None, None, {}, repo, None, dt.date(2021, 2, 1)) == Path("plans/2021.yaml")
    assert capsys.readouterr().err == (
        "Lưu ý: kế hoạch năm 2021 («plans/2021.yaml») còn là bản nháp (chỗ «CẦN ĐIỀN» chưa "
        "điền). Để làm việc với kế hoạch năm 2020, thêm --year 2020.\n")
    assert find_plan(None, 2021, {}, repo) == Path("plans/2021.yaml")
    assert capsys.readouterr().err == ""


def test_add_activity_records_in_the_plan_of_its_dates_year(tmp_path: Path) -> None:
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "2020.yaml").write_bytes(PLAN_2020.read_bytes())
    draft = run_cchc("init", "--year", "2021", cwd=tmp_path)
    assert draft.code == 0, draft.stderr

    done = run_cchc("add-activity", "-t", "vp-2", "-d", "05/03/2020", "--title", "Đăng tin",
                    "--json", cwd=tmp_path)

    assert done.code == 0, done.stderr
    assert done.json()["date"] == "2020-03-05"
    assert "title: Đăng tin" in (tmp_path / "plans" / "2020.yaml").read_text(encoding="utf-8")


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
