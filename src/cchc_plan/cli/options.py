"""What several commands share: their common options, and turning what was typed into values."""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from ..errors import CchcError, ExitCode
from ..plan.terms import PeriodCode
from .discovery import PLAN_ENV, find_plan
from .wording import EXAMPLES

PlanOption = Annotated[
    Path | None,
    typer.Option(
        "--plan",
        "-p",
        help=f"Tệp kế hoạch. Nếu bỏ trống: biến {PLAN_ENV}, rồi plans/NĂM.yaml theo --year, "
        "rồi kế hoạch của năm mới nhất trong plans/.",
        show_default=False,
    ),
]
YearOption = Annotated[
    int | None,
    typer.Option("--year", "-y", help="Năm của kế hoạch (chọn plans/NĂM.yaml).", show_default=False),
]
JsonOption = Annotated[
    bool, typer.Option("--json", help="In kết quả dạng JSON cho các chương trình khác đọc.")
]
PlanFilesArgument = Annotated[
    list[Path] | None,
    typer.Argument(help="Các tệp kế hoạch; bỏ trống thì dùng tệp kế hoạch như các lệnh khác.",
                   show_default=False),
]
QuarterOption = Annotated[
    int | None,
    typer.Option("--quarter", "-q", min=1, max=4, help="Quý (1–4).", show_default=False),
]
HalfOption = Annotated[
    int | None,
    typer.Option("--half", min=1, max=2, show_default=False,
                 help="6 tháng: 1 = 6 tháng đầu năm, 2 = 6 tháng cuối năm."),
]
NineMonthsOption = Annotated[bool, typer.Option("--nine-months", help="9 tháng đầu năm.")]
AnnualOption = Annotated[bool, typer.Option("--annual", help="Cả năm.")]


def ids(kind: str) -> list[str]:
    """Ids for shell completion, read from the plan the command would use."""
    from ..reading.loader import load_plan

    try:
        loaded = load_plan(plan_path(None, None))
    except CchcError:
        return []
    if loaded.plan is None:
        return []
    if kind == "tasks":
        return [task.id for _, task in loaded.plan.tasks()]
    return [item.id for item in getattr(loaded.plan, kind)]


UnitOption = Annotated[
    str | None,
    typer.Option("--unit", "-u", help="Mã đơn vị, ví dụ van-phong-so.", show_default=False,
                 autocompletion=lambda: ids("units")),
]
TaskOption = Annotated[
    str | None,
    typer.Option("--task", "-t", help="Mã nhiệm vụ, ví dụ vp-2.", show_default=False,
                 autocompletion=lambda: ids("tasks")),
]
DryRunOption = Annotated[
    bool, typer.Option("--dry-run", help="Chỉ in phần thay đổi (dạng diff), không ghi vào tệp.")
]
# The fields of an activity, as `add-activity` records them and `edit` changes them.
TitleOption = Annotated[str | None, typer.Option("--title", help="Tên hoạt động.", show_default=False)]
FormOption = Annotated[
    str | None,
    typer.Option("--form", "-f", help="Mã hình thức tuyên truyền.", show_default=False,
                 autocompletion=lambda: ids("forms")),
]
ContentOption = Annotated[
    list[str] | None,
    typer.Option("--content", "-c", help="Mã nội dung tuyên truyền (ghi nhiều lần được).",
                 show_default=False, autocompletion=lambda: ids("contents")),
]
QuantityOption = Annotated[
    str | None, typer.Option("--quantity", "-n", help="Số lượng, ví dụ 5; số lẻ viết dấu phẩy: 1,5 (giờ).", show_default=False)
]
MeasureOption = Annotated[
    str | None,
    typer.Option("--measure", help="Đơn vị tính: tin bài, buổi, pano...", show_default=False),
]
MemberOption = Annotated[
    str | None,
    typer.Option("--member", help="Thành viên của đơn vị tập thể đã thực hiện, ví dụ son-ha "
                 "(xem «cchc show»).", show_default=False),
]
EstimatedOption = Annotated[
    bool,
    typer.Option("--estimated", help="Số liệu ước thực hiện (báo cáo ghi «ước thực hiện»); "
                 "bản ghi sau với số thật sẽ thay.", show_default=False),
]
ParticipantsOption = Annotated[
    str | None,
    typer.Option("--participants", help="Số lượt người tham dự: 1250 hoặc 1.250.", show_default=False),
]
CostOption = Annotated[
    str | None,
    typer.Option("--cost", help="Kinh phí (đồng): 1.250.000 hoặc 1250000.", show_default=False),
]
LocationOption = Annotated[str | None, typer.Option("--location", help="Địa điểm.", show_default=False)]
EvidenceOption = Annotated[
    str | None,
    typer.Option("--evidence", help="Tài liệu kiểm chứng: đường dẫn hoặc số văn bản.",
                 show_default=False),
]
StrictOption = Annotated[
    bool, typer.Option("--strict", help="Coi các lưu ý (hình thức, nội dung ngoài nhiệm vụ; đơn vị "
                       "tính gần giống đơn vị đã dùng; tỷ lệ không khớp trạng thái) là lỗi: "
                       "không ghi gì.")
]
FileOption = Annotated[
    Path | None,
    typer.Option("--file", show_default=False,
                 help="Ghi vào tệp này (tệp kế hoạch hoặc một tệp nó include). Bỏ trống: tệp "
                 "include có «units» chứa đơn vị của bản ghi, không có thì tệp kế hoạch."),
]


def plan_path(plan: Path | None, year: int | None, day: dt.date | None = None) -> Path:
    """The plan file a command works on (`--plan`, `--year`, the environment, `plans/`; for a
    command that takes a date, the plan of that date's year)."""
    return find_plan(plan, year, os.environ, Path.cwd(), day)


def plan_files(files: list[Path] | None, plan: Path | None, year: int | None) -> list[Path]:
    """The files named as arguments, or else the one plan that --plan/--year/discovery give."""
    if files and (plan is not None or year is not None):
        raise CchcError(
            "Gõ tên tệp, hoặc --plan/--year, không dùng cả hai cùng lúc.", ExitCode.USAGE,
            hint="Ví dụ: cchc check plans/2020.yaml plans/2021.yaml", code="invalid-input",
        )
    return files or [plan_path(plan, year)]


def period_code(
    quarter: int | None, half: int | None, nine_months: bool, annual: bool, command: str = "report"
) -> PeriodCode:
    """The one period the options name (`Q2`, `H1`, `9M`, `year`); `command` is the one run,
    for the example its error gives."""
    chosen: list[PeriodCode] = []
    if quarter is not None:
        chosen.append(f"Q{quarter}")  # type: ignore[arg-type]
    if half is not None:
        chosen.append(f"H{half}")  # type: ignore[arg-type]
    if nine_months:
        chosen.append("9M")
    if annual:
        chosen.append("year")
    if len(chosen) != 1:
        raise CchcError(
            "Chọn đúng một kỳ báo cáo: --quarter 1..4, --half 1|2, --nine-months hoặc --annual"
            + ("." if not chosen else f" (đang chọn {len(chosen)} kỳ)."),
            ExitCode.USAGE,
            hint=f"Ví dụ: {EXAMPLES.get(f'cchc {command}', f'cchc {command} --quarter 2')}",
            code="period-required",
        )
    return chosen[0]


def typed(reader: Callable[[str], Any], value: str | None, option: str) -> Any:
    """A typed option's value read into what is stored; None stays None."""
    from ..plan.textinput import InputError

    if value is None:
        return None
    try:
        return reader(value)
    except InputError as error:
        raise CchcError(f"{option}: {error}", ExitCode.USAGE, code="invalid-input") from None


def print_json(data: Any) -> None:
    """`data` as JSON on standard output: text as it is, or as `\\u` escapes where the output
    cannot take it (the same JSON either way)."""
    from .wording import unicode_output

    sys.stdout.write(json.dumps(data, ensure_ascii=not unicode_output(), indent=2) + "\n")
