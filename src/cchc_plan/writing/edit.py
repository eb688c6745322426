"""Minimal edits of a plan file's text: a new item is inserted as lines, nothing else is touched.

The file is never re-serialised as a whole, so comments, blank lines, quoting, key order and
line endings of everything else stay byte-identical, and a reviewer's diff shows only new lines.
"""

from __future__ import annotations

import bisect
import functools
import io
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from ..reading.text import top_level_offsets
from .plainyaml import record_lines

_EMPTY_FLOW_LIST = re.compile(r"^(?P<key>[^#\s][^:]*):\s*\[\s*\]\s*(?P<comment>#.*)?$")


def append_item(
    text: str, key: str, item: Mapping[str, Any], ordered_by: tuple[str, ...] = ()
) -> str:
    """`text` with `item` appended to the top-level list `key`, which is added at the end of
    the file when missing. Only the text is read, never split into lines: positions come from
    `top_level_offsets`, so the cost does not grow with the number of records.

    With `ordered_by` (the keys of the list's canonical order, as `cchc fmt` writes it) an item
    that sorts before the last one is put where `cchc fmt` would put it, so a recorded file is
    always in canonical form; the usual case, an item at the end, reads only the last item."""
    text, newline = _ended(text)
    keys = top_level_offsets(text)
    if key not in keys:  # a plan written before `key` existed: the list starts at the end
        return f"{text}{newline}{key}:{newline}" + item_lines(item, 2, 4, newline)
    start, end = _list_block(text, keys, key)
    dash, indent = list_indentation(text, key, keys)
    line_end = text.find("\n", start) + 1 or len(text)
    match = _EMPTY_FLOW_LIST.match(text[start:line_end].rstrip("\r\n"))
    if match:  # `key: []` becomes a block list; the only case where a line changes
        comment = f"  {match['comment']}" if match["comment"] else ""
        return (text[:start] + f"{match['key']}:{comment}{newline}" + text[line_end:end]
                + item_lines(item, dash, indent, newline) + text[end:])
    at = _ordered_place(text, start, end, dash, item, ordered_by) if ordered_by else end
    return text[:at] + item_lines(item, dash, indent, newline) + text[at:]


def insertion_offset(
    text: str, key: str, item: Mapping[str, Any], ordered_by: tuple[str, ...]
) -> int | None:
    """Where `append_item` would put the lines of `item` in the block list `key` of `text`
    (None when the list is not a block list of the file)."""
    keys = top_level_offsets(text)
    if key not in keys:
        return None
    start, end = _list_block(text, keys, key)
    dash, _ = list_indentation(text, key, keys)
    return _ordered_place(text, start, end, dash, item, ordered_by)


def insert_items(
    text: str, key: str, items: Sequence[Mapping[str, Any]], ordered_by: tuple[str, ...] = ()
) -> str:
    """`text` with every one of `items` inserted into the top-level list `key` as `append_item`
    inserts one, in a single pass: each item's place is found by bisection over the values of
    the items already there (read once), so a thousand new records cost one read of the list."""
    if not items:
        return text
    text, newline = _ended(text)
    keys = top_level_offsets(text)

    def order(item: Mapping[str, Any]) -> tuple[str, ...]:
        return tuple(str(item[name]) for name in ordered_by)

    line_end = text.find("\n", keys[key]) if key in keys else -1
    if key not in keys or _EMPTY_FLOW_LIST.match(text[keys[key]:line_end].rstrip("\r")):
        # The list starts here: the first item makes the block list, the others follow it.
        ordered = sorted(items, key=order)
        return insert_items(append_item(text, key, ordered[0], ordered_by), key, ordered[1:],
                            ordered_by)
    start, end = _list_block(text, keys, key)
    dash, indent = list_indentation(text, key, keys)
    starts, values = _item_starts(text, start, end, dash, ordered_by) if ordered_by else ([], None)
    places: dict[int, list[Mapping[str, Any]]] = {}
    for item in items:
        at = end
        if values is not None:
            after = bisect.bisect_right(values, order(item))  # values: minimum of each suffix
            at = end if after >= len(starts) else comments_above(text, starts[after], start)
        places.setdefault(at, []).append(item)
    pieces, done = [], 0
    for at in sorted(places):
        pieces += [text[done:at], *(item_lines(item, dash, indent, newline)
                                    for item in sorted(places[at], key=order))]
        done = at
    return "".join([*pieces, text[done:]])


def _ended(text: str) -> tuple[str, str]:
    """`text` ending with a line break, and the line break it uses (that of its first line)."""
    first_end = text.find("\n")
    newline = "\r\n" if first_end > 0 and text[first_end - 1] == "\r" else "\n"
    if text and not text.endswith(("\n", "\r")):
        text += newline
    return text, newline


def _list_block(text: str, keys: dict[str, int], key: str) -> tuple[int, int]:
    """Offsets [start, end) of the top-level `key` and its block (see `_block_end_offset`)."""
    start = keys[key]
    following = min((offset for offset in keys.values() if offset > start), default=len(text))
    return start, _block_end_offset(text, start, following)


def _item_starts(
    text: str, start: int, end: int, dash: int, ordered_by: tuple[str, ...]
) -> tuple[list[int], list[tuple[str, ...]] | None]:
    """The offsets of the items of the block list text[start:end], and for each the smallest
    ordering values of it and every item after it (None when an item's values cannot be read:
    the list is then not in canonical form and new items go at its end). The largest index
    whose suffix minimum is at most a new item's values is the last item that sorts before it,
    as `_ordered_place` finds it walking up from the end."""
    marker = "\n" + " " * dash + "- "
    starts = []
    found = text.find(marker, start, end)
    while found >= 0:
        starts.append(found + 1)
        found = text.find(marker, found + 1, end)
    patterns = [_value_pattern(name) for name in ordered_by]
    own = []
    for number, item_start in enumerate(starts):
        item_end = starts[number + 1] if number + 1 < len(starts) else end
        found_values = [pattern.search(text, item_start, item_end) for pattern in patterns]
        if any(found is None for found in found_values):
            return starts, None
        own.append(tuple(found.group(1) for found in found_values if found is not None))
    suffix_min: list[tuple[str, ...]] = own[:]
    for number in range(len(own) - 2, -1, -1):
        suffix_min[number] = min(own[number], suffix_min[number + 1])
    # bisect_right over suffix minima gives the first item after the last one <= the new item.
    return starts, suffix_min


def render_field(name: str, value: Any, indent: int, newline: str) -> list[str]:
    """The lines of one field of a record, its key at column `indent`."""
    lines = item_lines({name: value}, max(indent - 2, 0), indent, newline).splitlines(keepends=True)
    lines[0] = " " * indent + lines[0].lstrip(" ")[2:].lstrip(" ")
    return lines


def _ordered_place(
    text: str, start: int, end: int, dash: int, item: Mapping[str, Any], ordered_by: tuple[str, ...]
) -> int:
    """Where `item` goes in the block list text[start:end] so that the items stay sorted by
    the values of `ordered_by`: before the first item that sorts after it (and the comment
    lines above that item), else at `end`. Also `end` when an item's values cannot be read
    from its lines (a hand-written flow mapping): the list is then not in canonical form."""
    wanted = tuple(str(item[name]) for name in ordered_by)
    marker = "\n" + " " * dash + "- "
    place = end
    while True:  # items from the last one up, until one sorts before the new item
        found = text.rfind(marker, start, place)
        if found < 0:
            break
        values = _item_values(text[found + 1:place], ordered_by)
        if values is None:
            return end
        if values <= wanted:
            break
        place = found + 1
    return comments_above(text, place, start) if place != end else end


@functools.cache
def _value_pattern(name: str) -> re.Pattern[str]:
    """The value of key `name` on a line of a list item (`  - date: 2020-06-15`)."""
    return re.compile(rf"^[ -]*{name}: *['\"]?([^'\"#\s]+)", re.MULTILINE)


def _item_values(item: str, names: tuple[str, ...]) -> tuple[str, ...] | None:
    values = []
    for name in names:
        found = _value_pattern(name).search(item)
        if found is None:
            return None
        values.append(found.group(1))
    return tuple(values)


def comments_above(text: str, offset: int, floor: int = 0) -> int:
    """`offset` moved up over the indented comment lines right above it (they belong to the
    item that starts there)."""
    while offset > floor:
        line_start = text.rfind("\n", 0, offset - 1) + 1
        line = text[line_start:offset]
        if not (line.startswith(" ") and line.lstrip().startswith("#")):
            break
        offset = line_start
    return offset


def _block_end_offset(text: str, key_start: int, end: int) -> int:
    """Where `key`'s block ends: comments at column 0 and blank lines just before the next
    top-level key (at offset `end`) belong to that next key."""
    key_end = text.find("\n", key_start) + 1 or len(text)
    while end > key_end:
        line_start = text.rfind("\n", 0, end - 1) + 1
        if not _belongs_to_next(text[line_start:end]):
            break
        end = line_start
    return end


# The first line of a block that is neither blank nor a comment.
_CONTENT_LINE = re.compile(r"^ *[^ \t\r\n#][^\n]*", re.MULTILINE)
_ITEM_START = re.compile(r"(?P<dash> *)- +(?=[^\s#])")


def list_indentation(
    text: str, key: str, keys: dict[str, int] | None = None
) -> tuple[int, int]:
    """Columns of the dash and of the keys of list items: from this list, else from another
    (`keys`: the top-level keys' offsets, when already known)."""
    keys = top_level_offsets(text) if keys is None else keys
    ordered = sorted(keys.values())
    for name in (key, *keys):
        if name not in keys:
            continue
        start = text.find("\n", keys[name]) + 1
        end = next((offset for offset in ordered if offset > keys[name]), len(text))
        line = _CONTENT_LINE.search(text, start, end) if start else None
        if line is not None:
            item = _ITEM_START.match(line.group())
            if item is not None:
                return len(item["dash"]), item.end()
    return 2, 4


def item_lines(item: Mapping[str, Any], dash: int, indent: int, newline: str) -> str:
    """`item` as lines of a block list: the dash at column `dash`, its keys at column `indent`."""
    certain = record_lines(item, dash, indent, newline)
    if certain is not None:
        return certain
    return "".join(
        (" " * dash + "- " + " " * (indent - dash - 2) if number == 0 else " " * indent) + line + newline
        for number, line in enumerate(render_mapping(item).splitlines())
    )


def render_mapping(item: Mapping[str, Any]) -> str:
    """One mapping in the plan file's style: block keys, short lists in flow style, no wrapping."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    node = CommentedMap()
    for name, value in item.items():
        if isinstance(value, list):
            flow = CommentedSeq(value)
            flow.fa.set_flow_style()
            node[name] = flow
        else:
            node[name] = value
    stream = io.StringIO()
    _mapping_writer().dump(node, stream)
    return stream.getvalue()


@functools.cache
def _mapping_writer() -> Any:
    """One writer for every mapping (`fmt --check` may ask for thousands): building one takes
    longer than a dump, and each leaves cycles for the collector, which commands run without."""
    from ..reading.roundtrip import make_yaml

    return make_yaml()


def block_end(lines: list[str], data: Any, key: str, key_line: int) -> int:
    """Index of the line after the last line of `key`'s block in the round-trip tree `data`."""
    keys = list(data)
    following = keys[keys.index(key) + 1 :]
    return _block_end(lines, key_line, data.lc.key(following[0])[0] if following else len(lines))


def _block_end(lines: list[str], key_line: int, end: int) -> int:
    """Comments at column 0 and blank lines just before the next top-level key (at `end`)
    belong to that next key."""
    while end - 1 > key_line and _belongs_to_next(lines[end - 1]):
        end -= 1
    return end


def key_span(lines: list[str], data: Any, key: str) -> tuple[int, int]:
    """Lines [start, end) of the top-level `key` and its block."""
    start = data.lc.key(key)[0]
    return start, block_end(lines, data, key, start)


def item_spans(lines: list[str], data: Any, key: str) -> list[tuple[int, int]]:
    """Lines [start, end) of each item of the block list `key`. An item takes the indented
    comment lines right above it; blank lines after the last item are not part of it."""
    items = data[key]
    starts = [_with_comments_above(lines, items.lc.item(n)[0]) for n in range(len(items))]
    if not starts:
        return []
    end = block_end(lines, data, key, data.lc.key(key)[0])
    while end > starts[-1] + 1 and not lines[end - 1].strip():
        end -= 1
    return list(zip(starts, [*starts[1:], end], strict=True))


def _with_comments_above(lines: list[str], line: int) -> int:
    while line > 0 and lines[line - 1].startswith(" ") and lines[line - 1].lstrip().startswith("#"):
        line -= 1
    return line


def _belongs_to_next(line: str) -> bool:
    return not line.strip() or line.startswith("#")


def unified_diff(old: str, new: str, path: Path, context: int = 3) -> str:
    """The change from `old` to `new` as one hunk of a unified diff (as `git diff` shows it):
    the lines between the common first and last lines, with `context` lines around. An edit
    changes one place, so one hunk says it exactly; only those lines are split, so a few new
    lines in a file of 100.000 cost as little as in a file of 100."""
    if old == new:
        return ""
    head = _line_start(old, _common_prefix(old, new))  # equal whole lines before this offset
    tail = _common_suffix(old, new, min(len(old), len(new)) - head)
    old_end, new_end = len(old) - tail, len(new) - tail
    while old_end < len(old) and not (_at_line_start(old, old_end) and _at_line_start(new, new_end)):
        step = old.find("\n", old_end) + 1 or len(old)  # equal whole lines after this offset
        old_end, new_end = step, new_end + step - old_end
    start = _lines_back(old, head, context)
    above = old[start:head].splitlines(keepends=True)
    removed = old[head:old_end].splitlines(keepends=True)
    added = new[head:new_end].splitlines(keepends=True)
    below = old[old_end:_lines_on(old, old_end, context)].splitlines(keepends=True)
    first = old.count("\n", 0, start)
    header = (f"@@ -{_range(first, len(above) + len(removed) + len(below))} "
              f"+{_range(first, len(above) + len(added) + len(below))} @@\n")
    lines = [*(_diff_line(" ", line) for line in above), *(_diff_line("-", line) for line in removed),
             *(_diff_line("+", line) for line in added), *(_diff_line(" ", line) for line in below)]
    return f"--- a/{path}\n+++ b/{path}\n{header}" + "".join(lines)


def _diff_line(sign: str, line: str) -> str:
    return sign + line if line.endswith("\n") else f"{sign}{line}\n\\ No newline at end of file\n"


def _range(first: int, count: int) -> str:
    """A hunk's line range as unified diffs write it (`3`, `3,4`, or `2,0` for none)."""
    if count == 1:
        return str(first + 1)
    return f"{first + 1 if count else first},{count}"


_BLOCK = 1 << 16


def _common_prefix(a: str, b: str) -> int:
    """How many first characters `a` and `b` share (compared a block at a time)."""
    limit = min(len(a), len(b))
    done = 0
    while done < limit:
        upto = min(done + _BLOCK, limit)
        if a[done:upto] != b[done:upto]:
            while a[done] == b[done]:
                done += 1
            return done
        done = upto
    return limit


def _common_suffix(a: str, b: str, limit: int) -> int:
    """How many last characters `a` and `b` share, at most `limit`."""
    done = 0
    while done < limit:
        upto = min(done + _BLOCK, limit)
        if a[len(a) - upto : len(a) - done] != b[len(b) - upto : len(b) - done]:
            while a[len(a) - 1 - done] == b[len(b) - 1 - done]:
                done += 1
            return done
        done = upto
    return limit


def _at_line_start(text: str, offset: int) -> bool:
    return offset == 0 or text[offset - 1] == "\n"


def _line_start(text: str, offset: int) -> int:
    return text.rfind("\n", 0, offset) + 1


def _lines_back(text: str, offset: int, count: int) -> int:
    """The start of the line `count` lines above the line starting at `offset`."""
    for _ in range(count):
        if offset == 0:
            break
        offset = text.rfind("\n", 0, offset - 1) + 1
    return offset


def _lines_on(text: str, offset: int, count: int) -> int:
    """The offset after `count` more lines from `offset` (a line start), or the end."""
    for _ in range(count):
        if offset >= len(text):
            break
        offset = text.find("\n", offset) + 1 or len(text)
    return offset
