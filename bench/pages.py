"""The pages of `cchc serve`, timed as a browser asks for them: the server started once on the
plan, each page asked for again and again with the file unchanged («lần sau»), and right after
a command changed the file («sau khi đổi»: the server reads the plan again)."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

PAGES = (("Tổng quan", "/"), ("Hoạt động", "/hoat-dong"), ("Tiến độ", "/tien-do"),
         ("Ghi chép", "/ghi-chep"), ("Báo cáo", "/bao-cao?period=Q2"),
         ("API hoạt động quý II", "/api/activities?period=Q2"))
PREFIX = "serve: "


def page_times(folder: Path, environment: dict[str, str], runs: int) -> list[tuple[str, float, float]]:
    """(name, seconds after a change, seconds later) for each page, medians of `runs`."""
    import httpx

    plan = folder / "plans" / "2020.yaml"
    server = subprocess.Popen([sys.executable, "-m", "cchc_plan", "serve", "--port", "0"], cwd=folder,
                              env=environment, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                              text=True)
    try:
        assert server.stdout is not None
        address = urlsplit(server.stdout.readline().strip())
        token = address.query.removeprefix("token=")
        found = []
        with httpx.Client(base_url=f"http://{address.netloc}", timeout=120,
                          headers={"Authorization": f"Bearer {token}"}) as client:
            for name, path in PAGES:
                client.get(path).raise_for_status()
                later, changed = [], []
                for number in range(runs):
                    start = time.perf_counter()
                    client.get(path).raise_for_status()
                    later.append(time.perf_counter() - start)
                    subprocess.run([sys.executable, "-m", "cchc_plan", "add-activity", "-t", "vp-1",
                                    "-d", "15/04/2020", "--title", f"Đo trang {number}", "--plan",
                                    str(plan)], env=environment, check=True, capture_output=True)
                    start = time.perf_counter()
                    client.get(path).raise_for_status()
                    changed.append(time.perf_counter() - start)
                found.append((PREFIX + name, statistics.median(changed), statistics.median(later)))
        return found
    finally:
        server.terminate()
        server.wait(timeout=10)
