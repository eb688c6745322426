"""Report data rendered as Markdown, Word (DOCX) or JSON, through Jinja templates in a sandbox.

Templates see the same values as `--format json` and run in Jinja's sandbox with
StrictUndefined: a misspelt name stops the render with the template's line, so a submitted
document never carries an empty hole, and a template cannot reach Python's internals.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import os
import re
import stat
import traceback
import zipfile
from collections.abc import Callable
from decimal import Decimal
from importlib.resources import files
from pathlib import Path
from typing import Any, ClassVar, Literal, Protocol, TypeVar

from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError, UndefinedError, meta
from jinja2.bccache import FileSystemBytecodeCache
from jinja2.exceptions import SecurityError

from .. import caching
from ..errors import CchcError, ExitCode, Problem, describe
from ..sheets.workbook import stable_zip
from . import vietnamese
from .data import task_rows
from .sandbox import (
    Sandbox,
    TemplateTooLarge,
    TemplateTooSlow,
    bounded,
    capped,
    word_package_faults,
)
from .wordstream import NON_BREAKING_HYPHEN, render_word, streamable, write_word_hyphens

Format = Literal["md", "docx", "json", "pdf", "xlsx", "csv"]
FORMATS: tuple[Format, ...] = ("md", "docx", "json", "pdf", "xlsx", "csv")
# Formats written to a file, never to the screen.
BINARY_FORMATS = ("docx", "pdf", "xlsx")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~$^@&])")
_LINE_START_SPECIAL = re.compile(r"^(\s*(?:\d+(?=[.)](?:\s|$)))?)([#.)]|[-+](?=\s|$))")
_LINE_BREAKS = re.compile(r"\s*[\r\n]+\s*")
_INNER_HYPHEN = re.compile(r"(?<=\S)-(?=\S)")

MAX_TEMPLATE_BYTES = 32 * 1024 * 1024

Result = TypeVar("Result")


class Renderable(Protocol):
    """Report data a template can render: the single report or the roll-up."""

    TEMPLATES: ClassVar[dict[str, str]]

    def as_dict(self) -> dict[str, Any]: ...


def default_template(data: Renderable, kind: Literal["md", "docx"]) -> Path:
    """The template shipped in `templates/` for `kind` of `data`."""
    return Path(str(files("cchc_plan.templates") / data.TEMPLATES[kind]))


def output_format(chosen: str | None, output: Path | None, template: Path | None) -> Format:
    """The format asked for, else the one the output or template file's name implies, else md."""
    implied = {".docx": "docx", ".json": "json", ".md": "md", ".j2": "md", ".markdown": "md",
               ".pdf": "pdf", ".xlsx": "xlsx", ".csv": "csv"}
    if chosen is not None and chosen not in FORMATS:
        raise CchcError("", ExitCode.USAGE, code="invalid-input", inputs=[Problem(
            ("format",), "invalid-input",
            f"không có định dạng «{chosen}»; chọn md, docx, pdf, json, xlsx hoặc csv.")])
    kind: str = chosen or next(
        (implied[path.suffix.lower()] for path in (output, template)
         if path is not None and path.suffix.lower() in implied),
        "md",
    )
    if template is not None:
        template_kind = "docx" if template.suffix.lower() == ".docx" else "md"
        if ("docx" if kind == "pdf" else kind) != template_kind:
            raise CchcError(
                "", ExitCode.USAGE, code="template-format",
                hint="Dùng mẫu .docx cho báo cáo Word, mẫu .md/.j2 cho báo cáo Markdown.",
                inputs=[Problem(("template",), "template-format",
                                f"«{template}» là mẫu {template_kind}, không dựng được báo cáo {kind}.")],
            )
    return kind  # type: ignore[return-value]


def report_file_name(year: int, code: str, kind: Format, rollup: bool = False) -> str:
    """`bao-cao-2020-Q2.docx` (`bao-cao-tong-hop-2020-Q2.docx`): the default file name."""
    return f"bao-cao-{'tong-hop-' if rollup else ''}{year}-{code}.{kind}"


def render(data: Renderable, kind: Format, template: Path | None = None) -> bytes:
    """The report in `kind` as the bytes of the file to write; a PDF is the Word document
    printed by LibreOffice."""
    if kind == "docx":
        return render_docx(data, template)
    if kind == "pdf":
        from .pdf import docx_to_pdf

        return docx_to_pdf(render_docx(data, template))
    if kind == "json":
        return render_json(data)
    if kind in ("xlsx", "csv"):
        from .spreadsheet import render_csv, render_xlsx

        return render_xlsx(data.as_dict()) if kind == "xlsx" else render_csv(data.as_dict())
    return render_markdown(data, template).encode("utf-8")


def render_json(data: Renderable) -> bytes:
    """The report data as JSON: ISO dates, percentages as numbers with one decimal. Written a
    batch of pieces at a time: the indented encoder makes millions of small pieces for a large
    report, which joined at once would take several times the size of the result."""
    encoder = json.JSONEncoder(ensure_ascii=False, indent=2, default=_json_value)
    result = io.BytesIO()
    batch: list[str] = []
    for piece in encoder.iterencode(data.as_dict()):
        batch.append(piece)
        if len(batch) == 10_000:
            result.write("".join(batch).encode("utf-8"))
            batch.clear()
    result.write(("".join(batch) + "\n").encode("utf-8"))
    return result.getvalue()


def render_markdown(data: Renderable, template: Path | None = None) -> str:
    """The report as Markdown (pipe tables, no HTML), from `template` or the shipped one."""
    path = template or default_template(data, "md")
    source = _markdown_source(path)
    environment = _environment(finalize=_markdown_value)
    return _guarded(path, lambda: capped(environment.from_string(source).generate(data.as_dict())))


def render_docx(data: Renderable, template: Path | None = None) -> bytes:
    """The report as a Word document in the Nghị định 30 format; the same data give the same bytes."""
    path = template or default_template(data, "docx")
    document = _word_template(path)
    environment = _environment(finalize=_docx_value)
    environment.autoescape = True
    try:
        with bounded():
            if streamable(document):  # the body streamed into the zip: no tree of the whole body
                return render_word(document, data.as_dict(), environment)
            document.render(data.as_dict(), jinja_env=environment, autoescape=True)
    except (TemplateError, SecurityError) as error:
        if getattr(error, "docx_context", None) is None:
            error.docx_context = _docx_paragraph(document, _template_line(error))  # type: ignore[attr-defined]
        raise _template_failure(path, error) from None
    buffer = io.BytesIO()
    document.save(buffer)
    return fixed_zip(buffer.getvalue())


def check_template(path: Path, data: Renderable) -> list[str]:
    """What is wrong with a Markdown or Word template: unknown names, then a test render."""
    known = set(data.as_dict())
    environment = _environment(finalize=_markdown_value)
    try:
        if path.suffix.lower() == ".docx":
            names = _word_template(path).get_undeclared_template_variables(environment)
            render: Callable[[], Any] = lambda: render_docx(data, path)
        else:
            source = _markdown_source(path)
            names = meta.find_undeclared_variables(environment.parse(source))
            render = lambda: render_markdown(data, path)
    except TemplateSyntaxError as error:
        return [_template_message(path, error)]
    problems = [
        f"{path}: «{name}» không có trong dữ liệu báo cáo; các tên dùng được: "
        + ", ".join(sorted(known))
        for name in sorted(set(names) - known)
    ]
    if problems:
        return problems
    try:
        render()
    except CchcError as error:
        return [error.message]
    return []


class _Environment(Sandbox):
    """The sandbox, with compiled templates kept in the cache folder (Jinja's bytecode cache):
    a report need not parse and compile its template, or the parts of a Word template, again."""

    def from_string(self, source: Any, globals: Any = None, template_class: Any = None) -> Any:
        store = self.bytecode_cache
        if store is None or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        # The compiled code depends on the sandbox's rules too (which operations it checks).
        key = caching.digest(caching.code_version("reports", "caching.py"), source)
        bucket = store.get_bucket(self, key, None, source)
        if bucket.code is None:
            bucket.code = self.compile(source)
            with contextlib.suppress(OSError):
                store.set_bucket(bucket)
        return (template_class or self.template_class).from_code(
            self, bucket.code, self.make_globals(globals), None
        )


def _bytecode_cache() -> FileSystemBytecodeCache | None:
    place = caching.folder()
    if place is None:
        return None
    try:
        (place / "jinja").mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError:
        return None
    return FileSystemBytecodeCache(str(place / "jinja"))


def _environment(finalize: Callable[[Any], Any]) -> Sandbox:
    environment = _Environment(
        bytecode_cache=_bytecode_cache(),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=finalize,
    )
    environment.filters.update(
        number=vietnamese.number,
        money=vietnamese.money,
        percent=vietnamese.percent,
        date=_date,
        amounts=vietnamese.amounts,
        letter=vietnamese.letter,
        task_rows=task_rows,
    )
    return environment


def _date(value: dt.date | str | None) -> str:
    if value is None:
        return ""
    day = dt.date.fromisoformat(value) if isinstance(value, str) else value
    return vietnamese.short_date(day)


def _markdown_value(value: Any) -> str:
    """A value as Markdown text that pandoc reads literally: special characters escaped, and on
    one line, so that text from the plan never breaks a table or starts a heading."""
    if value is None:
        return ""
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", _LINE_BREAKS.sub(" ", str(value)))
    # What is special only where a line starts (a note's paragraph starts one): a heading, a
    # list item, a numbered item. Elsewhere «#» and «-» stay as typed, and read as typed.
    return _LINE_START_SPECIAL.sub(r"\1\\\2", text, count=1)


def _docx_value(value: Any) -> Any:
    """A value as a Word document prints it: a hyphen inside a token (12/GM-SVHTTDL, tin-tuc)
    becomes a non-breaking one, so a line never ends inside a document number. Nothing else is
    added: a link copied out of the document must still work."""
    if value is None:
        return ""
    if isinstance(value, str) and "-" in value:
        return _INNER_HYPHEN.sub(NON_BREAKING_HYPHEN, value)
    return value


def _json_value(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    raise TypeError(f"{type(value).__name__} is not JSON")


def _read_template(path: Path) -> bytes:
    try:
        status = os.stat(path)  # before opening: opening a pipe waits for a writer
        if not stat.S_ISREG(status.st_mode) or status.st_size > MAX_TEMPLATE_BYTES:
            raise CchcError(
                f"Mẫu báo cáo «{path}» không phải một tệp mẫu (thư mục, thiết bị, hoặc lớn "
                f"hơn {MAX_TEMPLATE_BYTES // 1024 // 1024} MB).",
                ExitCode.USAGE, code="template-not-found",
            )
        return path.read_bytes()
    except OSError as error:
        raise CchcError(
            f"Không đọc được mẫu báo cáo «{path}»: {describe(error)}.",
            ExitCode.USAGE if isinstance(error, FileNotFoundError) else ExitCode.IO,
            code="template-not-found",
        ) from None


def _markdown_source(path: Path) -> str:
    try:
        return _read_template(path).decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CchcError(
            f"Mẫu «{path}» không phải văn bản UTF-8.", ExitCode.TEMPLATE_INVALID,
            hint="Mở mẫu bằng trình soạn thảo và lưu lại với bảng mã UTF-8.", code="template-encoding",
        ) from None


def _word_template(path: Path) -> Any:
    """The Word template at `path`, opened; a file that is not a .docx is a clear error."""
    from docx.opc.exceptions import PackageNotFoundError
    from docxtpl import DocxTemplate

    data = _read_template(path)
    faults = word_package_faults(data)
    if faults:
        raise CchcError(
            f"Mẫu «{path}» không an toàn: " + "; ".join(faults) + ".", ExitCode.TEMPLATE_INVALID,
            hint="Mở mẫu bằng Word, xóa ảnh liên kết, trường INCLUDE/LINK/DDE hay mẫu đính kèm, "
            "rồi lưu lại; ảnh chèn thẳng vào tệp thì dùng được.",
            code="template-unsafe",
        )
    template = DocxTemplate(io.BytesIO(data))
    try:
        template.init_docx()
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError):
        raise CchcError(
            f"Mẫu «{path}» không phải tệp Word (.docx) hợp lệ.", ExitCode.TEMPLATE_INVALID,
            hint="Mở mẫu bằng Word hoặc LibreOffice và lưu lại dạng .docx.", code="template-not-docx",
        ) from None
    write_word_hyphens(template)
    return template


def _guarded(path: Path, render: Callable[[], Result]) -> Result:
    """Run a render (for at most MAX_SECONDS), turning any template fault into a message that
    names the template's line."""
    try:
        with bounded():
            return render()
    except (TemplateError, SecurityError) as error:
        raise _template_failure(path, error) from None


def _template_failure(path: Path, error: Exception) -> CchcError:
    return CchcError(
        _template_message(path, error),
        ExitCode.TEMPLATE_INVALID,
        hint="Sửa mẫu rồi chạy lại; «cchc template check MẪU» kiểm tra mẫu mà không lập báo cáo.",
        code=_template_code(error),
    )


def _template_code(error: Exception) -> str:
    if isinstance(error, TemplateSyntaxError):
        return "template-syntax"
    if isinstance(error, UndefinedError):
        return "template-undefined"
    if isinstance(error, TemplateTooSlow):
        return "template-timeout"
    if isinstance(error, TemplateTooLarge):
        return "template-too-large"
    if isinstance(error, SecurityError):
        return "template-unsafe"
    return "template-error"


def _template_message(path: Path, error: Exception) -> str:
    where = _template_place(path, error)
    detail = getattr(error, "message", None) or str(error)
    if isinstance(error, SecurityError):
        what = f"mẫu dùng một thao tác không được phép ({detail})"
    elif isinstance(error, UndefinedError):
        what = f"mẫu dùng một tên không có trong dữ liệu báo cáo ({detail})"
    elif isinstance(error, TemplateSyntaxError):
        what = f"lỗi cú pháp Jinja ({detail})"
    else:
        what = f"lỗi khi dựng báo cáo từ mẫu ({detail})"
    return f"{where}: {what}"


def _template_place(path: Path, error: Exception) -> str:
    """`FILE:LINE` for a text template; for a Word template, the text around the fault."""
    context = getattr(error, "docx_context", None)
    if context is not None:
        text = " ".join(" ".join(context).split())
        return f"{path} (quanh đoạn «{text[:160]}»)"
    line = _template_line(error)
    return f"{path}:{line}" if line else str(path)


def _template_line(error: Exception) -> int | None:
    """The template line a Jinja error happened on: given for syntax, found in the traceback else."""
    line: int | None = getattr(error, "lineno", None)
    if line is None:
        frames = [
            frame.lineno
            for frame in traceback.extract_tb(error.__traceback__)
            if frame.filename == "<template>"
        ]
        line = frames[-1] if frames else None
    return line


def _docx_paragraph(document: Any, line: int | None) -> list[str]:
    """The text of the Word paragraph on `line` of the body as docxtpl hands it to Jinja
    (docxtpl puts each paragraph on a line of its own)."""
    if line is None:
        return []
    source = re.sub(r"<w:p([ >])", r"\n<w:p\1", document.patch_xml(document.get_xml()))
    lines = source.splitlines()
    return [re.sub(r"<[^>]+>", "", lines[line - 1])] if 0 < line <= len(lines) else []


def fixed_zip(data: bytes) -> bytes:
    """The same zip with every entry stamped at one fixed time, so equal content gives equal bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    return stable_zip((entry.filename, (source.read(entry.filename),)) for entry in source.infolist())
