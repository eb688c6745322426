"""Safe writes of a plan file: one writer at a time, all or nothing, nothing else lost."""

from __future__ import annotations

import codecs
import contextlib
import glob
import hashlib
import importlib
import os
import re
import tempfile
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from ..errors import CchcError, ExitCode, describe

LOCK_FILE = ".cchc.lock"
# Windows' errors for a file that another program holds open: access denied (a file open in
# Word cannot be replaced), sharing violation, lock violation.
_IN_USE = (5, 32, 33)


@contextlib.contextmanager
def plan_lock(path: Path) -> Iterator[None]:
    """Hold the write lock of the plan's folder: one writer at a time, on every system.

    The folder is locked rather than the file, because the file itself is replaced on every
    write. Where the system locks a folder (POSIX `flock`), nothing is left behind; elsewhere
    (Windows) the lock is a file in the folder, `.cchc.lock`, taken with filelock (`LockFileEx`)
    and removed when it is let go. Either way the system frees the lock when its holder dies,
    so a crash never blocks the next clerk.
    """
    locking = _posix_locking()
    if locking is not None:
        with _folder_locked(path, locking):
            yield
        return
    with warnings.catch_warnings():  # «only soft file lock is available», where it chooses one
        warnings.simplefilter("ignore")
        import filelock  # only where the system has no flock (its import costs every write 20 ms)

    try:
        lock = filelock.FileLock(path.parent / LOCK_FILE)
        lock.acquire()
    except OSError as error:
        raise _unlockable(path, error) from None
    try:
        yield
    finally:
        lock.release()


def _posix_locking() -> ModuleType | None:
    """`fcntl`, on the systems that have it."""
    try:
        return importlib.import_module("fcntl")
    except ImportError:
        return None


@contextlib.contextmanager
def _folder_locked(path: Path, locking: ModuleType) -> Iterator[None]:
    try:
        descriptor = os.open(path.parent, os.O_RDONLY)
    except OSError as error:
        raise _unlockable(path, error) from None
    try:
        locking.flock(descriptor, locking.LOCK_EX)
        yield
    finally:
        os.close(descriptor)  # closing the descriptor lets go of its lock


def _unlockable(path: Path, error: OSError) -> CchcError:
    return CchcError(
        f"Không mở được thư mục chứa tệp «{path}»: {describe(error)}.",
        ExitCode.IO if not isinstance(error, FileNotFoundError) else ExitCode.USAGE,
        code="io-error",
    )


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


def write_atomic(
    path: Path, data: bytes, mode: int | None = None, replace: bool = True
) -> None:
    """Write `data` to `path` through a temporary file and one rename: all or nothing.

    The bytes are flushed to disk first and take `mode` (by default what a new file gets), so
    a crash at any moment leaves either the old file or the new one, never a mix. Without
    `replace` a file already at `path` is kept and FileExistsError raised, even when it appears
    while the bytes are written (the new file is put in place by a hard link, which fails where
    a file is; where links are not supported, the last check and the rename are one step apart).
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
        if replace:
            os.replace(temporary, path)
        else:
            _place_new(temporary, path)
    except BaseException as error:  # a full disk, or Ctrl+C: the temporary file goes too
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        if not isinstance(error, OSError) or isinstance(error, FileExistsError):
            raise
        if getattr(error, "winerror", None) in _IN_USE:
            raise CchcError(
                f"Không ghi được tệp «{path}»: tệp đang được chương trình khác mở (Word, Excel, "
                "trình soạn thảo...). Tệp cũ vẫn còn nguyên.",
                ExitCode.IO, code="file-in-use",
                hint="Đóng tệp trong chương trình đó rồi chạy lại lệnh, hoặc ghi ra tệp khác.",
            ) from None
        raise CchcError(
            f"Không ghi được tệp «{path}»: {describe(error)}. Tệp cũ (nếu có) vẫn còn nguyên.",
            ExitCode.IO,
            code="io-error",
        ) from None
    with contextlib.suppress(OSError):  # the rename is done; this only hurries it to the disk
        _sync_folder(path.parent)


def _place_new(temporary: str, path: Path) -> None:
    """Put the finished `temporary` file at `path`, which must not exist yet."""
    try:
        os.link(temporary, path)
    except FileExistsError:
        raise
    except OSError:  # a file system without hard links (FAT, some network shares)
        if path.exists():
            raise FileExistsError(str(path)) from None
        os.replace(temporary, path)
        return
    os.unlink(temporary)


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
