"""Old plan files are brought up to the current schema in memory, step by step, before validation."""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

from cchc_plan.plan.migrations import MIGRATIONS, migrate


def test_version_2_is_current_and_version_1_takes_one_step() -> None:
    data: dict[str, Any] = {"schema_version": 2, "units": [{"tasks": [{"lead": "vp"}]}]}
    assert migrate(data) == []
    assert data == {"schema_version": 2, "units": [{"tasks": [{"lead": "vp"}]}]}

    old: dict[str, Any] = {"schema_version": 1, "units": [
        {"id": "a", "tasks": [{"id": "t", "lead": "vp"}, {"id": "u", "lead": None}, {"id": "v"}]}]}
    assert migrate(old) == []
    assert old == {"schema_version": 2, "units": [
        {"id": "a", "tasks": [{"id": "t", "lead": ["vp"]}, {"id": "u", "lead": []}, {"id": "v"}]}]}
    assert sorted(MIGRATIONS) == [1]


def test_each_step_runs_in_order_up_to_the_current_version() -> None:
    applied: list[int] = []

    def rename_units(data: MutableMapping[str, Any]) -> None:
        applied.append(1)
        data["units"] = data.pop("don_vi")

    def add_reporting(data: MutableMapping[str, Any]) -> None:
        applied.append(2)
        data.setdefault("reporting", {"rule": "statutory"})

    data: dict[str, Any] = {"schema_version": 1, "don_vi": []}
    problems = migrate(data, current=3, steps={1: rename_units, 2: add_reporting})

    assert problems == []
    assert applied == [1, 2]
    assert data == {"schema_version": 3, "units": [], "reporting": {"rule": "statutory"}}


def test_a_missing_step_is_reported_not_skipped() -> None:
    (problem,) = migrate({"schema_version": 1}, current=2, steps={})
    assert problem.code == "schema-version"
    assert problem.message == "không có cách chuyển lược đồ phiên bản 1 lên 2"


def test_a_newer_file_than_this_program_is_refused() -> None:
    (problem,) = migrate({"schema_version": 3})
    assert problem.loc == ("schema_version",)
    assert problem.hint == "Cài đặt bản cchc mới hơn."


def test_a_version_that_is_not_a_whole_number_is_refused() -> None:
    (problem,) = migrate({"schema_version": "một"})
    assert problem.message == "phiên bản lược đồ «một» không hợp lệ"
