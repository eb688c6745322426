"""Correcting what was recorded: one record, found by its id, edited or removed.

An edit changes only the lines of the fields that changed (the others, with their comments, are
kept as they are); an activity whose date changes moves to where `cchc fmt` puts it. A removal
takes out the record's lines and the comment lines just above it. Both are validated first (the
same rules as recording), then the whole plan is read again and must equal the old one but for
that record, and the file is replaced atomically under the plan's lock.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import CchcError, ExitCode, Problem
from ..plan.advice import activity_advice, progress_advice
from ..plan.model import RECORD_LISTS, RECORD_ORDER, Activity, Note, Plan, ProgressRecord
from ..reading.loader import LoadedPlan, load_text, remember, valid
from ..reading.text import Source, decode, read_bytes, read_text
from .edit import comments_above, insertion_offset, render_field
from .recording import (
    check_ids,
    check_in_year,
    heeded,
    input_error,
    reading_instead,
    resolve_unit_task,
    validated,
)
from .storage import OnDisk, plan_lock, replace_file

MODELS: dict[str, type[Activity | ProgressRecord | Note]] = {
    "activities": Activity, "progress": ProgressRecord, "notes": Note,
}
KIND_WORDS = {"activities": "hoạt động", "progress": "bản ghi tiến độ", "notes": "ghi chép"}


@dataclass(frozen=True)
class Corrected:
    """What an edit or a removal did: the record as it now is (or was, when removed), the plan
    after it, the change as a diff, whether it was saved, and where."""

    record: Any
    plan: Plan
    diff: str
    saved: bool
    file: Path
    warnings: list[Problem] = field(default_factory=list)


def edit_record(
    path: Path, record_id: str, changes: dict[str, Any], cleared: list[str] | None = None,
    dry_run: bool = False, strict: bool = False,
) -> Corrected:
    """Give the record `record_id` the values in `changes` and drop the fields in `cleared`."""
    with plan_lock(path):
        found = _found(path, record_id)
        fields = MODELS[found.key].model_fields
        foreign = [name for name in [*changes, *(cleared or [])] if name not in fields or name == "id"]
        if foreign:
            raise input_error([Problem((name,), "invalid-input",
                                       f"{KIND_WORDS[found.key]} không có trường này để sửa")
                               for name in foreign])
        old = found.record.model_dump(mode="json", exclude_defaults=True)
        item = {**old, **{name: value for name, value in changes.items() if value is not None}}
        for name in cleared or []:
            item.pop(name, None)
        warnings = _checked_values(found, item, strict)
        item = validated(MODELS[found.key], item)
        new_text = _edited_text(found, old, item)
        return _written(found, new_text, item, dry_run, warnings)


def remove_record(path: Path, record_id: str, dry_run: bool = False) -> Corrected:
    """Take the record `record_id` out of the plan (or the file it is in)."""
    with plan_lock(path):
        found = _found(path, record_id)
        new_text = found.source.text[:found.above] + found.source.text[found.span[1]:]
        return _written(found, new_text, None, dry_run, [])


@dataclass
class _Found:
    path: Path
    original: bytes
    loaded: LoadedPlan
    plan: Plan
    key: str
    record: Any
    source: Source
    span: tuple[int, int]  # offsets of the record's lines in `source.text`
    above: int  # where its comment lines start (== span[0] when it has none)
    dash: int


def _found(path: Path, record_id: str) -> _Found:
    """The record `record_id` of the plan at `path`, with the file and lines that hold it."""
    original = read_bytes(path)
    loaded = load_text(decode(original, path), path)
    plan = valid(loaded)
    for key in RECORD_LISTS:
        record = next((item for item in getattr(plan, key) if getattr(item, "id", None) == record_id), None)
        if record is not None:
            break
    else:
        known = [item.id for key in RECORD_LISTS for item in getattr(plan, key) if getattr(item, "id", None)]
        raise input_error([_unknown_record(record_id, known)])
    for source in loaded.files:
        located = record_span(source.text, record_id)
        if located is not None:
            start, end, dash = located
            return _Found(path, original, loaded, plan, key, record, source, (start, end),
                          comments_above(source.text, start), dash)
    raise CchcError(
        f"Không tìm thấy dòng «id: {record_id}» trong tệp kế hoạch hay các tệp nó include.",
        ExitCode.USAGE, code="edit-refused",
        hint="Bản ghi này được viết theo cách khác (ví dụ trong ngoặc nhọn {...}); sửa nó trong "
        "trình soạn thảo, hoặc chạy «cchc fmt» rồi thử lại.",
    )


def _unknown_record(record_id: str, known: list[str]) -> Problem:
    """No record has `record_id`: the nearest ids (those of the same number first), never the
    whole list of a plan's tens of thousands."""
    number = "-".join(record_id.split("-")[:3])
    alike = [other for other in known if other.startswith(number)] or known
    close = difflib.get_close_matches(record_id, alike, n=3, cutoff=0.5)
    hint = ("Có phải ý bạn là " + ", ".join(f"«{other}»" for other in close) + "? " if close else "")
    return Problem((), "unknown-reference", f"không có bản ghi nào mang mã «{record_id}» trong kế hoạch",
                   hint + "Mã hoạt động xem bằng «cchc list --json», mã tiến độ và ghi chép bằng "
                   "«cchc show --json».")


def record_span(text: str, record_id: str) -> tuple[int, int, int] | None:
    """Offsets [start, end) of the lines of the block-list item whose `id` is `record_id`, and
    the column of its dash; None when no line says `id: record_id`."""
    pattern = re.compile(rf"^(?P<lead> *)(?P<dash>- +)?id: *['\"]?{re.escape(record_id)}['\"]? *(#.*)?\r?$",
                         re.MULTILINE)
    match = pattern.search(text)
    if match is None:
        return None
    if match["dash"]:
        start, dash = match.start(), len(match["lead"])
    else:  # `id` is not the item's first key: the item starts at the dash above it
        dash = len(match["lead"]) - 2
        above = re.compile(rf"^ {{{dash}}}- ", re.MULTILINE)
        starts = [found.start() for found in above.finditer(text, 0, match.start())]
        if dash < 0 or not starts:
            return None
        start = starts[-1]
    end = start
    for line in re.finditer(r"[^\n]*\n|[^\n]+$", text[start:]):
        if end > start and _ends_item(line.group(), dash):
            break
        end = start + line.end()
    return start, _without_trailing(text, start, end), dash


def _ends_item(line: str, dash: int) -> bool:
    """Whether `line` (after an item's first line) is no longer part of that item."""
    content = line.rstrip("\r\n")
    if not content.strip():
        return False
    indent = len(content) - len(content.lstrip(" "))
    return indent <= dash


def _without_trailing(text: str, start: int, end: int) -> int:
    """`end` moved up over blank lines and comments at the item's end that are not indented
    under it: they introduce what follows."""
    lines = text[start:end].splitlines(keepends=True)
    while len(lines) > 1 and (not lines[-1].strip() or lines[-1].startswith("#")):
        end -= len(lines.pop())
    return end


def _checked_values(found: _Found, item: dict[str, Any], strict: bool) -> list[Problem]:
    """The rules a new record of this kind meets, applied to the edited one."""
    plan = found.plan
    if found.key == "activities":
        unit, task = resolve_unit_task(plan, item.get("unit"), item["task"])
        item["unit"] = unit.id
        check_ids(plan, "forms", [item["form"]] if item.get("form") else [])
        check_ids(plan, "contents", item.get("contents") or [])
        check_in_year(plan, dt.date.fromisoformat(str(item["date"])))
        return heeded(activity_advice(plan, task, item), strict)
    if found.key == "progress":
        unit, task = resolve_unit_task(plan, item.get("unit"), item["task"])
        item["unit"] = unit.id
        return heeded(progress_advice(item["status"], item.get("percent")), strict)
    return []


def _edited_text(found: _Found, old: dict[str, Any], new: dict[str, Any]) -> str:
    """The file's text with the record's lines changed where its values changed; an activity
    whose place in the canonical order changed is moved there."""
    text = found.source.text
    start, end = found.span
    block = _edited_block(text[start:end], old, new, found.dash)
    order = RECORD_ORDER.get(found.key, ())
    if order and any(old.get(name) != new.get(name) for name in order):
        without = text[:found.above] + text[end:]
        comments = text[found.above:start]
        at = insertion_offset(without, found.key, new, order)
        if at is not None:
            return without[:at] + comments + block + without[at:]
    return text[:start] + block + text[end:]


_KEY_LINE = re.compile(r"^(?P<lead> *(?:- +)?)(?P<key>[A-Za-z_]+):(?=\s|$)")


def _edited_block(block: str, old: dict[str, Any], new: dict[str, Any], dash: int) -> str:
    """The item's lines with each changed field's lines rewritten, removed fields' lines taken
    out and new fields' lines added where the model orders them; every other line (comments
    included) as it was."""
    newline = "\r\n" if block.endswith("\r\n") else "\n"
    lines = block.splitlines(keepends=True)
    first = _KEY_LINE.match(lines[0]) if lines else None
    indent = len(first["lead"]) if first else dash + 2
    pieces: list[tuple[str, list[str]]] = []  # each key with its lines (and those under it)
    for line in lines:
        match = _KEY_LINE.match(line)
        if match is not None and (not pieces or len(match["lead"]) == indent):
            pieces.append((match["key"], [line]))
        elif pieces:
            pieces[-1][1].append(line)
    result: list[tuple[str, list[str]]] = []
    for key, piece in pieces:
        comments = [line for line in piece[1:] if line.lstrip().startswith("#")]
        if key not in new:
            result.append(("", comments))
        elif old.get(key) == new[key]:
            result.append((key, piece))
        else:
            result.append((key, render_field(key, new[key], indent, newline) + comments))
    order = list(new)
    for key in order:
        if any(key == present for present, _ in result):
            continue
        later = [index for index, (present, _) in enumerate(result)
                 if present in new and order.index(present) > order.index(key)]
        result.insert(later[0] if later else len(result), (key, render_field(key, new[key], indent, newline)))
    written = [line for _, piece in result for line in piece]
    keys = [index for index, line in enumerate(written) if _KEY_LINE.match(line)]
    for number, index in enumerate(keys):  # the dash goes on the first key, and only there
        body = written[index].lstrip(" ")
        body = body[2:].lstrip(" ") if body.startswith("- ") else body
        written[index] = (" " * dash + "- " + " " * (indent - dash - 2) if number == 0 else " " * indent) + body
    return "".join(written)


def _written(
    found: _Found, new_text: str, item: dict[str, Any] | None, dry_run: bool, warnings: list[Problem]
) -> Corrected:
    """Prove the new text is the old plan with exactly this change, then write it."""
    source, path = found.source, found.path
    in_plan = source.path == found.loaded.path
    on_disk = OnDisk.of(found.original if in_plan else read_bytes(source.path))
    plan_text, read = (new_text, read_text) if in_plan else (found.loaded.text, reading_instead(source.path, new_text))
    reloaded = load_text(plan_text, path, read)
    after = reloaded.plan
    record = None
    if after is not None and item is not None:
        record = next((entry for entry in getattr(after, found.key) if entry.id == found.record.id), None)
    expected_record = MODELS[found.key].model_validate(item) if item is not None else None
    if after is None or record != expected_record or not _same_but(found.plan, after, found.key, found.record.id):
        raise CchcError(
            "Không sửa được vì tệp sau khi sửa không còn đúng như mong muốn; tệp vẫn như cũ.",
            ExitCode.IO, code="edit-refused",
            hint="Chạy «cchc check» để xem tệp; nếu tệp hợp lệ, hãy báo lỗi này kèm tệp kế hoạch.",
            errors=reloaded.errors, source=reloaded.sources,
        )
    diff = _diff(source.text, new_text, source.path)
    if not dry_run:
        replace_file(source.path, on_disk.encode(new_text), on_disk)
    remember(reloaded)
    return Corrected(record if record is not None else found.record, after, diff, not dry_run,
                     source.path, warnings)


def _same_but(before: Plan, after: Plan, key: str, record_id: str) -> bool:
    """Whether `after` is `before` but for the record `record_id` of list `key`."""
    def others(plan: Plan, name: str) -> list[Any]:
        return [entry for entry in getattr(plan, name) if getattr(entry, "id", None) != record_id]

    empty: dict[str, Any] = {name: [] for name in RECORD_LISTS}
    if before.model_copy(update=empty) != after.model_copy(update=empty):
        return False
    if key == "activities":  # a moved activity: the others keep their order, by id
        return sorted(others(before, key), key=lambda a: a.id) == sorted(others(after, key), key=lambda a: a.id) \
            and all(others(before, name) == others(after, name) for name in RECORD_LISTS if name != key)
    return all(others(before, name) == others(after, name) for name in RECORD_LISTS)


def _diff(old: str, new: str, path: Path) -> str:
    """The change as `git diff -U3` shows it (a moved record: its removal and its addition)."""
    lines = difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True),
                                 f"a/{path}", f"b/{path}", n=3)
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)
