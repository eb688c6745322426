"""`cchc fmt`: one canonical way to write a plan, with every comment and every value kept."""

from __future__ import annotations

import codecs
import random
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cchc_plan.reading.loader import load_text
from cchc_plan.writing.canonical import canonical_text, in_canonical_order
from cchc_plan.writing.edit import render_mapping
from conftest import PLAN_2020, run_cchc
from test_recording_properties import activity as activity_request

SHIPPED = PLAN_2020.read_text(encoding="utf-8")


def with_activities(items: list[str]) -> str:
    """The shipped plan with activities written by hand (each a block of lines)."""
    return SHIPPED.replace("\nactivities:\n", "\nactivities:\n" + "".join(items), 1)


HAND_WRITTEN = [
    ("  - date: 2020-05-02\n    title: 'Tin bài thứ hai'\n    id: HD-2020-0002-aaaa\n"
    "    unit: van-phong-so\n    task: vp-2\n    contents:\n      - mot-cua\n      - sang-kien\n"),
    "  # ghi muộn, sau khi có giấy mời\n",
    ("  - id: HD-2020-0001-bbbb\n    date: 2020-03-20\n    unit: van-phong-so\n    task: vp-2\n"
    "    title: \"Tin bài thứ nhất\"  # đã đăng\n"),
]


def test_the_shipped_plan_is_already_canonical() -> None:
    assert canonical_text(SHIPPED, PLAN_2020) == SHIPPED


def test_fmt_orders_keys_sorts_activities_and_drops_needless_quotes() -> None:
    text = with_activities(HAND_WRITTEN)

    result = canonical_text(text, PLAN_2020)

    start = result.index("\nactivities:\n") + 1
    assert result[start:].split("\n# Tiến độ")[0] == (
        "activities:\n"
        "  # ghi muộn, sau khi có giấy mời\n"
        "  - id: HD-2020-0001-bbbb\n"
        "    date: 2020-03-20\n"
        "    unit: van-phong-so\n"
        "    task: vp-2\n"
        "    title: Tin bài thứ nhất    # đã đăng\n"
        "  - id: HD-2020-0002-aaaa\n"
        "    date: 2020-05-02\n"
        "    unit: van-phong-so\n"
        "    task: vp-2\n"
        "    title: Tin bài thứ hai\n"
        "    contents: [mot-cua, sang-kien]\n"
    )
    assert result[:start] == SHIPPED[:start]


def test_fmt_keeps_every_comment_of_the_shipped_plan() -> None:
    text = with_activities(HAND_WRITTEN)
    comments = [line.strip() for line in text.splitlines() if line.strip().startswith("#")]

    result = canonical_text(text, PLAN_2020)

    assert sorted(line.split("#", 1)[1] for line in result.splitlines() if "#" in line) == sorted(
        line.split("#", 1)[1] for line in [*comments, "# đã đăng"]
    )


def test_formatting_twice_changes_nothing_and_keeps_the_plan() -> None:
    text = with_activities(HAND_WRITTEN)
    once = canonical_text(text, PLAN_2020)

    assert canonical_text(once, PLAN_2020) == once
    assert load_text(once, PLAN_2020).plan == in_canonical_order(load_text(text, PLAN_2020).plan)  # type: ignore[arg-type]


def test_fmt_check_lists_files_and_changes_nothing(tmp_path: Path) -> None:
    plans = tmp_path / "plans"
    plans.mkdir()
    messy = plans / "2020.yaml"
    messy.write_text(with_activities(HAND_WRITTEN), encoding="utf-8")
    tidy = plans / "2019.yaml"
    tidy.write_text(SHIPPED, encoding="utf-8")
    before = messy.read_bytes()

    checked = run_cchc("fmt", "--check", str(tidy), str(messy), cwd=tmp_path)

    assert (checked.code, checked.stdout) == (1, f"Cần định dạng lại: {messy}\n")
    assert messy.read_bytes() == before
    done = run_cchc("fmt", str(messy), cwd=tmp_path)
    assert (done.code, done.stdout) == (0, f"Đã định dạng lại: {messy}\n")
    assert run_cchc("fmt", "--check", str(messy), cwd=tmp_path).code == 0


def test_fmt_keeps_windows_line_endings_and_the_byte_order_mark(tmp_path: Path) -> None:
    plan = tmp_path / "2020.yaml"
    text = with_activities(HAND_WRITTEN).replace("\n", "\r\n")
    plan.write_bytes(codecs.BOM_UTF8 + text.encode("utf-8"))

    assert run_cchc("fmt", str(plan)).code == 0

    raw = plan.read_bytes()
    assert raw.startswith(codecs.BOM_UTF8)
    assert raw.count(b"\r\n") == raw.count(b"\n")
    assert b"title: Tin b\xc3\xa0i th\xe1\xbb\xa9 nh\xe1\xba\xa5t" in raw


def test_an_invalid_plan_is_not_formatted(tmp_path: Path) -> None:
    plan = tmp_path / "2020.yaml"
    plan.write_text(SHIPPED.replace("  year: 2020", "  year: hai nghìn"), encoding="utf-8")
    before = plan.read_bytes()

    done = run_cchc("fmt", str(plan))

    assert done.code == 1
    assert "2020.yaml:18:9: " in done.stderr
    assert plan.read_bytes() == before


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(activity_request, min_size=1, max_size=6), st.randoms(use_true_random=False))
def test_fmt_is_idempotent_and_keeps_the_model_on_generated_plans(
    requests: list[dict[str, object]], chance: random.Random
) -> None:
    """Activities written in any order, keys shuffled, ids lists in block or flow style."""
    blocks = []
    for number, request in enumerate(requests, start=1):
        item = {key: value for key, value in request.items() if value not in (None, [])}
        item["id"] = f"HD-2020-{number:04d}-t{number:03d}"
        item["date"] = request["date"].isoformat()  # type: ignore[attr-defined]
        item["unit"] = {"vp": "van-phong-so", "qlvh": "phong-qlvh", "ttvhnt": "trung-tam-vhnt",
                        "tcct": "tap-chi-cam-thanh"}[str(request["task"]).split("-")[0]]
        keys = list(item)
        chance.shuffle(keys)
        lines = []
        for line in render_mapping({key: item[key] for key in keys}).splitlines():
            if line.startswith("contents: [") and chance.random() < 0.5:
                lines += ["contents:"] + [f"  - {slug}" for slug in line[11:-1].split(", ")]
            elif line.startswith(("unit: ", "task: ")) and chance.random() < 0.5:
                name, value = line.split(": ")
                lines.append(f"{name}: '{value}'")
            else:
                lines.append(line)
        blocks.append("".join(("  - " if n == 0 else "    ") + line + "\n" for n, line in enumerate(lines)))
    chance.shuffle(blocks)
    text = with_activities(blocks)
    loaded = load_text(text, PLAN_2020)
    assert loaded.plan is not None, loaded.errors

    once = canonical_text(text, PLAN_2020)

    assert canonical_text(once, PLAN_2020) == once
    assert load_text(once, PLAN_2020).plan == in_canonical_order(loaded.plan)
    dates = [line.split(": ")[1] for line in once.split("\nactivities:\n")[1].splitlines()
             if line.startswith("    date: ")]
    assert dates == sorted(dates)


def test_files_and_plan_options_together_are_refused(tmp_path: Path) -> None:
    plan = tmp_path / "2020.yaml"
    plan.write_text(SHIPPED, encoding="utf-8")

    for command in ("fmt", "check"):
        done = run_cchc(command, str(plan), "--plan", str(plan))

        assert done.code == 2
        assert "Gõ tên tệp, hoặc --plan/--year, không dùng cả hai cùng lúc." in done.stderr
