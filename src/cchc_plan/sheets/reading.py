"""Any spreadsheet a unit sends, read safely into rows of cell values.

`.xlsx`, `.xls` and `.ods` are read by calamine (a reader in Rust: fast, reads the values a
formula last showed and never runs one, knows both date systems); `.csv` by Python's csv
module, in UTF-8 (with or without BOM) or Windows-1258, the code page Excel writes Vietnamese
CSV in. Before a workbook is opened, what it would unpack to is measured: a zip bomb, a sheet
of a million rows or a sheet that spans the whole grid is refused with a message, in bounded
time and memory, rather than filling the memory.
"""

from __future__ import annotations

import csv
import html
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import CchcError, describe
from .located import CellProblem, Origin, refused

MAX_FILE_BYTES = 32 * 1024 * 1024
MAX_UNPACKED_BYTES = 256 * 1024 * 1024  # all entries of a workbook, unpacked
MAX_SHEET_XML_BYTES = 64 * 1024 * 1024
MAX_RATIO = 200  # unpacked size / packed size of an entry: above it, a zip bomb
MAX_ROWS = 50_000
MAX_COLUMNS = 200
SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".csv")
_CELL_REF = re.compile(rb'<c r="([A-Z]{1,3})(\d{1,7})"')
_UNCOMPUTED = re.compile(rb'<c r="([A-Z]{1,3})(\d{1,7})"[^>]*>\s*<f[^>]*>[^<]*</f>\s*(?:<v\s*/>|<v>\s*</v>)?\s*</c>')
_CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an OLE file: .xls, or an encrypted .xlsx


@dataclass(frozen=True)
class Table:
    """One sheet: its name, its rows of values (str, float, int, bool, date, datetime, time
    or None), whether it is hidden, and its merged ranges as (first row, first column, last
    row, last column), counted from 0."""

    name: str
    rows: list[list[object]]
    hidden: bool = False
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)
    # Cells (row, column from 0) holding a formula whose value was never saved: a program that
    # writes formulas without calculating them (not Excel, not LibreOffice) made the file.
    uncomputed: frozenset[tuple[int, int]] = frozenset()


def read_tables(path: Path) -> list[Table]:
    """The sheets of the spreadsheet at `path`, or a CchcError that says why it cannot be read."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise _refused(path, "not-a-spreadsheet",
                       f"«{path.name}» không phải bảng tính (.xlsx, .xls, .ods hoặc .csv).",
                       "Lưu tệp từ Excel hoặc LibreOffice Calc dưới dạng .xlsx rồi nhập lại.")
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise _refused(path, "file-too-large",
                           f"«{path.name}» lớn {size / 1024 / 1024:.0f} MB, quá 32 MB.",
                           "Tách bảng tính thành nhiều tệp nhỏ hơn.")
        data = path.read_bytes()
    except FileNotFoundError:
        raise _refused(path, "file-not-found", f"không có tệp «{path}».",
                       "Kiểm tra tên tệp và thư mục đang đứng.") from None
    except IsADirectoryError:
        raise _refused(path, "not-a-file", f"«{path}» là thư mục, không phải tệp.", "") from None
    except OSError as error:
        raise _refused(path, "io-error", f"không đọc được «{path}»: {describe(error)}.", "") from None
    if suffix == ".csv":
        return [Table(path.stem, _csv_rows(path, data))]
    return _workbook_tables(path, data)


def _workbook_tables(path: Path, data: bytes) -> list[Table]:
    from python_calamine import CalamineError, CalamineWorkbook, PasswordError

    if data.startswith(_CFB_MAGIC) and b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00e\x00d\x00P" in data:
        raise _password(path)
    uncomputed: dict[str, frozenset[tuple[int, int]]] = {}
    if data.startswith(b"PK"):
        uncomputed = _check_zip(path, data)
    elif not data.startswith(_CFB_MAGIC):
        raise _not_a_workbook(path)
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        tables = []
        for meta in workbook.sheets_metadata:
            sheet = workbook.get_sheet_by_name(meta.name)
            if sheet.height > MAX_ROWS + 10 or sheet.width > MAX_COLUMNS:
                raise _too_big(path, meta.name, sheet.height, sheet.width)
            merged = [(start[0], start[1], end[0], end[1])
                      for start, end in (sheet.merged_cell_ranges or [])]
            rows: list[list[object]] = [list(row) for row in sheet.to_python(skip_empty_area=False)]
            tables.append(Table(meta.name, rows, str(meta.visible).split(".")[-1] != "Visible",
                                merged, uncomputed.get(meta.name, frozenset())))
        return tables
    except PasswordError:
        raise _password(path) from None
    except (CalamineError, ValueError, OSError):  # a damaged or foreign file; its words are
        raise _not_a_workbook(path) from None  # English, the clerk gets ours


def _check_zip(path: Path, data: bytes) -> dict[str, frozenset[tuple[int, int]]]:
    """Refuse, before unpacking anything, a workbook that would unpack to too much: by the
    sizes its zip directory declares, then by the cells its sheets' XML names (a sheet whose
    two cells stand at A1 and XFD1048576 would make every reader build the whole grid).
    Returns, by sheet name, the formula cells that hold no value."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except zipfile.BadZipFile:
        raise _not_a_workbook(path) from None
    total = sum(entry.file_size for entry in entries)
    bomb = next((entry for entry in entries if entry.file_size > 1024 * 1024
                 and entry.file_size > MAX_RATIO * max(entry.compress_size, 1)), None)
    if total > MAX_UNPACKED_BYTES or bomb is not None:
        raise _refused(path, "spreadsheet-too-large",
                       f"«{path.name}» khi giải nén sẽ lớn {total / 1024 / 1024:.0f} MB "
                       "(tệp nén bất thường, có thể là «bom nén»).",
                       "Mở tệp bằng Excel hay LibreOffice, chép phần dữ liệu sang tệp mới và lưu lại.")
    names = _sheet_files(archive)
    found: dict[str, frozenset[tuple[int, int]]] = {}
    for entry in entries:
        if not re.fullmatch(r"xl/worksheets/[^/]+\.xml", entry.filename):
            continue
        shown = names.get(entry.filename, entry.filename)
        if entry.file_size > MAX_SHEET_XML_BYTES:
            raise _too_big(path, shown, None, None)
        rows, columns = 0, 0
        uncomputed: set[tuple[int, int]] = set()
        with archive.open(entry) as stream:
            tail = b""
            while piece := stream.read(1024 * 1024):
                chunk = tail + piece
                for letters, number in _CELL_REF.findall(chunk):
                    rows = max(rows, int(number))
                    columns = max(columns, _column_number(letters))
                uncomputed.update((int(number) - 1, _column_number(letters) - 1)
                                  for letters, number in _UNCOMPUTED.findall(chunk))
                tail = chunk[-4096:]  # a cell cut by the chunk's end is read whole next time
        if rows > MAX_ROWS + 10 or columns > MAX_COLUMNS:
            raise _too_big(path, shown, rows, columns)
        found[shown] = frozenset(uncomputed)
    return found


def _sheet_files(archive: zipfile.ZipFile) -> dict[str, str]:
    """The sheet name of each worksheet file, from the workbook and its relationships."""
    try:
        workbook = archive.read("xl/workbook.xml").decode("utf-8", "replace")
        relations = archive.read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace")
    except KeyError:
        return {}
    targets = {match[1]: match[2] for match in re.finditer(
        r'<Relationship\b(?=[^>]*\bId="([^"]+)")(?=[^>]*\bTarget="([^"]+)")[^>]*>', relations)}
    names = {}
    for sheet in re.finditer(r'<(?:\w+:)?sheet\b[^>]*>', workbook):
        name = re.search(r'\bname="([^"]*)"', sheet[0])
        ref = re.search(r'\br:id="([^"]*)"', sheet[0])
        if name and ref and ref[1] in targets:
            target = targets[ref[1]].lstrip("/")
            file = target if target.startswith("xl/") else f"xl/{target}"
            names[file] = html.unescape(name[1])
    return names


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _csv_rows(path: Path, data: bytes) -> list[list[object]]:
    """The rows of a CSV file: UTF-8 (a BOM is dropped), else Windows-1258; the separator is
    the one its first line uses (`,`, `;` as Excel writes where the decimal mark is a comma, or
    a tab)."""
    if b"\x00" in data[:4096]:
        raise _not_a_workbook(path, "tệp có byte 0: không phải văn bản CSV")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1258", errors="replace")
    text = unicodedata.normalize("NFC", text)  # Windows-1258 writes tones as combining marks
    first = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first.count)
    rows: list[list[object]] = []
    for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
        if len(rows) > MAX_ROWS + 10 or len(row) > MAX_COLUMNS:
            raise _too_big(path, path.name, len(rows), len(row))
        rows.append([_csv_cell(cell) for cell in row])
    return rows


def _csv_cell(cell: str) -> object:
    """A CSV field as typed; a leading apostrophe that kept a formula-like text as text (as
    `cchc` and Excel write it) is dropped."""
    if len(cell) > 1 and cell[0] == "'" and cell[1] in "=+-@":
        return cell[1:]
    return cell if cell.strip() else None


def _too_big(path: Path, sheet: str, rows: int | None, columns: int | None) -> CchcError:
    size = f" ({rows} dòng, {columns} cột)" if rows is not None else ""
    return _refused(path, "spreadsheet-too-large",
                    f"trang «{sheet}» của «{path.name}» quá lớn{size}: mỗi trang nhận tối đa "
                    f"{MAX_ROWS:,} dòng và {MAX_COLUMNS} cột.".replace(f"{MAX_ROWS:,}",
                                                                  f"{MAX_ROWS:,}".replace(",", ".")),
                    "Xóa các dòng, cột trống ở cuối trang (hoặc chép phần dữ liệu sang tệp mới) "
                    "rồi nhập lại.")


def _password(path: Path) -> CchcError:
    return _refused(path, "spreadsheet-password",
                    f"«{path.name}» được đặt mật khẩu nên không đọc được.",
                    "Mở tệp bằng Excel, bỏ mật khẩu (Tệp › Thông tin › Bảo vệ sổ làm việc), lưu lại "
                    "rồi nhập.")


def _not_a_workbook(path: Path, detail: str = "") -> CchcError:
    return _refused(path, "not-a-spreadsheet",
                    f"«{path.name}» không đọc được như một bảng tính{': ' + detail if detail else ''}.",
                    "Mở tệp bằng Excel hoặc LibreOffice Calc; nếu mở được, lưu lại dạng .xlsx rồi "
                    "nhập lại.")


def _refused(path: Path, code: str, message: str, hint: str) -> CchcError:
    return refused([CellProblem(Origin(path.name), None, None, code, message, hint)])
