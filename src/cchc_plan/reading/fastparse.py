"""The fast read path: plan text to plain values with yaml-rs, a YAML 1.2 parser written in Rust.

It answers only for text it can vouch for. Anything else (the parser missing on this platform,
a syntax fault, a duplicate key, a tag, several documents, a top level that is not a mapping)
gives None, and the careful round-trip path reads the file and places each fault at its line.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Container, Iterator
from typing import Any

from .chunks import KnownChunks, Span
from .text import ordinary, top_level_offsets

# The record lists (activities, progress, notes) are read this many items at a time, and each
# item's keys and short values are shared strings: the parser's own tree and the plain values
# of a plan of 50.000 activities then fit in a fraction of the memory they would take at once.
CHUNK = 2_000
# Sharing strings pays for itself in memory only for a large plan (about 25.000 activities).
SHARED_FROM = 8_000_000  # characters of the plan's text
_RECORD_KEYS = ("activities", "progress", "notes")
_SHORT = 40
# Blank and comment lines, then the first item's dash.
_FIRST_ITEM = re.compile(r"(?:[ \t]*(?:#[^\n]*)?\r?\n)*(?P<dash> *)- ")

# What might be an anchor (`&name`) and an alias (`*name`). A plan has no reason to use them,
# and yaml-rs reads an alias inside its own anchor as null where the careful parser sees a
# cycle, so a text that may hold both goes the careful way (a title such as «R&D *mới*» does not).
_ANCHOR = re.compile(r"(?:^|[\s\[{,])&[^\s\[\]{},]")
_ALIAS = re.compile(r"(?:^|[\s\[{,])\*[^\s\[\]{},]")
# What might be a tag (`!!str`, `!!python/object`): the round-trip parser keeps a tagged value
# as a tagged node, which the model refuses, so such a text goes the careful way too.
_TAG = re.compile(r"(?:^|[\s\[{,])![^\s]")


def parse_plain(text: str, known: KnownChunks | None = None) -> dict[str, Any] | None:
    """The document as plain dicts, lists and scalars (dates left as text), else None (also
    for a text that is not ordinary: see `text.ordinary`). With `known`, a chunk of records
    whose text it holds gives those validated records instead, and what was read is noted in
    `known`."""
    if not vouched(text):
        return None
    blocks = record_blocks(text)
    data = head_data(text, blocks) if blocks else load_part(text)
    if not isinstance(data, dict):
        return None
    _note_whole_lists(data, blocks, known)
    for key, (_, end, starts) in blocks.items():
        items: list[Any] = []
        for _, span in chunks(text, end, starts):
            part = _chunk_items(key, span, len(text) >= SHARED_FROM, known)
            if part is None:
                return None
            items += part
        data[key] = items
    return data


def vouched(text: str) -> bool:
    """Whether the fast parser may read this text at all: it is ordinary, has no anchor with
    an alias and no tag, and yaml-rs is there."""
    if not ordinary(text):
        return False
    if _may_hold(text, "&", _ANCHOR) and _may_hold(text, "*", _ALIAS) or _may_hold(text, "!", _TAG):
        return False
    try:
        import yaml_rs  # noqa: F401
    except ImportError:  # no wheel for this platform: the careful path still works
        return False
    return True


def head_data(text: str, blocks: dict[str, tuple[int, int, list[int]]]) -> dict[str, Any] | None:
    """The text outside its record blocks (`record_blocks`) as plain values, each block's
    key holding None; None when it cannot be read so."""
    head, position = [], 0
    for start, end, _ in sorted(blocks.values()):  # in the file's order, whatever the keys' order
        head.append(text[position:start])
        position = end
    head.append(text[position:])
    data = load_part("".join(head))
    if not isinstance(data, dict) or any(data.get(key) is not None for key in blocks):
        return None  # a block's key holds a value of its own: not a plain block list
    return data


def chunks(text: str, end: int, starts: list[int]) -> Iterator[tuple[range, Span]]:
    """The chunks of a record block (from `record_blocks`): the numbers of each chunk's items
    in the list, and where the chunk lies in `text`."""
    for first in range(0, len(starts), CHUNK):
        last = min(first + CHUNK, len(starts))
        yield range(first, last), Span(text, starts[first], starts[last] if last < len(starts) else end)


def _chunk_items(key: str, span: Span, share: bool, known: KnownChunks | None) -> list[Any] | None:
    """The items of one chunk of list `key`: validated records when `known` holds its text,
    else plain values (None when the chunk cannot be read as a list)."""
    chunk = span.text[span.start : span.stop]
    if known is not None:
        found = known.take(key, span, chunk)
        if found is not None:
            return found
    part = load_part(chunk)
    if not isinstance(part, list):
        return None
    if known is not None:
        known.note(key, len(part), span, chunk)
    return [_shared(item) for item in part] if share else part


def note_chunks(text: str, known: KnownChunks) -> bool:
    """Note in `known` the chunks a reading of `text` finds, parsing only the part outside
    the record blocks (for a plan taken from the cache, whose records are known to be valid);
    False when the fast path would not read the text this way."""
    if not vouched(text):
        return False
    blocks = record_blocks(text)
    data = head_data(text, blocks) if blocks else None
    if data is None:
        return False
    _note_whole_lists(data, blocks, known)
    for key, (_, end, starts) in blocks.items():
        for numbers, span in chunks(text, end, starts):
            known.note(key, len(numbers), span, text[span.start : span.stop])
    return True


def _note_whole_lists(data: dict[str, Any], blocks: Container[str], known: KnownChunks | None) -> None:
    """Record lists read with the rest of the text (not in `blocks`) still count in
    `known`, without a chunk text, so that the chunks after them are paired with the
    right records."""
    if known is None:
        return
    for key in _RECORD_KEYS:
        items = data.get(key) if key not in blocks else None
        if isinstance(items, list):
            known.note(key, len(items))


def load_part(text: str) -> Any:
    import yaml_rs

    try:
        return yaml_rs.loads(
            text,
            parse_datetime=False,
            alias_limits=yaml_rs.AliasLimits(max_total_replayed_events=0),
            duplicate_key_policy=yaml_rs.DuplicateKeyPolicy.Error,
        )
    except (ValueError, TypeError, RecursionError, OverflowError, MemoryError):
        return None  # the careful path reports what is wrong, with its position


def record_blocks(text: str) -> dict[str, tuple[int, int, list[int]]]:
    """For each record list written as a plain block list: where its items start and end in
    `text`, and where each item starts. A list written any other way is read whole.

    Every line of such a block is blank, a comment, an item's first line (`- ` at the dash
    column) or indented further, so cutting it before an item's first line cannot cut a value
    in two; a cut in the wrong place would only make a part unreadable, and then the careful
    path reads the file."""
    keys = top_level_offsets(text)
    following = sorted(keys.values()) + [len(text)]
    blocks = {}
    for key in _RECORD_KEYS:
        if key not in keys:
            continue
        start = text.find("\n", keys[key]) + 1
        end = next(offset for offset in following if offset > keys[key])
        if start == 0 or start >= end:
            continue
        first = _FIRST_ITEM.match(text, start, end)
        if first is None:
            continue
        dash = len(first["dash"])
        starts = _item_starts(text, first.start("dash"), end, dash)
        if starts is None:
            continue
        blocks[key] = (starts[0], end, starts)
    return blocks


def _item_starts(text: str, start: int, end: int, dash: int) -> list[int] | None:
    """Where each item starts, if every line indented no further than the dash is an item's
    first line, a comment or blank; else None."""
    starts = []
    shallow = re.compile(rf"^(?! {{{dash + 1}}})( *)([^ \r\n]?)(.?)", re.MULTILINE)
    for line in shallow.finditer(text, start, end):
        mark = line[2]
        if len(line[1]) == dash and mark == "-" and line[3] == " ":
            starts.append(line.start())
        elif mark not in ("", "#"):
            return None
    return starts


def _shared(item: Any, intern: Any = sys.intern, short: int = _SHORT) -> Any:
    """A record with its keys and short texts (ids, dates, measures) as shared strings."""
    if item.__class__ is not dict:
        return item
    return {
        intern(key) if key.__class__ is str else key:
        intern(value) if value.__class__ is str and len(value) <= short else value
        for key, value in item.items()
    }


def _may_hold(text: str, sign: str, pattern: re.Pattern[str]) -> bool:
    return sign in text and pattern.search(text) is not None
