"""Where cchc keeps what it can make again, and the version of the code that made it.

Two things are kept between runs: validated plans (`reading.cache`) and compiled report
templates (`reports.render`). Both live outside the repository, in `$CCHC_CACHE_DIR`, else
`$XDG_CACHE_HOME/cchc`, else `~/.cache/cchc` (`CCHC_CACHE_DIR=off` turns both off), and both
are named by a fingerprint of the code that decides what they hold, found by walking the
package: a module moved or added is never left out of it.
"""

from __future__ import annotations

import hashlib
import os
from functools import cache
from pathlib import Path

from . import __version__

_PACKAGE = Path(__file__).parent


def folder() -> Path | None:
    """Where entries are kept, or None when the cache is turned off."""
    chosen = os.environ.get("CCHC_CACHE_DIR")
    if chosen == "off":
        return None
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "cchc"


def digest(*texts: str) -> str:
    """The sha256 of the texts one after the other, in hex."""
    hashed = hashlib.sha256()
    for text in texts:
        hashed.update(text.encode("utf-8", "surrogatepass"))
    return hashed.hexdigest()


@cache
def code_version(*parts: str) -> str:
    """The version of some parts of the package (subpackage folders or top-level modules, such
    as `plan`, `reading`, `errors.py`): the package's version and a digest of the name and text
    of every Python file in them, so that nothing they made is taken from a cache once any of
    them changes."""
    hashed = hashlib.sha256(__version__.encode())
    for path in sorted(source for part in parts for source in _sources(_PACKAGE / part)):
        hashed.update(path.relative_to(_PACKAGE).as_posix().encode() + b"\0")
        hashed.update(path.read_bytes())
    return hashed.hexdigest()


def _sources(place: Path) -> list[Path]:
    return sorted(place.rglob("*.py")) if place.is_dir() else [place]
