"""The `cchc` command line: parses arguments, calls the library, prints. Nothing else lives here."""

from __future__ import annotations

import gc
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from . import __version__
from .cli_text import localise, usage_error
from .discovery import PLAN_ENV, find_plan
from .errors import CchcError, ExitCode, PlanError, visible
from .terms import PeriodCode

app = typer.Typer(
    name="cchc",
    help=(
        "Quản lý kế hoạch tuyên truyền cải cách hành chính trong một tệp YAML: "
        "kiểm tra, xem, ghi kết quả và lập báo cáo."
    ),
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)

PlanOption = Annotated[
    Path | None,
    typer.Option(
        "--plan",
        "-p",
        help=f"Tệp kế hoạch. Nếu bỏ trống: biến {PLAN_ENV}, rồi plans/NĂM.yaml theo --year, "
        "rồi kế hoạch của năm mới nhất trong plans/.",
        show_default=False,
    ),
]
YearOption = Annotated[
    int | None,
    typer.Option("--year", "-y", help="Năm của kế hoạch (chọn plans/NĂM.yaml).", show_default=False),
]
JsonOption = Annotated[
    bool, typer.Option("--json", help="In kết quả dạng JSON cho các chương trình khác đọc.")
]


def _plan_path(plan: Path | None, year: int | None) -> Path:
    return find_plan(plan, year, os.environ, Path.cwd())


def _plan_files(files: list[Path] | None, plan: Path | None, year: int | None) -> list[Path]:
    """The files named as arguments, or else the one plan that --plan/--year/discovery give."""
    if files and (plan is not None or year is not None):
        raise CchcError(
            "Gõ tên tệp, hoặc --plan/--year, không dùng cả hai cùng lúc.", ExitCode.USAGE,
            hint="Ví dụ: cchc check plans/2020.yaml plans/2021.yaml", code="invalid-input",
        )
    return files or [_plan_path(plan, year)]


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


@app.command()
def check(
    files: Annotated[
        list[Path] | None,
        typer.Argument(help="Các tệp kế hoạch; bỏ trống thì dùng tệp kế hoạch như các lệnh khác.",
                       show_default=False),
    ] = None,
    plan: PlanOption = None,
    year: YearOption = None,
    as_json: JsonOption = False,
) -> int:
    """Kiểm tra tệp kế hoạch: báo mọi lỗi kèm dòng, cột và cách sửa."""
    from .loader import load_plan

    loads = [load_plan(path) for path in _plan_files(files, plan, year)]
    results = [
        {"ok": loaded.ok, "file": str(loaded.path), "errors": [e.as_json() for e in loaded.errors]}
        for loaded in loads
    ]
    ok = all(loaded.ok for loaded in loads)
    if as_json:
        _print_json(results[0] if len(results) == 1 else {"ok": ok, "files": results})
        return ExitCode.OK if ok else ExitCode.PLAN_INVALID
    for loaded in loads:
        if loaded.plan is not None:
            tasks = len(loaded.plan.tasks())
            print(
                f"{loaded.path}: hợp lệ · {len(loaded.plan.units)} đơn vị, {tasks} nhiệm vụ, "
                f"{len(loaded.plan.forms)} hình thức, {len(loaded.plan.contents)} nội dung, "
                f"{len(loaded.plan.activities)} hoạt động."
            )
        else:
            _print_errors(loaded.errors, loaded.sources)
    return ExitCode.OK if ok else ExitCode.PLAN_INVALID


@app.command()
def show(plan: PlanOption = None, year: YearOption = None, as_json: JsonOption = False) -> int:
    """Xem nhanh kế hoạch: đơn vị và nhiệm vụ, hình thức, nội dung tuyên truyền."""
    from .loader import load_valid_plan
    from .overview import plan_overview

    valid_plan, _ = load_valid_plan(_plan_path(plan, year))
    if as_json:
        _print_json(plan_overview(valid_plan))
    else:
        from rich.console import Console

        from .views import print_overview

        print_overview(valid_plan, Console())
    return ExitCode.OK


QuarterOption = Annotated[
    int | None,
    typer.Option("--quarter", "-q", min=1, max=4, help="Quý (1–4).", show_default=False),
]
UnitOption = Annotated[
    str | None,
    typer.Option("--unit", "-u", help="Mã đơn vị, ví dụ van-phong-so.", show_default=False,
                 autocompletion=lambda: _ids("units")),
]
TaskOption = Annotated[
    str | None,
    typer.Option("--task", "-t", help="Mã nhiệm vụ, ví dụ vp-2.", show_default=False,
                 autocompletion=lambda: _ids("tasks")),
]
DryRunOption = Annotated[
    bool, typer.Option("--dry-run", help="Chỉ in phần thay đổi (dạng diff), không ghi vào tệp.")
]
FileOption = Annotated[
    Path | None,
    typer.Option("--file", show_default=False,
                 help="Ghi vào tệp này (tệp kế hoạch hoặc một tệp nó include). Bỏ trống: tệp "
                 "include có «units» chứa đơn vị của bản ghi, không có thì tệp kế hoạch."),
]


HalfOption = Annotated[
    int | None,
    typer.Option("--half", min=1, max=2, show_default=False,
                 help="6 tháng: 1 = 6 tháng đầu năm, 2 = 6 tháng cuối năm."),
]
NineMonthsOption = Annotated[bool, typer.Option("--nine-months", help="9 tháng đầu năm.")]
AnnualOption = Annotated[bool, typer.Option("--annual", help="Cả năm.")]
PeriodQuarterOption = Annotated[
    int | None,
    typer.Option("--quarter", "-q", min=1, max=4, help="Quý (1–4).", show_default=False),
]


def _period_code(
    quarter: int | None, half: int | None, nine_months: bool, annual: bool
) -> PeriodCode:
    """The one period the options name (`Q2`, `H1`, `9M`, `year`)."""
    chosen: list[PeriodCode] = []
    if quarter is not None:
        chosen.append(f"Q{quarter}")  # type: ignore[arg-type]
    if half is not None:
        chosen.append(f"H{half}")  # type: ignore[arg-type]
    if nine_months:
        chosen.append("9M")
    if annual:
        chosen.append("year")
    if len(chosen) != 1:
        raise CchcError(
            "Chọn đúng một kỳ báo cáo: --quarter 1..4, --half 1|2, --nine-months hoặc --annual"
            + ("." if not chosen else f" (đang chọn {len(chosen)} kỳ)."),
            ExitCode.USAGE,
            hint="Ví dụ: cchc report --quarter 2",
            code="period-required",
        )
    return chosen[0]


def _ids(kind: str) -> list[str]:
    """Ids for shell completion, read from the plan the command would use."""
    from .loader import load_plan

    try:
        loaded = load_plan(_plan_path(None, None))
    except CchcError:
        return []
    if loaded.plan is None:
        return []
    if kind == "tasks":
        return [task.id for _, task in loaded.plan.tasks()]
    return [item.id for item in getattr(loaded.plan, kind)]


def _read(reader: Callable[[str], Any], value: str | None, option: str) -> Any:
    """A typed option's value read into what is stored; None stays None."""
    from .textinput import InputError

    if value is None:
        return None
    try:
        return reader(value)
    except InputError as error:
        raise CchcError(f"{option}: {error}", ExitCode.USAGE, code="invalid-input") from None


@app.command()
def schema() -> int:
    """In JSON Schema của tệp kế hoạch (để trình soạn thảo kiểm tra khi gõ)."""
    from .schema import plan_json_schema_text

    sys.stdout.write(plan_json_schema_text())
    return ExitCode.OK


def _version(value: bool) -> None:
    if value:
        print(f"cchc {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="In phiên bản rồi thoát."),
    ] = False,
) -> None:
    """Quản lý kế hoạch tuyên truyền cải cách hành chính trong một tệp YAML."""


def _print_errors(errors: list[PlanError], source: str | dict[str, str], count: bool = True) -> None:
    from .views import format_error

    for error in errors:
        text = source.get(error.file, "") if isinstance(source, dict) else source
        # Lines as YAML counts them: split at line feeds only (str.splitlines would also split
        # at NEL or U+2028, which the error points at).
        print(format_error(error, text.replace("\r\n", "\n").split("\n")), file=sys.stderr)
    if count:
        print(f"{len(errors)} lỗi.", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    """Run `cchc`; the one place where expected failures become a message and an exit code."""
    # A command is a short process that builds one large tree of objects (a plan of 50.000
    # activities) and frees it on exit. The cycle collector would walk that tree again and
    # again for nothing: 0,2-0,3 s of each command at 50.000 activities, and none below
    # about 20.000, so it made time grow faster than the plan. Reading, checking, writing and
    # reporting leave no cycles to collect (the peak memory of each is the same without it);
    # what has no cycles is still freed as soon as it is unused. What the imports made is also
    # left out of the one collection Python still makes when it exits (12 ms of every command).
    collecting = gc.isenabled()
    gc.freeze()
    gc.disable()
    try:
        return _run(sys.argv[1:] if argv is None else argv)
    finally:
        if collecting:
            gc.enable()


def _run(args: list[str]) -> int:
    command = localise(typer.main.get_command(app))
    try:
        result = command.main(args=args, prog_name="cchc", standalone_mode=False)
    except CchcError as error:
        _report_failure(error, as_json="--json" in args)
        return int(error.exit_code)
    except typer.Abort:
        print("Đã hủy.", file=sys.stderr)
        return 130
    except KeyboardInterrupt:
        print("\nĐã hủy.", file=sys.stderr)
        return 130
    except Exception as error:  # noqa: BLE001 (the clerk gets a message, not a traceback)
        usage = usage_error(error)
        if usage is None:
            return _internal_failure(error)
        if usage[0]:
            _report_failure(CchcError(*usage[:1], ExitCode.USAGE, hint=usage[1]), "--json" in args)
        return int(ExitCode.USAGE)
    return int(result or 0)


def _internal_failure(error: BaseException) -> int:
    """A fault of cchc itself: one message, not a traceback (unless CCHC_DEBUG asks for it).
    Files are written whole or not at all, so none is left half-written."""
    if os.environ.get("CCHC_DEBUG"):
        raise error
    print(
        f"Lỗi: cchc gặp lỗi nội bộ ({type(error).__name__}). Không có tệp nào bị ghi dở.\n"
        "      → Chạy lại lệnh với biến môi trường CCHC_DEBUG=1 để xem chi tiết, "
        "và gửi chi tiết đó cho người bảo trì cchc.",
        file=sys.stderr,
    )
    return int(ExitCode.INTERNAL)


def _report_failure(error: CchcError, as_json: bool) -> None:
    if as_json:
        errors = [e.as_json() for e in error.errors] or [
            PlanError("", 0, 0, error.code, error.message, error.hint).as_json()
        ]
        _print_json({"ok": False, "errors": errors})
        return
    if error.errors:
        _print_errors(error.errors, error.source, count=False)
    print(f"Lỗi: {visible(error.message)}", file=sys.stderr)
    if error.hint:
        print(f"      → {visible(error.hint)}", file=sys.stderr)


# The commands of these modules register themselves on `app` when imported.
from . import cli_records, cli_reports, cli_git  # noqa: F401, I001
