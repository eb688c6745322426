"""Where in a spreadsheet something is wrong: the file, the sheet, the row, the column."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..errors import CchcError, ExitCode, Problem


@dataclass(frozen=True)
class Origin:
    """Where a record came from: the file, the sheet, the row (as the spreadsheet numbers it);
    a fault of the whole file has no sheet and no row."""

    file: str
    sheet: str | None = None
    row: int | None = None

    def words(self) -> str:
        where = self.file
        if self.sheet is not None:
            where += f", trang «{self.sheet}»"
        if self.row is not None:
            where += f", dòng {self.row}"
        return where

    def as_json(self) -> dict[str, Any]:
        return {"file": self.file, "sheet": self.sheet, "row": self.row}


@dataclass(frozen=True)
class CellProblem:
    """A fault of a file, a sheet, a row, or one cell of it (when `column` is given)."""

    origin: Origin
    column: str | None  # the letter, A, B, …
    heading: str | None
    code: str
    message: str
    hint: str = ""

    def problem(self) -> Problem:
        if self.origin.sheet is None:  # the message names the file itself
            return Problem((), self.code, self.message, self.hint)
        where = self.origin.words()
        if self.column is not None:
            where += f", cột {self.column}" + (f" «{self.heading}»" if self.heading else "")
        return Problem((), self.code, f"{where}: {self.message}", self.hint)

    def as_json(self) -> dict[str, Any]:
        return {**self.origin.as_json(), "column": self.column, "heading": self.heading,
                "code": self.code, "message": self.message, "hint": self.hint}


@dataclass
class SheetRefused(CchcError):
    """A spreadsheet, or rows of it, that cannot be imported; nothing was written. `--json`
    lists `cells`, each with its file, sheet, row and column."""

    cells: list[CellProblem] = field(default_factory=list)


def refused(cells: list[CellProblem]) -> SheetRefused:
    located = [cell for cell in cells if cell.origin.sheet is not None]
    message = "Không có gì được ghi vào tệp kế hoạch" + (
        f": {len(located)} lỗi trong bảng tính. Sửa các ô trên rồi nhập lại cả tệp." if located
        else ".")
    return SheetRefused(message, ExitCode.USAGE, code=cells[0].code,
                        inputs=[cell.problem() for cell in cells], cells=cells)
