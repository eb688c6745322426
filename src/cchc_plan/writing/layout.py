"""Whether a plan file is already in the canonical layout, found without re-writing all of it.

`cchc fmt --check` on a plan of 10.000 activities would otherwise take the round trip through
ruamel.yaml of the whole file (tens of seconds). The records, which are nearly all of such a
file, have one simple canonical form: each item's lines follow from its values. So the part
before the records goes through the careful formatter (it is short), and each record's lines
are compared with the lines its values give. Where this module is not sure of the canonical
form of a value (a quote, a colon, a long or multi-line text, a comment on the line), it asks
the round-trip emitter for that one record, and where the file has any shape other than the
plain one (a blank line between records, a flow list, mixed line endings), it answers None and
the careful formatter decides for the whole file.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from ..plan.model import RECORD_LISTS, Activity, Note, ProgressRecord
from ..reading.loader import load_text
from ..reading.text import top_level_offsets
from .plainyaml import record_lines

_RECORD_MODELS: dict[str, type[BaseModel]] = {
    "activities": Activity, "progress": ProgressRecord, "notes": Note,
}
_ITEM_COMMENT = re.compile(r"  #[^\n]*\n")

Render = Callable[[dict[str, Any]], str]


def is_canonical(text: str, path: Path, careful: Callable[[str], str], render: Render) -> bool | None:
    """True or False when sure that `text` (a plan) is or is not in the canonical layout; None
    when the careful formatter must decide. `careful` gives the canonical text of a short plan,
    `render` the canonical lines of one record (both from the round-trip emitter)."""
    if "\r" in text or not text.endswith("\n") or text.endswith("\n\n"):
        return None
    loaded = load_text(text, path)
    if not loaded.ok or loaded.plan is None or loaded.plan.include:
        return None
    keys = top_level_offsets(text)
    records = [key for key in keys if key in RECORD_LISTS]
    if list(keys)[len(keys) - len(records):] != records or records != sorted(records, key=RECORD_LISTS.index):
        return None  # the records are not the last parts, in the model's order
    head = text[: keys[records[0]]] if records else text
    if careful(head) != head:
        return None  # the careful formatter rewrites the whole file anyway
    starts = [keys[key] for key in records] + [len(text)]
    for key, start, end in zip(records, starts, starts[1:], strict=False):
        verdict = _section_is_canonical(key, text, start, end, getattr(loaded.plan, key), render)
        if verdict is not True:
            return verdict
    return True


def _section_is_canonical(
    key: str, text: str, start: int, end: int, records: list[Any], render: Render
) -> bool | None:
    """Whether one record list (`text[start:end]`, from its key to the next) is canonical."""
    heading = f"{key}:\n"
    if not text.startswith(heading, start):
        return None
    position = start + len(heading)
    while end > position:  # blank lines and the next part's heading comment belong to the next part
        found = text.rfind("\n", position, end - 1)
        last = position if found < 0 else found + 1
        if text[last:end] != "\n" and not text.startswith("#", last):
            break
        end = last
    if key == "activities":
        order = [(activity.date.isoformat(), activity.id) for activity in records]
        if order != sorted(order):
            return False  # `cchc fmt` sorts activities by date, then id
    model = _RECORD_MODELS[key]
    for record in records:
        while True:  # the comment lines an item carries above it
            comment = _ITEM_COMMENT.match(text, position, end)
            if comment is None:
                break
            position = comment.end()
        values = _values(record)
        item = _item_lines(values, model) or render(values)
        if not text.startswith(item, position) or position + len(item) > end:
            return None
        position += len(item)
    return True if position == end else None


def _values(record: BaseModel) -> dict[str, Any]:
    """The values a record is written with: defaults left out, dates in ISO form (what
    `model_dump(mode="json", exclude_defaults=True)` gives, at a fraction of its cost)."""
    values = {}
    for name, field in type(record).model_fields.items():
        value = getattr(record, name)
        if value is None or value == [] and field.default_factory is list or (
                value is False and field.default is False):
            continue
        values[name] = value.isoformat() if isinstance(value, dt.date) else value
    return values


def _item_lines(values: dict[str, Any], model: type[BaseModel]) -> str | None:
    """The canonical lines of one record, when every value's form is certain; else None."""
    ordered = {name: values[name] for name in model.model_fields if name in values}
    return record_lines(ordered) if len(ordered) == len(values) else None
