"""Records written as YAML lines without the round-trip emitter, where their form is certain.

A record (activity, progress, note) holds ids, dates, numbers, short lists of ids and texts. For
most of them the canonical form is plain: `title: Hội nghị phổ biến`. This module writes those
and says None for anything it is not sure of (a text that needs quotes of another kind, a long or
multi-line text, a value that YAML would read as something else), which ruamel.yaml then writes.
Tests compare its lines with ruamel.yaml's on random records.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

# A text written plain in the canonical layout for certain: it starts with a letter, holds only
# letters, digits, spaces and quiet punctuation, and is short (no folding at the line width).
_SURELY_PLAIN = re.compile(r"[^\W\d_][\w .,;()/«»…?+=–-]{0,300}", re.UNICODE)
# A text that surely cannot be plain (a «: » or « #» inside, or an indicator first) and surely
# can be single-quoted (one line of quiet characters, no quote mark): the emitter writes it
# in single quotes.
_SURELY_QUOTABLE = re.compile(r"[\w.,;()/«»…?+=–:#!&*-][\w .,;()/«»…?+=–:#!&*-]{0,300}", re.UNICODE)
# First characters that always stop a text from being plain (`-`, `?` and `:` do only before a
# space, and ruamel.yaml decides those).
_INDICATORS = ",[]{}#&*!|>'\"%@`"
_NOT_TEXT = frozenset({"y", "n", "yes", "no", "on", "off", "true", "false", "null"})
_SLUG = re.compile(r"[a-z0-9][a-z0-9-]*")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def record_lines(
    values: Mapping[str, Any], dash: int = 2, indent: int = 4, newline: str = "\n"
) -> str | None:
    """`values` (a record, keys in the order to write) as lines of a block list, the dash at
    column `dash` and the keys at column `indent`, when the form of every value is certain;
    else None (the round-trip emitter then writes it)."""
    lines: list[str] = []
    for name, value in values.items():
        written = _value(name, value)
        if written is None or indent < dash + 2:
            return None
        start = " " * dash + "- " + " " * (indent - dash - 2) if not lines else " " * indent
        lines.append(f"{start}{name}: {written}{newline}")
    return "".join(lines) if lines else None


def _value(name: str, value: Any) -> str | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        if name == "date" and _ISO_DATE.fullmatch(value):
            return value
        if value.endswith(" "):
            return None
        if _SURELY_PLAIN.fullmatch(value):
            return value if value.lower() not in _NOT_TEXT else None
        if value[0] in "-?:":
            return None
        if _SURELY_QUOTABLE.fullmatch(value) and (": " in value or " #" in value or value[0] in _INDICATORS):
            return "'" + value.replace("'", "''") + "'"
        return None
    if isinstance(value, list) and value and all(isinstance(item, str) and _SLUG.fullmatch(item)
                                                 for item in value):
        return f"[{', '.join(value)}]"
    return None
