"""Safe writes of a plan file: one writer at a time, all or nothing, nothing else lost."""

from __future__ import annotations

import codecs
import contextlib
import fcntl
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from .errors import CchcError, ExitCode


def lock_path(path: Path) -> Path:
    """The lock file beside the plan (never replaced, so every writer locks the same inode)."""
    return path.parent / f".{path.name}.lock"


@contextlib.contextmanager
def plan_lock(path: Path) -> Iterator[None]:
    """Hold the plan's write lock; the system frees it if the holder dies, so none is left stale."""
    try:
        handle = open(lock_path(path), "a+b")  # noqa: SIM115 - held for the whole block
    except OSError as error:
        raise CchcError(
            f"Không tạo được tệp khóa bên cạnh «{path}»: {error.strerror}.",
            ExitCode.IO,
            hint="Kiểm tra quyền ghi vào thư mục chứa tệp kế hoạch.",
            code="io-error",
        ) from None
    with handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def encode_like(text: str, original: bytes) -> bytes:
    """`text` as bytes, keeping the byte-order mark of the original file if it had one."""
    data = text.encode("utf-8")
    return codecs.BOM_UTF8 + data if original.startswith(codecs.BOM_UTF8) else data


def replace_file(path: Path, new: bytes, original: bytes) -> None:
    """Write `new` over `path` atomically, refusing if the file is no longer `original`.

    The bytes go to a temporary file in the same folder, are flushed to disk, take the
    original's permissions, and then replace the plan in one rename: a crash at any moment
    leaves either the old or the new file, never a mix.
    """
    if path.read_bytes() != original:
        raise CchcError(
            f"Tệp «{path}» vừa bị thay đổi bởi chương trình khác trong lúc cchc đang ghi.",
            ExitCode.IO,
            hint="Không có gì được ghi. Lưu và đóng tệp trong trình soạn thảo rồi chạy lại lệnh.",
            code="changed-on-disk",
        )
    mode = path.stat().st_mode & 0o7777
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(new)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except OSError as error:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise CchcError(
            f"Không ghi được tệp «{path}»: {error.strerror}. Tệp cũ vẫn còn nguyên.",
            ExitCode.IO,
            code="io-error",
        ) from None
    _sync_folder(path.parent)


def _sync_folder(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
