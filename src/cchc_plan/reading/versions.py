"""Two versions of one plan read one after the other: a file and its edit (a write proving its
new text), or two git revisions (`cchc diff`). They differ in a few places, so the second
reading parses and validates again only the chunks of records whose text changed (`chunks`),
and the first version is kept as a `Snapshot` (its records as JSON, a tenth of the memory of
the models) so that the two are never held as models at once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..plan.model import Plan
from .chunks import ChunkKey, KnownChunks
from .loader import LoadedPlan, Reader, load_reusing
from .snapshot import Snapshot
from .text import read_text


class Versions:
    """Reads a plan's versions in turn; owns what each reading leaves for the next."""

    def __init__(self) -> None:
        self._chunks = KnownChunks()
        self._first_plan: Plan | None = None
        self._first: Snapshot | None = None

    def first(self, text: str, path: Path, read: Reader = read_text, *, keep: bool = True) -> LoadedPlan:
        """Read the first version, as `load_text` does. Its plan becomes a snapshot only when the
        next version is read: by then the caller has let go of it, and the snapshot is not held
        while the caller still works with the plan (a write builds its new text meanwhile)."""
        loaded = self._read(text, path, read, keep)
        self._first_plan = loaded.plan
        return loaded

    def then(self, text: str, path: Path, read: Reader = read_text, *, keep: bool = True) -> LoadedPlan:
        """Read the next version, taking the records of every chunk the reading before it read
        from the same text; the same as `load_text` gives."""
        self._keep_first_small()
        return self._read(text, path, read, keep)

    def added(self, later: Plan, key: str) -> Any | None:
        """The one record of list `key` that `later` has more than the first version, everything
        else being equal, else None."""
        return self._snapshot().added(later, key)

    def narrowed(self, later: Plan) -> tuple[Plan, Plan]:
        """The first version and `later`, both without the activities equal in the two: what
        remains to compare is what changed."""
        return self._snapshot().narrowed(later)

    @property
    def held(self) -> frozenset[ChunkKey]:
        """The chunks whose records the next reading may take."""
        return self._chunks.held

    @property
    def waiting(self) -> bool:
        """Whether the chunks of a version taken from the cache are still to be found (they are
        found only when a reading needs them)."""
        return self._chunks.waiting

    def _read(self, text: str, path: Path, read: Reader, keep: bool) -> LoadedPlan:
        return load_reusing(text, path, read, self._chunks, keep=keep)

    def _keep_first_small(self) -> None:
        if self._first_plan is not None:
            self._first, self._first_plan = Snapshot.of(self._first_plan), None

    def _snapshot(self) -> Snapshot:
        self._keep_first_small()
        if self._first is None:
            raise ValueError("the first version was not read, or is not a valid plan")
        return self._first
