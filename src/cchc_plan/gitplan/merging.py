"""Three-way merge of two versions of a plan file by id (`cchc merge-driver`, for `git merge`).

Our version's text is the starting point and is changed only where their version changed
something: their new records are added as their own lines, their edits and deletions of
records we left alone are applied, and a part of the plan both sides changed in two different
ways becomes a conflict, written with git's markers that `cchc check` reports by line.
"""

from __future__ import annotations

import subprocess
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from ruamel.yaml.comments import CommentedSeq

from ..plan.model import RECORD_LISTS, RECORD_ORDER, Plan, ProgressRecord, RecordFile
from ..plan.periods import ROMAN
from ..reading.loader import load_tree, record_file_data
from ..reading.text import CONFLICT_START, decode, read_bytes
from ..writing.edit import block_end, item_lines, item_spans, key_span, list_indentation
from ..writing.storage import OnDisk, write_atomic

# git's conflict markers, the first of which `cchc check` reports
OURS, BASE_MARK, THEIRS = f"{CONFLICT_START} ours", "=======", ">>>>>>> theirs"


@dataclass
class Merged:
    """The merged text, what was taken from their side, and the conflicts left for a person."""

    text: str
    taken: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)


@dataclass
class _Version:
    """One side's text as lines, its round-trip tree and its validated plan."""

    lines: list[str]
    data: Any
    plan: Plan | RecordFile

    @classmethod
    def read(cls, text: str, path: Path) -> _Version | None:
        """A plan, or a file a plan includes (records only); None if it is neither."""
        loaded = load_tree(text, path)
        lines = text.splitlines(keepends=True)
        if loaded.plan is not None:
            return cls(lines, loaded.tree, loaded.plan)
        data = record_file_data(loaded)
        if data is None:
            return None
        try:
            return cls(lines, data, RecordFile.model_validate(dict(data)))
        except ValidationError:
            return None

    def block_list(self, key: str) -> bool:
        value = self.data.get(key)
        return value is None or (isinstance(value, CommentedSeq) and not value.fa.flow_style())

    def spans(self, key: str) -> list[tuple[int, int]]:
        return item_spans(self.lines, self.data, key) if self.data.get(key) else []

    def text_of(self, span: tuple[int, int]) -> list[str]:
        return self.lines[span[0] : span[1]]


@dataclass
class _Edits:
    """Replacements of line ranges of our text, applied bottom-up so that positions hold."""

    ours: _Version
    replacements: list[tuple[int, int, list[str]]] = field(default_factory=list)
    appended: dict[str, list[str]] = field(default_factory=dict)

    def replace(self, span: tuple[int, int], lines: list[str]) -> None:
        self.replacements.append((span[0], span[1], lines))

    def append(self, key: str, lines: list[str]) -> None:
        self.appended.setdefault(key, []).extend(lines)

    def conflict(self, where: tuple[int, int] | None, key: str, ours: list[str], theirs: list[str]) -> None:
        newline = "\r\n" if self.ours.lines and self.ours.lines[0].endswith("\r\n") else "\n"
        block = [OURS + newline, *ours, BASE_MARK + newline, *theirs, THEIRS + newline]
        if where is None:
            self.append(key, block)
        else:
            self.replace(where, block)

    def apply(self) -> str:
        lines = list(self.ours.lines)
        newline = "\r\n" if lines and lines[0].endswith("\r\n") else "\n"
        if lines and not lines[-1].endswith("\n"):
            lines[-1] += newline
        edits = list(self.replacements)
        tail: list[str] = []
        for key, added in self.appended.items():
            if key in self.ours.data:
                position = block_end(lines, self.ours.data, key, self.ours.data.lc.key(key)[0])
                edits.append((position, position, added))
            else:
                tail += [newline, f"{key}:{newline}", *added]
        for start, end, new in sorted(edits, key=lambda edit: (edit[0], edit[1]), reverse=True):
            lines[start:end] = new
        return "".join(lines + tail)


def merge_texts(base: str, ours: str, theirs: str, path: Path) -> Merged | None:
    """Their changes since `base` applied to `ours`; None when a version is not a valid plan
    (then only a line-by-line merge is possible)."""
    old, mine, other = (_Version.read(text, path) for text in (base, ours, theirs))
    if old is None or mine is None or other is None:
        return None
    if not all(version.block_list(key) for version in (mine, other) for key in RECORD_LISTS):
        return None
    edits = _Edits(mine)
    merged = Merged("")
    _merge_parts(old, mine, other, edits, merged)
    _merge_activities(old, mine, other, edits, merged)
    for key in ("progress", "notes"):
        _merge_records(key, old, mine, other, edits, merged)
    merged.text = edits.apply()
    if not merged.conflicts and _Version.read(merged.text, path) is None:
        return None
    return merged


def _merge_parts(old: _Version, mine: _Version, other: _Version, edits: _Edits, merged: Merged) -> None:
    """Every part of the plan other than its records, compared as a whole by its top-level key."""
    dumps = [version.plan.model_dump(mode="json", exclude=set(RECORD_LISTS)) for version in
             (old, mine, other)]
    for key in dumps[0]:
        base, ours, theirs = (dump[key] for dump in dumps)
        if theirs in (base, ours):
            continue
        theirs_lines = _key_lines(other, key)
        if ours == base:
            if key in mine.data:
                edits.replace(key_span(mine.lines, mine.data, key), theirs_lines)
            else:
                edits.append(key, theirs_lines)
            merged.taken.append(f"phần «{key}»")
        else:
            span = key_span(mine.lines, mine.data, key) if key in mine.data else None
            edits.conflict(span, key, _key_lines(mine, key), theirs_lines)
            merged.conflicts.append(f"phần «{key}» được sửa ở cả hai nhánh theo hai cách khác nhau")


def _key_lines(version: _Version, key: str) -> list[str]:
    if key not in version.data:
        return []
    return version.text_of(key_span(version.lines, version.data, key))


def _merge_activities(old: _Version, mine: _Version, other: _Version, edits: _Edits, merged: Merged) -> None:
    """Activities matched by id: theirs added, edited or deleted, unless we changed the same one."""
    base, ours, theirs = (_by_id(version) for version in (old, mine, other))
    our_spans = dict(zip(ours, mine.spans("activities"), strict=True))
    their_spans = dict(zip(theirs, other.spans("activities"), strict=True))
    for activity_id, added in theirs.items():
        if activity_id in base:
            continue
        if activity_id not in ours:
            lines = _reindented(other, mine, other.text_of(their_spans[activity_id]))
            place = _ordered_place(ours, our_spans, added)
            if place is None:
                edits.append("activities", lines)
            else:
                edits.replace((place, place), lines)
            merged.taken.append(f"hoạt động {activity_id}")
        elif ours[activity_id] != added:
            _activity_conflict(activity_id, our_spans, their_spans, mine, other, edits, merged)
    for activity_id, base_item in base.items():
        our_item, their_item = ours.get(activity_id), theirs.get(activity_id)
        if their_item in (base_item, our_item):
            continue
        if their_item is None and our_item == base_item:
            edits.replace(our_spans[activity_id], [])
            merged.taken.append(f"xóa hoạt động {activity_id}")
        elif our_item == base_item:
            edits.replace(our_spans[activity_id],
                          _reindented(other, mine, other.text_of(their_spans[activity_id])))
            merged.taken.append(f"sửa hoạt động {activity_id}")
        else:
            both = None
            if our_item is not None and their_item is not None:
                both = _merge_fields(base_item, our_item, their_item)
            if both is None:
                _activity_conflict(activity_id, our_spans, their_spans, mine, other, edits, merged)
            else:
                edits.replace(our_spans[activity_id], _rendered(mine, both))
                merged.taken.append(f"sửa hoạt động {activity_id}")


def _ordered_place(
    ours: dict[str, dict[str, Any]], spans: dict[str, tuple[int, int]], added: dict[str, Any]
) -> int | None:
    """The line before which their new activity goes so that ours stay in the order `cchc fmt`
    writes (None: after the last), as a recording places it."""
    names = RECORD_ORDER["activities"]

    def key(item: dict[str, Any]) -> tuple[str, ...]:
        return tuple(str(item[name]) for name in names)

    place = None
    for activity_id in reversed(list(ours)):
        if key(ours[activity_id]) <= key(added):
            break
        place = spans[activity_id][0]
    return place


def _activity_conflict(
    activity_id: str, our_spans: dict[str, tuple[int, int]], their_spans: dict[str, tuple[int, int]],
    mine: _Version, other: _Version, edits: _Edits, merged: Merged,
) -> None:
    span = our_spans.get(activity_id)
    ours = mine.text_of(span) if span else []
    theirs = _reindented(other, mine, other.text_of(their_spans[activity_id])) \
        if activity_id in their_spans else []
    edits.conflict(span, "activities", ours, theirs)
    merged.conflicts.append(f"hoạt động {activity_id} được sửa (hoặc xóa) ở cả hai nhánh")


def _merge_fields(base: dict[str, Any], ours: dict[str, Any], theirs: dict[str, Any]) -> dict[str, Any] | None:
    """One activity changed on both sides: field by field, or None if a field changed two ways."""
    merged = {}
    for name in [*ours, *(name for name in theirs if name not in ours)]:
        values = base.get(name), ours.get(name), theirs.get(name)
        if values[1] == values[2] or values[2] == values[0]:
            value = values[1]
        elif values[1] == values[0]:
            value = values[2]
        else:
            return None
        if value is not None:
            merged[name] = value
    return merged


def _merge_records(key: str, old: _Version, mine: _Version, other: _Version, edits: _Edits, merged: Merged) -> None:
    """Progress records and notes have no id: each record counts as a fact. Theirs added are
    added, theirs deleted are deleted; one added on both sides is kept once. The same task's
    status for the same quarter set two ways on the two sides is a conflict."""
    disputed = _disputed_progress(old.plan, mine.plan, other.plan) if key == "progress" else set()
    records = [getattr(version.plan, key) for version in (old, mine, other)]
    dumps = [[_frozen(record) for record in side] for side in records]
    base, ours, theirs = (Counter(items) for items in dumps)
    our_spans, their_spans = mine.spans(key), other.spans(key)
    for topic in sorted(disputed):
        new_ours = [n for n, record in enumerate(records[1]) if _topic(record) == topic
                    and base[dumps[1][n]] == 0]
        new_theirs = [n for n, record in enumerate(records[2]) if _topic(record) == topic
                      and base[dumps[2][n]] == 0]
        ours_lines = [line for n in new_ours for line in mine.text_of(our_spans[n])]
        theirs_lines = [line for n in new_theirs for line in
                        _reindented(other, mine, other.text_of(their_spans[n]))]
        for n in new_ours:
            edits.replace(our_spans[n], [])
        edits.conflict(None, key, ours_lines, theirs_lines)
        unit, task, quarter = topic
        merged.conflicts.append(
            f"tiến độ nhiệm vụ {task} ({unit}) quý {ROMAN[quarter]} được ghi khác nhau ở hai nhánh"
        )
    for record in dict.fromkeys([*dumps[1], *dumps[2]]):
        if key == "progress" and _topic_of(record) in disputed:
            continue
        b, o, t = base[record], ours[record], theirs[record]
        wanted = max(o, t) if o > b and t > b else o + t - b
        if wanted > o:
            places = [n for n, item in enumerate(dumps[2]) if item == record][o - wanted:]
            for place in places:
                edits.append(key, _reindented(other, mine, other.text_of(their_spans[place])))
            merged.taken += [f"một bản ghi {KEY_WORDS[key]}"] * (wanted - o)
        elif wanted < o:
            places = [n for n, item in enumerate(dumps[1]) if item == record][wanted - o:]
            for place in places:
                edits.replace(our_spans[place], [])


KEY_WORDS = {"progress": "tiến độ", "notes": "ghi chép báo cáo"}
Topic = tuple[str, str, int]
Records = Plan | RecordFile


def _topic(record: ProgressRecord) -> Topic:
    return record.unit, record.task, record.quarter


def _topic_of(frozen: tuple[tuple[str, Any], ...]) -> Topic:
    values = dict(frozen)
    return values["unit"], values["task"], values["quarter"]


def _disputed_progress(old: Records, mine: Records, other: Records) -> set[Topic]:
    """(unit, task, quarter) for which both sides wrote new progress, ending in a different
    status or percentage. Decided from the new records alone, never from their order in the
    merged file: which branch merges into which must not decide a figure."""
    ours, theirs = _new_standing(old, mine), _new_standing(old, other)
    return {topic for topic in ours.keys() & theirs.keys() if ours[topic] != theirs[topic]}


def _new_standing(old: Records, side: Records) -> dict[Topic, tuple[Any, ...]]:
    """What the last record `side` added since `old` says, for each topic it wrote."""
    unchanged = Counter(_frozen(record) for record in old.progress)
    standing: dict[Topic, tuple[Any, ...]] = {}
    for record in side.progress:
        frozen = _frozen(record)
        if unchanged[frozen] > 0:
            unchanged[frozen] -= 1
            continue
        standing[_topic(record)] = (record.status, record.percent)
    return standing


def _by_id(version: _Version) -> dict[str, dict[str, Any]]:
    return {activity.id: activity.model_dump(mode="json", exclude_defaults=True)
            for activity in version.plan.activities}


def _frozen(record: Any) -> tuple[tuple[str, Any], ...]:
    dumped = record.model_dump(mode="json", exclude_defaults=True)
    return tuple((name, tuple(value) if isinstance(value, list) else value)
                 for name, value in dumped.items())


def _reindented(source: _Version, target: _Version, lines: Iterable[str]) -> list[str]:
    """Their item's own lines (comments included), shifted to our list's indentation."""
    shift = _dash_column(target) - _dash_column(source)
    shifted = []
    for line in lines:
        if shift > 0 and line.strip():
            line = " " * shift + line
        elif shift < 0 and line[: -shift].strip() == "":
            line = line[-shift:]
        shifted.append(line)
    return shifted


def _dash_column(version: _Version) -> int:
    return list_indentation("".join(version.lines), "activities")[0]


def _rendered(version: _Version, item: dict[str, Any]) -> list[str]:
    """A merged activity written as `cchc` writes a new one, at our list's indentation."""
    newline = "\r\n" if version.lines and version.lines[0].endswith("\r\n") else "\n"
    dash, indent = list_indentation("".join(version.lines), "activities")
    return item_lines(item, dash, indent, newline).splitlines(keepends=True)


def merge_files(base: Path, ours: Path, theirs: Path) -> Merged:
    """`git merge`'s three files merged into `ours` (written atomically). When a version is not
    a valid plan, git's own line-by-line merge does the work and its conflicts are reported."""
    original = read_bytes(ours)
    texts = [decode(read_bytes(base), base), decode(original, ours), decode(read_bytes(theirs), theirs)]
    merged = merge_texts(texts[0], texts[1], texts[2], ours)
    if merged is None:
        done = subprocess.run(
            ["git", "merge-file", "-L", "ours", "-L", "base", "-L", "theirs",
             str(ours), str(base), str(theirs)],
            capture_output=True, text=True, check=False,
        )
        conflicts = ["một trong ba phiên bản không phải kế hoạch hợp lệ nên chỉ gộp được theo dòng"]
        return Merged(decode(read_bytes(ours), ours), [], conflicts if done.returncode else [])
    write_atomic(ours, OnDisk.of(original).encode(merged.text), mode=ours.stat().st_mode & 0o7777)
    return merged
