"""The limits a YAML document must stay within before it is built into data.

A plan is a few levels deep and has no use for YAML's tags; aliases (`*a`) may repeat an
anchored value (`&a`), but only so far. A file that breaks these limits (an alias bomb, a
deeply nested value, a `!!python/object` tag) is refused with its position, before anything
walks the data: checked on ruamel.yaml's node graph, where an alias is the anchored node
itself, so the check costs one pass over the file's own nodes, never over their expansion.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ruamel.yaml.nodes import MappingNode, Node, SequenceNode

from ..errors import PlanError

MAX_DEPTH = 32  # a plan's deepest value (units[].tasks[].…) is 5 levels down
MAX_REPEATED = 10_000  # values that aliases may repeat, over the whole file

_IMPLICIT_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}"
    for name in ("str", "int", "float", "bool", "null", "seq", "map", "merge", "timestamp")
)


def node_errors(root: Node, filename: str) -> list[PlanError]:
    """The faults of a composed document: tags, alias cycles, too many repeated values, too
    deep nesting (the first one of each, at its position)."""
    errors = [_tag_error(node, filename) for node in _explicitly_tagged(root)][:1]
    sizes: dict[int, int] = {}
    heights: dict[int, int] = {}
    shared: list[Node] = []
    cycle = _measure(root, sizes, heights, shared)
    if cycle is not None:
        return [*errors, _error(cycle, filename, "yaml-alias-cycle",
                                "giá trị này tham chiếu «*» đến chính nó",
                                "Viết giá trị trực tiếp thay vì dùng «&» và «*».")]
    repeated = sizes[id(root)] - len(sizes)
    if repeated > MAX_REPEATED:
        largest = max(shared, key=lambda node: sizes[id(node)])
        errors.append(_error(
            largest, filename, "yaml-alias-bomb",
            f"các tham chiếu «*» nhân bản giá trị này thành hơn {MAX_REPEATED:,} giá trị".replace(",", "."),
            "Tệp kế hoạch không cần «&» và «*»: viết giá trị trực tiếp.",
        ))
    if heights[id(root)] > MAX_DEPTH:
        errors.append(too_deep(_deepest(root, heights), filename))
    return errors


def too_deep(node: Any, filename: str) -> PlanError:
    """The error of a value nested deeper than any plan needs (`node` has a `start_mark`)."""
    return _error(
        node, filename, "too-deep",
        f"giá trị lồng nhau quá {MAX_DEPTH} cấp; kế hoạch không có giá trị nào sâu như vậy",
        "Kiểm tra thụt lề và dấu ngoặc «[ {» ở đây: có thể thiếu dấu đóng hoặc thụt lề sai.",
    )


def _children(node: Node) -> list[Node]:
    if isinstance(node, MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, SequenceNode):
        return list(node.value)
    return []


def _measure(
    root: Node, sizes: dict[int, int], heights: dict[int, int], shared: list[Node]
) -> Node | None:
    """Fill the size of each node's expansion and its height, and list the nodes reached more
    than once (what aliases repeat), in one pass over the graph (without recursion, so any
    depth is measured); return a node that contains itself."""
    active: set[int] = set()
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            kids = _children(node)
            sizes[key] = 1 + sum(sizes[id(kid)] for kid in kids)
            heights[key] = 1 + max((heights[id(kid)] for kid in kids), default=0)
            active.discard(key)
            continue
        if key in sizes:
            shared.append(node)
            continue
        active.add(key)
        stack.append((node, True))
        for kid in _children(node):
            if id(kid) in active:
                return kid
            if id(kid) in sizes:
                shared.append(kid)
            else:
                stack.append((kid, False))
    return None


def _walk(root: Node) -> Iterator[Node]:
    """Each node of the graph once, in document order."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        yield node
        stack.extend(reversed(_children(node)))


def _explicitly_tagged(root: Node) -> Iterator[Node]:
    for node in _walk(root):
        tag = node.ctag
        if tag.handle is not None or str(tag.value) not in _IMPLICIT_TAGS:
            yield node


def _deepest(root: Node, heights: dict[int, int]) -> Node:
    """The node at depth MAX_DEPTH + 1 on the deepest path."""
    node = root
    for _ in range(MAX_DEPTH):
        node = max(_children(node), key=lambda kid: heights[id(kid)])
    return node


def _tag_error(node: Node, filename: str) -> PlanError:
    tag = node.ctag
    written = f"{tag.handle}{tag.suffix}" if tag.handle is not None else f"!<{tag.value}>"
    return _error(
        node, filename, "yaml-tag",
        f"thẻ YAML «{written}» không được dùng trong tệp kế hoạch",
        "Xóa thẻ (phần bắt đầu bằng «!») và viết giá trị trực tiếp; "
        "nếu muốn một con số được hiểu là văn bản, đặt nó trong ngoặc đơn, ví dụ '12'.",
    )


def _error(node: Any, filename: str, code: str, message: str, hint: str) -> PlanError:
    mark = node.start_mark
    return PlanError(filename, mark.line + 1, mark.column + 1, code, message, hint)
