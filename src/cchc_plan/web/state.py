"""The plan as the server sees it: read again whenever a file of it changed on disk (a `git
pull`, a write of the command line or of another page), otherwise kept in memory."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from ..reading.loader import LoadedPlan, load_plan

Value = TypeVar("Value")


@dataclass(frozen=True)
class Snapshot:
    """One reading of the plan and the stamp of the files it was read from, with what the
    pages derived from it (a report, the overview), made once per reading."""

    loaded: LoadedPlan
    stamp: tuple[tuple[str, int, int], ...]
    derived: dict[Any, Any] = field(default_factory=dict, compare=False, repr=False)

    def once(self, key: Any, make: Callable[[], Value]) -> Value:
        """`make()`, kept for this reading under `key` (two requests at once may both make it)."""
        if key not in self.derived:
            self.derived[key] = make()
        return self.derived[key]  # type: ignore[no-any-return]

    @property
    def version(self) -> str:
        """A short text that changes whenever a file of the plan changes."""
        return format(abs(hash(self.stamp)), "x")


class PlanState:
    """Holds the latest reading of the plan at `path`."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._snapshot: Snapshot | None = None

    def current(self) -> Snapshot:
        """The plan as it is on disk now: the kept reading when no file changed since."""
        with self._lock:
            kept = self._snapshot
            if kept is not None and _stamp(kept.loaded, self.path) == kept.stamp:
                return kept
            loaded = load_plan(self.path)
            self._snapshot = Snapshot(loaded, _stamp(loaded, self.path))
            return self._snapshot


def _stamp(loaded: LoadedPlan, path: Path) -> tuple[tuple[str, int, int], ...]:
    files = [path, *(source.path for source in loaded.included)]
    stamps = []
    for file in files:
        try:
            status = file.stat()
            stamps.append((str(file), status.st_mtime_ns, status.st_size))
        except OSError:
            stamps.append((str(file), -1, -1))
    return tuple(stamps)
