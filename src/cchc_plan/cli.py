"""The `cchc` command line: parses arguments, calls the library, prints. Nothing else lives here."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from . import __version__
from .cli_text import localise, usage_message
from .discovery import PLAN_ENV, find_plan
from .errors import CchcError, ExitCode, PlanError

app = typer.Typer(
    name="cchc",
    help=(
        "Quản lý kế hoạch tuyên truyền cải cách hành chính trong một tệp YAML: "
        "kiểm tra, xem, ghi kết quả và lập báo cáo."
    ),
    no_args_is_help=True,
    add_completion=False,
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


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


@app.command()
def check(plan: PlanOption = None, year: YearOption = None, as_json: JsonOption = False) -> int:
    """Kiểm tra tệp kế hoạch: báo mọi lỗi kèm dòng, cột và cách sửa."""
    from .loader import load_plan

    path = _plan_path(plan, year)
    loaded = load_plan(path)
    if as_json:
        _print_json({"ok": loaded.ok, "file": str(path), "errors": [e.as_json() for e in loaded.errors]})
    elif loaded.plan is not None:
        tasks = len(loaded.plan.tasks())
        print(
            f"{path}: hợp lệ · {len(loaded.plan.units)} đơn vị, {tasks} nhiệm vụ, "
            f"{len(loaded.plan.forms)} hình thức, {len(loaded.plan.contents)} nội dung, "
            f"{len(loaded.plan.activities)} hoạt động."
        )
    else:
        _print_errors(loaded.errors, loaded.text)
    return ExitCode.OK if loaded.ok else ExitCode.PLAN_INVALID


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


def _print_errors(errors: list[PlanError], text: str, count: bool = True) -> None:
    from .views import format_error

    lines = text.splitlines()
    for error in errors:
        print(format_error(error, lines), file=sys.stderr)
    if count:
        print(f"{len(errors)} lỗi.", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    """Run `cchc`; the one place where expected failures become a message and an exit code."""
    args = sys.argv[1:] if argv is None else argv
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
    except Exception as error:
        message = usage_message(error)
        if message is None:
            raise
        if message:
            print(message, file=sys.stderr)
        return int(ExitCode.USAGE)
    return int(result or 0)


def _report_failure(error: CchcError, as_json: bool) -> None:
    if as_json:
        errors = [e.as_json() for e in error.errors] or [
            PlanError("", 0, 0, error.code, error.message, error.hint).as_json()
        ]
        _print_json({"ok": False, "errors": errors})
        return
    if error.errors:
        _print_errors(error.errors, error.source, count=False)
    print(f"Lỗi: {error.message}", file=sys.stderr)
    if error.hint:
        print(f"      → {error.hint}", file=sys.stderr)
