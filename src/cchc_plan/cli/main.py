"""`cchc`: the one place where expected failures become a message and an exit code."""

from __future__ import annotations

import gc
import os
import sys

import typer

from ..errors import CchcError, ExitCode, PlanError, visible
from . import corrections, git, plans, records, reports, serve, sheets  # noqa: F401 (each registers its commands on `app`)
from .app import app
from .options import print_json
from .wording import hint_for, localise, option_named, readable, usage_error


def main(argv: list[str] | None = None) -> int:
    """Run `cchc` with `argv` (the process's arguments by default); returns the exit code."""
    # A command is a short process that builds one large tree of objects (a plan of 50.000
    # activities) and frees it on exit. The cycle collector would walk that tree again and
    # again for nothing: 0,2-0,3 s of each command at 50.000 activities, and none below
    # about 20.000, so it made time grow faster than the plan. Reading, checking, writing and
    # reporting leave no cycles to collect (the peak memory of each is the same without it);
    # what has no cycles is still freed as soon as it is unused. What the imports made is also
    # left out of the one collection Python still makes when it exits (12 ms of every command).
    readable(sys.stdout)
    readable(sys.stderr)
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
    """The error as the clerk reads it: the inputs it concerns named as she typed them."""
    message, hint = error.worded(option_named), hint_for(error.code, error.hint)
    if as_json:
        cells = getattr(error, "cells", None)  # rows of a spreadsheet, by file, sheet, row, column
        errors = [e.as_json() for e in (cells or error.errors)] or [
            PlanError("", 0, 0, error.code, message, hint).as_json()
        ]
        print_json({"ok": False, "errors": errors})
        return
    if error.errors:
        from .views import print_errors

        print_errors(error.errors, error.source, count=False)
    print(f"Lỗi: {visible(message)}", file=sys.stderr)
    if hint:
        print(f"      → {visible(hint)}", file=sys.stderr)
