"""Importing the records a spreadsheet holds: all of them or none, in one minimal change.

Every row is checked against the plan by the same rules as `add-activity` and `progress`
first; one faulty row and nothing is written, every fault told at once with its place in the
spreadsheet. The rows that pass are matched against what the plan already holds, so that a
file imported twice adds nothing:

- an activity is the same when its unit, task, date and title are; equal in every other field,
  it is already there; otherwise it changed since it was imported, and is replaced (in place,
  keeping its id) only when asked (`update`). Rows equal to each other are counted, never
  merged: two equal rows and one equal activity add one;
- a progress row that says what the latest record of its task and quarter says is already
  there; one that differs from a record of the same quarter changed, and is recorded (the
  latest record holds) only when asked; for a quarter with no record yet it is new.

The new lines are inserted where `cchc fmt` puts them, in one pass over each file; the plan is
then read again and must be valid and hold exactly the new records, before the files are
replaced under the plan's lock.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import CchcError, ExitCode, Problem
from ..plan.advice import activity_advice, progress_advice, used_measures
from ..plan.model import RECORD_ORDER, Activity, Plan, ProgressRecord
from ..plan.tracking import latest_record
from ..reading.loader import LoadedPlan, remember, valid
from ..reading.text import Source, decode, read_bytes
from ..reading.versions import Versions
from ..sheets.located import CellProblem, Origin, refused
from ..sheets.rows import Incoming
from .correcting import record_span
from .edit import insert_items, item_lines, list_indentation, unified_diff
from .recording import (
    check_ids,
    check_in_year,
    check_member,
    next_record_ids,
    reading_from,
    resolve_unit_task,
    target_source,
    validated,
)
from .storage import OnDisk, plan_lock, replace_file

# What makes two activities the same one, whatever else was corrected since.
ACTIVITY_KEY = ("unit", "task", "date", "title")
_DEFAULT_PERCENT = {"done": 100, "not_started": 0}


@dataclass(frozen=True)
class Changed:
    """A row whose record is in the plan with other values."""

    origin: Origin
    record_id: str | None
    fields: list[str]  # the fields that differ


@dataclass
class Imported:
    """What an import found and did."""

    added: list[tuple[Origin, Activity | ProgressRecord]] = field(default_factory=list)
    already: list[Origin] = field(default_factory=list)
    changed: list[Changed] = field(default_factory=list)  # not written (without `update`)
    replaced: list[Changed] = field(default_factory=list)  # written (with `update`)
    warnings: list[Problem] = field(default_factory=list)
    diff: str = ""  # of a dry run
    saved: bool = False
    plan: Plan | None = None


def import_records(
    path: Path, rows: Callable[[Plan], list[Incoming]], *, update: bool = False,
    dry_run: bool = False, today: dt.date | None = None,
) -> Imported:
    """Add the records that `rows` reads (with the names of the plan it is given, the plan as
    it is under the lock) to the plan at `path`, by the module's rules."""
    with plan_lock(path):
        original = read_bytes(path)
        versions = Versions()
        loaded = versions.first(decode(original, path), path, keep=False)
        plan = valid(loaded)
        incoming = rows(plan)
        result = Imported()
        items, replacements = _classified(plan, incoming, update, today or dt.date.today(), result)
        if not items and not replacements:
            result.plan = plan
            return result
        texts = _new_texts(plan, loaded, items, replacements)
        expected = {key: len(getattr(plan, key)) + len(new) for key, new in items.items()}
        plan_path = path.resolve()
        new_plan_text = texts[plan_path][1] if plan_path in texts else loaded.text
        del loaded
        reloaded = versions.then(new_plan_text, path,
                                 reading_from({file: new for file, (_, new) in texts.items()}),
                                 keep=False)
        after = reloaded.plan
        if after is None or any(len(getattr(after, key)) != count for key, count in expected.items()):
            raise CchcError(
                "Không nhập được vì tệp sau khi thêm không còn hợp lệ; tệp vẫn như cũ.",
                ExitCode.IO, code="edit-refused", errors=reloaded.errors, source=reloaded.sources,
                hint="Chạy «cchc check» để xem tệp; nếu tệp hợp lệ, hãy báo lỗi này kèm bảng tính.",
            )
        result.plan = after
        if dry_run:  # shown instead of writing; a diff of a thousand records takes a while
            result.diff = "".join(unified_diff(old, new, file) for file, (old, new) in texts.items())
        result.added = _records_added(after, items)
        if not dry_run:
            for file, (old, new) in texts.items():
                on_disk = OnDisk.of(original if file == plan_path else read_bytes(file))
                replace_file(file, on_disk.encode(new), on_disk)
            result.saved = True
        remember(reloaded)
        return result


def _classified(
    plan: Plan, incoming: list[Incoming], update: bool, today: dt.date, result: Imported
) -> tuple[dict[str, list[tuple[Origin, dict[str, Any]]]], list[tuple[Origin, str, dict[str, Any]]]]:
    """The new records by list, and the activities to replace (origin, id, new item); what is
    already there or changed goes into `result`. Raises with every faulty row."""
    faults: list[CellProblem] = []
    items: dict[str, list[tuple[Origin, dict[str, Any]]]] = {"activities": [], "progress": []}
    built: list[tuple[Incoming, dict[str, Any]]] = []
    measures = used_measures(plan)  # read once, not once per row
    for record in incoming:
        try:
            built.append((record, _item(plan, record, today, result, measures)))
        except CchcError as error:
            for problem in error.inputs:
                column, heading = record.columns.get(str(problem.loc[0]), (None, None)) if (
                    problem.loc) else (None, None)
                faults.append(CellProblem(record.origin, column, heading, problem.code,
                                          problem.message, problem.hint))
    if faults:
        raise refused(faults)
    replacements: list[tuple[Origin, str, dict[str, Any]]] = []
    existing: dict[tuple[str, ...], list[Activity]] = defaultdict(list)
    for activity in plan.activities:
        existing[tuple(str(getattr(activity, name)) for name in ACTIVITY_KEY)].append(activity)
    unmatched: list[tuple[Incoming, dict[str, Any]]] = []
    for record, item in built:
        if record.kind != "activities":
            continue
        same = existing.get(_key(item), [])
        equal = next((activity for activity in same if _fields(activity) == item), None)
        if equal is not None:
            same.remove(equal)
            result.already.append(record.origin)
        else:
            unmatched.append((record, item))
    for record, item in unmatched:
        same = existing.get(_key(item), [])
        if not same:
            items["activities"].append((record.origin, item))
            continue
        old = same.pop(0)
        changed = Changed(record.origin, old.id, _differing(_fields(old), item))
        if update:
            result.replaced.append(changed)
            replacements.append((record.origin, old.id, {"id": old.id, **item}))
        else:
            result.changed.append(changed)
    progress = list(plan.progress)
    for record, item in built:
        if record.kind == "progress":
            _classify_progress(progress, record.origin, item, update, items, result)
    # Numbered in the order the file lists them (activities by date), as recorded one by one.
    items["activities"].sort(key=lambda pair: str(pair[1]["date"]))
    ids = {key: iter(next_record_ids(plan, key, len(new))) for key, new in items.items()}
    for key, new in items.items():
        items[key] = [(origin, {"id": next(ids[key]), **item}) for origin, item in new]
    return {key: new for key, new in items.items() if new}, replacements


def _item(
    plan: Plan, record: Incoming, today: dt.date, result: Imported, measures: list[str]
) -> dict[str, Any]:
    """The record as it will be written (without its id), checked as the CLI checks it."""
    request = record.request
    unit, task = resolve_unit_task(plan, request.get("unit"), request["task"])
    rest = {key: value for key, value in request.items()
            if key not in {"unit", "task", "date"} and value not in (None, [])}
    if record.kind == "activities":
        check_ids(plan, "forms", [request["form"]] if request.get("form") else [])
        check_ids(plan, "contents", request.get("contents") or [])
        check_in_year(plan, request["date"])
        check_member(unit, request.get("member"))
        advice = activity_advice(plan, task, request, measures)
        item = validated(Activity, {"id": "HD-0000-0000", "date": request["date"].isoformat(),
                                    "unit": unit.id, "task": task.id, **rest})
    else:
        advice = progress_advice(request["status"], request.get("percent"))
        item = validated(ProgressRecord, {"unit": unit.id, "task": task.id, **rest,
                                          "date": today.isoformat()})
    result.warnings.extend(Problem((), problem.code, f"{record.origin.words()}: {problem.message}",
                                   problem.hint) for problem in advice)
    item.pop("id", None)
    return item


def _classify_progress(
    progress: list[ProgressRecord], origin: Origin, item: dict[str, Any], update: bool,
    items: dict[str, list[tuple[Origin, dict[str, Any]]]], result: Imported,
) -> None:
    latest = latest_record(progress, item["unit"], item["task"], item["quarter"])
    standing = _standing(latest.status, latest.percent, latest.note) if latest else (
        "not_started", 0, None)
    wanted = _standing(item["status"], item.get("percent"), item.get("note"))
    if wanted == standing:
        result.already.append(origin)
        return
    if latest is not None and latest.quarter == item["quarter"]:
        names = ("status", "percent", "note")
        changed = Changed(origin, latest.id, [name for name, old, new in zip(names, standing, wanted,
                                                                            strict=True) if old != new])
        if not update:
            result.changed.append(changed)
            return
        result.replaced.append(changed)
    items["progress"].append((origin, item))
    progress.append(ProgressRecord.model_validate(item))  # a later row of the same task sees it


def _standing(status: str, percent: int | None, note: str | None) -> tuple[str, int, str | None]:
    return status, _DEFAULT_PERCENT.get(status, 0) if percent is None else percent, note


def _key(item: dict[str, Any]) -> tuple[str, ...]:
    return tuple(str(item.get(name)) for name in ACTIVITY_KEY)


def _fields(activity: Activity) -> dict[str, Any]:
    fields = activity.model_dump(mode="json", exclude_defaults=True)
    fields.pop("id", None)
    return fields


def _differing(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    return [name for name in dict.fromkeys([*old, *new]) if old.get(name) != new.get(name)]


def _new_texts(
    plan: Plan, loaded: LoadedPlan, items: dict[str, list[tuple[Origin, dict[str, Any]]]],
    replacements: list[tuple[Origin, str, dict[str, Any]]],
) -> dict[Path, tuple[str, str]]:
    """The old and new text of every file that changes."""
    texts: dict[Path, tuple[str, str]] = {}

    def text_of(source: Source) -> str:
        return texts.get(source.path.resolve(), (source.text, source.text))[1]

    for _, record_id, item in replacements:
        for source in loaded.files:
            text = text_of(source)
            located = record_span(text, record_id)
            if located is None:
                continue
            start, end, dash = located
            _, indent = list_indentation(text, "activities")
            newline = "\r\n" if "\r\n" in text[start:end] else "\n"
            texts[source.path.resolve()] = (source.text, text[:start] + item_lines(
                item, dash, indent, newline) + text[end:])
            break
        else:
            raise CchcError(f"Không tìm thấy dòng «id: {record_id}» để thay.", ExitCode.USAGE,
                            code="edit-refused", hint="Chạy «cchc fmt» rồi nhập lại.")
    for key, new in items.items():
        by_file: dict[Path, tuple[Source, list[dict[str, Any]]]] = {}
        for _, item in new:
            source = target_source(plan, loaded, key, item, None)
            by_file.setdefault(source.path.resolve(), (source, []))[1].append(item)
        for file, (source, group) in by_file.items():
            texts[file] = (source.text, insert_items(text_of(source), key, group,
                                                     RECORD_ORDER.get(key, ())))
    return texts


def _records_added(
    after: Plan, items: dict[str, list[tuple[Origin, dict[str, Any]]]]
) -> list[tuple[Origin, Activity | ProgressRecord]]:
    """The new records as the plan read after the write holds them, with their rows."""
    added: list[tuple[Origin, Activity | ProgressRecord]] = []
    for key, new in items.items():
        by_id = {record.id: record for record in getattr(after, key)}
        added += [(origin, by_id[item["id"]]) for origin, item in new]
    return added
