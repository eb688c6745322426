"""Rules that relate parts of a plan: ids unique per kind, every reference pointing at something.

They read the plain data rather than the validated model, so they still run, and still report,
when another part of the same file has a structural fault. Records a second reading took from
the first one (see `fastparse.KnownChunks`) are validated models: they are read by their fields.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from ..errors import Loc, Problem
from .deadlines import read_deadline
from .model import SLUG_PATTERN
from .textinput import InputError

KIND_NAMES = {
    "units": "đơn vị",
    "tasks": "nhiệm vụ",
    "forms": "hình thức tuyên truyền",
    "contents": "nội dung tuyên truyền",
    "groups": "nhóm đối tượng",
    "members": "thành viên",
    "activities": "hoạt động",
    "progress": "bản ghi tiến độ",
    "notes": "ghi chép báo cáo",
    "records": "bản ghi",
}


@dataclass
class _Index:
    """Ids defined in a plan, by kind, and which unit each task belongs to."""

    ids: dict[str, set[str]] = field(default_factory=lambda: {kind: set() for kind in KIND_NAMES})
    task_units: dict[str, set[str]] = field(default_factory=dict)
    members: dict[str, set[str]] = field(default_factory=dict)  # a unit's members, by unit


_SLUG = re.compile(SLUG_PATTERN)


def check_references(data: Any) -> list[Problem]:
    """Every duplicate id and every dangling reference in the plan data."""
    if not isinstance(data, Mapping):
        return []
    index = _Index()
    problems = list(_collect_ids(data, index))
    problems += _check_tasks(data, index)
    for section in ("activities", "progress"):
        problems += _check_records(data, section, index)
    problems += _check_deadlines(data)
    for loc, entry in _items(data, "include"):
        problems += _reference_list(entry, "units", "units", loc, index)
    return problems


def _items(container: Any, key: str, loc: Loc = ()) -> Iterator[tuple[Loc, Mapping[str, Any]]]:
    """Mappings of the list `container[key]`, with their locations; anything malformed is skipped."""
    values = container.get(key) if isinstance(container, Mapping) else None
    if isinstance(values, list):
        for position, item in enumerate(values):
            if isinstance(item, Mapping):
                yield (*loc, key, position), item
            elif isinstance(item, BaseModel):
                yield (*loc, key, position), vars(item)


def _id(item: Mapping[str, Any]) -> str | None:
    value = item.get("id")
    return value if isinstance(value, str) else None


def _defined(data: Mapping[str, Any]) -> Iterator[tuple[str, Loc, Mapping[str, Any]]]:
    for kind in ("units", "forms", "contents", "activities", "progress", "notes"):
        for loc, item in _items(data, kind):
            yield kind, loc, item
    for loc, item in _items(data.get("audiences"), "groups", ("audiences",)):
        yield "groups", loc, item
    for loc, task, _ in _all_tasks(data):
        yield "tasks", loc, task


def is_unit_id(value: str) -> bool:
    """Whether an item of `coordinating` names a unit by its id; other text names a body in
    words («các cơ quan, đơn vị có liên quan»)."""
    return _SLUG.match(value) is not None


def given_units(data: Mapping[str, Any]) -> dict[str, set[str]]:
    """The units each task is given to, by task id: its own unit, and the units named as
    leading or helping with it or with a task above it. `data` is a plan's plain data, or
    `vars()` of a validated plan."""
    given: dict[str, set[str]] = {}
    for _, task, related in _all_tasks(data):
        task_id = _id(task)
        if task_id:
            given.setdefault(task_id, set()).update(related)
    return given


def _all_tasks(data: Mapping[str, Any]) -> Iterator[tuple[Loc, Mapping[str, Any], set[str]]]:
    """Every task at every depth with its location and the units it is given to: its unit, and
    the units that lead or help with it or with a task above it."""

    def walk(container: Mapping[str, Any], key: str, loc: Loc, related: set[str]
             ) -> Iterator[tuple[Loc, Mapping[str, Any], set[str]]]:
        for task_loc, task in _items(container, key, loc):
            own = related | set(_strings(task.get("lead"))) | {
                value for value in _strings(task.get("coordinating")) if is_unit_id(value)}
            yield task_loc, task, own
            yield from walk(task, "subtasks", task_loc, own)

    for unit_loc, unit in _items(data, "units"):
        unit_id = _id(unit)
        yield from walk(unit, "tasks", unit_loc, {unit_id} if unit_id else set())


def _collect_ids(data: Mapping[str, Any], index: _Index) -> Iterator[Problem]:
    for kind, loc, item in _defined(data):
        item_id = _id(item)
        if item_id is None:
            continue
        if item_id in index.ids[kind]:
            yield Problem(
                (*loc, "id"), "duplicate-id",
                f"mã «{item_id}» đã được dùng cho một {KIND_NAMES[kind]} khác",
                f"Mỗi {KIND_NAMES[kind]} cần một mã riêng: đổi mã này thành mã chưa dùng.",
            )
        index.ids[kind].add(item_id)
    index.task_units = given_units(data)
    for unit_loc, unit in _items(data, "units"):
        members = index.members.setdefault(_id(unit) or "", set())
        for loc, member in _items(unit, "members", unit_loc):
            member_id = _id(member)
            if member_id in members:
                yield Problem(
                    (*loc, "id"), "duplicate-id",
                    f"mã «{member_id}» đã được dùng cho một thành viên khác của đơn vị này",
                    "Mỗi thành viên cần một mã riêng: đổi mã này thành mã chưa dùng.",
                )
            if member_id:
                members.add(member_id)


def _strings(value: Any) -> list[str]:
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []


def _check_tasks(data: Mapping[str, Any], index: _Index) -> Iterator[Problem]:
    for loc, task, _ in _all_tasks(data):
        for key, kind in (("lead", "units"), ("forms", "forms"), ("contents", "contents")):
            yield from _reference_list(task, key, kind, loc, index)
        coordinating = task.get("coordinating")
        if isinstance(coordinating, list):  # a unit by its id; words («các xã») name others
            for position, value in enumerate(coordinating):
                if isinstance(value, str) and is_unit_id(value):
                    yield from _dangling(value, "units", (*loc, "coordinating", position), index)


def _check_deadlines(data: Mapping[str, Any]) -> Iterator[Problem]:
    """Every task's deadline can be read, and falls within the plan's year."""
    header = data.get("header")
    year = header.get("year") if isinstance(header, Mapping) else None
    if not isinstance(year, int):
        return
    for loc, task, _ in _all_tasks(data):
        value = task.get("deadline")
        if not isinstance(value, (str, dt.date)):
            continue
        try:
            deadline = read_deadline(value, year)
        except InputError as error:
            yield Problem((*loc, "deadline"), "invalid-deadline", str(error))
            continue
        if deadline.date is not None and deadline.date.year != year:
            yield Problem((*loc, "deadline"), "deadline-outside-year",
                          f"thời hạn {deadline.date:%d/%m/%Y} nằm ngoài năm {year} của kế hoạch",
                          "Ghi thời hạn trong năm của kế hoạch, hoặc «thường xuyên».")


def _check_records(data: Mapping[str, Any], section: str, index: _Index) -> Iterator[Problem]:
    for loc, record in _items(data, section):
        if _resolves(record, index):
            continue  # the common case, checked in one go; the rest say what is wrong
        unit_problems = list(_reference(record, "unit", "units", loc, index))
        task_problems = list(_reference(record, "task", "tasks", loc, index))
        yield from unit_problems
        yield from task_problems
        unit, task = record.get("unit"), record.get("task")
        resolved = not unit_problems and not task_problems
        if resolved and isinstance(unit, str) and isinstance(task, str):
            yield from _task_of_unit(task, unit, loc, index)
        yield from _reference(record, "form", "forms", loc, index)
        yield from _reference_list(record, "contents", "contents", loc, index)
        yield from _member_of_unit(record, loc, index)


def _member_of_unit(record: Mapping[str, Any], loc: Loc, index: _Index) -> Iterator[Problem]:
    member, unit = record.get("member"), record.get("unit")
    if not isinstance(member, str) or not isinstance(unit, str) or unit not in index.members:
        return
    if member not in index.members[unit]:
        yield unknown_member(member, unit, sorted(index.members[unit]), (*loc, "member"))


def unknown_member(member: str, unit: str, members: list[str], loc: Loc = ()) -> Problem:
    """Unit `unit` has no member `member`: say which was probably meant, or that it has none."""
    close = difflib.get_close_matches(member, members, n=1, cutoff=0.6)
    hint = (f"Có phải ý bạn là «{close[0]}»? " if close else "") + (
        f"Thành viên của đơn vị «{unit}»: {', '.join(members)}." if members
        else f"Đơn vị «{unit}» không phải đơn vị tập thể (không có thành viên): bỏ thành viên.")
    return Problem(loc, "unknown-member",
                   f"đơn vị «{unit}» không có thành viên nào mang mã «{member}»", hint)


def _resolves(record: Mapping[str, Any], index: _Index) -> bool:
    """Whether every reference of a record points at something, its task given to its unit."""
    unit, task, form = record.get("unit"), record.get("task"), record.get("form")
    contents, member = record.get("contents"), record.get("member")
    return (
        isinstance(unit, str) and isinstance(task, str)
        and unit in index.ids["units"]
        and task in index.ids["tasks"]
        and unit in index.task_units.get(task, ())
        and (form is None or isinstance(form, str) and form in index.ids["forms"])
        and (contents is None or isinstance(contents, list)
             and all(isinstance(content, str) and content in index.ids["contents"]
                     for content in contents))
        and (member is None or member in index.members.get(unit, ()))
    )


def _task_of_unit(task: str, unit: str, loc: Loc, index: _Index) -> Iterator[Problem]:
    if unit not in index.task_units.get(task, set()):
        yield Problem(
            (*loc, "task"), "task-not-of-unit",
            f"nhiệm vụ «{task}» không được giao cho đơn vị «{unit}»",
            "Chọn nhiệm vụ của đơn vị này (xem «cchc show»), hoặc sửa lại đơn vị.",
        )


def _reference(
    item: Mapping[str, Any], key: str, kind: str, loc: Loc, index: _Index
) -> Iterator[Problem]:
    value = item.get(key)
    if isinstance(value, str):
        yield from _dangling(value, kind, (*loc, key), index)


def _reference_list(
    item: Mapping[str, Any], key: str, kind: str, loc: Loc, index: _Index
) -> Iterator[Problem]:
    values = item.get(key)
    if isinstance(values, list):
        for position, value in enumerate(values):
            if isinstance(value, str):
                yield from _dangling(value, kind, (*loc, key, position), index)


def _dangling(value: str, kind: str, loc: Loc, index: _Index) -> Iterator[Problem]:
    if value not in index.ids[kind]:
        yield unknown_id(value, kind, index.ids[kind], loc)


def unknown_id(value: str, kind: str, known: Collection[str], loc: Loc = ()) -> Problem:
    """No `kind` (units, tasks, forms, ...) has id `value`: say which one was probably meant."""
    close = difflib.get_close_matches(value, sorted(known), n=1, cutoff=0.6)
    hint = f"Có phải ý bạn là «{close[0]}»?" if close else ""
    if known:
        hint += f" Các mã {KIND_NAMES[kind]} có trong kế hoạch: {', '.join(sorted(known))}."
    return Problem(
        loc, "unknown-reference",
        f"không có {KIND_NAMES[kind]} nào mang mã «{value}» trong kế hoạch",
        hint.strip(),
    )
