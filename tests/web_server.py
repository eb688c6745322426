"""`cchc serve` as a real process on a free port, for the HTTP and browser tests."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Server:
    address: str  # the first line printed: http://127.0.0.1:PORT/?token=...
    token: str
    base: str  # http://127.0.0.1:PORT
    process: subprocess.Popen[str]

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


@contextmanager
def serving(folder: Path, *args: str) -> Iterator[Server]:
    environment = {key: value for key, value in os.environ.items() if key != "CCHC_PLAN"}
    process = subprocess.Popen(
        [sys.executable, "-m", "cchc_plan", "serve", "--port", "0", *args], cwd=folder,
        env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")
    try:
        assert process.stdout is not None
        address = process.stdout.readline().strip()
        assert address.startswith("http://"), process.stderr.read() if process.stderr else ""
        parts = urlsplit(address)
        yield Server(address, parts.query.removeprefix("token="), f"{parts.scheme}://{parts.netloc}",
                     process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
