"""Records already read and validated, by the text of the chunk they were read from.

A second reading of a plan that differs from the first in one place (a write proving its new
text, `cchc diff` reading two versions) then parses and validates only the chunks whose text
changed. That is the same as reading them again: each chunk is parsed on its own, so its
records depend on its text alone, and each record is validated on its own; what relates records
to the rest of the plan (references, ids, dates in the year) is checked on the whole plan every
time. A chunk is taken only when its text equals the one it was read from, character for
character (the hash only finds the candidate).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from ..plan.model import RECORD_LISTS, Plan


class Span(NamedTuple):
    """Where a chunk of records lies in the text it was read from: the text is kept once,
    not copied into each chunk."""

    text: str
    start: int
    stop: int

    def holds(self, chunk: str) -> bool:
        """Whether this span's text is exactly `chunk`."""
        return self.stop - self.start == len(chunk) and self.text.startswith(chunk, self.start)


class ChunkKey(NamedTuple):
    """A chunk of a record list, by the hash of its text."""

    key: str
    hashed: int


class _Noted(NamedTuple):
    """What a reading found, in order: `items` items of list `key`, from the chunk at `span`
    (None when the list was read whole, with the rest of the text)."""

    key: str
    span: Span | None
    hashed: int
    items: int


class _Held(NamedTuple):
    span: Span
    records: list[Any]  # a slice of the plan's list: the same record objects


class KnownChunks:
    """What one reading leaves for the next: the validated records of each chunk it read.

    A reading notes each chunk it finds (`note`, or `take` for one it holds); once the plan is
    validated, `learn` pairs the notes with the plan's records, in order."""

    def __init__(self) -> None:
        self._held: dict[ChunkKey, _Held] = {}
        self._noted: list[_Noted] = []
        # How to learn the chunks of a plan taken from the cache, done only when a reading
        # needs them (given this object rather than holding it: no cycle keeps a plan alive).
        self._pending: Callable[[KnownChunks], None] | None = None

    @property
    def held(self) -> frozenset[ChunkKey]:
        """The chunks whose records are held."""
        return frozenset(self._held)

    @property
    def waiting(self) -> bool:
        """Whether the chunks of a plan taken from the cache are still to be found."""
        return self._pending is not None

    def begin(self) -> None:
        """A new reading starts: first learn the chunks of a plan taken from the cache, if any."""
        pending, self._pending = self._pending, None
        if pending is not None:
            pending(self)
        self._noted.clear()

    def take(self, key: str, span: Span, chunk: str) -> list[Any] | None:
        """The records of `chunk` (the text at `span`) of list `key`, noted as read, if they
        are held; else None (the reading parses the chunk and calls `note`)."""
        hashed = hash(chunk)
        found = self._held.get(ChunkKey(key, hashed))
        if found is None or not found.span.holds(chunk):
            return None
        self._noted.append(_Noted(key, span, hashed, len(found.records)))
        return found.records

    def note(self, key: str, count: int, span: Span | None = None, chunk: str = "") -> None:
        """A reading found `count` items of list `key` in `chunk`, the text at `span` (None: in
        a list read whole with the rest of the text, which is counted but not held)."""
        self._noted.append(_Noted(key, span, hash(chunk), count))

    def learn(self, plan: Plan | None) -> None:
        """Pair the chunks noted by the reading that gave `plan` with its records: the plan's
        own records come first, then each included file's, in the order they were read.
        Nothing is learned from an invalid plan, or when the counts do not add up."""
        learned: dict[ChunkKey, _Held] = {}
        taken = dict.fromkeys(RECORD_LISTS, 0)
        for noted in self._noted if plan is not None else ():
            if noted.span is not None:
                records = getattr(plan, noted.key)[taken[noted.key] : taken[noted.key] + noted.items]
                learned[ChunkKey(noted.key, noted.hashed)] = _Held(noted.span, records)
            taken[noted.key] += noted.items
        consistent = plan is not None and all(taken[key] == len(getattr(plan, key)) for key in RECORD_LISTS)
        self._held = learned if consistent else {}
        self._noted.clear()

    def learn_later(self, learning: Callable[[KnownChunks], Any]) -> None:
        """Learn the chunks with `learning` when a reading needs them (`begin`), not now."""
        self._pending = learning

    def forget_all(self) -> None:
        """Let go of every record (a plan taken from the cache parses nothing)."""
        self._held = {}
        self._pending = None

    def forget_unused(self) -> None:
        """Once every file of a reading is parsed: let go of the records of chunks it did not
        find, so that a version that changed them does not hold old and new records at once."""
        found = {ChunkKey(noted.key, noted.hashed) for noted in self._noted if noted.span is not None}
        self._held = {key: value for key, value in self._held.items() if key in found}
