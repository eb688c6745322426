"""Commands for spreadsheets: the workbook a unit fills in, and importing what units send."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ..errors import CchcError, ExitCode, Problem
from .app import app
from .options import (
    AnnualOption,
    DryRunOption,
    HalfOption,
    JsonOption,
    NineMonthsOption,
    PlanOption,
    QuarterOption,
    UnitOption,
    YearOption,
    period_code,
    plan_path,
    print_json,
)

if TYPE_CHECKING:
    from ..plan.model import Plan
    from ..sheets.rows import Incoming, Sheets
    from ..writing.importing import Imported

SHOWN_WARNINGS = 10  # a thousand rows may give a thousand warnings: the first ones, and a count

ForceOption = Annotated[
    bool, typer.Option("--force", show_default=False, help="Thay tệp đã có bằng tệp mới.")
]


@app.command()
def intake(
    unit: UnitOption = None,
    quarter: QuarterOption = None,
    half: HalfOption = None,
    nine_months: NineMonthsOption = False,
    annual: AnnualOption = False,
    every_unit: Annotated[
        bool, typer.Option("--all", help="Mỗi đơn vị một tệp (-o là thư mục chứa các tệp).")
    ] = False,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", show_default=False,
                     help="Tệp .xlsx (với --all: thư mục). Nếu bỏ trống: "
                     "nhap-lieu-NĂM-KỲ-ĐƠN-VỊ.xlsx ở thư mục đang đứng."),
    ] = None,
    force: ForceOption = False,
    plan: PlanOption = None,
    year: YearOption = None,
) -> int:
    """Lập bảng tính Excel để đơn vị điền kết quả của một kỳ (hoạt động và tiến độ)."""
    from ..reading.loader import load_valid_plan
    from ..sheets.intake import build_intake

    code = period_code(quarter, half, nine_months, annual, "intake")
    if every_unit == (unit is not None):
        raise CchcError("Chọn một đơn vị bằng --unit MÃ, hoặc mọi đơn vị bằng --all.",
                        ExitCode.USAGE, code="missing-option",
                        hint="Ví dụ: cchc intake --unit van-phong-so --quarter 2")
    valid_plan = load_valid_plan(plan_path(plan, year))
    if unit is not None and valid_plan.unit(unit) is None:
        from ..plan.references import unknown_id

        raise CchcError("", ExitCode.USAGE, code="unknown-reference", inputs=[
            unknown_id(unit, "units", [known.id for known in valid_plan.units])])
    units = valid_plan.units if every_unit else [valid_plan.unit(unit or "")]
    intakes = [build_intake(valid_plan, chosen, code) for chosen in units if chosen is not None]
    if every_unit:
        folder = output or Path.cwd()
        targets = [folder / made.file_name for made in intakes]
    else:
        targets = [output or Path(intakes[0].file_name)]
    existing = [target for target in targets if target.exists()]
    if existing and not force:
        raise CchcError(
            f"Tệp «{existing[0]}» đã có; không ghi đè. Chưa có gì được ghi.", ExitCode.REFUSED,
            code="file-exists", hint="Thêm --force để thay, hoặc chọn tên khác bằng -o.")
    from ..writing.storage import write_atomic

    if every_unit:
        targets[0].parent.mkdir(parents=True, exist_ok=True)
    for made, target in zip(intakes, targets, strict=True):
        write_atomic(target, made.data, replace=force)
        print(f"Đã ghi bảng tính của {made.unit.name}: {target}", file=sys.stderr)
    return ExitCode.OK


@app.command("import")
def import_sheet(
    file: Annotated[Path, typer.Argument(
        help="Bảng tính: .xlsx, .xls, .ods hoặc .csv (UTF-8 hay Windows-1258).",
        show_default=False, metavar="TỆP")],
    update: Annotated[bool, typer.Option(
        "--update", help="Thay các dòng đã nhập trước đây mà nay đổi giá trị.")] = False,
    unit: UnitOption = None,
    dry_run: DryRunOption = False,
    plan: PlanOption = None,
    year: YearOption = None,
    as_json: JsonOption = False,
) -> int:
    """Nhập hoạt động và tiến độ từ bảng tính đơn vị gửi (kiểm tra mọi dòng rồi mới ghi)."""
    from ..sheets.located import refused
    from ..sheets.reading import read_tables
    from ..sheets.rows import Sheets, records_of
    from ..writing.importing import import_records

    path = plan_path(plan, year)
    tables = read_tables(file)
    found = Sheets()

    def rows(valid_plan: Plan) -> list[Incoming]:
        nonlocal found
        found = records_of(valid_plan, tables, file.name, unit)
        if found.problems:
            raise refused(found.problems)
        if not found.incoming:
            raise CchcError(
                f"«{file.name}» không có dòng nào để nhập.", ExitCode.USAGE,
                code="nothing-to-import",
                hint="Bảng tính cần một dòng tiêu đề gồm ít nhất các cột «Nhiệm vụ», «Ngày thực "
                "hiện», «Tên hoạt động» (hoặc «Nhiệm vụ», «Trạng thái» cho tiến độ); lập mẫu bằng "
                "cchc intake.")
        return found.incoming

    imported = import_records(path, rows, update=update, dry_run=dry_run)
    from .views import print_warnings

    print_warnings(imported.warnings[:SHOWN_WARNINGS])
    if len(imported.warnings) > SHOWN_WARNINGS:
        print(f"… và {len(imported.warnings) - SHOWN_WARNINGS} lưu ý khác (--json để xem hết).",
              file=sys.stderr)
    if as_json:
        print_json(_as_json(file, found, imported))
    elif dry_run:
        from .records import relabelled

        sys.stdout.write(relabelled(imported.diff, path) if imported.diff else "")
        print("(--dry-run: chưa ghi gì vào tệp)", file=sys.stderr)
        _print_summary(file, found, imported)
    else:
        _print_summary(file, found, imported)
    return ExitCode.OK


def _print_summary(file: Path, found: Sheets, imported: Imported) -> None:
    from ..plan.model import Activity

    activities = sum(1 for _, record in imported.added if isinstance(record, Activity))
    progress = len(imported.added) - activities
    verb = "Sẽ nhập" if not imported.saved else "Đã nhập"
    if imported.added:
        print(f"{verb} {activities} hoạt động và {progress} bản ghi tiến độ từ {file.name}.")
    else:
        print(f"Không có dòng mới để nhập từ {file.name}.")
    if imported.replaced:
        print(f"{'Sẽ thay' if not imported.saved else 'Đã thay'} {len(imported.replaced)} dòng "
              "đã đổi so với lần nhập trước:")
        _print_changed(imported.replaced)
    if imported.already:
        print(f"{len(imported.already)} dòng đã có trong kế hoạch (không có gì mới), không ghi lại.")
    if imported.changed:
        print(f"{len(imported.changed)} dòng đã đổi so với bản đã ghi trong kế hoạch (chưa ghi; "
              "thêm --update để thay):")
        _print_changed(imported.changed)
    for sheet, columns in found.ignored_columns.items():
        print(f"Bỏ qua các cột không dùng của trang «{sheet}»: "
              + ", ".join(f"«{column}»" for column in columns) + ".", file=sys.stderr)
    if found.ignored_sheets:
        print("Bỏ qua các trang không có dữ liệu để nhập: "
              + ", ".join(f"«{sheet}»" for sheet in found.ignored_sheets) + ".", file=sys.stderr)


def _print_changed(changed: list[Any]) -> None:
    from ..gitplan.changes import FIELD_WORDS

    words = {**FIELD_WORDS, "percent": "tỷ lệ hoàn thành", "note": "ghi chú"}
    for item in changed:
        fields = ", ".join(words.get(name, name) for name in item.fields)
        print(f"  {item.origin.words()} ({item.record_id or 'bản ghi không mã'}): {fields}")


def _as_json(file: Path, found: Sheets, imported: Imported) -> dict[str, Any]:
    from ..plan.model import Activity

    def changed(items: list[Any]) -> list[dict[str, Any]]:
        return [{**item.origin.as_json(), "id": item.record_id, "fields": item.fields}
                for item in items]

    return {
        "ok": True,
        "file": str(file),
        "saved": imported.saved,
        "added": [{**origin.as_json(), "kind": "activity" if isinstance(record, Activity) else "progress",
                   "record": record.model_dump(mode="json", exclude_none=True)}
                  for origin, record in imported.added],
        "already": [origin.as_json() for origin in imported.already],
        "changed": changed(imported.changed),
        "replaced": changed(imported.replaced),
        "ignored_columns": found.ignored_columns,
        "ignored_sheets": found.ignored_sheets,
        "warnings": [_warning(problem) for problem in imported.warnings],
    }


def _warning(problem: Problem) -> dict[str, str]:
    return {"code": problem.code, "message": problem.message, "hint": problem.hint}
