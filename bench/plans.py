"""Realistic plans of any size: the shipped 2020 plan plus generated records.

The records are spread over the year and over every unit's tasks, with progress records and
notes in proportion and a comment now and then, written in the layout `cchc fmt` keeps, so
that the files look like a province's real records and `cchc fmt --check` passes on them.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from cchc_plan.reading.loader import load_valid_plan

SHIPPED_PLAN = Path(__file__).resolve().parent.parent / "plans" / "2020.yaml"

_PLACES = ["xã Sơn Bao, huyện Sơn Hà", "thành phố Quảng Ngãi", "huyện Lý Sơn", "huyện Ba Tơ",
           "thị xã Đức Phổ", "huyện Trà Bồng"]
_TOPICS = ["Tuyên truyền Nghị định 61", "Phổ biến cơ chế một cửa", "Giới thiệu dịch vụ công trực tuyến",
           "Biểu diễn văn nghệ chủ đề cải cách hành chính", "Đăng tin bài về chính quyền điện tử",
           "Hội nghị: sáng kiến cải cách hành chính", "Pano «Cải cách hành chính» tại trụ sở"]
_MEASURES = ["tin bài", "buổi", "pano", "hội nghị", "phóng sự", "tờ rơi"]
_SECTIONS = ["chi-dao", "danh-gia", "kho-khan", "phuong-huong", "kien-nghi"]
_PERIODS = ["Q1", "Q2", "Q3", "Q4", "H1", "9M", "year"]


def plan_text(activities: int, seed: int = 2020) -> str:
    """The shipped plan with `activities` activities, one progress record per 20 of them and
    one note per 100, all valid and in date order."""
    plan = load_valid_plan(SHIPPED_PLAN)
    text = SHIPPED_PLAN.read_text(encoding="utf-8")
    random_ = random.Random(seed)
    tasks = [(unit.id, task.id) for unit, task in plan.tasks()]
    forms = [form.id for form in plan.forms]
    contents = [content.id for content in plan.contents]
    start = dt.date(plan.header.year, 1, 2)
    days = sorted(random_.randrange(340) for _ in range(activities))
    items = [
        _activity(random_, number, start + dt.timedelta(days=day), tasks, forms, contents)
        for number, day in enumerate(days, start=1)
    ]
    records = {
        "activities": "".join(lines for _, lines in sorted(items)),
        "progress": "".join(_progress(random_, tasks) for _ in range(activities // 20)),
        "notes": "".join(_note(random_) for _ in range(activities // 100)),
    }
    for key, lines in records.items():
        text = text.replace(f"\n{key}:\n", f"\n{key}:\n{lines}", 1)
    return text


def write_plan(folder: Path, activities: int) -> Path:
    """`folder/plans/2020.yaml` holding a generated plan; returns its path."""
    path = folder / "plans" / "2020.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(plan_text(activities), encoding="utf-8")
    return path


def _activity(
    random_: random.Random, number: int, day: dt.date, tasks: list[tuple[str, str]],
    forms: list[str], contents: list[str],
) -> tuple[tuple[str, str], str]:
    """The activity's sort key in `cchc fmt`'s order (date, then id) and its lines."""
    unit, task = random_.choice(tasks)
    tail = "".join(random_.choice("0123456789abcdefghjkmnpqrstvwxyz") for _ in range(4))
    lines = []
    if number % 50 == 0:
        lines.append(f"  # Đợt {number // 50}: số liệu do {unit} gửi\n")
    title = f"{random_.choice(_TOPICS)} lần {number}"
    identifier = f"HD-{day.year}-{number:04d}-{tail}"
    lines += [
        f"  - id: {identifier}\n",
        f"    date: {day.isoformat()}\n",
        f"    unit: {unit}\n",
        f"    task: {task}\n",
        f"    title: {_quoted(title)}\n",
        f"    form: {random_.choice(forms)}\n",
        f"    contents: [{', '.join(sorted(random_.sample(contents, random_.randint(1, 3))))}]\n",
        f"    quantity: {random_.randint(1, 20)}\n",
        f"    measure: {random_.choice(_MEASURES)}\n",
    ]
    if random_.random() < 0.5:
        lines.append(f"    participants: {random_.randint(20, 2000)}\n")
    if random_.random() < 0.3:
        lines.append(f"    cost: {random_.randint(1, 500) * 10_000}\n")
    if random_.random() < 0.5:
        lines.append(f"    location: {random_.choice(_PLACES)}\n")
    if random_.random() < 0.3:
        lines.append(f"    evidence: Công văn số {number}/SVHTTDL-VP\n")
    return (day.isoformat(), identifier), "".join(lines)


def _progress(random_: random.Random, tasks: list[tuple[str, str]]) -> str:
    unit, task = random_.choice(tasks)
    status = random_.choice(["not_started", "in_progress", "done"])
    lines = [
        f"  - unit: {unit}\n",
        f"    task: {task}\n",
        f"    quarter: {random_.randint(1, 4)}\n",
        f"    status: {status}\n",
    ]
    if status == "in_progress":
        lines.append(f"    percent: {random_.randint(1, 99)}\n")
    return "".join(lines)


def _note(random_: random.Random) -> str:
    return (
        f"  - period: {random_.choice(_PERIODS)}\n"
        f"    section: {random_.choice(_SECTIONS)}\n"
        f"    text: Kinh phí tuyên truyền còn hạn chế ở {random_.choice(_PLACES)}.\n"
    )


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'" if ": " in text or text[0] in "«'\"" else text


if __name__ == "__main__":  # python -m bench.plans FOLDER ACTIVITIES
    import sys

    write_plan(Path(sys.argv[1]), int(sys.argv[2]))
