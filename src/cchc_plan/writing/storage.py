"""Safe writes of a plan file: one writer at a time, all or nothing, nothing else lost."""

from __future__ import annotations

import codecs
import contextlib
import fcntl
import glob
import hashlib
import os
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import CchcError, ExitCode, describe


@contextlib.contextmanager
def plan_lock(path: Path) -> Iterator[None]:
    """Hold the write lock of the plan's folder: one writer at a time, no lock file left behind.

    The folder is locked rather than the file, because the file itself is replaced on every
    write; the system frees the lock when its holder dies, so a crash never blocks the next clerk.
    """
    try:
        descriptor = os.open(path.parent, os.O_RDONLY)
    except OSError as error:
        raise CchcError(
            f"Không mở được thư mục chứa tệp «{path}»: {describe(error)}.",
            ExitCode.IO if not isinstance(error, FileNotFoundError) else ExitCode.USAGE,
            code="io-error",
        ) from None
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)


@dataclass(frozen=True)
class OnDisk:
    """What a file held when it was read, in a few bytes: whether it began with a byte-order
    mark (kept when it is written again), and a digest to see that nobody changed it since."""

    bom: bool
    digest: bytes

    @classmethod
    def of(cls, data: bytes) -> OnDisk:
        return cls(data.startswith(codecs.BOM_UTF8), hashlib.sha256(data).digest())

    def encode(self, text: str) -> bytes:
        """`text` as the file's bytes: UTF-8, with the byte-order mark if the file had one."""
        return (codecs.BOM_UTF8 if self.bom else b"") + text.encode("utf-8")


def replace_file(path: Path, new: bytes, read: OnDisk) -> None:
    """Write `new` over `path` atomically with its old permissions, refusing if the file no
    longer holds what was `read` (another program changed it since)."""
    if hashlib.sha256(path.read_bytes()).digest() != read.digest:
        raise CchcError(
            f"Tệp «{path}» vừa bị thay đổi bởi chương trình khác trong lúc cchc đang ghi.",
            ExitCode.IO,
            hint="Không có gì được ghi. Lưu và đóng tệp trong trình soạn thảo rồi chạy lại lệnh.",
            code="changed-on-disk",
        )
    if not os.access(path, os.W_OK):  # the rename would succeed: the folder is what it needs
        raise CchcError(
            f"Không ghi được tệp «{path}»: tệp chỉ cho đọc.",
            ExitCode.IO,
            hint="Không có gì được ghi. Bỏ thuộc tính chỉ đọc của tệp (hoặc hỏi người quản lý "
            "máy) rồi chạy lại lệnh.",
            code="io-error",
        )
    remove_leftovers(path)
    write_atomic(path, new, mode=path.stat().st_mode & 0o7777)


def remove_leftovers(path: Path) -> None:
    """Remove the temporary files of writes to `path` that never finished: a write killed
    (power cut, `kill -9`) between creating its temporary file and the rename leaves one.
    Called under the plan's lock, so no write to `path` is under way."""
    pattern = re.compile(rf"\.{re.escape(path.name)}\.[a-z0-9_]{{8}}\.tmp")
    for leftover in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
        if pattern.fullmatch(leftover.name):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()


def write_atomic(path: Path, data: bytes, mode: int | None = None) -> None:
    """Write `data` to `path` through a temporary file and one rename: all or nothing.

    The bytes are flushed to disk first and take `mode` (by default what a new file gets), so
    a crash at any moment leaves either the old file or the new one, never a mix.
    """
    try:
        descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as error:
        raise CchcError(
            f"Không ghi được tệp «{path}»: {describe(error)}.",
            ExitCode.USAGE if isinstance(error, FileNotFoundError) else ExitCode.IO,
            hint="Kiểm tra thư mục chứa tệp có tồn tại và ghi được không.",
            code="io-error",
        ) from None
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, mode if mode is not None else 0o666 & ~_umask())
        os.replace(temporary, path)
    except BaseException as error:  # a full disk, or Ctrl+C: the temporary file goes too
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        if not isinstance(error, OSError):
            raise
        raise CchcError(
            f"Không ghi được tệp «{path}»: {describe(error)}. Tệp cũ (nếu có) vẫn còn nguyên.",
            ExitCode.IO,
            code="io-error",
        ) from None
    with contextlib.suppress(OSError):  # the rename is done; this only hurries it to the disk
        _sync_folder(path.parent)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _sync_folder(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
