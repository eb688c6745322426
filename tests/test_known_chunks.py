"""A second reading that takes the records of unchanged chunks from the first one
(`versions.Versions`, through `chunks.KnownChunks`) must give exactly what reading the text
afresh gives."""

from __future__ import annotations

import os
import pickle
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from bench.plans import plan_text
from hypothesis import given, settings
from hypothesis import strategies as st

from cchc_plan.errors import CchcError, ExitCode
from cchc_plan.plan.model import Activity
from cchc_plan.reading import cache, fastparse, loader
from cchc_plan.reading.loader import LoadedPlan, load_text
from cchc_plan.reading.versions import Versions
from cchc_plan.writing.edit import append_item
from conftest import chunked

PLAN = Path("plans/2020.yaml")
CENTRE = Path("plans/hoat-dong/trung-tam.yaml")
INCLUDES = "include:\n  - file: hoat-dong/trung-tam.yaml\n    units: [trung-tam-vhnt]\n"
_ITEM = re.compile(r"^  - ", re.MULTILINE)


def split_files(activities: int, seed: int) -> dict[Path, str]:
    """A generated plan whose centre's activities live in an included file."""
    text = plan_text(activities, seed=seed)
    head, _, rest = text.partition("\nactivities:\n")
    body, _, tail = rest.partition("\n# ")
    items = ["  - " + item for item in _ITEM.split(body)[1:]]
    centre = [item for item in items if "unit: trung-tam-vhnt" in item]
    own = [item for item in items if item not in centre]
    plan = head.replace("schema_version: 2\n", f"schema_version: 2\n{INCLUDES}", 1)
    plan += "\nactivities:\n" + "".join(own) + "\n# " + tail
    return {PLAN: plan, CENTRE: "activities:\n" + "".join(centre)}


def reader(files: dict[Path, str]) -> Callable[[Path], str]:
    def read(path: Path) -> str:
        name = Path(os.path.normpath(path))
        if name not in files:
            raise CchcError(f"không có tệp «{name}»", ExitCode.IO)
        return files[name]

    return read


def read(files: dict[Path, str], known: Versions | None = None) -> LoadedPlan:
    if known is None:
        return load_text(files[PLAN], PLAN, reader(files))
    return known.then(files[PLAN], PLAN, reader(files))


def outcome(loaded: LoadedPlan) -> tuple[Any, ...]:
    return loaded.ok, loaded.plan, loaded.errors


NEW_ACTIVITY = {
    "id": "HD-2020-9999-zzzz", "date": "2020-06-15", "unit": "trung-tam-vhnt", "task": "ttvhnt-2",
    "title": "Biểu diễn lưu động ở Ba Tơ",
}
VALUES = st.sampled_from([
    "title: Hội nghị mới", "title: ''", "date: 2020-02-30", "date: 2021-01-05", "unit: khong-co",
    "task: vp-1", "form: khong-co", "quantity: 0", "quantity: 3", "id: HD-2020-0001-aaaa",
    "contents: [mot-cua]", "contents: [khong-co]", "location: Lý Sơn", "extra: 1",
])


@st.composite
def edits(draw: st.DrawFn) -> list[tuple[Any, ...]]:
    kinds = st.sampled_from(["append", "delete", "copy", "value", "comment", "head"])
    return draw(st.lists(
        st.tuples(kinds, st.sampled_from([PLAN, CENTRE]), st.integers(0, 10_000), st.integers(0, 10_000),
                  VALUES),
        min_size=1, max_size=3,
    ))


def edited(files: dict[Path, str], changes: list[tuple[Any, ...]]) -> dict[Path, str]:
    """The files after line-level edits of their records (and of the plan's head)."""
    files = dict(files)
    for kind, path, first, second, value in changes:
        text = files[path]
        block = text.index("activities:\n")
        block_end = text.find("\n# ", block) % (len(text) + 1)
        starts = [match.start() for match in _ITEM.finditer(text, block, block_end)]
        if kind == "append":
            text = append_item(text, "activities", NEW_ACTIVITY)
        elif kind == "head":
            text = files[PLAN]
            path = PLAN
            text = [text.replace("year: 2020", "year: 2021", 1), text.replace("id: ttvhnt-2", "id: ttvhnt-9", 1),
                    text.replace("id: mot-cua", "id: mot-cua-2", 1)][first % 3]
        elif not starts:
            continue
        else:
            start = starts[first % len(starts)]
            end = text.find("\n  - ", start + 1) + 1 or len(text)
            item = text[start:end]
            if kind == "delete":
                text = text[:start] + text[end:]
            elif kind == "copy":
                at = starts[second % len(starts)]
                text = text[:at] + item + text[at:]
            elif kind == "value":
                key = value.split(":")[0]
                line = re.search(rf"^    {key}: .*\n", item, re.MULTILINE)
                item = (item[: line.start()] + f"    {value}\n" + item[line.end() :] if line
                        else item + f"    {value}\n")
                text = text[:start] + item + text[end:]
            elif kind == "comment":
                text = text[:start] + "  # đã xem lại\n" + text[start:]
        files[path] = text
    return files


@settings(max_examples=int(os.environ.get("CCHC_FUZZ_RUNS", "150")), deadline=None, derandomize=True)
@given(st.integers(0, 5), edits())
def test_a_second_reading_gives_what_a_fresh_one_gives(seed: int, changes: list[tuple[Any, ...]]) -> None:
    with chunked(3):
        before = split_files(40, seed)
        known = Versions()
        assert read(before, known).ok
        after = edited(before, changes)

        again = read(after, known)
        fresh = read(after)

    assert outcome(again) == outcome(fresh)


def counted_parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts yaml-rs is given from now on."""
    texts: list[str] = []
    load = fastparse.load_part

    def counting(text: str) -> Any:
        texts.append(text)
        return load(text)

    monkeypatch.setattr(fastparse, "load_part", counting)
    return texts


def test_after_one_record_is_appended_only_its_chunk_is_read_again(monkeypatch: pytest.MonkeyPatch) -> None:
    with chunked(10):
        before = {PLAN: plan_text(95, seed=3)}
        known = Versions()
        first = read(before, known)
        after = {PLAN: append_item(before[PLAN], "activities", {**NEW_ACTIVITY, "date": "2020-11-20"})}
        parsed = counted_parses(monkeypatch)

        again = read(after, known)

    assert again.ok and first.plan is not None and again.plan is not None
    assert again.plan.activities[:95] == first.plan.activities
    assert all(new is old for new, old in zip(again.plan.activities[:90], first.plan.activities, strict=False))
    assert again.plan.activities[95].id == "HD-2020-9999-zzzz"
    # The part before the records, then the last chunk of activities (90 to 95 and the new one);
    # the 9 chunks before it, the progress records and the notes are taken as they were.
    assert len(parsed) == 2
    assert len(re.findall(r"^  - id: ", parsed[1], re.MULTILINE)) == 6
    assert "    title: Biểu diễn lưu động ở Ba Tơ\n\n# Tiến độ nhiệm vụ" in parsed[1]


def test_records_taken_from_before_are_still_checked_against_the_new_plan(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with chunked(3):
        before = split_files(40, seed=1)
        known = Versions()
        assert read(before, known).ok
        after = {**before, PLAN: before[PLAN].replace("id: ttvhnt-2", "id: ttvhnt-9", 1)}
        taken: list[int] = []
        validate = loader.validate

        def validating(data: Any) -> Any:
            taken.append(sum(isinstance(record, Activity) for record in data["activities"]))
            return validate(data)

        monkeypatch.setattr(loader, "validate", validating)

        again = read(after, known)

    assert taken[0] == 40  # the first reading (the fast one) took every activity from before
    assert not again.ok
    assert again.errors == read(after).errors
    assert {(error.file, error.code) for error in again.errors} == {
        (str(CENTRE), "unknown-reference"), (str(PLAN), "unknown-reference"),
    }


def test_chunks_a_reading_does_not_find_are_let_go_before_its_records_are_validated(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with chunked(3):
        before = {PLAN: plan_text(200, seed=2)}
        known = Versions()
        assert read(before, known).ok
        old = set(known.held)
        # Every activity changes (a comment on its first line); progress records and notes do not.
        after = {PLAN: re.sub(r"^(  - id: .*)$", r"\1  # đã xem", before[PLAN], flags=re.MULTILINE)}
        fresh = outcome(read(after))
        held: list[set[tuple[str, int]]] = []
        validate = loader.validate

        def validating(data: Any) -> Any:
            held.append(set(known.held))
            return validate(data)

        monkeypatch.setattr(loader, "validate", validating)

        again = read(after, known)

    assert outcome(again) == fresh
    assert {key for key, _ in old} == {"activities", "progress", "notes"}
    assert held == [{chunk for chunk in old if chunk[0] != "activities"}]


def test_a_plan_of_another_schema_version_is_read_afresh() -> None:
    with chunked(3):
        before = {PLAN: plan_text(30, seed=4)}
        known = Versions()
        assert read(before, known).ok
        after = {PLAN: before[PLAN].replace("schema_version: 2", "schema_version: 3", 1)}

        again = read(after, known)

    assert outcome(again) == outcome(read(after))
    assert [error.code for error in again.errors] == ["schema-version"]


def test_a_plan_taken_from_the_cache_gives_its_chunks_too(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A clerk recording one activity after another: each write finds the plan in the cache."""
    with chunked(10, cache=str(tmp_path)):
        files = split_files(60, seed=5)
        assert read(files).ok  # now in the cache
        known = Versions()
        parsed = counted_parses(monkeypatch)
        first = read(files, known)
        after = {**files, CENTRE: append_item(files[CENTRE], "activities", NEW_ACTIVITY)}
        taken_from_cache = len(parsed)

        again = read(after, known)
        read_again = len(parsed) - taken_from_cache
        os.environ["CCHC_CACHE_DIR"] = "off"
        fresh = read(after)

    assert first.ok and taken_from_cache == 0  # its chunks are found when a reading needs them
    assert outcome(again) == outcome(fresh)
    assert again.ok and len(again.plan.activities) == len(first.plan.activities) + 1
    # The parts outside the records of both files, to find the cached plan's chunks; then the
    # plan's head and the centre's head and last chunk: nothing of the plan's records.
    assert read_again == 2 + 3


def test_before_a_plan_is_taken_from_the_cache_the_records_of_another_reading_are_let_go(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """`cchc diff` of two versions both in the cache: the first version's records must not be
    held while the second is unpickled."""
    with chunked(10, cache=str(tmp_path)):
        first = {PLAN: plan_text(60, seed=6)}
        second = {PLAN: append_item(first[PLAN], "activities", {**NEW_ACTIVITY, "date": "2020-11-20"})}
        assert read(second).ok  # now in the cache
        known = Versions()
        assert read(first, known).ok and known.held
        held: list[int] = []
        loads = pickle.loads

        def unpickling(data: Any) -> Any:  # the plan itself is read from the entry
            held.append(len(known.held))
            return loads(data)

        monkeypatch.setattr(cache.pickle, "loads", unpickling)

        again = read(second, known)

    assert again.ok and len(again.plan.activities) == 61
    assert held == [0]
    assert known.waiting  # the second version's chunks, for a third reading
