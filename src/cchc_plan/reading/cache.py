"""Validated plans kept between runs, so that reading an unchanged plan parses nothing.

Where: see `caching`. The cache lives outside the repository on purpose: it never shows in git,
and a cache file can never arrive with a pull (a pickle from someone else would be code run on
this machine).

An entry is named by the hash of the plan's text and of the code that reads and validates
plans (every module of `plan` and `reading`, found by walking them, and the version). It
holds the name and hash of each file the plan includes and the plan itself, behind the hash
of those bytes. A stale entry (an included file changed, other code) does not match; a
corrupt or unreadable one is a miss and is removed; a failed write is ignored. Nothing here
can change what a command answers, only how fast.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import pickle
from collections.abc import Callable, Sequence
from pathlib import Path

from ..caching import code_version, digest, folder
from ..errors import CchcError
from ..plan.model import Plan

_MAGIC = b"cchc-plan-cache 2\n"
_KEPT = 16  # entries; a plan of 10.000 activities takes about 4 MB
# The parts of the package whose code decides whether a plan is valid and what it holds.
VALIDATING = ("plan", "reading", "errors.py", "caching.py")

Included = list[tuple[Path, str]]


def entry_for(text: str) -> Path | None:
    """The entry of a plan's text (named by its hash and the validating code's), or None when
    the cache is turned off. Hashing a large text takes time: callers compute it once."""
    place = folder()
    if place is None:
        return None
    return place / f"{digest(code_version(*VALIDATING), text)}.pickle"


def lookup(
    entry: Path | None, read: Callable[[Path], str], current: Callable[[], None] = lambda: None
) -> tuple[Plan, Included] | None:
    """The plan kept in `entry` (from `entry_for`), if its included files are unchanged;
    `current` is called once that is known, before the plan itself is read."""
    if entry is None:
        return None
    try:
        raw = entry.read_bytes()
    except OSError:
        return None
    header = len(_MAGIC) + 32
    payload = memoryview(raw)[header:]  # no copy of a file of many megabytes
    if raw[: len(_MAGIC)] != _MAGIC or hashlib.sha256(payload).digest() != raw[len(_MAGIC):header]:
        _remove(entry)
        return None
    try:
        stream = io.BytesIO(payload)
        names = pickle.Unpickler(stream).load()  # our own file, its hash checked above
        included = [(Path(name), read(Path(name))) for name, _ in names]
        if [kept for _, kept in names] != [digest(part) for _, part in included]:
            return None
        current()
        plan = pickle.loads(payload[stream.tell():])
    except CchcError:
        return None  # an included file is gone: the full load says so
    except Exception:  # noqa: BLE001 - anything wrong with an entry only means a miss
        _remove(entry)
        return None
    return (plan, included) if isinstance(plan, Plan) else None


def store(entry: Path | None, included: Sequence[tuple[Path, str]], plan: Plan) -> None:
    """Keep `plan` in `entry` (from `entry_for` of its text) with these included files."""
    if entry is None:
        return
    # The included files' names and hashes, then the plan: a stale entry is told without
    # reading the plan.
    payload = (pickle.dumps([(str(name), digest(part)) for name, part in included],
                            protocol=pickle.HIGHEST_PROTOCOL)
               + pickle.dumps(plan, protocol=pickle.HIGHEST_PROTOCOL))
    temporary = entry.with_suffix(f".{os.getpid()}.tmp")
    try:
        entry.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        with open(temporary, "wb", opener=lambda name, flags: os.open(name, flags, 0o600)) as handle:
            handle.write(_MAGIC)
            handle.write(hashlib.sha256(payload).digest())
            handle.write(payload)
        os.replace(temporary, entry)
        _prune(entry.parent)
    except OSError:
        _remove(temporary)


def _prune(place: Path) -> None:
    entries = sorted(place.glob("*.pickle"), key=lambda entry: entry.stat().st_mtime, reverse=True)
    for old in entries[_KEPT:]:
        _remove(old)


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()
