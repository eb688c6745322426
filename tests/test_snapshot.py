"""A snapshot of a plan answers what its models would: the one record a later plan added, and
the activities two versions do not share."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from cchc_plan.plan.model import Activity, Note, Plan, ProgressRecord
from cchc_plan.reading.loader import load_plan
from cchc_plan.reading.snapshot import Snapshot
from conftest import PLAN_2020


def activity(number: int, title: str = "Tin bài") -> Activity:
    return Activity(id=f"HD-2020-{number:04d}-ab{number:02d}", date=dt.date(2020, 3, number),
                    unit="van-phong-so", task="vp-2", title=title)


@pytest.fixture(scope="module")
def plan() -> Plan:
    loaded = load_plan(PLAN_2020).plan
    assert loaded is not None
    return loaded.model_copy(update={
        "activities": [activity(1), activity(2), activity(3)],
        "progress": [ProgressRecord(unit="van-phong-so", task="vp-2", quarter=1, status="done")],
        "notes": [Note(period="Q1", section="kho-khan", text="Thiếu kinh phí.")],
    })


def test_the_one_record_added_is_found_wherever_it_was_inserted(plan: Plan) -> None:
    new = activity(9, "Mới")
    after = plan.model_copy(update={"activities": [activity(1), new, activity(2), activity(3)]})

    assert Snapshot.of(plan).added(after, "activities") is new


@pytest.mark.parametrize("change", ["two added", "none added", "one edited", "other list", "header"])
def test_anything_but_exactly_one_added_record_is_refused(plan: Plan, change: str) -> None:
    updates: dict[str, dict[str, Any]] = {
        "two added": {"activities": [*plan.activities, activity(8), activity(9)]},
        "none added": {},
        "one edited": {"activities": [activity(1), activity(2, "Đã sửa"), activity(3), activity(9)]},
        "other list": {"activities": [*plan.activities, activity(9)], "notes": []},
        "header": {"activities": [*plan.activities, activity(9)],
                   "header": plan.header.model_copy(update={"title": "Khác"})},
    }

    assert Snapshot.of(plan).added(plan.model_copy(update=updates[change]), "activities") is None


def test_a_diff_is_narrowed_to_the_activities_that_differ(plan: Plan) -> None:
    edited, added = activity(2, "Đã sửa"), activity(9, "Mới")
    after = plan.model_copy(update={"activities": [activity(1), edited, added]})  # 3 removed

    before, later = Snapshot.of(plan).narrowed(after)

    assert before.activities == [activity(2), activity(3)]
    assert later.activities == [edited, added]
    assert (before.progress, before.notes) == (plan.progress, plan.notes)
    assert before.model_copy(update={"activities": plan.activities}) == plan
