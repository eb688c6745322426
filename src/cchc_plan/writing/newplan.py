"""A new year's plan (`cchc init`): carried over from last year's, or a starter to fill in.

What the clerk must write anew is marked «CẦN ĐIỀN: ...»; `cchc check` reports every such
mark by line, so a plan passes only once it is filled.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ..errors import CchcError, ExitCode
from ..plan.model import PLACEHOLDER, RECORD_LISTS
from ..reading.loader import load_text, valid
from ..reading.roundtrip import make_yaml
from .canonical import give_closing_comment_at, take_closing_comment
from .migrating import migrated_text
from .storage import write_atomic


@dataclass(frozen=True)
class NewPlan:
    """The new plan's text, and the places where last year's year was changed to the new one."""

    text: str
    year_changes: list[str]


def starter_text(year: int) -> str:
    """A commented plan for a department starting from nothing."""
    template = files("cchc_plan.templates") / "ke-hoach-mau.yaml"
    return template.read_text(encoding="utf-8").replace("{year}", str(year))


def body_plan_text(year: int, header: dict[str, str | None], signer: dict[str, str | None]) -> str:
    """The starter plan of `year` for a body whose header and signer are given: a value of
    None leaves the starter's own (a parent body of None is removed: a people's committee or a
    ministry has none). Comments are kept."""
    yaml = make_yaml()
    data = yaml.load(starter_text(year))
    for key, value in header.items():
        if key == "parent_body" and value is None:
            del data["header"]["parent_body"]
        elif value is not None:
            data["header"][key] = value
    for key, value in signer.items():
        if value is not None:
            data["signer"][key] = value
        elif key == "name":
            del data["signer"]["name"]  # not known yet: the report leaves the line to sign
    stream = io.StringIO()
    yaml.dump(data, stream)
    return stream.getvalue()


def next_year(text: str, source: Path, year: int) -> NewPlan:
    """Last year's plan carried over to `year`: header, units, tasks, forms, contents, recipients
    and signer kept; «năm 2020» written as «năm 2021» in its texts; basis and preamble to be
    written anew; no activities, progress, notes or included record files."""
    old = valid(load_text(text, source))
    yaml = make_yaml()
    data = yaml.load(text)
    previous = old.header.year
    header = data["header"]
    header["year"] = year
    header["number"] = None
    header["issue_date"] = None
    if header.get("decision"):  # last year's decision issued last year's plan
        header["decision"]["number"] = None
        header["decision"]["issue_date"] = None
    closing = take_closing_comment(data["legal_basis"]) if data["legal_basis"] else ""
    data["legal_basis"] = CommentedSeq(
        [f"{PLACEHOLDER}: căn cứ ban hành kế hoạch năm {year} (số, ngày, cơ quan, trích yếu)"]
    )
    give_closing_comment_at(data["legal_basis"], 0, closing)
    data["preamble"] = f"{PLACEHOLDER}: đoạn mở đầu của kế hoạch năm {year}"
    if "include" in data:  # last year's record files stay with last year's plan
        closing = take_closing_comment(data["include"]) if data["include"] else ""
        keys = list(data)
        before = keys[keys.index("include") - 1]
        del data["include"]
        give_closing_comment_at(data, before, closing)
    for key in RECORD_LISTS:
        if data.get(key):
            closing = take_closing_comment(data[key])
            data[key] = None
            give_closing_comment_at(data, key, closing)
    changes: list[str] = []
    _replace_year(data, previous, year, (), changes)
    stream = io.StringIO()
    yaml.dump(data, stream)
    pattern = _year_pattern(previous)
    # Last year's plan may be of an older schema: written as `cchc migrate` writes it.
    lines = migrated_text(stream.getvalue()).splitlines(keepends=True)
    comments = [n for n, line in enumerate(lines) if line.lstrip().startswith("#") and pattern.search(line)]
    for number in comments:
        lines[number] = pattern.sub(f"năm {year}", lines[number])
    if comments:
        changes.append(f"chú thích ở dòng {', '.join(str(n + 1) for n in comments)}")
    return NewPlan("".join(lines), changes)


def _year_pattern(year: int) -> re.Pattern[str]:
    return re.compile(rf"\bnăm {year}\b")


def _replace_year(node: Any, old: int, new: int, path: tuple[Any, ...], changes: list[str]) -> None:
    """«năm 2020» → «năm 2021» in every text (a clerk's first edit of a copied plan)."""
    pattern = _year_pattern(old)
    items = node.items() if isinstance(node, CommentedMap) else enumerate(node) \
        if isinstance(node, CommentedSeq) else []
    for key, value in list(items):
        place = (*path, key)
        if isinstance(value, str) and pattern.search(value):
            node[key] = type(value)(pattern.sub(f"năm {new}", value))  # keeps its quoting
            changes.append(".".join(str(part) for part in place))
        else:
            _replace_year(value, old, new, place, changes)


def write_new_plan(path: Path, text: str, newline: str = "\n") -> list[str]:
    """Write a new plan that must not exist yet; it may only lack what is marked «CẦN ĐIỀN».
    Lines end with `newline` (the system's own: CRLF on Windows, where editors expect it).
    Returns the places still to fill, as `FILE:LINE`."""
    if path.exists():
        raise CchcError(
            f"Đã có tệp «{path}»; cchc không ghi đè lên kế hoạch đang có.",
            ExitCode.USAGE,
            hint="Chọn năm khác, ghi ra tệp khác, hoặc xóa tệp cũ nếu chắc chắn.",
            code="file-exists",
        )
    loaded = load_text(text, path)
    unfinished = [error for error in loaded.errors if error.code != "placeholder"]
    if unfinished:
        raise CchcError(
            f"Không tạo được «{path}»: kế hoạch mới không hợp lệ.", ExitCode.PLAN_INVALID,
            code="init-invalid", errors=unfinished, source=text,
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, text.replace("\r\n", "\n").replace("\n", newline).encode("utf-8"))
    return [f"{error.file}:{error.line}" for error in loaded.errors]
