"""Recording the work in the plan file: new activities and progress records, written safely.

Each call validates what the clerk typed against the plan, inserts the new lines, validates
the whole resulting plan, and only then replaces the file, under the plan's write lock.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import ValidationError

from ..errors import CchcError, ExitCode, Problem
from ..plan.advice import activity_advice, progress_advice
from ..plan.model import RECORD_ORDER, Activity, Note, Plan, ProgressRecord, Task, Unit
from ..plan.periods import outside_year
from ..plan.references import given_units, unknown_id, unknown_member
from ..plan.validation import problem_from
from ..reading.loader import LoadedPlan, Reader, remember, valid
from ..reading.text import Source, decode, read_bytes, read_text
from ..reading.versions import Versions
from .edit import append_item, unified_diff
from .storage import OnDisk, plan_lock, replace_file

ID_PREFIX = "HD"
ID_PREFIXES = {"activities": ID_PREFIX, "progress": "TD", "notes": "GC"}
_SUFFIX_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"  # no i, l, o, u: easy to read aloud


Record = TypeVar("Record", Activity, ProgressRecord, Note)


@dataclass(frozen=True)
class Written(Generic[Record]):
    """What a recording call did: the new record, the change as a diff, whether it was saved."""

    record: Record
    plan: Plan
    diff: str
    saved: bool
    file: Path  # the file the record went to: the plan, or a file it includes
    warnings: list[Problem] = field(default_factory=list)  # likely slips, written anyway


def add_activity(
    path: Path, request: dict[str, Any], dry_run: bool = False, file: Path | None = None,
    strict: bool = False,
) -> Written[Activity]:
    """Append an activity built from `request` (unit may be omitted when the task says it).
    What looks like a slip (`plan.advice`) is written with warnings, or refused if `strict`."""
    warnings: list[Problem] = []

    def build(plan: Plan) -> dict[str, Any]:
        unit, task = resolve_unit_task(plan, request.get("unit"), request["task"])
        check_ids(plan, "forms", [request["form"]] if request.get("form") else [])
        check_ids(plan, "contents", request.get("contents") or [])
        check_in_year(plan, request["date"])
        check_member(unit, request.get("member"))
        warnings.extend(heeded(activity_advice(plan, task, request), strict))
        item = {
            "id": next_activity_id(plan),
            "date": request["date"].isoformat(),
            "unit": unit.id,
            "task": task.id,
            **{key: value for key, value in request.items() if key not in {"unit", "task", "date"}},
        }
        return validated(Activity, item)

    return _append(path, "activities", build, dry_run, file, warnings)


def record_progress(
    path: Path, request: dict[str, Any], dry_run: bool = False, file: Path | None = None,
    strict: bool = False,
) -> Written[ProgressRecord]:
    """Append a progress record of a task for a quarter; the latest record is the one that
    holds. A percentage that contradicts the status is a warning, or refused if `strict`."""
    warnings = heeded(progress_advice(request["status"], request.get("percent")), strict)

    def build(plan: Plan) -> dict[str, Any]:
        unit, task = resolve_unit_task(plan, request.get("unit"), request["task"])
        if request.get("achieved") is not None:
            request["target"] = percent_target(task, request.get("target"))
        elif request.get("target") is not None:
            raise input_error([Problem(("target",), "target-without-achieved",
                                       "có số thứ tự chỉ tiêu nhưng thiếu tỷ lệ đã đạt",
                                       "Ghi thêm --achieved, ví dụ --achieved 85.")])
        item = {
            "id": next_record_id(plan, "progress"),
            "unit": unit.id,
            "task": task.id,
            **{key: value for key, value in request.items() if key not in {"unit", "task"}},
        }
        return validated(ProgressRecord, item)

    return _append(path, "progress", build, dry_run, file, warnings)


def add_note(
    path: Path, request: dict[str, Any], dry_run: bool = False, file: Path | None = None
) -> Written[Note]:
    """Append a paragraph to a section of a period's report (`period`, `section`, `text`)."""

    def build(plan: Plan) -> dict[str, Any]:
        return validated(Note, {"id": next_record_id(plan, "notes"), **request})

    return _append(path, "notes", build, dry_run, file)


def resolve_unit_task(plan: Plan, unit_id: str | None, task_id: str) -> tuple[Unit, Task]:
    """The unit and task the clerk named; without a unit, the unit the task is given to."""
    owners = {task.id: (unit, task) for unit, task in plan.tasks()}
    if task_id not in owners:
        raise input_error([unknown_id(task_id, "tasks", owners, ("task",))])
    owner, task = owners[task_id]
    if unit_id is None:
        return owner, task
    unit = plan.unit(unit_id)
    if unit is None:
        raise input_error([unknown_id(unit_id, "units", [unit.id for unit in plan.units], ("unit",))])
    if unit.id not in given_units(vars(plan))[task.id]:
        raise input_error(
            [
                Problem(
                    (), "task-not-of-unit",
                    f"nhiệm vụ «{task.id}» không được giao cho đơn vị «{unit.id}»",
                    f"Nhiệm vụ này của {owner.name} («{owner.id}»); không ghi đơn vị, hoặc chọn "
                    "đúng nhiệm vụ (xem «cchc show»).",
                )
            ]
        )
    return unit, task


def check_member(unit: Unit, member: str | None) -> None:
    """`member` is one of the members of the collective `unit` (or not given)."""
    known = [item.id for item in unit.members]
    if member is not None and member not in known:
        raise input_error([unknown_member(member, unit.id, known, ("member",))])


def percent_target(task: Task, number: int | None) -> int | None:
    """Which target of `task` a recorded achieved percentage is for: `number` (1 for the task's
    first target) when it has several percentage targets, else None (its only one)."""
    percents = [position for position, target in enumerate(task.targets, 1)
                if target.kind == "percent"]
    listed = "; ".join(f"{position}. {task.targets[position - 1].text or ''}".strip()
                       for position in percents)
    if not percents:
        problem = Problem(("achieved",), "no-percent-target",
                          f"nhiệm vụ «{task.id}» không có chỉ tiêu tỷ lệ phần trăm nào",
                          "Bỏ --achieved: chỉ tiêu số lượng được tính từ số lượng của các hoạt động.")
    elif number is None and len(percents) > 1:
        problem = Problem(("target",), "target-needed",
                          f"nhiệm vụ «{task.id}» có {len(percents)} chỉ tiêu tỷ lệ",
                          f"Ghi thêm --target với số thứ tự của chỉ tiêu: {listed}.")
    elif number is not None and number not in percents:
        problem = Problem(("target",), "unknown-target",
                          f"chỉ tiêu thứ {number} của nhiệm vụ «{task.id}» không phải chỉ tiêu tỷ lệ",
                          f"Các chỉ tiêu tỷ lệ: {listed}.")
    else:
        return number if len(percents) > 1 else None
    raise input_error([problem])


def next_activity_id(plan: Plan) -> str:
    """`HD-2020-0007-k3fz`: the year, the next number, and a random tail so that two clerks
    adding on two branches never produce the same id, and a deleted id is never given again."""
    return next_record_id(plan, "activities")


def next_record_id(plan: Plan, key: str) -> str:
    """The id of a new record of list `key`: `HD-…` an activity, `TD-…` a progress record,
    `GC-…` a note (ghi chép), as `next_activity_id` makes them."""
    return next_record_ids(plan, key, 1)[0]


def next_record_ids(plan: Plan, key: str, count: int) -> list[str]:
    """The ids of `count` new records of list `key`, numbered one after another."""
    prefix = f"{ID_PREFIXES[key]}-{plan.header.year}-"
    heads = [
        record.id.removeprefix(prefix).split("-")[0]
        for record in getattr(plan, key)
        if record.id is not None and record.id.startswith(prefix)
    ]
    numbers = [int(head) for head in heads if head.isdigit()]
    first = max(numbers, default=0) + 1
    return [
        f"{prefix}{number:04d}-" + "".join(secrets.choice(_SUFFIX_ALPHABET) for _ in range(4))
        for number in range(first, first + count)
    ]


def heeded(advice: list[Problem], strict: bool) -> list[Problem]:
    """The warnings to give with the record; with `strict`, the refusal they become."""
    if strict and advice:
        raise CchcError("Không có gì được ghi vào tệp kế hoạch (--strict: lưu ý cũng là lỗi).",
                        ExitCode.USAGE, code=advice[0].code, inputs=advice)
    return advice


def _append(
    path: Path, key: str, build: Any, dry_run: bool, file: Path | None,
    warnings: list[Problem] | None = None,
) -> Written[Any]:
    """Build the record from the valid plan, append its lines to the right file (the plan or
    one it includes), prove the whole plan valid and grown by exactly that record, then write."""
    with plan_lock(path):
        original = read_bytes(path)
        # The new text differs from the old in one place: its reading parses and validates
        # again only the chunk of records that holds the new lines.
        versions = Versions()
        loaded = versions.first(decode(original, path), path, keep=False)  # about to be replaced
        plan = valid(loaded)
        item = build(plan)
        target = target_source(plan, loaded, key, item, file)
        target_path, in_plan = target.path, target.path == loaded.path
        on_disk = OnDisk.of(original if in_plan else read_bytes(target_path))
        new_text = append_item(target.text, key, item, RECORD_ORDER.get(key, ()))
        diff = unified_diff(target.text, new_text, target_path)
        plan_text, read = (new_text, read_text) if in_plan else (loaded.text, reading_instead(target_path, new_text))
        # Neither the old text nor the old models are kept while the new text is read: the
        # first version's snapshot proves what they held in a tenth of the memory.
        del original, loaded, plan, target
        reloaded = versions.then(plan_text, path, read, keep=False)
        updated, record = _checked(reloaded, versions, key)
        del versions
        if not dry_run:
            replace_file(target_path, on_disk.encode(new_text), on_disk)
        remember(reloaded)  # for the next command, once the file is written
        return Written(record, updated, diff, not dry_run, target_path, list(warnings or []))


def target_source(plan: Plan, loaded: LoadedPlan, key: str, item: dict[str, Any], file: Path | None) -> Source:
    """Where a new record goes: the file asked for, else the included file whose `units` name
    the record's unit, else the plan itself."""
    files = loaded.files
    if file is not None:
        chosen = next((source for source in files if source.path.resolve() == file.resolve()), None)
        if chosen is None:
            raise CchcError(
                "", ExitCode.USAGE, code="unknown-file",
                hint="Chọn một trong: " + ", ".join(str(source.path) for source in files) + ".",
                inputs=[Problem(("file",), "unknown-file",
                                f"«{file}» không phải tệp kế hoạch hay một tệp nó include.")],
            )
        return chosen
    unit = item.get("unit")
    for entry, included in zip(plan.include, loaded.included, strict=True):
        if unit is not None and unit in entry.units:
            return included
    return files[0]


def reading_instead(changed: Path, text: str) -> Reader:
    """A reader of included files that sees `text` for `changed` and the disk for the rest."""
    return reading_from({changed: text})


def reading_from(texts: Mapping[Path, str]) -> Reader:
    """A reader of included files that sees the new texts of `texts` and the disk for the rest."""
    resolved = {path.resolve(): text for path, text in texts.items()}

    def read(path: Path) -> str:
        text = resolved.get(path.resolve())
        return text if text is not None else read_text(path)

    return read


def _checked(reloaded: LoadedPlan, versions: Versions, key: str) -> tuple[Plan, Any]:
    """The plan after the edit and its new record, proven valid and equal to the old plan
    plus exactly that one record."""
    after = reloaded.plan
    record = versions.added(after, key) if after is not None else None
    if after is None or record is None:
        raise CchcError(
            "Bản ghi mới không được ghi vì tệp sau khi sửa không còn hợp lệ; tệp vẫn như cũ.",
            ExitCode.IO,
            hint="Chạy «cchc check» để xem tệp; nếu tệp hợp lệ, hãy báo lỗi này kèm tệp kế hoạch.",
            code="edit-refused",
            errors=reloaded.errors,
            source=reloaded.sources,
        )
    return after, record


def validated(model: type[Activity | ProgressRecord | Note], item: dict[str, Any]) -> dict[str, Any]:
    """The record as it will be written: normalised by the model (NFC text), defaults left out."""
    try:
        record = model.model_validate(item)
    except ValidationError as error:
        raise input_error([problem_from(detail) for detail in error.errors()]) from None
    return record.model_dump(mode="json", exclude_defaults=True)


# The field of a record that names an item of each list of the plan.
_FIELDS = {"forms": "form", "contents": "contents", "units": "unit", "tasks": "task"}


def check_ids(plan: Plan, kind: str, values: list[str]) -> None:
    known = [item.id for item in getattr(plan, kind)]
    problems = [unknown_id(value, kind, known, (_FIELDS[kind],)) for value in values
                if value not in known]
    if problems:
        raise input_error(problems)


def check_in_year(plan: Plan, day: dt.date) -> None:
    problem = outside_year(day, plan.header.year, plan.reporting.rule, ("date",))
    if problem is not None:
        raise input_error([problem])


def input_error(problems: list[Problem]) -> CchcError:
    """What the clerk gave does not fit the plan: every reason at once, nothing written."""
    return CchcError("Không có gì được ghi vào tệp kế hoạch.", ExitCode.USAGE, code=problems[0].code,
                     inputs=problems)
