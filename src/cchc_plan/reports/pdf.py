"""The Word report printed to PDF by LibreOffice, the office suite a public body has for free.

The conversion runs `soffice --headless --convert-to pdf` in a folder of its own, with a profile
of its own: a LibreOffice the clerk has open is neither disturbed nor asked, and two reports
converted at once do not share a profile. LibreOffice is found on PATH, else where its
installers put it on Windows and macOS; `CCHC_SOFFICE` names another.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from ..errors import CchcError, ExitCode

# LibreOffice starts in 2-5 s; a report of thousands of pages takes a few minutes.
TIMEOUT_SECONDS = 600
INSTALL_HINT = (
    "Cài LibreOffice (miễn phí, https://vi.libreoffice.org; trên Ubuntu/Debian: "
    "sudo apt install libreoffice-writer) rồi chạy lại lệnh; hoặc lập báo cáo Word bằng "
    "--format docx rồi in ra PDF từ Word. Nếu đã cài ở nơi khác, đặt biến môi trường "
    "CCHC_SOFFICE là đường dẫn đến tệp soffice."
)


def office_program() -> Path | None:
    """LibreOffice's `soffice`: `CCHC_SOFFICE`, else on PATH, else in its usual folder."""
    chosen = os.environ.get("CCHC_SOFFICE")
    if chosen:
        return Path(chosen) if Path(chosen).is_file() else None
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return Path(found)
    for folder in _usual_folders():
        candidate = folder / ("soffice.exe" if sys.platform == "win32" else "soffice")
        if candidate.is_file():
            return candidate
    return None


def _usual_folders() -> list[Path]:
    if sys.platform == "win32":
        roots = [os.environ.get(name) for name in ("ProgramFiles", "ProgramFiles(x86)")]
        return [Path(root) / "LibreOffice" / "program" for root in roots if root]
    if sys.platform == "darwin":
        return [Path("/Applications/LibreOffice.app/Contents/MacOS")]
    return []


def docx_to_pdf(document: bytes) -> bytes:
    """The PDF LibreOffice prints from the Word document `document`."""
    program = office_program()
    if program is None:
        raise CchcError(
            "Không tìm thấy LibreOffice (lệnh soffice) để in báo cáo ra PDF. Chưa có gì được ghi.",
            ExitCode.REFUSED, hint=INSTALL_HINT, code="office-missing",
        )
    with tempfile.TemporaryDirectory(prefix="cchc-pdf-") as folder:
        work = Path(folder)
        source = work / "bao-cao.docx"
        source.write_bytes(document)
        command = [
            str(program), f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless", "--norestore", "--nologo", "--nodefault",
            "--convert-to", "pdf", "--outdir", str(work), str(source),
        ]
        try:
            done = subprocess.run(command, capture_output=True, timeout=TIMEOUT_SECONDS,
                                  stdin=subprocess.DEVNULL, check=False)
        except subprocess.TimeoutExpired:
            raise _failed(f"LibreOffice chạy quá {TIMEOUT_SECONDS // 60} phút") from None
        except OSError as error:
            raise _failed(f"không chạy được «{program}» ({error.strerror or error})") from None
        printed = work / "bao-cao.pdf"
        if done.returncode != 0 or not printed.is_file():
            said = done.stderr.decode("utf-8", "replace").strip().splitlines()
            raise _failed(f"LibreOffice dừng với mã {done.returncode}"
                          + (f": {said[-1]}" if said else ""))
        return printed.read_bytes()


def _failed(reason: str) -> CchcError:
    return CchcError(
        f"Không in được báo cáo ra PDF: {reason}. Chưa có gì được ghi.",
        ExitCode.IO, code="office-failed",
        hint="Đóng các cửa sổ LibreOffice đang treo rồi chạy lại; hoặc lập báo cáo Word bằng "
        "--format docx.",
    )
