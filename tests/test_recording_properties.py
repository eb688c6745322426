"""Whatever valid records are added, the file reloads to the same model and keeps every old line."""

from __future__ import annotations

import datetime as dt
import tempfile
import unicodedata
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cchc_plan.reading.loader import load_plan
from cchc_plan.writing.recording import add_activity, record_progress
from conftest import PLAN_2020

TASKS = ["vp-1", "vp-2", "vp-3", "vp-4", "qlvh-1", "qlvh-2", "ttvhnt-1", "ttvhnt-2", "tcct-1"]
FORMS = ["trang-tin", "van-nghe", "cong-khai-tthc", "hoi-nghi", "pano", "phat-thanh-truyen-hinh",
         "xe-luu-dong"]
CONTENTS = ["y-nghia-cchc", "van-ban-phap-luat", "trach-nhiem", "mot-cua", "chinh-quyen-dien-tu",
            "sang-kien"]

text = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp")),
    min_size=1, max_size=60,
).filter(lambda value: value.strip() != "")

activity = st.fixed_dictionaries(
    {
        "task": st.sampled_from(TASKS),
        "date": st.dates(dt.date(2019, 12, 15), dt.date(2020, 12, 14)),
        "title": text,
        "form": st.none() | st.sampled_from(FORMS),
        "contents": st.lists(st.sampled_from(CONTENTS), max_size=3, unique=True),
        "participants": st.none() | st.integers(0, 100_000),
        "cost": st.none() | st.integers(0, 10**10),
        "location": st.none() | text,
        "evidence": st.none() | text,
    }
)
progress = st.fixed_dictionaries(
    {
        "task": st.sampled_from(TASKS),
        "quarter": st.integers(1, 4),
        "status": st.sampled_from(["not_started", "in_progress", "done"]),
        "percent": st.none() | st.integers(0, 100),
        "note": st.none() | text,
    }
)


def is_subsequence(old: list[str], new: list[str]) -> bool:
    remaining = iter(new)
    return all(line in remaining for line in old)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(activity.map(lambda a: ("activity", a)), progress.map(lambda p: ("progress", p))),
                min_size=1, max_size=4))
def test_added_records_reload_exactly_and_every_old_line_stays(records: list[tuple[str, Any]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        plan = Path(folder) / "2020.yaml"
        plan.write_bytes(PLAN_2020.read_bytes())
        original_lines = PLAN_2020.read_text(encoding="utf-8").splitlines()

        for kind, request in records:
            before = load_plan(plan).plan
            assert before is not None
            if kind == "activity":
                written = add_activity(plan, dict(request))
                expected = (before.activities, "activities")
            else:
                written = record_progress(plan, dict(request))
                expected = (before.progress, "progress")
            after = load_plan(plan).plan
            assert after == written.plan
            grown = [*expected[0], written.record]
            if kind == "activity":  # an activity goes where `cchc fmt` puts it: by date, then id
                grown.sort(key=lambda activity: (activity.date, activity.id))
            assert getattr(after, expected[1]) == grown

        assert is_subsequence(original_lines, plan.read_text(encoding="utf-8").splitlines())


def test_text_is_stored_as_nfc_whatever_was_typed(tmp_path: Path) -> None:
    plan = tmp_path / "2020.yaml"
    plan.write_bytes(PLAN_2020.read_bytes())
    typed = unicodedata.normalize("NFD", "Hội nghị tập huấn")

    add_activity(plan, {"task": "vp-1", "date": dt.date(2020, 3, 1), "title": typed})

    assert "    title: Hội nghị tập huấn\n" in plan.read_text(encoding="utf-8")
