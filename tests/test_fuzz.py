"""Fuzzing, bounded so that it runs in CI: mangled plan files and arbitrary edits never raise,
never disagree between the two read paths, and never write a file that loses a line.

Each test runs FUZZ_RUNS examples (CCHC_FUZZ_RUNS=5000 for a longer hunt);
`pytest tests/test_fuzz.py --hypothesis-show-statistics` prints how many ran and how long they took.
"""

from __future__ import annotations

import codecs
import datetime as dt
import os
import tempfile
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cchc_plan.errors import CODES, CchcError
from cchc_plan.reading import fastparse
from cchc_plan.reading.loader import load_plan, load_text, load_tree
from cchc_plan.reading.text import decode
from cchc_plan.writing.recording import add_activity, add_note, record_progress
from conftest import PLAN_2020

FUZZ_RUNS = int(os.environ.get("CCHC_FUZZ_RUNS", "250"))
SEED_TEXT = PLAN_2020.read_text(encoding="utf-8").replace("\nactivities:\n", (
    "\nactivities:\n"
    "  - id: HD-2020-0001-ab12\n    date: 2020-03-02\n    unit: van-phong-so\n    task: vp-2\n"
    "    title: 'Đăng tin: «một cửa»'\n    form: trang-tin\n    quantity: 2\n    measure: tin bài\n"
    "  - id: HD-2020-0002-cd34\n    date: 2020-04-10\n    unit: trung-tam-vhnt\n    task: ttvhnt-2\n"
    "    title: Biểu diễn lưu động\n    contents: [y-nghia-cchc, trach-nhiem]\n"
), 1).replace("\nprogress:\n", (
    "\nprogress:\n"
    "  - unit: van-phong-so\n    task: vp-2\n    quarter: 1\n    status: in_progress\n    percent: 40\n"
), 1)
PATH = Path("plans/2020.yaml")

# What a mangled file may hold: YAML's own signs, line breaks, tabs, quotes, Vietnamese,
# control and invisible characters, a NUL, old-encoding mojibake, a tag, an anchor, an alias.
PIECES = st.sampled_from([
    ":", ": ", "-", "- ", "[", "]", "{", "}", ",", "&a ", "*a", "!!str ", "!x ", "|", ">", "'", '"',
    "#", "%", "@", "`", "?", "\n", "\r\n", "\t", "  ", "    ", "\x00", "\x1b", "\u202e", "\ufeff",
    "\u200b", "ệ", "Đ", "ư", "¨", "µ", "Þ", "<<<<<<< HEAD\n", "---\n", "...\n", "2020-02-30",
    "99999999999999999999", "-1", "1e400", ".nan", "~", "null", "yes", "on", "0o17", "1_000",
    "id: ", "unit: ", "task: ", "activities:\n", "  - ", "<<: *a\n", "&a [*a]",
])
TEXT = st.lists(st.one_of(PIECES, st.text(max_size=4)), min_size=1, max_size=6).map("".join)


@st.composite
def mangled(draw: st.DrawFn) -> str:
    """The seed plan with 1 to 4 edits: text inserted, a span deleted, a line doubled, two
    lines swapped, a line indented more or less."""
    text = SEED_TEXT
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["insert", "delete", "double", "swap", "indent"]))
        lines = text.split("\n")
        if kind == "insert":
            at = draw(st.integers(0, len(text)))
            text = text[:at] + draw(TEXT) + text[at:]
        elif kind == "delete":
            at = draw(st.integers(0, len(text) - 1))
            text = text[:at] + text[at + draw(st.integers(1, 40)):]
        else:
            i = draw(st.integers(0, len(lines) - 1))
            if kind == "double":
                lines.insert(i, lines[i])
            elif kind == "swap":
                j = draw(st.integers(0, len(lines) - 1))
                lines[i], lines[j] = lines[j], lines[i]
            else:
                change = draw(st.sampled_from([-4, -2, -1, 1, 2, 4]))
                lines[i] = " " * change + lines[i] if change > 0 else lines[i][-change:]
            text = "\n".join(lines)
    return text


@pytest.fixture(autouse=True)
def _chunks_and_no_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CCHC_CACHE_DIR", "off")
    monkeypatch.setattr(fastparse, "CHUNK", 1)  # every record its own chunk: every boundary crossed


def test_the_seed_plan_is_valid() -> None:
    assert load_text(SEED_TEXT, PATH).ok


@settings(max_examples=FUZZ_RUNS, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(mangled())
def test_a_mangled_plan_is_read_the_same_both_ways_and_every_fault_is_located(text: str) -> None:
    fast = load_text(text, PATH)
    careful = load_tree(text, PATH)

    assert fast.ok == careful.ok
    if fast.ok:
        assert fast.plan == careful.plan
    else:
        assert fast.errors == careful.errors
        assert fast.errors
    lines = text.count("\n") + 1
    for error in fast.errors:
        assert error.code in CODES, error
        assert 1 <= error.line <= lines + 1 and error.col >= 1, error
        assert error.message.strip(), error


@settings(max_examples=FUZZ_RUNS, deadline=None)
@given(st.binary(min_size=1, max_size=8), st.integers(0, len(SEED_TEXT.encode())))
def test_bytes_that_are_not_utf8_are_a_located_error(junk: bytes, at: int) -> None:
    raw = SEED_TEXT.encode()
    raw = raw[:at] + junk + raw[at:]
    try:
        text = decode(raw, PATH)
    except CchcError as error:
        (fault,) = error.errors
        assert fault.code == "encoding"
        assert 1 <= fault.line <= raw.count(b"\n") + 1
        return
    load_text(text, PATH)  # whatever it says, it says it without raising


ANY_TEXT = st.text(max_size=40)  # every character, control ones included
REQUESTS = st.one_of(
    st.fixed_dictionaries({
        "kind": st.just("activity"),
        "task": st.sampled_from(["vp-2", "ttvhnt-1", "khong-co", ""]),
        "date": st.dates(dt.date(2019, 11, 1), dt.date(2021, 2, 1)),
        "title": ANY_TEXT,
        "quantity": st.none() | st.integers(-10, 10**13),
        "measure": st.none() | ANY_TEXT,
        "location": st.none() | ANY_TEXT,
    }),
    st.fixed_dictionaries({
        "kind": st.just("progress"),
        "task": st.sampled_from(["vp-2", "qlvh-1", "khong-co"]),
        "quarter": st.integers(0, 5),
        "status": st.sampled_from(["done", "in_progress", "not_started", "xong"]),
        "percent": st.none() | st.integers(-5, 150),
        "note": st.none() | ANY_TEXT,
    }),
    st.fixed_dictionaries({
        "kind": st.just("note"),
        "period": st.sampled_from(["Q1", "Q2", "H1", "N", "Q9"]),
        "section": st.sampled_from(["kho-khan", "kien-nghi", "khong-co"]),
        "text": ANY_TEXT,
    }),
)
LAYOUTS = st.sampled_from(["as-shipped", "windows"])  # windows: a byte-order mark and CRLF


def _record(kind: str, path: Path, request: dict[str, Any]) -> Any:
    writer = {"activity": add_activity, "progress": record_progress, "note": add_note}[kind]
    return writer(path, {key: value for key, value in request.items() if value is not None})


def _kept(old: str, new: str) -> bool:
    """Whether every line of `old` is in `new`, in order."""
    remaining = iter(new.splitlines())
    return all(line in remaining for line in old.splitlines())


@settings(max_examples=FUZZ_RUNS, deadline=None)
@given(st.lists(REQUESTS, min_size=1, max_size=3), LAYOUTS)
def test_any_edit_is_refused_cleanly_or_written_whole(requests: list[dict[str, Any]], layout: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "2020.yaml"
        seed = SEED_TEXT.encode()
        if layout == "windows":
            seed = codecs.BOM_UTF8 + seed.replace(b"\n", b"\r\n")
        path.write_bytes(seed)
        for request in requests:
            before = path.read_bytes()
            kind = request.pop("kind")
            try:
                written = _record(kind, path, request)
            except CchcError as error:
                assert error.code in CODES, error
                assert path.read_bytes() == before  # refused: not one byte changed
                continue
            after = path.read_bytes()
            reloaded = load_plan(path)
            assert reloaded.ok and reloaded.plan == written.plan
            assert _kept(before.decode("utf-8-sig"), after.decode("utf-8-sig"))
            assert after.startswith(codecs.BOM_UTF8) == (layout == "windows")
            if layout == "windows":
                assert after.count(b"\n") == after.count(b"\r\n")
            typed = request.get("title", request.get("text"))
            stored = getattr(written.record, "title", getattr(written.record, "text", None))
            if typed is not None:
                assert stored == unicodedata.normalize("NFC", typed)
        assert sorted(p.name for p in Path(folder).iterdir()) == ["2020.yaml"]
