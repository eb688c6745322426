"""Writing workbooks: the same bytes for the same content, and text that stays text.

openpyxl stamps the time of saving in the document properties and in every zip entry; a
workbook kept in git must not change when nothing in it did, so both are fixed here.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable
from typing import Any

FIXED_TIME = "2000-01-01T00:00:00Z"
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_STAMPS = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")
# What Excel, LibreOffice and Google Sheets would run as a formula when it opens a cell or a
# CSV field (OWASP's list, with the tab and carriage return that hide one).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

# Display formats: Vietnamese writes 1.250.000 and 15/06/2020; the separators are the reader's
# own in Excel, the format says only "grouped" and the order of day, month, year.
DATE_FORMAT = "dd/mm/yyyy"
COUNT_FORMAT = "#,##0"
PERCENT_FORMAT = "0.0"  # in a column headed «(%)»


def looks_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_START)


def set_text(cell: Any, text: str | None) -> None:
    """Put `text` in an openpyxl cell as text, even when it starts like a formula («=», «+»,
    «-», «@»): openpyxl would otherwise write it as a formula Excel runs."""
    cell.value = text
    if text is not None:
        cell.data_type = "s"
        if looks_like_formula(text):
            cell.quotePrefix = True  # and Excel keeps it text when the clerk edits the cell


def fit_to_width(sheet: Any, landscape: bool) -> None:
    """Print the sheet on A4, every column on one page wide (as many pages down as it needs)."""
    if landscape:
        sheet.page_setup.orientation = "landscape"
    from openpyxl.worksheet.worksheet import (
        Worksheet,  # its paper sizes; a write-only sheet has none
    )

    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def saved(workbook: Any, cached: dict[tuple[str, str], Any] | None = None) -> bytes:
    """The workbook's bytes, stamped at one fixed time. `cached` gives the value of formula
    cells by (sheet file name, cell): written beside the formula, so that a reader which never
    calculates (and a CSV export) sees the total, and Excel recalculates it on opening."""
    workbook.properties.creator = "cchc"
    buffer = io.BytesIO()
    workbook.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    entries: list[tuple[str, tuple[bytes]]] = []
    for info in source.infolist():
        data = source.read(info.filename)
        if info.filename == "docProps/core.xml":
            data = _STAMPS.sub(rb"\g<1>" + FIXED_TIME.encode() + rb"\g<2>", data)
        elif cached and info.filename.startswith("xl/worksheets/"):
            data = _with_cached(data, {cell: value for (sheet, cell), value in cached.items()
                                       if sheet == info.filename})
        entries.append((info.filename, (data,)))
    return stable_zip(entries)


def stable_zip(entries: Iterable[tuple[str, Iterable[bytes]]]) -> bytes:
    """A zip of the entries (each a name and its bytes in pieces, written as they come), every
    entry stamped at one fixed time, so equal content gives equal bytes: the package of every
    document cchc writes (these workbooks, and the Word report through `reports.wordstream`)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for name, pieces in entries:
            info = zipfile.ZipInfo(name, _ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            with target.open(info, "w") as entry:
                for piece in pieces:
                    entry.write(piece)
    return buffer.getvalue()


def _with_cached(sheet: bytes, values: dict[str, Any]) -> bytes:
    if not values:
        return sheet

    def cell(match: re.Match[bytes]) -> bytes:
        reference = match["ref"].decode()
        if reference not in values:
            return match[0]
        return match["head"] + match["formula"] + b"<v>" + str(values[reference]).encode() + b"</v></c>"

    return re.sub(
        rb'(?P<head><c r="(?P<ref>[A-Z]+\d+)"[^>]*>)(?P<formula><f>[^<]*</f>)(?:<v\s*/>|<v>[^<]*</v>)?</c>',
        cell, sheet,
    )
