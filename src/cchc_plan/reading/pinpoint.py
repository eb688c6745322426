"""The errors of a large plan located without reading the whole file the careful way.

The round-trip parser takes about a second per thousand activities. When the fast path has
read a plan and found problems, only their positions are missing; when it could not read some
records (a syntax fault, a duplicate key), only those records need the careful parser. Either
way the careful parser reads the part of each file outside its record lists and only the
records that hold a problem or that the fast parser refuses; the other records are read the
fast way again, a chunk at a time. Every part's positions are moved to where it lies in the
file, so the tree answers each position as a careful reading of the whole file would, and the
errors are those it would report.
"""

from __future__ import annotations

import dataclasses
import gc
from collections.abc import Iterable, Iterator
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ..errors import PlanError
from .chunks import Span
from .fastparse import chunks, head_data, load_part, record_blocks, vouched
from .roundtrip import parse, parse_piece

# Records holding a problem: (record list, the record's number in this file's list).
Faulty = set[tuple[str, int]]
# What a piece of the file may report that is exactly what the whole file would report.
_PIECE_FAULTS = {"yaml-syntax", "duplicate-key"}


def parse_where_needed(text: str, filename: str, faulty: Faulty) -> tuple[Any, list[PlanError]] | None:
    """The round-trip tree of `text` with the records that hold no problem of `faulty` and that
    the fast parser reads as plain values, or the text's parse faults; None when that would not
    be exactly what parsing the whole text gives (the careful parser must read it whole): a
    text the fast parser cannot vouch for even outside its records, or a fault found only
    because a record's text ends where the next record starts."""
    if not vouched(text):
        return None
    blocks = record_blocks(text)
    if not blocks or head_data(text, blocks) is None:
        return None
    data, errors = parse(_without(text, ((start, end) for start, end, _ in blocks.values())), filename)
    if errors or not isinstance(data, CommentedMap):
        return None
    faults: list[PlanError] = []
    for key, (_, end, starts) in blocks.items():
        wanted = {number for name, number in faulty if name == key}
        records = CommentedSeq()
        line, offset = 0, 0  # the line (from 0) where the text at `offset` is
        for span, numbers, items in _pieces(text, end, starts, wanted):
            line += text.count("\n", offset, span.start)
            offset = span.start
            if items is not None:
                positions = _item_positions(text, [starts[number] for number in numbers], line, offset)
            else:
                careful = _read_carefully(text[span.start : span.stop], filename, line, len(numbers))
                if careful is None:
                    return None
                items, piece_faults = careful
                faults += piece_faults
                positions = [list(items.lc.item(number)) for number in range(len(items))]
            for item, position in zip(items, positions, strict=True):
                records._yaml_set_idx_line_col(len(records), position)
                records.append(item)
        data[key] = records
    syntax = [fault for fault in faults if fault.code == "yaml-syntax"]
    if syntax:  # the careful parser stops at the first one
        return None, [min(syntax, key=lambda fault: (fault.line, fault.col))]
    return (None, faults) if faults else (data, [])


def _read_carefully(piece: str, filename: str, line: int, count: int) -> tuple[Any, list[PlanError]] | None:
    """`count` records read the careful way, their positions moved down to `line`: their
    round-trip items, or no items and their parse faults; None when what they report is not
    what the whole file would."""
    parsed = parse_piece(piece, filename)
    # The parser's objects refer to each other; commands run without the cycle collector (see
    # `cli.main`), and thousands of pieces (a renamed task that thousands of records name)
    # would keep them all: the youngest are collected.
    gc.collect(0)
    if parsed is None or any(error.code not in _PIECE_FAULTS for error in parsed[1]):
        return None
    items, faults = parsed
    if faults:
        return CommentedSeq(), [dataclasses.replace(fault, line=fault.line + line) for fault in faults]
    if not isinstance(items, CommentedSeq) or len(items) != count:
        return None
    _move(items, line)
    return items, []


def _pieces(
    text: str, end: int, starts: list[int], wanted: set[int]
) -> Iterator[tuple[Span, range, list[Any] | None]]:
    """A record block (from `record_blocks`) in pieces: whole chunks read the fast way where
    that works, else single records; a record holding a problem (its number in `wanted`) or
    refused by the fast parser comes without its items, for the careful parser. A record
    starts at a line of its own, so it is read alone as it is read within the whole file."""
    for numbers, span in chunks(text, end, starts):
        if not any(number in wanted for number in numbers):
            items = load_part(text[span.start : span.stop])
            if isinstance(items, list) and len(items) == len(numbers):
                yield span, numbers, items
                continue
        for number in numbers:
            record = Span(text, starts[number], starts[number + 1] if number + 1 < len(starts) else end)
            items = None if number in wanted else load_part(text[record.start : record.stop])
            alone = isinstance(items, list) and len(items) == 1
            yield record, range(number, number + 1), items if alone else None


def _without(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """`text` with each span replaced by its line breaks alone: every other line keeps its number."""
    parts, position = [], 0
    for start, end in sorted(spans):
        parts += [text[position:start], "\n" * text.count("\n", start, end)]
        position = end
    parts.append(text[position:])
    return "".join(parts)


def _move(node: Any, lines: int, seen: set[int] | None = None) -> None:
    """Move every position in a round-trip tree down by `lines`."""
    seen = set() if seen is None else seen
    if not isinstance(node, (CommentedMap, CommentedSeq)) or id(node) in seen:
        return
    seen.add(id(node))
    if node.lc.line is not None:
        node.lc.line += lines
    for position in (node.lc.data or {}).values():
        position[0] += lines
        if len(position) > 2:
            position[2] += lines
    for child in node.values() if isinstance(node, CommentedMap) else node:
        _move(child, lines, seen)


def _item_positions(text: str, starts: list[int], line: int, offset: int) -> list[list[int]]:
    """Where the round-trip parser would place each item (its first character after the dash)
    of a chunk that was not read the careful way: its line (from 0) and column."""
    positions = []
    for start in starts:
        line += text.count("\n", offset, start)
        offset = start
        column = text.index("-", start) - start + 1
        while text[start + column] == " ":
            column += 1
        positions.append([line, column])
    return positions
