"""The `cchc` Typer application: the object every command module registers its commands on."""

from __future__ import annotations

from typing import Annotated

import typer

from .. import __version__

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
