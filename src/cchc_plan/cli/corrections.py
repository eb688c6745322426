"""Commands that correct what was recorded: `cchc edit ID` and `cchc remove ID`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from ..errors import CchcError, ExitCode, Problem
from .app import app
from .options import (
    AnnualOption,
    ContentOption,
    CostOption,
    DryRunOption,
    EvidenceOption,
    FormOption,
    HalfOption,
    JsonOption,
    LocationOption,
    MeasureOption,
    MemberOption,
    NineMonthsOption,
    ParticipantsOption,
    PlanOption,
    QuantityOption,
    QuarterOption,
    StrictOption,
    TaskOption,
    TitleOption,
    UnitOption,
    YearOption,
    period_code,
    plan_path,
    print_json,
    typed,
)

IdArgument = Annotated[
    str,
    typer.Argument(help="Mã bản ghi: HD-… (hoạt động), TD-… (tiến độ), GC-… (ghi chép); xem bằng "
                   "«cchc list --json» (hoạt động), «cchc show --json» (tiến độ, ghi chép).",
                   show_default=False),
]
# The fields `--clear` may empty, by the name a clerk types.
CLEARABLE = {"form": "form", "content": "contents", "contents": "contents",
             "quantity": "quantity", "measure": "measure", "participants": "participants",
             "cost": "cost", "location": "location", "evidence": "evidence",
             "percent": "percent", "note": "note", "date": "date", "member": "member"}


@app.command()
def edit(
    record_id: IdArgument,
    date: Annotated[str | None, typer.Option("--date", "-d", help="Ngày mới.", show_default=False)] = None,
    title: TitleOption = None,
    unit: UnitOption = None,
    task: TaskOption = None,
    form: FormOption = None,
    content: ContentOption = None,
    quantity: QuantityOption = None,
    measure: MeasureOption = None,
    participants: ParticipantsOption = None,
    cost: CostOption = None,
    location: LocationOption = None,
    evidence: EvidenceOption = None,
    member: MemberOption = None,
    estimated: Annotated[
        bool | None,
        typer.Option("--estimated/--actual", help="Đánh dấu số liệu là ước thực hiện, hoặc là số "
                     "thực hiện (thay số ước).", show_default=False),
    ] = None,
    status: Annotated[
        str | None, typer.Option("--status", "-s", help="Tiến độ: trạng thái mới.", show_default=False)
    ] = None,
    percent: Annotated[
        int | None, typer.Option("--percent", help="Tiến độ: tỷ lệ mới, 0–100.", show_default=False)
    ] = None,
    note: Annotated[str | None, typer.Option("--note", help="Tiến độ: ghi chú mới.", show_default=False)] = None,
    quarter: QuarterOption = None,
    half: HalfOption = None,
    nine_months: NineMonthsOption = False,
    annual: AnnualOption = False,
    section: Annotated[
        str | None, typer.Option("--section", help="Ghi chép: mục mới của báo cáo.", show_default=False)
    ] = None,
    text: Annotated[str | None, typer.Option("--text", help="Ghi chép: nội dung mới.", show_default=False)] = None,
    clear: Annotated[
        list[str] | None,
        typer.Option("--clear", help="Bỏ trống trường này (ghi nhiều lần được): form, content, "
                     "quantity, measure, participants, cost, location, evidence, percent, note.",
                     show_default=False),
    ] = None,
    strict: StrictOption = False,
    dry_run: DryRunOption = False,
    plan: PlanOption = None,
    year: YearOption = None,
    as_json: JsonOption = False,
) -> int:
    """Sửa một bản ghi đã ghi (hoạt động, tiến độ, ghi chép): chỉ các dòng của trường được sửa."""
    from ..plan.textinput import (
        parse_count,
        parse_date,
        parse_money,
        parse_quantity,
        parse_section,
        parse_status,
        typed_text,
    )
    from ..writing.correcting import edit_record

    period = None
    if quarter is not None and record_id.startswith("GC-") or half is not None or nine_months or annual:
        period = period_code(quarter, half, nine_months, annual, "note")
    changes: dict[str, Any] = {
        "date": _iso(typed(parse_date, date, "--date")),
        "title": typed(typed_text, title, "--title"),
        "unit": unit, "task": task, "form": form, "contents": content,
        "quantity": typed(parse_quantity, quantity, "--quantity"),
        "measure": typed(typed_text, measure, "--measure"),
        "participants": typed(parse_count, participants, "--participants"),
        "cost": typed(parse_money, cost, "--cost"),
        "location": typed(typed_text, location, "--location"),
        "evidence": typed(typed_text, evidence, "--evidence"),
        "status": typed(parse_status, status, "--status"),
        "percent": percent, "note": typed(typed_text, note, "--note"),
        "quarter": quarter if not record_id.startswith("GC-") else None,
        "period": period, "section": typed(parse_section, section, "--section"),
        "text": typed(typed_text, text, "NỘI DUNG"),
        "member": member,
        "estimated": True if estimated else None,
    }
    cleared = [_clearable(name) for name in clear or []]
    if estimated is False:  # the actual figure: the estimate's mark goes
        cleared.append("estimated")
    written = edit_record(plan_path(plan, year), record_id,
                          {name: value for name, value in changes.items() if value is not None},
                          cleared, dry_run=dry_run, strict=strict)
    return _print_corrected(written, as_json, f"Đã sửa {_kind(record_id)} {record_id}.")


@app.command()
def remove(
    record_id: IdArgument,
    dry_run: DryRunOption = False,
    plan: PlanOption = None,
    year: YearOption = None,
    as_json: JsonOption = False,
) -> int:
    """Xóa một bản ghi đã ghi nhầm (hoạt động, tiến độ, ghi chép): chỉ các dòng của nó."""
    from ..writing.correcting import remove_record

    written = remove_record(plan_path(plan, year), record_id, dry_run=dry_run)
    return _print_corrected(written, as_json, f"Đã xóa {_kind(record_id)} {record_id}.")


def _iso(day: Any) -> str | None:
    return day.isoformat() if day is not None else None


def _clearable(name: str) -> str:
    if name not in CLEARABLE:
        raise CchcError("", ExitCode.USAGE, code="invalid-input", inputs=[Problem(
            ("clear",), "invalid-input",
            f"không bỏ trống được «{name}»; chọn một trong: {', '.join(sorted(set(CLEARABLE)))}")])
    return CLEARABLE[name]


def _kind(record_id: str) -> str:
    return {"HD": "hoạt động", "TD": "bản ghi tiến độ", "GC": "ghi chép"}.get(
        record_id.split("-", 1)[0], "bản ghi")


def _print_corrected(written: Any, as_json: bool, done: str) -> int:
    from .records import relabelled
    from .views import print_warnings

    print_warnings(written.warnings)
    if as_json:
        print_json(written.record.model_dump(mode="json", exclude_none=True))
    elif not written.saved:
        sys.stdout.write(relabelled(written.diff, Path(written.file)))
        print("(--dry-run: chưa ghi gì vào tệp)", file=sys.stderr)
    else:
        print(done)
    return ExitCode.OK
