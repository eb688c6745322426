"""Minimal edits of a plan file's text: a new item is inserted as lines, nothing else is touched.

The file is never re-serialised as a whole, so comments, blank lines, quoting, key order and
line endings of everything else stay byte-identical, and a reviewer's diff shows only new lines.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from .document import make_yaml

_EMPTY_FLOW_LIST = re.compile(r"^(?P<key>[^#\s][^:]*):\s*\[\s*\]\s*(?P<comment>#.*)?$")


def append_item(text: str, data: Any, key: str, item: Mapping[str, Any]) -> str:
    """`text` with `item` appended to the top-level list `key` (which must exist in `data`)."""
    lines = text.splitlines(keepends=True)
    newline = "\r\n" if lines and lines[0].endswith("\r\n") else "\n"
    if lines and not lines[-1].endswith(("\n", "\r")):
        lines[-1] += newline
    if key not in data:  # a plan written before `key` existed: the list starts at the end
        lines.append(f"{newline}{key}:{newline}")
        return "".join(lines) + item_lines(item, 2, 4, newline)
    key_line = data.lc.key(key)[0]
    end = block_end(lines, data, key, key_line)
    match = _EMPTY_FLOW_LIST.match(lines[key_line].rstrip("\r\n"))
    if match:  # `key: []` becomes a block list; the only case where a line changes
        comment = f"  {match['comment']}" if match["comment"] else ""
        lines[key_line] = f"{match['key']}:{comment}{newline}"
    dash, indent = list_indentation(lines, data, key)
    return "".join(lines[:end]) + item_lines(item, dash, indent, newline) + "".join(lines[end:])


def item_lines(item: Mapping[str, Any], dash: int, indent: int, newline: str) -> str:
    """`item` as lines of a block list: the dash at column `dash`, its keys at column `indent`."""
    return "".join(
        (" " * dash + "- " + " " * (indent - dash - 2) if number == 0 else " " * indent) + line + newline
        for number, line in enumerate(render_mapping(item).splitlines())
    )


def render_mapping(item: Mapping[str, Any]) -> str:
    """One mapping in the plan file's style: block keys, short lists in flow style, no wrapping."""
    node = CommentedMap()
    for name, value in item.items():
        if isinstance(value, list):
            flow = CommentedSeq(value)
            flow.fa.set_flow_style()
            node[name] = flow
        else:
            node[name] = value
    stream = io.StringIO()
    make_yaml().dump(node, stream)
    return stream.getvalue()


def block_end(lines: list[str], data: Any, key: str, key_line: int) -> int:
    """Index of the line after the last line of `key`'s block: comments at column 0 and blank
    lines just before the next top-level key belong to that next key."""
    keys = list(data)
    following = keys[keys.index(key) + 1 :]
    end = data.lc.key(following[0])[0] if following else len(lines)
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


def list_indentation(lines: list[str], data: Any, key: str) -> tuple[int, int]:
    """Columns of the dash and of the keys of list items: from this list, else from another."""
    for name in (key, *data):
        value = data.get(name)
        if isinstance(value, CommentedSeq) and value and isinstance(value[0], CommentedMap):
            line, col = value.lc.item(0)
            dash = lines[line].index("-")
            if dash < col:
                return dash, col
    return 2, 4
