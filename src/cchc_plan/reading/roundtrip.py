"""The plan file as a round-trip YAML document: comments, order and quoting kept, positions known.

Reading never raises for a bad file: faults come back as `PlanError` values so that the
clerk sees every one of them with its line and column.
"""

from __future__ import annotations

import warnings
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError
from ruamel.yaml.events import AliasEvent, CollectionEndEvent, CollectionStartEvent, ScalarEvent
from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.reader import ReaderError
from ruamel.yaml.resolver import VersionedResolver

from ..errors import Loc, PlanError
from .bounds import MAX_DEPTH, node_errors, too_deep
from .text import text_faults

_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"


class _PlanResolver(VersionedResolver):
    """Leave dates as text: the model parses them, so 2020-06-31 is a located error, not a crash,
    and an untouched date is written back exactly as the clerk typed it."""

    @property
    def versioned_resolver(self) -> Any:
        resolvers = super().versioned_resolver
        return {
            first: [(tag, regexp) for tag, regexp in entries if tag != _TIMESTAMP_TAG]
            for first, entries in resolvers.items()
        }


class _PlanConstructor(RoundTripConstructor):
    """Record duplicate keys instead of stopping at the first one (the first value is kept), and
    keys that are lists or mappings (`? [a, b]`), which a plan never has, instead of failing."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.duplicate_keys: list[tuple[Any, int, int]] = []
        self.complex_keys: list[tuple[int, int]] = []

    def check_mapping_key(
        self, node: Any, key_node: Any, mapping: Any, key: Any, value: Any
    ) -> bool:
        if not isinstance(key_node, ScalarNode):
            mark = key_node.start_mark
            self.complex_keys.append((mark.line + 1, mark.column + 1))
            return False
        if key in mapping:
            mark = key_node.start_mark
            self.duplicate_keys.append((key, mark.line + 1, mark.column + 1))
            return False
        return True


def make_yaml() -> YAML:
    """The one YAML configuration used to read and write plan files."""
    yaml = YAML(typ="rt")
    yaml.Resolver = _PlanResolver
    yaml.Constructor = _PlanConstructor
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def locate(data: Any, loc: Loc, at_key: bool = False) -> tuple[int, int]:
    """Walk `loc` through the round-trip tree as far as it exists and return that position."""
    position = (1, 1)
    node = data
    for depth, part in enumerate(loc):
        last = depth == len(loc) - 1
        if isinstance(node, CommentedMap) and isinstance(part, str) and part in node:
            # A one-item list a migration made of a single value (`lead: vp`) is that value.
            single = loc[depth + 1:] == (0,) and not isinstance(node[part], (CommentedSeq, CommentedMap))
            line, col = node.lc.value(part) if (last and not at_key) or single else node.lc.key(part)
            position = (line + 1, col + 1)
            node = node[part]
        elif isinstance(node, CommentedSeq) and isinstance(part, int) and 0 <= part < len(node):
            line, col = node.lc.item(part)
            position = (line + 1, col + 1)
            node = node[part]
        else:
            break
    return position


def parse(text: str, filename: str) -> tuple[Any, list[PlanError]]:
    """Parse YAML text into a round-trip tree; syntax faults come back as located errors."""
    parsed = _parse(text, filename, piece=False)
    assert parsed is not None
    return parsed


def parse_piece(text: str, filename: str) -> tuple[Any, list[PlanError]] | None:
    """Parse a piece of a file that starts at a line of its own, as `parse` does; a fault
    found because the piece ends there (an open quote or bracket) gives None instead, since
    the rest of the file may close it. Positions are the piece's own."""
    return _parse(text, filename, piece=True)


def _parse(text: str, filename: str, piece: bool) -> tuple[Any, list[PlanError]] | None:
    errors = text_faults(text, filename)
    if errors:
        return None, errors
    yaml = make_yaml()
    constructor: _PlanConstructor
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # a reused anchor name is valid YAML: no stderr noise
            constructor, _ = yaml.get_constructor_parser(text)
            node = constructor.composer.get_single_node()
            bounded = node_errors(node, filename) if node is not None else []
            if bounded:
                return None, bounded
            data = constructor.construct_document(node) if node is not None else None
    except MarkedYAMLError as error:
        if piece and _at_end(error):
            return None
        return None, [_syntax_error(error, filename, text)]
    except ReaderError as error:
        return None, [_control_character(error, text, filename)]
    except RecursionError:
        return None, [too_deep(_first_too_deep(text), filename)]
    except Exception:  # noqa: BLE001 - whatever a parser raises is a fault of the text it read
        if piece:
            return None  # the whole file may read differently: let it say
        return None, [_stopped(yaml, filename)]
    errors = [
        PlanError(
            filename, line, col, "duplicate-key",
            f"khóa «{key}» xuất hiện hai lần trong cùng một nhóm",
            "Xóa một trong hai dòng, hoặc gộp nội dung của chúng lại.",
        )
        for key, line, col in constructor.duplicate_keys
    ]
    errors += [
        PlanError(
            filename, line, col, "yaml-complex-key",
            "khóa ở đây là một danh sách hay một nhóm; tệp kế hoạch không dùng khóa như vậy",
            "Mỗi khóa là một chữ đứng trước dấu «:», ví dụ «title: ...». Xóa dấu «?» hay dấu ngoặc "
            "ở đầu khóa.",
        )
        for line, col in constructor.complex_keys
    ]
    return data, errors


def _stopped(yaml: YAML, filename: str) -> PlanError:
    """The error of a text the parser stopped on without saying why in its own terms (a fault
    of the parser met by an unusual text): placed where it stopped."""
    reader = yaml.reader
    line, col = (reader.line + 1, reader.column + 1) if reader is not None else (1, 1)
    return PlanError(
        filename, line, col, "yaml-syntax",
        "trình đọc YAML không đọc được cách viết ở đoạn này",
        "Tệp kế hoạch chỉ dùng các dòng «khóa: giá trị», danh sách «- ...» và chú thích «# ...»; "
        "viết lại đoạn này theo mẫu plans/2020.yaml.",
    )


def _at_end(error: MarkedYAMLError) -> bool:
    """Whether the parser stopped because the text ended."""
    return any(sign in str(error.problem or "") for sign in ("end of stream", "<stream end>"))


def _first_too_deep(text: str) -> Any:
    """The first event nested deeper than any plan (the parser, unlike the composer, keeps no
    stack of Python calls, so it can walk a file too deep to compose)."""
    depth = 0
    for event in make_yaml().parse(text):
        if isinstance(event, (CollectionStartEvent, ScalarEvent, AliasEvent)) and depth >= MAX_DEPTH:
            return event
        if isinstance(event, CollectionStartEvent):
            depth += 1
        elif isinstance(event, CollectionEndEvent):
            depth -= 1
    raise AssertionError("a document the composer could not nest is deeper than any plan")


_SYNTAX_MESSAGES = {
    "mapping values are not allowed here": (
        "dấu «:» không đúng chỗ",
        (
            "Nếu văn bản có dấu «: », hãy đặt cả câu trong ngoặc kép; "
            "nếu là khóa mới, hãy xuống dòng."
        ),
    ),
    "could not find expected ':'": (
        "thiếu dấu «:» sau tên khóa",
        "Mỗi dòng của một nhóm có dạng «khóa: giá trị».",
    ),
    "found unexpected end of stream": (
        "dấu ngoặc mở ở đây chưa được đóng",
        "Thêm dấu ngoặc đóng tương ứng ở cuối đoạn văn bản.",
    ),
    "found undefined alias": (
        "tham chiếu «*» đến một neo «&» không tồn tại",
        "Viết giá trị trực tiếp thay vì dùng «*».",
    ),
    "but found another document": (
        "tệp kế hoạch chỉ được có một tài liệu YAML",
        "Xóa dòng «---» thứ hai và phần phía sau, hoặc tách thành tệp khác.",
    ),
}


# The parser's other words, by how its message starts: what is wrong, and how to write it.
_MORE_SYNTAX_MESSAGES = {
    "expected ',' or ']'": ("danh sách trong ngoặc vuông thiếu dấu phẩy hoặc dấu «]» đóng",
                            "Viết [ma-1, ma-2] trên một dòng, hoặc mỗi mục một dòng «- ...»."),
    "expected ',' or '}'": ("nhóm trong ngoặc nhọn thiếu dấu phẩy hoặc dấu «}» đóng",
                            "Viết mỗi khóa một dòng «khóa: giá trị» thay cho ngoặc nhọn."),
    "found unknown escape character": (
        "trong ngoặc kép, dấu «\\» đứng trước một ký tự không được phép",
        "Đặt văn bản trong ngoặc đơn '...' (trong đó «\\» giữ nguyên), hoặc viết «\\\\»."),
    "found character": ("giá trị không được bắt đầu bằng ký tự này",
                        "Đặt cả giá trị trong ngoặc kép \"...\"."),
    "expected a comment or a line break": (
        "sau giá trị còn chữ thừa trên cùng dòng",
        "Nếu cả dòng là một giá trị, đặt nó trong ngoặc kép \"...\"; chú thích bắt đầu bằng « #»."),
    "while scanning an alias": ("giá trị bắt đầu bằng «*»",
                                "Đặt cả giá trị trong ngoặc kép \"...\"."),
    "while scanning an anchor": ("giá trị bắt đầu bằng «&»",
                                 "Đặt cả giá trị trong ngoặc kép \"...\"."),
    "did not find expected '-' indicator": (
        "dòng này nằm trong một danh sách nhưng không bắt đầu bằng «- »",
        "Mỗi mục của danh sách bắt đầu bằng «- » thẳng cột với các mục khác."),
}
_ANY_SYNTAX = ("cách viết ở đây không đúng cú pháp YAML",
               "Kiểm tra thụt lề, dấu «:» và dấu ngoặc ở dòng này và dòng ngay trên.")


def _syntax_error(error: MarkedYAMLError, filename: str, text: str) -> PlanError:
    """The parser's error in Vietnamese, placed where it stopped; a line indented unlike the
    lines of its group is told which column it should start at."""
    problem = str(error.problem or error.context or "")
    words = {**_SYNTAX_MESSAGES, **_MORE_SYNTAX_MESSAGES}
    message, hint = next(
        (known for key, known in words.items()
         if problem.startswith(key) or str(error.context or "").startswith(key)),
        _ANY_SYNTAX,
    )
    mark = error.problem_mark or error.context_mark
    if problem.startswith("found unexpected end of stream") and error.context_mark is not None:
        mark = error.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    if problem.startswith(("expected <block end>", "mapping values are not allowed",
                           "did not find expected key", "could not find expected ':'")):
        misaligned = _misaligned(text, line)
        if misaligned is not None:
            message, hint = misaligned
        elif problem.startswith("expected <block end>") and _inside_line(text, line, col):
            message, hint = _MORE_SYNTAX_MESSAGES["expected a comment or a line break"]
    return PlanError(filename, line, col, "yaml-syntax", message, hint)


def _inside_line(text: str, line: int, col: int) -> bool:
    """Whether column `col` of line `line` comes after the line's first character."""
    lines = text.splitlines()
    if not 0 < line <= len(lines):
        return False
    current = lines[line - 1]
    return col > len(current) - len(current.lstrip(" ")) + 1


def _misaligned(text: str, line: int) -> tuple[str, str] | None:
    """When line `line` is indented unlike the line of content above it: what is wrong and the
    column it should start at (the column of that line's keys)."""
    lines = text.splitlines()
    if not 1 < line <= len(lines):
        return None
    current = lines[line - 1]
    indent = len(current) - len(current.lstrip(" "))
    above = next((number for number in range(line - 1, 0, -1)
                  if lines[number - 1].strip() and not lines[number - 1].lstrip().startswith("#")),
                 None)
    if above is None:
        return None
    previous = lines[above - 1]
    start = len(previous) - len(previous.lstrip(" "))
    content = previous[start:]
    keys_at = start + (len(content) - len(content[1:].lstrip(" ")) if content.startswith("- ") else 0)
    if indent == keys_at or current.lstrip(" ").startswith("- "):
        return None
    key = content.removeprefix("-").strip().split(":", 1)[0]
    return (
        # No line numbers in the words: a piece of the file is read on its own, and only the
        # error's position is moved to where the piece lies.
        (f"dòng này thụt vào {indent} dấu cách, không thẳng cột với dòng "
        f"{'ngay trên' if above == line - 1 else 'có nội dung ở trên'} («{key}», {keys_at} dấu cách)"),
        (f"Nếu cùng nhóm với «{key}», cho dòng này bắt đầu ở cột {keys_at + 1} "
        f"({keys_at} dấu cách); các khóa cùng một nhóm phải thẳng cột với nhau."),
    )


def _control_character(error: ReaderError, text: str, filename: str) -> PlanError:
    line = text.count("\n", 0, error.position) + 1
    col = error.position - (text.rfind("\n", 0, error.position) + 1) + 1
    return PlanError(
        filename, line, col, "control-character",
        f"có ký tự điều khiển không nhìn thấy được (mã U+{error.character:04X})",
        "Xóa ký tự này; nó thường lọt vào khi dán văn bản từ chương trình khác.",
    )
