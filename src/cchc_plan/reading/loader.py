"""plan file -> parsed data -> migrated data -> validated `Plan`, with every error located.

Callers ask for a plan (`load_plan`, `load_text`) or for a plan with its round-trip tree
(`load_tree`, for commands that rewrite the file's layout); what a second reading of a changed
text takes from the first is owned by `versions.Versions`, which reads through `load_reusing`.

Two paths read the same text. The fast one parses with yaml-rs into plain values, and its
valid plans are kept in the cache. The careful one builds ruamel.yaml's round-trip tree, which
knows every position; it runs when the fast one cannot vouch for the text or finds any fault
(so every error is located by the careful path). In a large plan it reads only the records that
hold a fault, with the part outside the record lists (`pinpoint`); a second reading of a text
that differs in a few places takes the unchanged chunks of records from the first (`chunks`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, MutableMapping
from dataclasses import dataclass, field
from pathlib import Path, PureWindowsPath
from typing import TYPE_CHECKING, Any

from ..errors import CchcError, ExitCode, Loc, PlanError, Problem, loc_text
from ..plan.migrations import RECORDS_KEPT_SINCE, migrate
from ..plan.model import RECORD_LISTS, SCHEMA_VERSION, Plan
from ..plan.periods import outside_year
from ..plan.references import check_references
from ..plan.validation import validate
from . import cache
from .chunks import KnownChunks
from .fastparse import note_chunks, parse_plain
from .text import Source, read_text

if TYPE_CHECKING:  # the careful parser is imported only when an error must be placed
    from .pinpoint import Faulty


@dataclass
class LoadedPlan:
    """The outcome of reading a plan file: the plan when it is valid, and every error found."""

    path: Path
    text: str
    plan: Plan | None
    errors: list[PlanError] = field(default_factory=list)
    included: list[Source] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.plan is not None and not self.errors

    @property
    def files(self) -> list[Source]:
        """The plan file and the files it includes, as read."""
        return [Source(self.path, self.text), *self.included]

    @property
    def sources(self) -> dict[str, str]:
        """The text of each file the errors may point into, by file name."""
        return {str(source.path): source.text for source in self.files}


@dataclass
class LoadedTree(LoadedPlan):
    """A plan read with its round-trip tree (comments, order and positions of every value),
    for commands that rewrite the file's layout. The tree is None when the file could not be
    parsed; for a file that a plan includes, it holds that file's records."""

    tree: Any = None


Reader = Callable[[Path], str]


@dataclass
class _Parsed:
    """One file as a parser gave it: a round-trip tree (careful path) or plain values (fast
    path). Positions are found only in a tree: the careful path is the one that locates errors."""

    path: Path
    text: str
    data: Any

    def locate(self, loc: Loc, at_key: bool = False) -> tuple[int, int]:
        from .roundtrip import locate

        return locate(self.data, loc, at_key)


Origins = dict[str, list[tuple[_Parsed, int]]]


@dataclass
class _Reading:
    """A load's outcome and what the loader itself needs of it: the plan file's parsed data and,
    by file name, the records each problem lies in (see `pinpoint`)."""

    loaded: LoadedPlan
    data: Any = None
    faulty: dict[str, Faulty] = field(default_factory=dict)


def load_plan(path: Path) -> LoadedPlan:
    """Read and validate a plan file; faults in the file are returned, not raised."""
    return load_text(read_text(path), path)


def load_text(text: str, path: Path, read: Reader = read_text, *, keep: bool = True) -> LoadedPlan:
    """Validate plan text as if read from `path` (a file, an edit before it is written, a git
    revision); included files are read with `read`. A valid plan is kept in the cache unless
    `keep` is false (a text about to be replaced)."""
    return _load_text(text, path, read, keep, None)


def load_reusing(text: str, path: Path, read: Reader, known: KnownChunks, *, keep: bool) -> LoadedPlan:
    """`load_text`, taking the records of every chunk that `known` holds; afterwards `known`
    holds this reading's chunks (see `versions.Versions`, its one caller)."""
    return _load_text(text, path, read, keep, known)


def load_tree(text: str, path: Path, read: Reader = read_text) -> LoadedTree:
    """Validate plan text as `load_text` does, always the careful way, keeping the round-trip
    tree of the plan file."""
    reading = _load(text, path, read, _parse_careful)
    assert reading is not None  # the careful parser always answers
    loaded = reading.loaded
    if loaded.ok:
        _remember(loaded, cache.entry_for(text))
    return LoadedTree(loaded.path, loaded.text, loaded.plan, loaded.errors, loaded.included, reading.data)


def _load_text(text: str, path: Path, read: Reader, keep: bool, known: KnownChunks | None) -> LoadedPlan:
    entry = cache.entry_for(text)
    # A plan taken from the cache takes nothing from another reading: the records held are let
    # go before the plan is read.
    cached = cache.lookup(entry, read, known.forget_all if known is not None else lambda: None)
    if cached is not None:
        return _from_cache(text, path, *cached, known)
    fast = _read_fast(text, path, read, known)
    if fast is not None and fast.loaded.ok:
        loaded = fast.loaded
        del fast  # its plain values go before the plan is pickled for the cache
        if keep:
            _remember(loaded, entry)
        return loaded
    # The careful parser reads what holds a problem (every file read the fast way: only the
    # errors' positions are missing) or what the fast one refused (see `pinpoint`).
    faulty = fast.faulty if fast is not None else {}
    del fast  # its plain values are not needed again
    reading = _load(text, path, read, _careful_where(faulty))
    assert reading is not None  # the careful parser always answers
    if reading.loaded.ok and keep:
        _remember(reading.loaded, entry)
    return reading.loaded


def _from_cache(
    text: str, path: Path, plan: Plan, included: list[tuple[Path, str]], known: KnownChunks | None
) -> LoadedPlan:
    """A plan taken from the cache; `known` learns its chunks, found in its texts unparsed,
    when a reading needs them (the next one may come from the cache too, as in a `diff` of
    two versions read before)."""
    texts = [text, *(part for _, part in included)]
    if known is not None:
        known.learn_later(lambda chunks: chunks.learn(
            plan if all(note_chunks(part, chunks) for part in texts) else None))
    return LoadedPlan(path, text, plan, [], [Source(name, part) for name, part in included])


def _read_fast(text: str, path: Path, read: Reader, known: KnownChunks | None) -> _Reading | None:
    """The plan read the fast way (None when it cannot vouch for some file); with `known`,
    taking the chunks it holds and then learning this reading's."""
    if known is None:
        return _load(text, path, read, _parse_fast)
    known.begin()
    reading = _load(text, path, read, _fast_parser(known), known.forget_unused)
    known.learn(reading.loaded.plan if reading is not None and reading.loaded.ok else None)
    return reading


class _NotSure(Exception):
    """The fast parser cannot vouch for a text: the careful path must read it."""


Parser = Callable[[str, str], tuple[Any, list[PlanError]]]


def _parse_fast(text: str, filename: str) -> tuple[Any, list[PlanError]]:
    data = parse_plain(text)  # None for a text with a fault the careful path reports
    if data is None:
        raise _NotSure
    return data, []


def _fast_parser(known: KnownChunks) -> Parser:
    """The fast parser, taking the records of chunks that `known` holds. A plan of a schema
    whose migrations change records is read without it: records taken from another reading
    would miss them."""

    def parse(text: str, filename: str) -> tuple[Any, list[PlanError]]:
        data = parse_plain(text, known)
        version = data.get("schema_version", SCHEMA_VERSION) if data is not None else None
        if not isinstance(version, int) or not RECORDS_KEPT_SINCE <= version <= SCHEMA_VERSION:
            raise _NotSure  # (an included file has no schema_version)
        return data, []

    return parse


def _careful_where(faulty: dict[str, Faulty]) -> Parser:
    """The careful parser for the parts of each file that hold a problem, the fast one for
    the other chunks of records (see `pinpoint`)."""

    def parse(text: str, filename: str) -> tuple[Any, list[PlanError]]:
        from .pinpoint import parse_where_needed

        found = parse_where_needed(text, filename, faulty.get(filename, set()))
        return found if found is not None else _parse_careful(text, filename)

    return parse


def _parse_careful(text: str, filename: str) -> tuple[Any, list[PlanError]]:
    from .roundtrip import parse

    return parse(text, filename)


def remember(loaded: LoadedPlan) -> None:
    """Keep a valid plan in the cache (what `load_text` does unless asked not to)."""
    _remember(loaded, cache.entry_for(loaded.text))


def _remember(loaded: LoadedPlan, entry: Path | None) -> None:
    assert loaded.plan is not None
    cache.store(entry, [(source.path, source.text) for source in loaded.included], loaded.plan)


def _load(
    text: str, path: Path, read: Reader, parse: Parser, parsed: Callable[[], None] = lambda: None
) -> _Reading | None:
    """The plan read with `parse` (`parsed` is called once every file is parsed), or None if
    the fast parser is not sure of some file."""
    try:
        return _load_with(text, path, read, parse, parsed)
    except _NotSure:
        return None
    except RecursionError:
        if parse is not _parse_fast:  # the careful parser bounds nesting before anything recurses
            raise
        return None  # a value nested too deep: the careful path locates it


def _load_with(
    text: str, path: Path, read: Reader, parse: Parser, parsed: Callable[[], None] = lambda: None
) -> _Reading:
    filename = str(path)
    data, errors = parse(text, filename)
    if data is None and not errors:
        errors = [_at_start(filename, "empty-file", "tệp kế hoạch đang trống")]
    elif data is not None and not isinstance(data, MutableMapping):
        errors.append(
            _at_start(
                filename, "wrong-type",
                "cấp ngoài cùng của tệp kế hoạch phải là các dòng «khóa: giá trị»",
            )
        )
    if errors:
        return _Reading(LoadedPlan(path, text, None, _sorted(errors)))

    document = _Parsed(path, text, data)
    if data and "schema_version" not in data and set(data) <= set(RECORD_LISTS):
        return _Reading(LoadedPlan(path, text, None, [_at_start(
            filename, "include-file",
            "tệp này chỉ chứa hoạt động, tiến độ, ghi chép: đây là tệp được một kế hoạch include",
            "Kiểm tra tệp kế hoạch include nó (ví dụ «cchc check plans/2020.yaml»).",
        )]), data)
    problems = migrate(data)
    plan = None
    included: list[_Parsed] = []
    origins: Origins = {}
    if not problems:
        included, include_problems, errors = _load_includes(document, read, parse)
        parsed()
        combined, origins = _combined(document, included)
        plan, problems = validate(combined)
        problems += include_problems + check_references(combined)
        if plan is not None:
            problems += _dates_outside_year(plan)
        if problems or errors:
            plan = None
    faulty: dict[str, Faulty] = {}
    for problem in problems:
        source, loc = _origin(document, origins, problem)
        if len(loc) > 1 and isinstance(loc[1], int):
            faulty.setdefault(str(source.path), set()).add((str(loc[0]), loc[1]))
        errors.append(_locate(source, loc, problem))
    sources = [Source(part.path, part.text) for part in included]
    return _Reading(LoadedPlan(path, text, plan, _sorted(errors), sources), data, faulty)


def _load_includes(
    document: _Parsed, read: Reader, parse: Parser
) -> tuple[list[_Parsed], list[Problem], list[PlanError]]:
    """The files the plan includes, each checked to lie inside the plan's folder and to hold
    only records. Faults of an entry are problems of the plan; faults inside a file are its own."""
    entries = document.data.get("include")
    if not isinstance(entries, list):
        return [], [], []
    documents: list[_Parsed] = []
    problems: list[Problem] = []
    errors: list[PlanError] = []
    seen: set[Path] = set()
    for number, entry in enumerate(entries):
        name = entry.get("file") if isinstance(entry, Mapping) else entry
        if not isinstance(name, str):
            continue  # the model says what is wrong with the entry
        loc: Loc = ("include", number, "file") if isinstance(entry, Mapping) else ("include", number)
        # Written on Windows (`hoat-dong\\trung-tam.yaml`), read the same on every system.
        target = document.path.parent / name.replace("\\", "/")
        problem = _unsafe_include(document.path, name, target, seen, loc)
        if problem is not None:
            problems.append(problem)
            continue
        seen.add(target.resolve())
        try:
            text = read(target)
        except CchcError as error:
            problems.append(Problem(loc, "include-unreadable", f"không đọc được tệp «{name}»: {error.message}",
                                    "Kiểm tra đường dẫn (tính từ thư mục của tệp kế hoạch)."))
            continue
        data, file_errors = parse(text, str(target))
        errors += file_errors
        if file_errors:
            continue
        included = _Parsed(target, text, data if data is not None else {})
        errors += _record_file_errors(included)
        documents.append(included)
    return documents, problems, errors


def _unsafe_include(plan: Path, name: str, target: Path, seen: set[Path], loc: Loc) -> Problem | None:
    """An include may only name another file inside the plan's own folder, once."""
    folder = plan.resolve().parent
    resolved = target.resolve()
    if Path(name).is_absolute() or PureWindowsPath(name).anchor or not resolved.is_relative_to(folder):
        return Problem(loc, "include-outside", f"tệp «{name}» nằm ngoài thư mục của tệp kế hoạch",
                       "Chỉ include tệp nằm trong thư mục của kế hoạch (hoặc thư mục con), "
                       "viết đường dẫn tương đối như «hoat-dong/van-phong-so.yaml».")
    if resolved == plan.resolve():
        return Problem(loc, "include-self", "tệp kế hoạch không thể include chính nó",
                       "Xóa dòng này.")
    if resolved in seen:
        return Problem(loc, "include-duplicate", f"tệp «{name}» được include hai lần",
                       "Xóa một trong hai dòng.")
    return None


def _record_file_errors(document: _Parsed) -> list[PlanError]:
    data = document.data
    if not isinstance(data, Mapping):
        return [_at_start(str(document.path), "wrong-type",
                          "tệp include phải là các dòng «khóa: giá trị» (activities, progress, notes)")]
    return [
        PlanError(
            str(document.path), *document.locate((key,), at_key=True), "include-key",
            f"tệp include chỉ được chứa activities, progress, notes, không chứa «{key}»",
            "Chuyển phần này về tệp kế hoạch chính.",
        )
        for key in data if key not in RECORD_LISTS
    ]


def _combined(document: _Parsed, included: list[_Parsed]) -> tuple[dict[str, Any], Origins]:
    """The plan's data with the records of its included files appended to its own, and where
    each record came from (file and position), so that errors point into the right file."""
    combined = dict(document.data)
    origins: Origins = {}
    for key in RECORD_LISTS:
        own = combined.get(key)
        if own is not None and not isinstance(own, list):
            continue  # the model reports the wrong type at the plan's own line
        records = list(own or [])
        origin = [(document, number) for number in range(len(records))]
        for part in included:
            items = part.data.get(key)
            if isinstance(items, list):
                records += items
                origin += [(part, number) for number in range(len(items))]
        if included and (records or own is not None):
            combined[key] = records
        origins[key] = origin
    return combined, origins
def record_file_data(loaded: LoadedTree) -> Any | None:
    """The tree of a file that holds only records (one that a plan includes), else None."""
    codes = [error.code for error in loaded.errors]
    if codes == ["include-file"]:
        return loaded.tree
    return {} if codes == ["empty-file"] else None


def load_valid_plan(path: Path) -> Plan:
    """The plan for a command that needs a valid one; an invalid file stops it with its errors."""
    return valid(load_plan(path))


def valid(loaded: LoadedPlan) -> Plan:
    """The plan of a load that succeeded, else its errors raised together."""
    if loaded.plan is None:
        raise CchcError(
            f"Tệp kế hoạch «{loaded.path}» có {len(loaded.errors)} lỗi.",
            ExitCode.PLAN_INVALID,
            hint=f"Sửa các lỗi trên (kiểm tra lại bằng «cchc check {loaded.path}») "
            "rồi chạy lại lệnh; chưa có gì được ghi.",
            code="plan-invalid",
            errors=loaded.errors,
            source=loaded.sources,
        )
    return loaded.plan


def _dates_outside_year(plan: Plan) -> list[Problem]:
    found = (
        outside_year(activity.date, plan.header.year, plan.reporting.rule, ("activities", n, "date"))
        for n, activity in enumerate(plan.activities)
    )
    return [problem for problem in found if problem is not None]


def _origin(document: _Parsed, origins: Origins, problem: Problem) -> tuple[_Parsed, Loc]:
    """The file a problem of the combined plan came from, and its place in that file."""
    loc = problem.loc
    if len(loc) > 1 and isinstance(loc[1], int) and loc[1] < len(origins.get(str(loc[0]), [])):
        source, number = origins[str(loc[0])][loc[1]]
        return source, (loc[0], number, *loc[2:])
    return document, loc


def _locate(source: _Parsed, loc: Loc, problem: Problem) -> PlanError:
    """A problem placed in the file and at the line it came from (`_origin`)."""
    line, col = source.locate(loc, problem.at_key)
    return PlanError(
        str(source.path), line, col, problem.code, problem.message, problem.hint, loc_text(loc),
    )


def _at_start(
    filename: str, code: str, message: str, hint: str = "Xem mẫu ở plans/2020.yaml."
) -> PlanError:
    return PlanError(filename, 1, 1, code, message, hint)


def _sorted(errors: Iterable[PlanError]) -> list[PlanError]:
    return sorted(errors, key=lambda error: (error.file, error.line, error.col))
