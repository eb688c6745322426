"""Helpers of the spreadsheet tests: LibreOffice Calc as a second reader and maker of
workbooks, CSV in the Windows code page, and workbooks built by hand where no library would
build them (a million rows, a cell at the far corner of the grid, a zip bomb)."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import tempfile
import unicodedata
import zipfile
from pathlib import Path

_PROFILE = Path(tempfile.mkdtemp(prefix="cchc-calc-profile-"))
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def soffice() -> str:
    found = shutil.which("soffice")
    assert found is not None, "LibreOffice is installed by .ci/system-packages"
    return found


def calc_convert(source: Path, target_format: str, folder: Path) -> Path:
    """`source` converted by LibreOffice Calc (`xls`, `ods`, `xlsx`, or a csv filter)."""
    folder.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        [soffice(), f"-env:UserInstallation={_PROFILE.as_uri()}", "--headless", "--convert-to",
         target_format, "--outdir", str(folder), str(source)],
        capture_output=True, text=True, timeout=180, check=False,
    )
    extension = target_format.split(":")[0]
    made = sorted(folder.glob(f"{source.stem}*.{extension}"))  # a sheet's CSV: NAME-SHEET.csv
    assert len(made) == 1, done.stdout + done.stderr
    return made[0]


def calc_sheet_rows(workbook: Path, sheet: int, folder: Path) -> list[list[str]]:
    """The rows of sheet number `sheet` (from 1) as LibreOffice shows them (formatted, formulas
    calculated), through its CSV export."""
    target = folder / f"sheet{sheet}"
    options = f"csv:Text - txt - csv (StarCalc):44,34,76,1,,1066,false,true,true,false,false,{sheet}"
    made = calc_convert(workbook, options, target)
    return list(csv.reader(io.StringIO(made.read_text(encoding="utf-8"))))


def windows_1258(text: str) -> bytes:
    """`text` as Excel writes Vietnamese CSV on Windows: code page 1258, where a tone is a
    combining mark after a letter that may carry its other marks (ệ = ê + dot below)."""
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        try:
            out += char.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", char)
        base = unicodedata.normalize("NFC", "".join(p for p in parts if p not in _TONES))
        out += (base + "".join(p for p in parts if p in _TONES)).encode("cp1258")
    return bytes(out)


_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.worksheet+xml"/></Types>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
    'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/'
    'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships"><sheets><sheet name="Hoạt động" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
    'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)
_HEADER_ROW = (
    '<row r="1"><c r="A1" t="inlineStr"><is><t>Nhiệm vụ</t></is></c><c r="B1" t="inlineStr"><is>'
    '<t>Ngày thực hiện</t></is></c><c r="C1" t="inlineStr"><is><t>Tên hoạt động</t></is></c></row>'
)


def handmade_xlsx(path: Path, rows: int = 0, far_cell: bool = False, padding: int = 0) -> Path:
    """A workbook of one sheet «Hoạt động» written as raw XML: the header row, then `rows` rows
    of activities, a cell at XFD1048576 if `far_cell`, and `padding` bytes of spaces (which
    compress to almost nothing: a zip bomb)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.'
                        b'openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
            sheet.write(_HEADER_ROW.encode())
            for number in range(2, rows + 2):
                sheet.write(f'<row r="{number}"><c r="A{number}" t="inlineStr"><is><t>vp-1</t></is>'
                            f'</c><c r="B{number}" t="inlineStr"><is><t>15/04/2020</t></is></c>'
                            f'<c r="C{number}" t="inlineStr"><is><t>Tin {number}</t></is></c></row>'
                            .encode())
            if far_cell:
                sheet.write(b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>')
            for _ in range(padding // (1024 * 1024)):
                sheet.write(b" " * (1024 * 1024))
            sheet.write(b"</sheetData></worksheet>")
    return path
