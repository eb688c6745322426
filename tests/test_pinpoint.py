"""The errors of a plan with many records, placed by reading with the careful parser only the
part outside the record lists and the chunks that hold a fault (`pinpoint`): they must be
exactly those a careful reading of the whole file gives."""

from __future__ import annotations

import gc
import json
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from bench.plans import plan_text
from hypothesis import given, settings
from hypothesis import strategies as st

from cchc_plan.reading import fastparse, loader, pinpoint
from cchc_plan.reading.loader import LoadedPlan, load_text, load_tree
from conftest import chunked

PLAN = Path("plans/2020.yaml")


@contextmanager
def whole_file_reads() -> Iterator[list[str]]:
    """The names of the files the careful parser reads whole from now on."""
    names: list[str] = []
    careful = loader._parse_careful

    def counting(text: str, filename: str) -> Any:
        names.append(filename)
        return careful(text, filename)

    loader._parse_careful = counting
    try:
        yield names
    finally:
        loader._parse_careful = careful


def item_lines(text: str) -> list[int]:
    """Numbers (from 0) of the lines inside the activities block, after each item's first."""
    lines = text.splitlines()
    first = lines.index("activities:") + 1
    last = next(n for n in range(first, len(lines)) if lines[n].startswith("# Tiến độ"))
    return [n for n in range(first, last) if lines[n].startswith("    ")]


def changed(text: str, changes: list[tuple[int, str]]) -> str:
    lines = text.splitlines(keepends=True)
    inside = item_lines(text)
    for at, new in changes:
        number = inside[at % len(inside)]
        lines[number] = new.replace("{line}", lines[number].rstrip("\n")) + "\n"
    return "".join(lines)


def with_values(text: str, values: list[tuple[int, str, str]]) -> str:
    """`text` with a field of some activities (by number, from 0) set to a value as written."""
    block = re.compile(r"^  - id: ", re.MULTILINE)
    starts = [match.start() for match in block.finditer(text, text.index("\nactivities:\n"))]
    for number, key, value in sorted(values, reverse=True):
        end = starts[number + 1] if number + 1 < len(starts) else text.index("\n# Tiến độ")
        item = re.sub(rf"^    {key}: .*$", f"    {key}: {value}", text[starts[number] : end], count=1,
                      flags=re.MULTILINE)
        text = text[: starts[number]] + item + text[end:]
    return text


def outcome(loaded: LoadedPlan) -> tuple[Any, ...]:
    return loaded.ok, loaded.plan, loaded.errors


CASES = {
    # a date that does not exist, and a reference to no task: only positions were missing
    "values": [(5, "date", "2020-02-31"), (33, "task", "vp-9")],
    # a colon in an unquoted title, then another: the careful parser stops at the first
    "syntax": [(12, "title", "Hội nghị: phổ biến"), (30, "title", "a: b")],
    # a key written twice, in two chunks
    "duplicates": [(9, "title", "Họp\n    ghi-chu: Ba Tơ\n    ghi-chu: Lý Sơn"),
                   (27, "title", "Họp\n    ghi-chu: 1\n    ghi-chu: 2")],
}
CODES = {
    "values": ["invalid-date", "unknown-reference"],
    "syntax": ["yaml-syntax"],
    "duplicates": ["duplicate-key", "duplicate-key"],
}


@pytest.mark.parametrize("case", CASES)
def test_faults_in_chunks_are_placed_without_reading_the_whole_file(
    case: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    pieces: list[str] = []
    parse_piece = pinpoint.parse_piece

    def counting(text: str, filename: str) -> Any:
        pieces.append(text)
        return parse_piece(text, filename)

    monkeypatch.setattr(pinpoint, "parse_piece", counting)
    with chunked(4):
        text = with_values(plan_text(40, seed=9), CASES[case])
        with whole_file_reads() as whole:
            placed = load_text(text, PLAN)
        careful = load_tree(text, PLAN)

    assert whole == []
    # the careful parser read each record that holds a fault, alone, and nothing else
    assert [piece.count("\n  - id: ") for piece in pieces] == [0] * len(CASES[case])
    assert all(piece.startswith("  - id: HD-2020-") for piece in pieces)
    assert outcome(placed) == outcome(careful)
    assert [error.code for error in placed.errors] == CODES[case]


def test_a_quote_left_open_at_the_end_of_a_chunk_is_read_whole() -> None:
    """A fault found only because a chunk ends there may be closed further on in the file:
    only the whole file can tell."""
    with chunked(4):
        text = plan_text(40, seed=9)
        block = re.compile(r"^  - id: ", re.MULTILINE)
        starts = [match.start() for match in block.finditer(text, text.index("\nactivities:\n"))]
        # The last record of the first chunk opens a quote; the next chunk's first title closes it.
        second = starts[fastparse.CHUNK]
        title = text.index("\n    title: ", second) + len("\n    title: ")
        title_end = text.index("\n", title)
        text = (text[:second] + '    location: "Ba Tơ\n' + text[second:title_end] + '"'
                + text[title_end:])
        with whole_file_reads() as whole:
            placed = load_text(text, PLAN)
        careful = load_tree(text, PLAN)

    assert whole == [str(PLAN)]
    assert outcome(placed) == outcome(careful)
    assert not placed.ok


BREAKING = st.sampled_from([
    "    title: Hội nghị: phổ biến", "    title: 'mở", '    title: "mở', "    title: [a, b", "    title: {a",
    "{line}\n    title: lặp", "{line}\n  x: 1", "{line}\n - lệch", "{line}\n  -", "    ? khóa", "    date: 2020-13-01",
    "    quantity: 3", "    unit: khong-co", "    form: [pano]", "    title: &neo x", "    title: *neo", "    title: |",
    "    title: >-", "{line}\n      tiếp", "{line}  # chú thích", "    : x", "    - x", "---", "...", "{line}\n# cột 0",
])


@settings(max_examples=int(os.environ.get("CCHC_FUZZ_RUNS", "150")), deadline=None, derandomize=True)
@given(st.lists(st.tuples(st.integers(0, 10_000), BREAKING), min_size=1, max_size=3))
def test_any_fault_is_reported_as_a_careful_reading_of_the_whole_file_reports_it(
    changes: list[tuple[int, str]],
) -> None:
    with chunked(4):
        text = changed(plan_text(24, seed=4), changes)
        placed = load_text(text, PLAN)
        careful = load_tree(text, PLAN)

    assert outcome(placed) == outcome(careful)


def test_placing_thousands_of_errors_leaves_no_cycles_that_grow_with_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A renamed task makes every record naming it an error, each placed by reading that record
    alone; the parser's objects must not pile up while the cycle collector is off."""
    from cchc_plan import cli

    monkeypatch.setenv("CCHC_CACHE_DIR", "off")
    left = []
    for activities in (100, 300, 1_200):
        plan = tmp_path / f"{activities}.yaml"
        plan.write_text(plan_text(activities, seed=3).replace("id: vp-3\n", "id: vp-9\n", 1), encoding="utf-8")
        gc.collect()
        assert cli.main(["check", "--json", "--plan", str(plan)]) == 1
        left.append(gc.collect())
        errors = json.loads(capsys.readouterr().out)["errors"]
        assert len(errors) > activities // 20
        assert {error["code"] for error in errors} == {"unknown-reference"}
    del left[0]  # the first run also builds what is built once

    assert left[0] == left[1]
