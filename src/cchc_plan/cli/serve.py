"""`cchc serve`: the plan in a browser, for the people who never open a terminal."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from ..errors import CchcError, ExitCode, describe
from .app import app
from .options import PlanOption, YearOption, plan_path


@app.command()
def serve(
    host: Annotated[str, typer.Option("--host", help="Địa chỉ máy chủ lắng nghe (mặc định chỉ máy "
                                      "này: 127.0.0.1).")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=0, max=65535,
                                      help="Cổng (0: chọn một cổng còn trống).")] = 8765,
    read_only: Annotated[bool, typer.Option("--read-only", help="Chỉ cho xem, không cho ghi.")] = False,
    open_browser: Annotated[bool, typer.Option("--open", help="Mở trình duyệt ngay.")] = False,
    plan: PlanOption = None,
    year: YearOption = None,
) -> int:
    """Mở kế hoạch trong trình duyệt: tổng quan, hoạt động, tiến độ, ghi chép, báo cáo."""
    import socket

    import uvicorn

    from ..web.app import create_app
    from ..web.security import Guard, host_names, new_token

    if host in ("0.0.0.0", "::"):
        # Every address of the machine: no one name to check a request's Host against, and
        # none to print. The clerk gives the address the other devices will use.
        raise CchcError("--host: cần địa chỉ của máy này trong mạng (ví dụ 192.168.1.5), không "
                        "phải «" + host + "».", ExitCode.USAGE, code="invalid-input",
                        hint="Xem địa chỉ bằng lệnh ipconfig (Windows) hoặc ip addr, rồi chạy "
                        "cchc serve --host ĐỊA-CHỈ.")
    path = plan_path(plan, year)
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    listener = socket.socket(family, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    # Each answer goes out at once: without this a reply written in two pieces waits for the
    # browser's delayed acknowledgement, 40 ms on every request of a kept-alive connection.
    listener.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    try:
        listener.bind((host, port))
    except OSError as error:
        listener.close()
        raise CchcError(f"Không mở được máy chủ tại {host}:{port}: {describe(error)}.", ExitCode.IO,
                        code="io-error",
                        hint="Chọn cổng khác bằng --port (hoặc --port 0 để tự chọn).") from None
    listener.listen(128)  # connections wait from now on: the address printed is ready for use
    bound = listener.getsockname()[1]
    token = new_token()
    shown = f"[{host}]" if ":" in host else host
    address = f"http://{shown}:{bound}/?token={token}"
    print(address, flush=True)
    print(f"Mở địa chỉ trên trong trình duyệt. Kế hoạch: {path}. Dừng bằng Ctrl+C.",
          file=sys.stderr, flush=True)
    guard = Guard(token, host_names(shown, bound), read_only)
    config = uvicorn.Config(create_app(path, guard), log_level="critical", access_log=False,
                            timeout_graceful_shutdown=2)
    server = uvicorn.Server(config)
    if open_browser:
        import threading
        import webbrowser

        threading.Timer(0.5, webbrowser.open, args=(address,)).start()
    server.run(sockets=[listener])
    print("Đã dừng máy chủ.", file=sys.stderr)
    return ExitCode.OK
