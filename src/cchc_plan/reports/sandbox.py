"""What a report template may do: read the report's data and write text, nothing more.

A template may come from anyone (a colleague's e-mail, a download), so it runs in Jinja's
sandbox (no Python internals), may not read other files (`include`, `import`, `extends`),
may not make huge values in one step (`'x' * 10**9`, `10 ** 10**9`, `'x'.ljust(10**10)`,
`'%*s' % (10**10, 'x')`), and stops after MAX_SECONDS, MAX_RENDER_MEMORY more memory, or
MAX_OUTPUT characters of text. These limits hold on every system: the time limit is a watchdog
thread, and the widths a template asks for are checked before the text is made; where the
system can also cap the process's memory (Linux's RLIMIT_DATA), it does so during the render. A Word template is checked before it is opened: its zip may not unpack to more
than MAX_WORD_BYTES, and it may not link to anything outside itself that Word would fetch when
the report is opened (a picture or template on a server, a field that includes a file or runs
a DDE command); links a reader clicks (hyperlinks) are allowed.
"""

from __future__ import annotations

import contextlib
import ctypes
import importlib
import io
import re
import threading
import zipfile
from collections.abc import Callable, Iterable, Iterator
from types import ModuleType
from typing import Any

from jinja2 import BaseLoader, Environment
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

MAX_SECONDS = 120  # a report of 50.000 activities takes under 10 s
MAX_REPEAT = 1_000_000  # characters or items one `*` may make
MAX_EXPONENT = 1_000
MAX_OUTPUT = 32_000_000  # characters of a text report; a year of 50.000 activities makes about 14 M
MAX_WORD_BYTES = 128 * 1024 * 1024  # unpacked; the shipped template is 40 KB
MAX_RENDER_MEMORY = 2 * 1024**3  # more than a render starts with; a year of 50.000 activities
# in Word takes about 0,7 GB

_HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
# Word fields that fetch or run something when the document is opened or updated.
_FETCHING_FIELD = re.compile(
    rb"^\s*(INCLUDEPICTURE|INCLUDETEXT|INCLUDE|LINK|DDEAUTO|DDE|IMPORT)\b", re.IGNORECASE
)
_FIELD_START = re.compile(rb'w:fldCharType="begin"')
_FIELD_CODE_END = re.compile(rb'w:fldCharType="(?:separate|end)"')
_INSTRUCTION = re.compile(rb"<w:instrText[^>]*>([^<]*)</w:instrText>")
_SIMPLE_FIELD = re.compile(rb'<w:fldSimple\b[^>]*w:instr="([^"]*)"')


class TemplateTooSlow(SecurityError):
    """The template ran longer than MAX_SECONDS."""


class TemplateTooLarge(SecurityError):
    """The template asked for more than MAX_RENDER_MEMORY."""


class _NoOtherFiles(BaseLoader):
    def get_source(self, environment: Environment, template: str) -> Any:
        raise SecurityError(
            f"mẫu không được đọc tệp khác («{template}»); "
            "{% include %}, {% import %}, {% extends %} không dùng được"
        )


# str methods that make a text as wide as a number they are given.
_WIDENING_METHODS = frozenset({"ljust", "rjust", "center", "zfill", "expandtabs"})
# The width and precision of a %-format (`%3000000000s`, `%.9f`, `%*s`), and the spec of a
# {}-format (`{:>3000000000}`, `{:{}}`, whose width is one of the values).
_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[#0\- +]*(\*|\d+)?(?:\.(\*|\d+))?")
_BRACE_SPEC = re.compile(r"\{[^{}]*:((?:[^{}]|\{[^{}]*\})*)\}")
_DIGITS = re.compile(r"\d+")


class Sandbox(SandboxedEnvironment):
    """Jinja's sandbox with no file access and no huge values made in one step."""

    intercepted_binops = frozenset({"*", "**", "%"})

    def __init__(self, **options: Any) -> None:
        super().__init__(loader=_NoOtherFiles(), **options)
        self.globals.pop("lipsum", None)  # only makes text, as long as asked
        # Filters that widen a text: `center` and `indent` by a number, `format` by %-widths.
        for name, check in (("center", _check_numbers), ("indent", _check_numbers),
                            ("format", _check_percent_format)):
            self.filters[name] = _checked(self.filters[name], check)

    def call(self, context: Any, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
        owner = getattr(obj, "__self__", None)
        name = getattr(obj, "__name__", "")
        if isinstance(owner, str) and name in _WIDENING_METHODS:
            _check_numbers(owner, *args, **kwargs)
        elif isinstance(owner, str) and name in ("format", "format_map"):
            _check_format(owner, "{", [*args, *kwargs.values()])
        return super().call(context, obj, *args, **kwargs)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "*":
            for sequence, count in ((left, right), (right, left)):
                if isinstance(sequence, (str, list, tuple)) and isinstance(count, int) \
                        and len(sequence) * count > MAX_REPEAT:
                    raise SecurityError(f"phép nhân tạo giá trị quá lớn (hơn {MAX_REPEAT} phần tử)")
        if operator == "**" and isinstance(right, (int, float)) and abs(right) > MAX_EXPONENT:
            raise SecurityError(f"số mũ quá lớn (hơn {MAX_EXPONENT})")
        if operator == "%" and isinstance(left, str):
            _check_format(left, "%", list(right) if isinstance(right, tuple) else [right])
        return super().call_binop(context, operator, left, right)


def _too_large() -> TemplateTooLarge:
    return TemplateTooLarge(f"mẫu cần quá nhiều bộ nhớ (hơn {MAX_RENDER_MEMORY // 1024**3} GB)")


def _check_sizes(sizes: Iterable[int]) -> None:
    """Refuse a width that alone makes a text larger than MAX_RENDER_MEMORY."""
    if any(abs(size) > MAX_RENDER_MEMORY for size in sizes):
        raise _too_large()


def _check_format(text: str, style: str, values: list[Any]) -> None:
    """Refuse the widths and precisions of a %-format (`style` "%") or a {}-format ("{") that
    make a text larger than MAX_RENDER_MEMORY, written in it or taken from its values."""
    if style == "%":
        specs = [part for match in _PERCENT_SPEC.finditer(text.replace("%%", "")) for part in match.groups() if part]
        from_values = "*" in specs
        written = [int(spec) for spec in specs if spec != "*"]
    else:
        specs = _BRACE_SPEC.findall(text)
        from_values = any("{" in spec for spec in specs)
        written = [int(digits) for spec in specs for digits in _DIGITS.findall(spec)]
    _check_sizes([*written, *(value for value in values if from_values and isinstance(value, int))])


def _check_numbers(text: Any, *args: Any, **kwargs: Any) -> None:
    """The numbers given to a widening method or filter (`'x'.ljust(n)`, `x|indent(n)`)."""
    _check_sizes([value for value in (*args, *kwargs.values()) if isinstance(value, int)])


def _check_percent_format(text: Any, *args: Any, **kwargs: Any) -> None:
    """The widths of `text|format(...)`, a %-format."""
    _check_format(str(text), "%", [*args, *kwargs.values()])


def _checked(make: Callable[..., Any], check: Callable[..., None]) -> Callable[..., Any]:
    """Filter `make`, refusing what `check` refuses of its value and arguments first."""

    def checked(value: Any, *args: Any, **kwargs: Any) -> Any:
        check(value, *args, **kwargs)
        return make(value, *args, **kwargs)

    return checked


def capped(chunks: Iterable[str]) -> str:
    """The text the chunks of a render make, stopped once it passes MAX_OUTPUT characters.
    Small chunks are joined as they come, so millions of them never sit in memory as objects."""
    parts: list[str] = []
    total = 0
    for chunk in chunks:
        total += len(chunk)
        if total > MAX_OUTPUT:
            raise SecurityError(f"báo cáo dài quá {MAX_OUTPUT // 1_000_000} triệu ký tự")
        parts.append(chunk)
        if len(parts) == 4096:
            parts = ["".join(parts)]
    return "".join(parts)


@contextlib.contextmanager
def bounded(seconds: float | None = None) -> Iterator[None]:
    """Run a render for at most `seconds` (MAX_SECONDS) and MAX_RENDER_MEMORY more memory than
    the process has: TemplateTooSlow or TemplateTooLarge otherwise. The checks of `*`, `**` and
    widths stop the obvious huge values with a clear message; these stop everything else a
    template can ask for (endless loops; where the system caps memory, any huge value)."""
    with _time_limit(MAX_SECONDS if seconds is None else seconds), _memory_limit():
        try:
            yield
        except MemoryError:
            raise _too_large() from None


@contextlib.contextmanager
def _time_limit(limit: float) -> Iterator[None]:
    """TemplateTooSlow in this thread once `limit` seconds have passed.

    A watchdog thread raises it here (CPython's PyThreadState_SetAsyncExc), at the next step of
    Python code, as a signal handler would: the same on every system and in any thread, where an
    alarm signal exists only on POSIX and reaches only the main thread."""
    message = f"mẫu chạy quá {limit:g} giây (có thể một vòng lặp không dừng)"
    # The watchdog can only raise a class: one that carries this render's message.
    deadline = type("Deadline", (TemplateTooSlow,), {"__str__": lambda self: message})
    target = threading.get_ident()
    finished = threading.Event()
    guard = threading.Lock()

    def watch() -> None:
        if not finished.wait(limit):
            with guard:
                if not finished.is_set():
                    _raise_in(target, deadline)

    watchdog = threading.Thread(target=watch, name="cchc-template-deadline", daemon=True)
    watchdog.start()
    try:
        yield
    finally:
        with guard:
            finished.set()
        _raise_in(target, None)  # one raised but not yet arrived never arrives later
        watchdog.join()


def _raise_in(thread: int, error: type[BaseException] | None) -> None:
    """Raise `error` in `thread` at its next step of Python code (None: cancel what is pending)."""
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread), ctypes.py_object(error) if error else None)


@contextlib.contextmanager
def _memory_limit() -> Iterator[None]:
    """The data segment (every allocation) limited to what it is now plus MAX_RENDER_MEMORY,
    where the system offers the limit and tells the size (Linux); a larger allocation is a
    MemoryError. Elsewhere the width checks and the output cap are what bound a render."""
    limits = _system_module("resource")
    used = _data_size()
    if limits is None or used is None:
        yield
        return
    soft, hard = limits.getrlimit(limits.RLIMIT_DATA)
    if hard != limits.RLIM_INFINITY and hard < used + MAX_RENDER_MEMORY:
        yield
        return
    limits.setrlimit(limits.RLIMIT_DATA, (used + MAX_RENDER_MEMORY, hard))
    try:
        yield
    finally:
        limits.setrlimit(limits.RLIMIT_DATA, (soft, hard))


def _system_module(name: str) -> ModuleType | None:
    """A module only some systems have (`resource`: POSIX), or None."""
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


def _data_size() -> int | None:
    """The process's data segment in bytes (VmData), or None where /proc does not say."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmData:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        return None
    return None


def word_package_faults(data: bytes) -> list[str]:
    """What is wrong with a Word template's package (empty if nothing): too large unpacked,
    or something Word would fetch from outside the file."""
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
        entries = package.infolist()
    except (zipfile.BadZipFile, ValueError):
        return []  # not a zip at all: opening it says so
    unpacked = sum(entry.file_size for entry in entries)
    if unpacked > MAX_WORD_BYTES:
        megabytes = unpacked // 1024 // 1024
        return [f"mẫu giải nén ra {megabytes} MB, quá giới hạn {MAX_WORD_BYTES // 1024 // 1024} MB"]
    faults = []
    for entry in entries:
        name = entry.filename
        if name.endswith(".rels"):
            faults += _external_links(package.read(entry))
        elif name.startswith("word/") and name.endswith(".xml"):
            faults += _fetching_fields(package.read(entry))
    return faults


_RELATIONSHIP = re.compile(rb"<Relationship\b[^>]*>")
_ATTRIBUTE = re.compile(rb'(\w+)="([^"]*)"')


def _external_links(rels: bytes) -> list[str]:
    faults = []
    for element in _RELATIONSHIP.findall(rels):
        attributes = {key.decode(): value.decode("utf-8", "replace")
                      for key, value in _ATTRIBUTE.findall(element)}
        if attributes.get("TargetMode") == "External" and attributes.get("Type") != _HYPERLINK:
            kind = attributes.get("Type", "").rsplit("/", 1)[-1]
            faults.append(f"mẫu liên kết ra ngoài tệp ({kind}: «{attributes.get('Target', '')}»)")
    return faults


def _fetching_fields(xml: bytes) -> list[str]:
    """Fields whose code (often split over several runs) fetches or runs something."""
    codes = _SIMPLE_FIELD.findall(xml) + [
        b"".join(_INSTRUCTION.findall(_FIELD_CODE_END.split(chunk, maxsplit=1)[0]))
        for chunk in _FIELD_START.split(xml)[1:]
    ]
    faults = []
    for code in codes:
        match = _FETCHING_FIELD.search(code)
        if match:
            faults.append(f"mẫu có trường {match.group(1).decode().upper()} "
                          f"(«{code.decode('utf-8', 'replace').strip()}»)")
    return faults
