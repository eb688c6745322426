"""The fast read path: plan text to plain values with yaml-rs, a YAML 1.2 parser written in Rust.

It answers only for text it can vouch for. Anything else (the parser missing on this platform,
a syntax fault, a duplicate key, a tag, several documents, a top level that is not a mapping)
gives None, and the careful round-trip path reads the file and places each fault at its line.
"""

from __future__ import annotations

import re
from typing import Any

# What might be an anchor (`&name`) and an alias (`*name`). A plan has no reason to use them,
# and yaml-rs reads an alias inside its own anchor as null where the careful parser sees a
# cycle, so a text that may hold both goes the careful way (a title such as «R&D *mới*» does not).
_ANCHOR = re.compile(r"(?:^|[\s\[{,])&[^\s\[\]{},]")
_ALIAS = re.compile(r"(?:^|[\s\[{,])\*[^\s\[\]{},]")
# What might be a tag (`!!str`, `!!python/object`): the round-trip parser keeps a tagged value
# as a tagged node, which the model refuses, so such a text goes the careful way too.
_TAG = re.compile(r"(?:^|[\s\[{,])![^\s]")


def parse_plain(text: str) -> dict[str, Any] | None:
    """The document as plain dicts, lists and scalars (dates left as text), else None."""
    if _may_hold(text, "&", _ANCHOR) and _may_hold(text, "*", _ALIAS) or _may_hold(text, "!", _TAG):
        return None
    try:
        import yaml_rs
    except ImportError:  # no wheel for this platform: the careful path still works
        return None
    try:
        data = yaml_rs.loads(
            text,
            parse_datetime=False,
            alias_limits=yaml_rs.AliasLimits(max_total_replayed_events=0),
            duplicate_key_policy=yaml_rs.DuplicateKeyPolicy.Error,
        )
    except (ValueError, TypeError, RecursionError, OverflowError, MemoryError):
        return None  # the careful path reports what is wrong, with its position
    return data if isinstance(data, dict) else None


def _may_hold(text: str, sign: str, pattern: re.Pattern[str]) -> bool:
    return sign in text and pattern.search(text) is not None
