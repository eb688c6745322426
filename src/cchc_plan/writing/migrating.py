"""`cchc migrate`: a plan file of an older schema version rewritten in the current one, with
the fewest lines changed and every comment kept.

The rewrite works on the text, line by line; what it gives is read back, and must hold exactly
what reading the old file through `plan.migrations` gives, before the file is replaced.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import CchcError, ExitCode
from ..plan.model import SCHEMA_VERSION
from ..reading.loader import load_text
from ..reading.text import decode, read_bytes
from .edit import unified_diff
from .storage import OnDisk, plan_lock, replace_file

_END = r"(?P<rest>[ \t]*(?:#[^\r\n]*)?)(?=\r?$)"
_VERSION = re.compile(r"^schema_version:[ \t]*(?P<version>\d+)" + _END, re.MULTILINE)
# `lead: van-phong` (version 1: one lead unit) as a task's key, with any comment after it.
_ONE_LEAD = re.compile(r"^(?P<key>[ \t]*(?:-[ \t]+)?lead:[ \t]*)(?P<unit>[a-z0-9]+(?:-[a-z0-9]+)*)"
                       + _END, re.MULTILINE)
_NO_LEAD = re.compile(r"^(?P<key>[ \t]*(?:-[ \t]+)?lead:)[ \t]*(?:null|~)?" + _END, re.MULTILINE)


@dataclass(frozen=True)
class Migrated:
    version: int  # the version the file had
    text: str
    diff: str


def migrated_text(text: str) -> str:
    """A version-1 plan's text in version 2: the version line, and each task's single lead
    unit as a list (`lead: vp` → `lead: [vp]`). Nothing else changes; a text already in the
    current version is returned as it is."""
    if schema_version(text) >= SCHEMA_VERSION:
        return text
    text = _VERSION.sub(lambda match: f"schema_version: {SCHEMA_VERSION}{match['rest']}", text,
                        count=1)
    text = _ONE_LEAD.sub(lambda match: f"{match['key']}[{match['unit']}]{match['rest']}", text)
    return _NO_LEAD.sub(lambda match: f"{match['key']} []{match['rest']}", text)


def schema_version(text: str) -> int:
    """The version a plan's text says it is in (0 when it says none)."""
    match = _VERSION.search(text)
    return int(match["version"]) if match else 0


def migrate_plan(path: Path, dry_run: bool = False) -> Migrated:
    """Rewrite the plan at `path` in the current schema version, under the plan's lock; the
    new text must read as exactly the same plan, else nothing is written."""
    with plan_lock(path):
        raw = read_bytes(path)
        text = decode(raw, path)
        version = schema_version(text)
        old = load_text(text, path, keep=False)  # about to be replaced
        if old.errors or old.plan is None:
            raise CchcError(f"«{path}» chưa hợp lệ; sửa các lỗi trước khi chuyển lược đồ.",
                            ExitCode.PLAN_INVALID, code="plan-invalid", errors=old.errors,
                            source=text)
        if version >= SCHEMA_VERSION:
            return Migrated(version, text, "")
        new_text = migrated_text(text)
        new = load_text(new_text, path)
        if new.errors or new.plan != old.plan:
            raise CchcError(
                f"Không chuyển được «{path}» sang lược đồ {SCHEMA_VERSION} mà giữ nguyên nội dung.",
                ExitCode.PLAN_INVALID, code="migrate-failed", errors=new.errors, source=new_text,
                hint=f"Sửa tay: đổi «schema_version: {version}» thành «schema_version: "
                f"{SCHEMA_VERSION}» và mỗi «lead: mã» thành «lead: [mã]».",
            )
        diff = unified_diff(text, new_text, path)
        if not dry_run:
            on_disk = OnDisk.of(raw)
            replace_file(path, on_disk.encode(new_text), on_disk)
        return Migrated(version, new_text, diff)
