"""The canonical layout of a plan file (`cchc fmt`): one way to write the same plan.

Keys in the order of the model, two-space indentation, activities by date then id, lists of
ids on one line, quotes only where YAML needs them. Comments stay, and the validated plan
never changes: the result is checked against the original before anyone writes it.
"""

from __future__ import annotations

import io
import re
import typing
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.tokens import CommentToken

from ..errors import CchcError, ExitCode, PlanError
from ..plan.model import RECORD_ORDER, SLUG_PATTERN, Plan, RecordFile
from ..plan.validation import problem_from
from ..reading.loader import load_tree, record_file_data, valid
from ..reading.roundtrip import locate, make_yaml
from ..reading.text import decode, read_bytes
from .edit import item_lines, item_spans
from .layout import is_canonical
from .storage import OnDisk, plan_lock, replace_file

_SLUG = re.compile(SLUG_PATTERN)


def canonical_text(text: str, path: Path) -> str:
    """`text` (a plan, or a record file a plan includes) in the canonical layout; an invalid
    file is refused with its errors."""
    before, data = _contents(text, path)
    newline = "\r\n" if "\r\n" in text else "\n"
    text = _sorted_activities(text.replace("\r\n", "\n"), data)
    yaml = make_yaml()
    yaml.preserve_quotes = False
    tree = yaml.load(text)
    _arrange(tree, type(before))
    stream = io.StringIO()
    yaml.dump(tree, stream)
    result = stream.getvalue().replace("\n", newline)
    after = _contents(result, path)[0]
    if in_canonical_order(after) != in_canonical_order(before):
        raise CchcError(
            f"Không định dạng lại «{path}»: bản định dạng lại không còn giống hệt kế hoạch cũ.",
            ExitCode.IO,
            hint="Tệp vẫn như cũ. Hãy báo lỗi này kèm tệp kế hoạch.",
            code="fmt-refused",
        )
    return result


def in_canonical_order(contents: Plan | RecordFile) -> Plan | RecordFile:
    """The same plan (or record file) with its activities in the order `cchc fmt` writes them."""
    names = RECORD_ORDER["activities"]
    ordered = sorted(contents.activities,
                     key=lambda activity: tuple(str(getattr(activity, name)) for name in names))
    return contents.model_copy(update={"activities": ordered})


def _contents(text: str, path: Path) -> tuple[Plan | RecordFile, Any]:
    """The validated plan or record file in `text`, with its round-trip tree."""
    loaded = load_tree(text, path)
    data = record_file_data(loaded)
    if data is None:  # a plan: valid, or refused with every error
        return valid(loaded), loaded.tree
    try:
        return RecordFile.model_validate(dict(data)), data
    except ValidationError as error:
        problems = [problem_from(detail) for detail in error.errors(include_url=False)]
        raise CchcError(
            f"Tệp «{path}» có {len(problems)} lỗi.", ExitCode.PLAN_INVALID, code="plan-invalid",
            errors=[
                PlanError(str(path), *locate(data, problem.loc, problem.at_key),
                          problem.code, problem.message, problem.hint)
                for problem in problems
            ],
            source=text,
        ) from None


def _arrange(node: Any, model: type[BaseModel] | None) -> None:
    """Put keys in the model's order and lay out lists, all the way down."""
    if isinstance(node, CommentedMap):
        fields = model.model_fields if model is not None else {}
        order = [name for name in fields if name in node] + [key for key in node if key not in fields]
        if order != list(node):
            closing = take_closing_comment(node)
            for key in order:
                node.move_to_end(key)
            _give_closing_comment(node, closing)
        for key, value in node.items():
            _arrange(value, _model_of(fields[key].annotation) if key in fields else None)
            if isinstance(value, CommentedSeq):
                _lay_out(node, key, value)
    elif isinstance(node, CommentedSeq):
        for item in node:
            _arrange(item, model)


def _lay_out(parent: CommentedMap, key: Any, items: CommentedSeq) -> None:
    """Ids on one line (`forms: [pano, van-nghe]`), texts one per line. A list holding a comment
    stays as it is, except for the comment after its last item, which then follows the line."""
    if not items or any(isinstance(item, CommentedMap | CommentedSeq) for item in items):
        return
    if not all(isinstance(item, str) and _SLUG.match(item) for item in items):
        items.fa.set_block_style()
        return
    last = len(items) - 1
    closing = items.ca.items.get(last, [None])[0]
    if set(items.ca.items) - {last} or items.ca.comment or (closing and not closing.value.startswith("\n")):
        return
    if closing is not None:
        del items.ca.items[last]
        give_closing_comment_at(parent, key, closing.value[1:])
    items.fa.set_flow_style()


def _model_of(annotation: Any) -> type[BaseModel] | None:
    """The model class inside an annotation such as `list[Activity]` or `Signer | None`."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for argument in typing.get_args(annotation):
        found = _model_of(argument)
        if found is not None:
            return found
    return None


def _sorted_activities(text: str, data: Any) -> str:
    """The activities' lines reordered by date, then id. An item takes the indented comment
    lines right above it; what follows the last item (blank lines, the next section's
    comment) stays where it is."""
    activities = data.get("activities")
    if not isinstance(activities, CommentedSeq) or len(activities) < 2 or activities.fa.flow_style():
        return text
    order = sorted(range(len(activities)),
                   key=lambda n: (str(activities[n]["date"]), str(activities[n]["id"])))
    if order == list(range(len(activities))):
        return text
    lines = text.splitlines(keepends=True)
    spans = item_spans(lines, data, "activities")
    blocks = ["".join(lines[start:stop]) for start, stop in spans]
    head, tail = spans[0][0], spans[-1][1]
    return "".join(lines[:head]) + "".join(blocks[n] for n in order) + "".join(lines[tail:])


def take_closing_comment(node: CommentedMap) -> str:
    """Detach the full-line comments after the last value of `node` (they introduce what
    follows it), leaving a comment on the same line as the value in place."""
    owner, key = _last_position(node)
    entry = owner.ca.items.get(key)
    slot = 2 if isinstance(owner, CommentedMap) else 0
    token = entry[slot] if entry else None
    if token is None or "\n" not in token.value:
        return ""
    same_line, rest = str(token.value).split("\n", 1)
    token.value = same_line + "\n"
    return rest


def _give_closing_comment(node: CommentedMap, comment: str) -> None:
    owner, key = _last_position(node)
    give_closing_comment_at(owner, key, comment)


def give_closing_comment_at(owner: Any, key: Any, comment: str) -> None:
    """Put full-line `comment` after the value at `key` of `owner`."""
    if not comment:
        return
    slot = 2 if isinstance(owner, CommentedMap) else 0
    entry = owner.ca.items.setdefault(key, [None, None, None, None])
    if entry[slot] is None:
        entry[slot] = CommentToken("\n" + comment, CommentMark(0), None)
    else:
        entry[slot].value += comment


def _last_position(node: Any) -> tuple[Any, Any]:
    """The innermost container and key (or index) of the last value written in `node`."""
    while True:
        key = next(reversed(node)) if isinstance(node, CommentedMap) else len(node) - 1
        value = node[key]
        if isinstance(value, CommentedMap | CommentedSeq) and value and not value.fa.flow_style():
            node = value
            continue
        return node, key


def reformat(path: Path, write: bool) -> bool:
    """Whether `path` is not in the canonical layout; with `write`, it is rewritten (atomically,
    under the plan's lock, byte-order mark kept)."""
    with plan_lock(path):
        original = read_bytes(path)
        text = decode(original, path)
        verdict = is_canonical(text, path, lambda head: canonical_text(head, path), _record_lines)
        if verdict is True or (verdict is False and not write):
            return not verdict
        result = canonical_text(text, path)
        if result == text:
            return False
        if write:
            on_disk = OnDisk.of(original)
            replace_file(path, on_disk.encode(result), on_disk)
        return True


def _record_lines(values: dict[str, Any]) -> str:
    """One record's lines in the canonical layout, from the round-trip emitter."""
    return item_lines(values, 2, 4, "\n")
