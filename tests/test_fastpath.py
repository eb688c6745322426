"""The fast read path (yaml-rs, cache) and the careful one (ruamel.yaml round trip) must agree:
the same plans, the same errors at the same positions; the cache never changes an answer."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from bench.plans import plan_text
from hypothesis import given, settings
from hypothesis import strategies as st
from ruamel.yaml.comments import CommentedMap

from cchc_plan.reading import cache, fastparse, loader
from cchc_plan.reading.loader import LoadedPlan, load_text, load_tree
from cchc_plan.reading.text import decode, read_text, top_level_offsets
from cchc_plan.writing.edit import unified_diff
from conftest import PLAN_2020, ROOT, TESTS, chunked, git, run_cchc

# Every broken case that is text (a file that is not UTF-8 is refused before either parser runs).
# The files whose text both paths read (a file that is not UTF-8 stops before either).
BROKEN = sorted(
    path for path in (TESTS / "broken").glob("*.yaml")
    if path.stem != "not-utf8" and not path.stem.startswith("encoding-")
)


@pytest.fixture
def no_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CCHC_CACHE_DIR", "off")


def both_ways(text: str, path: Path) -> tuple[LoadedPlan, LoadedPlan]:
    return load_text(text, path), load_tree(text, path)


def fast_only(text: str, path: Path, monkeypatch: pytest.MonkeyPatch) -> LoadedPlan:
    """The plan as the fast path alone reads it: the careful parser may not run."""
    def refused(text: str, filename: str) -> Any:
        raise AssertionError(f"the careful path read {filename}")

    with monkeypatch.context() as patch:
        patch.setattr(loader, "_parse_careful", refused)
        return load_text(text, path)


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Records read a few at a time, with shared strings, so that every test here crosses chunk
    boundaries and reads records the way a large plan is read."""
    monkeypatch.setattr(fastparse, "CHUNK", 3)
    monkeypatch.setattr(fastparse, "SHARED_FROM", 0)


@pytest.mark.parametrize("activities", [0, 1, 250])
def test_generated_plans_give_the_same_model_both_ways(
    activities: int, no_cache: None, small_chunks: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = plan_text(activities, seed=activities)
    fast = fast_only(text, Path("plans/2020.yaml"), monkeypatch)
    careful = load_tree(text, Path("plans/2020.yaml"))
    assert fast.ok and careful.ok
    assert isinstance(careful.tree, CommentedMap)
    assert fast.plan == careful.plan
    assert len(fast.plan.activities) == activities
    assert len(fast.plan.progress) == activities // 20


@pytest.mark.parametrize("case", BROKEN, ids=lambda path: path.stem)
def test_every_broken_file_gives_the_same_errors_at_the_same_positions(
    case: Path, no_cache: None, small_chunks: None
) -> None:
    text = decode(case.read_bytes(), case)
    fast, careful = both_ways(text, case)
    assert not fast.ok
    assert fast.errors == careful.errors
    assert fast.errors, case.name


# Values a clerk might type, written in the ways YAML allows; both paths must agree on each.
SCALARS = st.sampled_from([
    "1", "01", "1_000", "0o17", "0x1F", "1e3", "1.0", ".inf", "-1", "+5", "~", "null", "Null",
    "true", "yes", "no", "on", "off", "''", "'1'", '"2"', "2020-03-15", "'2020-03-15'",
    "2020-3-5", "2020-02-30", "15/03/2020", "Hội nghị", "'Hội nghị: phổ biến'", "R&D *mới*",
    '"tab\\there"', "'a''b'", "«trích»", "[a, b]", "[]", "{}", "{a: 1}", "|\n      khối\n      chữ",
    ">\n      gập\n      dòng", "!!str 12", "!!int '12'", "&x 5", "a # chú thích", "'  lề  '",
])
FIELDS = st.sampled_from(["title", "quantity", "measure", "participants", "cost", "date", "form",
                          "contents", "location", "evidence", "unit", "task", "extra"])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(FIELDS, SCALARS), min_size=1, max_size=4))
def test_odd_values_are_read_the_same_way_both_ways(changes: list[tuple[str, str]]) -> None:
    text = plan_text(3, seed=7)
    lines = text.splitlines(keepends=True)
    first = next(n for n, line in enumerate(lines) if line.startswith("  - id: HD-"))
    for field, value in changes:
        line = next((n for n in range(first + 1, first + 14) if lines[n].startswith(f"    {field}:")), None)
        new = f"    {field}: {value}\n"
        if line is None:
            lines.insert(first + 1, new)
        else:
            lines[line] = new
    with chunked(2):
        fast, careful = both_ways("".join(lines), Path("plans/2020.yaml"))
    assert fast.ok == careful.ok
    assert fast.plan == careful.plan
    assert fast.errors == careful.errors


LAYOUTS = {
    "comments between items": ("  - unit: van-phong-so\n", "  # quý 2\n\n  - unit: van-phong-so\n"),
    "a block text": ("    status: in_progress\n",
                     "    status: in_progress\n    note: |\n      dòng một\n      - không phải mục mới\n"),
    "dashes at column 0": ("  - unit: ", "- unit: "),
    "a flow list": ("notes:\n", "notes: []\n"),
    "an item starting with a comment": ("  - unit: van-phong-so\n", "  - # ghi chú\n    unit: van-phong-so\n"),
    "a shallow line": ("    status: done\n", "    status: done\n # lạc\n  x: 1\n"),
    "notes first": ("", ""),
}


@pytest.mark.parametrize("layout", LAYOUTS)
def test_record_lists_in_any_layout_read_the_same_both_ways(
    layout: str, no_cache: None, small_chunks: None
) -> None:
    before, after = LAYOUTS[layout]
    text = plan_text(100, seed=5)
    if layout == "notes first":
        start = text.index("\n# Nội dung tự viết")
        notes = text[start:]
        text = text[:start].replace("\n# Hoạt động đã thực hiện", notes.rstrip("\n") + "\n\n# Hoạt động đã thực hiện", 1)
    elif layout == "dashes at column 0":
        start = text.index("progress:\n")
        end = text.index("\n# ", start)
        block = text[start:end].replace("  - unit: ", "- unit: ")
        text = text[:start] + block + text[end:]
    else:
        assert before in text
        text = text.replace(before, after)
    fast, careful = both_ways(text, Path("plans/2020.yaml"))
    if layout == "notes first":
        assert text.index("notes:") < text.index("activities:")
        assert fast.ok and fastparse.parse_plain(text) is not None  # read the fast way
    assert (fast.ok, fast.plan, fast.errors) == (careful.ok, careful.plan, careful.errors)


def test_without_the_fast_parser_the_careful_path_reads_every_plan(
    monkeypatch: pytest.MonkeyPatch, no_cache: None
) -> None:
    monkeypatch.setitem(sys.modules, "yaml_rs", None)  # as on a platform without its wheel
    text = plan_text(20)
    careful_reads: list[str] = []
    parse_careful = loader._parse_careful

    def counted(text: str, filename: str) -> Any:
        careful_reads.append(filename)
        return parse_careful(text, filename)

    monkeypatch.setattr(loader, "_parse_careful", counted)
    loaded = load_text(text, Path("plans/2020.yaml"))
    assert loaded.ok
    assert careful_reads == ["plans/2020.yaml"]  # the careful path read the whole plan
    assert loaded.plan == load_tree(text, Path("plans/2020.yaml")).plan


def test_an_alias_inside_its_own_anchor_goes_the_careful_way(no_cache: None) -> None:
    text = PLAN_2020.read_text(encoding="utf-8").replace(
        "reporting:\n  rule: statutory\n", "reporting: &r\n  rule: statutory\n  again: *r\n"
    )
    fast, careful = both_ways(text, PLAN_2020)
    assert not fast.ok
    assert fast.errors == careful.errors
    line = text[: text.index("reporting: &r")].count("\n") + 1
    assert [(error.code, error.line, error.col) for error in fast.errors] == [
        ("yaml-alias-cycle", line, 12)
    ]


def test_top_level_keys_are_found_where_the_round_trip_tree_has_them(no_cache: None) -> None:
    text = plan_text(30)
    tree = load_tree(text, Path("p.yaml")).tree
    lines = {key: text.count("\n", 0, offset) for key, offset in top_level_offsets(text).items()}
    assert lines == {key: tree.lc.key(key)[0] for key in tree}


# --- the cache -------------------------------------------------------------------------------


@pytest.fixture
def cached(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("CCHC_CACHE_DIR", str(folder))
    return folder


def check(folder: Path, cache_folder: Path, *args: str) -> Any:
    return run_cchc("check", "--json", *args, cwd=folder, env={"CCHC_CACHE_DIR": str(cache_folder)})


@pytest.fixture
def department(tmp_path: Path) -> Path:
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "2020.yaml").write_text(plan_text(40), encoding="utf-8")
    return tmp_path


def test_a_valid_plan_is_kept_once_and_a_hit_gives_the_plan_kept(cached: Path) -> None:
    path = Path("plans/2020.yaml")
    text = plan_text(5)  # reads (and keeps) the shipped plan
    kept = set(cached.glob("*.pickle"))
    first = load_text(text, path)
    assert len(set(cached.glob("*.pickle")) - kept) == 1
    # Plant a different plan under the same text: a second read must return it, untouched.
    planted = first.plan.model_copy(update={"activities": first.plan.activities[:1]})
    cache.store(cache.entry_for(text), [], planted)
    assert load_text(text, path).plan == planted
    assert len(set(cached.glob("*.pickle")) - kept) == 1


def test_editing_the_file_is_seen_at_once(department: Path, tmp_path: Path) -> None:
    plan = department / "plans" / "2020.yaml"
    assert check(department, tmp_path / "c").json()["ok"] is True
    plan.write_text(plan.read_text(encoding="utf-8").replace("    unit: van-phong-so\n",
                                                             "    unit: van-phong\n", 1), encoding="utf-8")
    done = check(department, tmp_path / "c")
    assert done.code == 1
    assert [error["code"] for error in done.json()["errors"]] == ["unknown-reference"]


def test_touching_the_file_without_a_change_keeps_the_entry(department: Path, tmp_path: Path) -> None:
    plan = department / "plans" / "2020.yaml"
    store = tmp_path / "c"
    first = check(department, store)
    entry, = store.glob("*.pickle")
    written = entry.stat().st_mtime_ns
    os.utime(plan, (1_000_000_000, 1_000_000_000))
    again = check(department, store)
    assert again.stdout == first.stdout
    assert [path.stat().st_mtime_ns for path in store.glob("*.pickle")] == [written]


@pytest.mark.parametrize("damage", ["garbage", "truncated", "one-byte", "empty", "folder"])
def test_a_corrupt_entry_is_a_miss_and_is_replaced(
    department: Path, tmp_path: Path, damage: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = tmp_path / "c"
    first = check(department, store)
    entry, = store.glob("*.pickle")
    raw = entry.read_bytes()
    if damage == "folder":
        entry.unlink()
        entry.mkdir()
    else:
        entry.write_bytes({"garbage": b"\x80\x04not a pickle", "truncated": raw[: len(raw) // 2],
                           "one-byte": raw[:-10] + bytes([raw[-10] ^ 1]) + raw[-9:],
                           "empty": b""}[damage])
    again = check(department, store)
    assert (again.code, again.stdout, again.stderr) == (0, first.stdout, "")
    if damage != "folder":  # rebuilt: it holds the plan again
        monkeypatch.setenv("CCHC_CACHE_DIR", str(store))
        text = (department / "plans" / "2020.yaml").read_text(encoding="utf-8")
        hit = cache.lookup(cache.entry_for(text), read_text)
        assert hit is not None
        assert hit[0] == load_tree(text, Path("plans/2020.yaml")).plan


def test_changing_an_included_file_is_seen(tmp_path: Path) -> None:
    (tmp_path / "plans" / "hoat-dong").mkdir(parents=True)
    text = plan_text(0).replace("schema_version: 2\n", "schema_version: 2\ninclude:\n  - hoat-dong/vp.yaml\n")
    (tmp_path / "plans" / "2020.yaml").write_text(text, encoding="utf-8")
    records = tmp_path / "plans" / "hoat-dong" / "vp.yaml"
    activity = ("activities:\n  - id: HD-2020-0001-abcd\n    date: 2020-03-15\n    unit: van-phong-so\n"
                "    task: vp-3\n    title: Hội nghị\n")
    records.write_text(activity, encoding="utf-8")
    store = tmp_path / "c"
    assert check(tmp_path, store).json()["ok"] is True
    records.write_text(activity.replace("task: vp-3", "task: vp-9"), encoding="utf-8")
    done = check(tmp_path, store)
    assert done.code == 1
    assert [(e["file"], e["line"], e["code"]) for e in done.json()["errors"]] == [
        (str(Path("plans/hoat-dong/vp.yaml")), 5, "unknown-reference")
    ]
    records.unlink()
    assert [e["code"] for e in check(tmp_path, store).json()["errors"]] == ["include-unreadable"]


def test_the_cache_can_be_turned_off(department: Path, tmp_path: Path) -> None:
    done = run_cchc("check", cwd=department, env={"CCHC_CACHE_DIR": "off", "HOME": str(tmp_path)})
    assert done.code == 0
    assert not (tmp_path / ".cache").exists()


# --- writes at scale ---------------------------------------------------------------------------


def test_an_activity_added_to_a_large_plan_is_exactly_its_own_lines(department: Path) -> None:
    git(department, "init", "-q")
    git(department, "add", ".")
    git(department, "commit", "-qm", "plan")
    done = run_cchc("add-activity", "-t", "vp-3", "-d", "15/06/2020", "--title", "Hội nghị mới",
                    cwd=department)
    assert done.code == 0, done.stderr
    added = [line for line in git(department, "diff", "-U0").splitlines() if line[:1] in "+-"]
    new_id = done.stdout.split("Đã ghi hoạt động ")[1].split(".")[0]
    assert added == [
        "--- a/plans/2020.yaml", "+++ b/plans/2020.yaml",
        f"+  - id: {new_id}", "+    date: 2020-06-15", "+    unit: van-phong-so", "+    task: vp-3",
        "+    title: Hội nghị mới",
    ]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.sampled_from(["a\n", "b\n", "c\n", "  - x\n", "\n"]), max_size=40),
    st.data(),
)
def test_the_diff_of_an_edit_applies_with_git(lines: list[str], data: st.DataObject) -> None:
    at = data.draw(st.integers(0, len(lines)))
    added = data.draw(st.lists(st.sampled_from(["n\n", "a\n", "  - y\n"]), min_size=1, max_size=5))
    old, new = "".join(lines), "".join(lines[:at] + added + lines[at:])
    diff = unified_diff(old, new, Path("p.yaml"))
    folder = Path(subprocess.run(["mktemp", "-d"], capture_output=True, text=True, check=True).stdout.strip())
    (folder / "p.yaml").write_text(old)
    subprocess.run(["git", "apply", "-"], input=diff, text=True, cwd=folder, check=True)
    assert (folder / "p.yaml").read_text() == new


def test_the_benchmark_runs_at_its_smallest_size(tmp_path: Path) -> None:
    output = tmp_path / "RESULTS.md"
    done = subprocess.run([sys.executable, "-m", "bench", "--smoke", "--output", str(output)],
                          cwd=ROOT, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr
    from bench.__main__ import COMMANDS, OFFICE, PDF

    table = output.read_text(encoding="utf-8")
    rows = [line.split(" | ")[0] for line in table.splitlines()
            if line.startswith(("| `cchc ", f"| {OFFICE} "))]
    timed = [f"| `cchc {name}`" for name, _, _ in COMMANDS]
    assert rows == [*timed[:timed.index(f"| `cchc {PDF}`") + 1], f"| {OFFICE}",
                    *timed[timed.index(f"| `cchc {PDF}`") + 1:]]
    assert "| Kế hoạch mẫu: cchc --help và gợi ý Tab ≤ 0,2 s |" in table


# --- fmt --check without the round trip ------------------------------------------------------


def _is_canonical(text: str) -> bool | None:
    from cchc_plan.writing.canonical import _record_lines, canonical_text
    from cchc_plan.writing.layout import is_canonical

    path = Path("plans/2020.yaml")
    return is_canonical(text, path, lambda head: canonical_text(head, path), _record_lines)


def _carefully_canonical(text: str) -> bool | None:
    from cchc_plan.errors import CchcError
    from cchc_plan.writing.canonical import canonical_text

    try:
        return canonical_text(text, Path("plans/2020.yaml")) == text
    except CchcError:
        return None  # invalid: fmt refuses it


def _edited(text: str, edits: list[tuple[str, int]]) -> str:
    lines = text.splitlines(keepends=True)
    items = [n for n, line in enumerate(lines) if line.startswith("  - id: HD-")]
    for edit, choice in edits:
        at = items[choice % len(items)]
        title = next(n for n in range(at, at + 6) if lines[n].startswith("    title:"))
        value = lines[title].split(": ", 1)[1].rstrip("\n")
        if edit == "swap" and at != items[-1]:
            following = items[items.index(at) + 1]
            end = following + 1
            while end < len(lines) and lines[end].startswith("    "):
                end += 1
            lines[at:end] = lines[following:end] + lines[at:following]
        elif edit == "needless-quotes" and not value.startswith("'"):
            lines[title] = f"    title: '{value}'\n"
        elif edit in TITLES:
            lines[title] = f"    title: {TITLES[edit]}\n"
        elif edit == "comment-above":
            lines.insert(at, "  # ghi chú của văn phòng\n")
        elif edit == "inline-comment":
            lines[title] = lines[title].rstrip("\n") + "  # đã kiểm tra\n"
        elif edit == "blank-between":
            lines.insert(at, "\n")
        elif edit == "keys-swapped":
            lines[at + 2], lines[at + 3] = lines[at + 3], lines[at + 2]
        elif edit == "block-list":
            line = next(n for n in range(at, at + 9) if lines[n].startswith("    contents:"))
            if "[" in lines[line]:
                ids = lines[line].split("[", 1)[1].rstrip("]\n").split(", ")
                lines[line:line + 1] = ["    contents:\n", *[f"      - {i}\n" for i in ids]]
        items = [n for n, line in enumerate(lines) if line.startswith("  - id: HD-")]
    return "".join(lines)


TITLES = {
    "colon-single": "'Hội nghị: phổ biến'", "colon-double": '"Hội nghị: phổ biến"',
    "digit-first": "12 buổi biểu diễn", "url": "https://svhttdl.quangngai.gov.vn/cchc",
    "guillemets-first": "«Ngày pháp luật»", "apostrophe": "'Nhà ''văn hóa'': ôn lại'",
    "hash": "'Chủ đề #CCHC'", "trailing-space": "'Ghi chép '", "yes": "'yes'", "number": "'2020'",
    "nfd": "Ho\u0323i nghi\u0323", "ampersand-star": "R&D *mới*",
}
EDITS = st.sampled_from(["swap", "needless-quotes", "comment-above", "inline-comment", "blank-between",
                         "keys-swapped", "block-list", *TITLES])


def test_the_generated_plans_are_canonical_without_the_round_trip(no_cache: None) -> None:
    for size in (0, 1, 40):
        text = plan_text(size, seed=size)
        assert _is_canonical(text) is True
        assert _carefully_canonical(text) is True


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(EDITS, st.integers(0, 20)), min_size=1, max_size=3))
def test_the_quick_verdict_on_the_layout_is_the_careful_one(edits: list[tuple[str, int]]) -> None:
    os.environ["CCHC_CACHE_DIR"] = "off"
    text = _edited(plan_text(12, seed=3), edits)
    quick = _is_canonical(text)
    if quick is not None:
        assert quick == _carefully_canonical(text)


@pytest.mark.parametrize(("edit", "verdict"), [
    ("swap", False), ("colon-single", True), ("digit-first", True), ("url", True),
    ("comment-above", True), ("needless-quotes", None), ("blank-between", None),
])
def test_what_the_quick_verdict_decides_alone(edit: str, verdict: bool | None, no_cache: None) -> None:
    text = _edited(plan_text(12, seed=3), [(edit, 4)])
    assert _is_canonical(text) is verdict
    if verdict is not None:
        assert _carefully_canonical(text) is verdict


def test_record_lists_are_cut_only_before_an_item_of_a_plain_block_list() -> None:
    text = plan_text(100, seed=5)
    blocks = fastparse.record_blocks(text)
    assert {key: len(starts) for key, (_, _, starts) in blocks.items()} == {
        "activities": 100, "progress": 5, "notes": 1,
    }
    assert all(text[start:].startswith("  - ") for _, _, starts in blocks.values() for start in starts)
    shallow = text.replace("    status: done\n", "    status: done\n # lạc\n  x: 1\n", 1)
    assert "progress" not in fastparse.record_blocks(shallow)
    flow = text[: text.index("notes:\n")] + "notes: [{period: Q1, section: kho-khan, text: Ít kinh phí}]\n"
    assert "notes" not in fastparse.record_blocks(flow)
    assert fastparse.parse_plain(flow)["notes"] == [{"period": "Q1", "section": "kho-khan", "text": "Ít kinh phí"}]
    # A value on the key's line and items below is no plain list: the careful path says why.
    assert fastparse.parse_plain(text.replace("notes:\n", "notes: []\n")) is None


# --- records written without the round-trip emitter -------------------------------------------

RECORD_TEXTS = st.one_of(
    st.sampled_from(["Hội nghị", "Hội nghị: phổ biến", "12 buổi", "«Ngày pháp luật»", "yes", "No",
                     "Nhà 'văn hóa'", 'Trích "x"', "a #b", "#CCHC", "- gạch", "R&D *mới*", "1.5",
                     "2020-03-15", "https://a.vn/b", "Ghi ", " đầu", "Dòng\nhai", "x" * 400, "~", "null"]),
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=30),
)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(["id", "date", "title", "measure", "quantity", "contents", "note"]),
                       st.one_of(RECORD_TEXTS, st.integers(0, 10**9),
                                 st.lists(st.sampled_from(["pano", "van-nghe", "a-1"]), max_size=3)),
                       min_size=1),
       st.sampled_from([(2, 4), (0, 2), (4, 6)]))
def test_records_written_without_the_round_trip_are_what_ruamel_writes(
    values: dict[str, Any], columns: tuple[int, int]
) -> None:
    from cchc_plan.writing.edit import render_mapping
    from cchc_plan.writing.plainyaml import record_lines

    dash, indent = columns
    certain = record_lines(values, dash, indent)
    if certain is not None:
        ruamel = "".join(
            (" " * dash + "- " + " " * (indent - dash - 2) if number == 0 else " " * indent) + line + "\n"
            for number, line in enumerate(render_mapping(values).splitlines())
        )
        assert certain == ruamel


def _applied(old: str, diff: str) -> str:
    """`old` with the one hunk of `diff` applied, every context and removed line checked."""
    lines = old.splitlines(keepends=True)
    header, *body = diff.splitlines(keepends=True)[2:]
    first = int(header.split()[1][1:].split(",")[0])
    count = int(header.split()[1].split(",")[1]) if "," in header.split()[1] else 1
    at = first - 1 if count else first
    entries: list[list[str]] = []
    for line in body:
        if line.startswith("\\"):
            entries[-1][1] = entries[-1][1].removesuffix("\n")  # the line before has no newline
        else:
            entries.append([line[0], line[1:]])
    kept = [text for sign, text in entries if sign in " -"]
    assert lines[at:at + len(kept)] == kept
    return "".join(lines[:at] + [text for sign, text in entries if sign in " +"] + lines[at + len(kept):])


PIECES = st.sampled_from(["a\n", "b\n", "ab\n", "\n", "a", "b", "\r\n", "  - x\n"])


@settings(max_examples=400, deadline=None)
@given(st.lists(PIECES, max_size=14), st.lists(st.tuples(st.booleans(), st.integers(0, 14), PIECES),
                                                max_size=3))
def test_the_diff_of_an_edit_is_one_hunk_that_gives_the_new_text(lines: list[str], edits: list[Any]) -> None:
    new = list(lines)
    for insert, at, piece in edits:
        if insert:
            new.insert(min(at, len(new)), piece)
        elif new:
            del new[at % len(new)]
    old_text, new_text = "".join(lines), "".join(new)
    diff = unified_diff(old_text, new_text, Path("p.yaml"))
    assert (diff == "") == (old_text == new_text)
    if diff:
        assert diff.count("\n@@ ") == 1
        assert _applied(old_text, diff) == new_text


def test_the_search_for_unusual_characters_finds_exactly_what_yaml_or_the_fast_path_refuses() -> None:
    """`files._UNUSUAL` lists the characters an ordinary plan never holds; checked against the
    definition for every code point: YAML's printable set (tab, line breaks, 0x20-0x7E, 0xA0
    and up but surrogates and U+FFFE/U+FFFF), less NEL, U+2028, U+2029 and the signs of
    old-encoding mojibake."""
    from cchc_plan.reading import text as files
    from cchc_plan.reading.legacy import mojibake_signs

    def printable(code: int) -> bool:
        return (code in (0x09, 0x0A, 0x0D) or 0x20 <= code <= 0x7E or 0xA0 <= code <= 0xD7FF
                or 0xE000 <= code <= 0xFFFD or code >= 0x10000)

    refused = {0x85, 0x2028, 0x2029, *map(ord, mojibake_signs())}
    every = "".join(map(chr, range(0x110000)))
    unusual = {match.start() for match in files._UNUSUAL.finditer(every)}
    not_read_alike = {match.start() for match in files._NOT_READ_ALIKE.finditer(every)}

    assert unusual == {code for code in range(0x110000) if not printable(code) or code in refused}
    assert not_read_alike == {code for code in range(0x110000)
                              if not printable(code) or code in (0x85, 0x2028, 0x2029)}
