"""What changed between two versions of a plan, in the domain's words, matched by id.

`plan_changes` is pure: two validated plans in, a list of `Change` out. Activities, units,
tasks, forms and content items are matched by id (never by position); progress is compared
as the status each task had in each quarter; notes as the paragraphs of each report section.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from ..plan.model import STATUS_LABELS, Note, Plan, ProgressRecord
from ..plan.periods import ROMAN, period_words
from ..plan.terms import NOTE_SECTIONS
from ..plan.tracking import latest_record

Action = Literal["added", "removed", "changed"]
ACTION_WORDS = {"added": "Thêm", "removed": "Xóa", "changed": "Sửa"}
KIND_WORDS = {
    "activity": "hoạt động", "progress": "tiến độ", "note": "ghi chép báo cáo",
    "unit": "đơn vị", "task": "nhiệm vụ", "form": "hình thức", "content": "nội dung",
    "plan": "kế hoạch",
}


@dataclass(frozen=True)
class Change:
    """One change: what kind of thing, which one, and field by field what it was and became."""

    kind: str
    action: Action
    key: str
    summary: str
    fields: dict[str, tuple[Any, Any]] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind, "action": self.action, "key": self.key, "summary": self.summary,
            "fields": {name: {"old": old, "new": new} for name, (old, new) in self.fields.items()},
        }


def plan_changes(old: Plan, new: Plan) -> list[Change]:
    """Every change from `old` to `new`, in the order a reviewer reads a plan."""
    return [
        *_plan_text_changes(old, new),
        *_by_id("unit", _units(old), _units(new), lambda unit: unit["name"]),
        *_by_id("task", _tasks(old), _tasks(new), lambda task: task.get("title") or task["text"]),
        *_by_id("form", _dumped(old.forms), _dumped(new.forms), lambda form: form["name"]),
        *_by_id("content", _dumped(old.contents), _dumped(new.contents), lambda item: item["name"]),
        *_by_id("activity", *_differing(old.activities, new.activities),
                lambda activity: _activity_summary(new, activity)),
        *_progress_changes(old, new),
        *_note_changes(old.notes, new.notes),
    ]


def _dumped(items: Iterable[Any]) -> dict[str, dict[str, Any]]:
    return {item.id: item.model_dump(mode="json", exclude_defaults=True) for item in items}


def _differing(
    old: Iterable[Any], new: Iterable[Any]
) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
    """The items of `old` and `new` (by id, as `_dumped`) leaving out those equal on both
    sides: of 10.000 activities, only the few that changed are written out and compared."""
    before = {item.id: item for item in old}
    after = {item.id: item for item in new}
    same = {key for key, item in before.items() if after.get(key) == item}
    return _dumped(item for key, item in before.items() if key not in same), _dumped(
        item for key, item in after.items() if key not in same
    )


def _units(plan: Plan) -> dict[str, dict[str, Any]]:
    return {
        unit.id: unit.model_dump(mode="json", exclude_defaults=True, exclude={"tasks"})
        for unit in plan.units
    }


def _tasks(plan: Plan) -> dict[str, dict[str, Any]]:
    return {
        task.id: {"unit": unit.id, **task.model_dump(mode="json", exclude_defaults=True)}
        for unit, task in plan.tasks()
    }


def _by_id(
    kind: str,
    old: Mapping[str, dict[str, Any]],
    new: Mapping[str, dict[str, Any]],
    describe: Any,
) -> list[Change]:
    changes = []
    for key in [*old, *(key for key in new if key not in old)]:
        before, after = old.get(key), new.get(key)
        if before == after:
            continue
        if before is None:
            changes.append(Change(kind, "added", key, describe(after)))
        elif after is None:
            changes.append(Change(kind, "removed", key, describe(before)))
        else:
            fields = {
                name: (before.get(name), after.get(name))
                for name in [*before, *(name for name in after if name not in before)]
                if before.get(name) != after.get(name)
            }
            changes.append(Change(kind, "changed", key, describe(after), fields))
    return changes


_PLAN_PARTS = ("header", "legal_basis", "preamble", "purposes", "requirements", "audiences",
               "funding", "closing", "recipients", "signer", "reporting")


def _plan_text_changes(old: Plan, new: Plan) -> list[Change]:
    before = old.model_dump(mode="json", include=set(_PLAN_PARTS))
    after = new.model_dump(mode="json", include=set(_PLAN_PARTS))
    fields = {part: (before[part], after[part]) for part in _PLAN_PARTS if before[part] != after[part]}
    if not fields:
        return []
    return [Change("plan", "changed", "plan", new.header.title, fields)]


def _activity_summary(plan: Plan, activity: Mapping[str, Any]) -> str:
    unit = plan.unit(activity["unit"])
    day = activity["date"]
    date = f"{day[8:10]}/{day[5:7]}/{day[:4]}"
    amount = f" · {activity['quantity']} {activity['measure']}" if activity.get("quantity") else ""
    return (f"{date} · {unit.name if unit else activity['unit']} · {activity['task']} · "
            f"{activity['title']}{amount}")


def _progress_changes(old: Plan, new: Plan) -> list[Change]:
    """The status of each (unit, task, quarter) that either version records, where it differs."""
    keys = _in_task_order(new, {(r.unit, r.task, r.quarter) for r in [*old.progress, *new.progress]})
    changes = []
    for unit_id, task_id, quarter in keys:
        before = _standing(old.progress, unit_id, task_id, quarter)
        after = _standing(new.progress, unit_id, task_id, quarter)
        if before == after:
            continue
        unit = new.unit(unit_id) or old.unit(unit_id)
        name = unit.name if unit else unit_id
        summary = f"{name} · {task_id} · quý {ROMAN[quarter]}: {before} → {after}"
        changes.append(Change("progress", "changed", f"{unit_id}/{task_id}/{quarter}", summary,
                              {"status": (before, after)}))
    return changes


def _in_task_order(plan: Plan, keys: set[tuple[str, str, int]]) -> list[tuple[str, str, int]]:
    """(unit, task, quarter) keys in the order the plan lists its tasks, then unit and quarter."""
    order = {task.id: position for position, (_, task) in enumerate(plan.tasks())}
    return sorted(keys, key=lambda key: (order.get(key[1], len(order)), key[0], key[2]))


def _standing(records: list[ProgressRecord], unit: str, task: str, quarter: int) -> str:
    """«Đang triển khai (60%)»: the status of a task as of `quarter`, as a reviewer reads it."""
    record = latest_record(records, unit, task, quarter)
    if record is None:
        return STATUS_LABELS["not_started"]
    text = STATUS_LABELS[record.status]
    if record.percent is not None and record.status == "in_progress":
        text += f" ({record.percent}%)"
    return text + (f", «{record.note}»" if record.note else "")


def _note_changes(old: list[Note], new: list[Note]) -> list[Change]:
    """Notes added or removed (a changed note shows as one removed and one added)."""
    def counted(notes: list[Note]) -> dict[tuple[str, str, str], int]:
        counts: dict[tuple[str, str, str], int] = {}
        for note in notes:
            key = (note.period, note.section, note.text)
            counts[key] = counts.get(key, 0) + 1
        return counts

    before, after = counted(old), counted(new)
    changes = []
    for key in [*before, *(key for key in after if key not in before)]:
        period, section, text = key
        difference = after.get(key, 0) - before.get(key, 0)
        summary = f"{period_words(period)} · {NOTE_SECTIONS[section]}: {text}"  # type: ignore[arg-type,index]
        action: Action = "added" if difference > 0 else "removed"
        changes += [Change("note", action, f"{period}/{section}", summary)] * abs(difference)
    return changes


def describe(change: Change) -> list[str]:
    """A change as lines of Vietnamese text: the headline, then one line per changed field."""
    if change.kind == "progress":
        return [f"Tiến độ: {change.summary}"]
    head = f"{ACTION_WORDS[change.action]} {KIND_WORDS[change.kind]}"
    if change.kind not in ("plan", "note"):
        head += f" {change.key}"
    lines = [f"{head}: {change.summary}"]
    lines += [f"    {FIELD_WORDS.get(name, name)}: {_shown(name, old)} → {_shown(name, new)}"
              for name, (old, new) in change.fields.items()]
    return lines


# What a field is called where a clerk reads a change (`cchc diff`, `git diff`, `git log -p`).
FIELD_WORDS = {
    "id": "mã", "date": "ngày", "unit": "đơn vị", "task": "nhiệm vụ", "title": "tên",
    "form": "hình thức", "contents": "nội dung", "quantity": "số lượng", "measure": "đơn vị tính",
    "participants": "lượt người tham dự", "cost": "kinh phí", "location": "địa điểm",
    "evidence": "tài liệu kiểm chứng", "status": "trạng thái", "name": "tên",
    "short_name": "tên viết tắt", "text": "nội dung", "lead": "chủ trì",
    "coordinating": "phối hợp", "forms": "hình thức", "header": "phần đầu",
    "legal_basis": "căn cứ", "preamble": "lời mở đầu", "purposes": "mục đích",
    "requirements": "yêu cầu", "audiences": "đối tượng", "funding": "kinh phí",
    "closing": "phần kết", "recipients": "nơi nhận", "signer": "người ký",
    "reporting": "chế độ báo cáo",
}


def _shown(name: str, value: Any) -> str:
    """A field's value as a clerk writes it: money in đồng with dots, dates day first."""
    if name == "cost" and isinstance(value, int):
        return f"{value:,} đồng".replace(",", ".")
    if name in ("participants", "quantity") and isinstance(value, int):
        return f"{value:,}".replace(",", ".")
    if name == "date" and isinstance(value, str) and len(value) == 10:
        return f"{value[8:10]}/{value[5:7]}/{value[:4]}"
    return _short(value)


def _short(value: Any) -> str:
    if value is None:
        return "(trống)"
    if isinstance(value, str):
        return f"«{value if len(value) <= 80 else value[:77] + '...'}»"
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return "[" + ", ".join(value) + "]"
    text = str(value)
    return text if len(text) <= 80 else text[:77] + "..."


def plan_lines(plan: Plan) -> list[str]:
    """The plan as one line per thing, for git's line diff (`cchc textconv`): a changed
    activity or status shows as one changed line in `git diff` and `git log -p`."""
    lines = [f"Kế hoạch: {plan.header.title} · năm {plan.header.year} · {plan.header.issuing_body}"]
    lines += [f"Căn cứ: {text}" for text in plan.legal_basis]
    lines += [f"Đơn vị {unit.id}: {unit.name} ({unit.short_name})" for unit in plan.units]
    lines += [f"Nhiệm vụ {task.id} · {unit.name}: {task.label}" for unit, task in plan.tasks()]
    lines += [f"Hình thức {form.id}: {form.name}" for form in plan.forms]
    lines += [f"Nội dung {item.id}: {item.name}" for item in plan.contents]
    lines += [f"Người ký: {plan.signer.title} {plan.signer.name}"]
    for activity in sorted(plan.activities, key=lambda a: (a.date, a.id)):
        dumped = activity.model_dump(mode="json", exclude_defaults=True)
        extra = [f"{FIELD_WORDS[name]}: {_shown(name, dumped[name])}" for name in
                 ("form", "contents", "participants", "cost", "location", "evidence") if name in dumped]
        lines.append(f"Hoạt động {activity.id} · {_activity_summary(plan, dumped)}"
                     + (" · " + " · ".join(extra) if extra else ""))
    quarters = _in_task_order(plan, {(r.unit, r.task, r.quarter) for r in plan.progress})
    for unit_id, task_id, quarter in quarters:
        unit = plan.unit(unit_id)
        lines.append(f"Tiến độ · {unit.name if unit else unit_id} · {task_id} · quý {ROMAN[quarter]}: "
                     f"{_standing(plan.progress, unit_id, task_id, quarter)}")
    lines += [f"Ghi chép · {period_words(note.period)} · {NOTE_SECTIONS[note.section]}: {note.text}"
              for note in plan.notes]
    return lines
