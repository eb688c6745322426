"""Commands that make reports: a department's or a province's, and checks of templates."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..errors import CchcError, ExitCode
from ..plan.terms import PeriodCode
from .app import app
from .options import (
    AnnualOption,
    HalfOption,
    NineMonthsOption,
    PlanOption,
    QuarterOption,
    YearOption,
    period_code,
    plan_path,
    typed,
)

if TYPE_CHECKING:
    from ..reports.data import ReportData

PlansOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--plan",
        "-p",
        help="Tệp kế hoạch (như các lệnh khác). Ghi nhiều lần, hoặc chỉ một thư mục hay một mẫu "
        "như 'plans/*.yaml', để lập báo cáo tổng hợp nhiều cơ quan.",
        show_default=False,
    ),
]


@app.command()
def report(
    quarter: QuarterOption = None,
    half: HalfOption = None,
    nine_months: NineMonthsOption = False,
    annual: AnnualOption = False,
    output_format: Annotated[
        str | None,
        typer.Option("--format", "-f", show_default=False,
                     help="md | docx | pdf | json | xlsx | csv. Nếu bỏ trống: theo đuôi tệp của -o "
                     "hoặc --template, không có thì md. pdf là bản Word in qua LibreOffice; xlsx "
                     "là các bảng số liệu cho Excel; csv là danh sách hoạt động."),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", show_default=False,
                     help="Tệp kết quả. Nếu bỏ trống: md, json và csv in ra màn hình, docx, pdf "
                     "và xlsx ghi vào bao-cao-NĂM-KỲ.docx (.pdf, .xlsx). Tệp đã có thì không ghi đè, trừ khi có "
                     "--force."),
    ] = None,
    force: Annotated[
        bool,
        typer.Option("--force", show_default=False,
                     help="Thay tệp báo cáo đã có bằng báo cáo mới."),
    ] = False,
    template: Annotated[
        Path | None,
        typer.Option("--template", show_default=False,
                     help="Mẫu riêng (.md/.j2 hoặc .docx) thay cho mẫu trong templates/."),
    ] = None,
    date: Annotated[
        str | None,
        typer.Option("--date", "-d", show_default=False,
                     help="Ngày của báo cáo (dòng «…, ngày … tháng … năm …»); mặc định hôm nay."),
    ] = None,
    number: Annotated[
        int | None,
        typer.Option("--number", min=1, show_default=False,
                     help="Số văn bản; bỏ trống để văn thư điền khi đăng ký."),
    ] = None,
    issuer: Annotated[
        str | None,
        typer.Option("--issuer", show_default=False,
                     help="Báo cáo tổng hợp: cơ quan lập báo cáo, ví dụ «Sở Nội vụ»."),
    ] = None,
    plan: PlansOption = None,
    year: YearOption = None,
) -> int:
    """Lập báo cáo kết quả tuyên truyền CCHC của một kỳ: Markdown, Word (Nghị định 30), PDF hoặc JSON."""
    import datetime as dt

    from ..plan.textinput import parse_date
    from ..reading.loader import load_valid_plan
    from ..reports.data import ReportData
    from ..reports.render import BINARY_FORMATS, render, report_file_name
    from ..reports.render import output_format as choose_format
    from ..reports.rollup import report_data
    from .discovery import expand_plans

    code = period_code(quarter, half, nine_months, annual)
    kind = choose_format(output_format, output, template)
    report_date = typed(parse_date, date, "--date") or dt.date.today()
    paths = expand_plans(plan, Path.cwd()) if plan else [plan_path(None, year)]
    unused = ("--issuer", issuer) if len(paths) == 1 else ("--number", number)
    if unused[1] is not None:
        raise CchcError(
            f"{unused[0]} chỉ dùng cho "
            + ("báo cáo tổng hợp nhiều kế hoạch." if len(paths) == 1 else "báo cáo của một cơ quan."),
            ExitCode.USAGE, hint="Bỏ tùy chọn này, hoặc chọn đúng kế hoạch bằng --plan.",
            code="invalid-input",
        )
    if output is not None:
        _refuse_overwriting_input(output, [*paths, *([template] if template else [])])
    plans = [(path, load_valid_plan(path)) for path in paths]
    to_screen = output is None and kind not in BINARY_FORMATS
    target = output or Path(report_file_name(plans[0][1].header.year, code, kind, len(plans) > 1))
    if not to_screen and not force and target.exists():
        raise _report_exists(target)
    data = report_data(plans, code, report_date, number, issuer)
    content = render(data, kind, template)
    if isinstance(data, ReportData):
        _warn_empty_notes(data, code)
    if to_screen:
        sys.stdout.flush()
        sys.stdout.buffer.write(content)
        return ExitCode.OK
    from ..writing.storage import write_atomic

    try:
        write_atomic(target, content, replace=force)
    except FileExistsError:  # made while the report was being rendered
        raise _report_exists(target) from None
    print(f"Đã ghi báo cáo {data.period.label}: {target}", file=sys.stderr)
    return ExitCode.OK


def _report_exists(target: Path) -> CchcError:
    """A report already written (perhaps submitted) is never replaced silently."""
    return CchcError(
        f"Tệp «{target}» đã có; báo cáo không ghi đè lên nó. Chưa có gì được ghi.",
        ExitCode.REFUSED, code="report-exists",
        hint=f"Thêm --force để thay «{target}» bằng báo cáo mới, hoặc ghi ra tệp khác bằng "
        "-o TÊN-TỆP.",
    )


def _refuse_overwriting_input(target: Path, inputs: list[Path]) -> None:
    """A report never replaces what it is made from: a plan, a file it includes (any YAML
    file), or the template."""
    if target.suffix.lower() in (".yaml", ".yml") or any(
        target.resolve() == source.resolve() for source in inputs
    ):
        raise CchcError(
            f"--output: «{target}» là tệp kế hoạch hoặc mẫu báo cáo; báo cáo không được ghi đè lên nó.",
            ExitCode.USAGE,
            hint="Chọn tên tệp khác cho báo cáo, ví dụ bao-cao-quy-2.docx. Chưa có gì được ghi.",
            code="output-is-input",
        )


def _warn_empty_notes(data: ReportData, code: PeriodCode) -> None:
    """Tell the clerk which hand-written sections the report shows as «Chưa ghi nội dung»."""
    from ..reports.data import SECTIONS_SHOWN_EMPTY

    empty = [section for section in SECTIONS_SHOWN_EMPTY if not data.notes[section].paragraphs]
    for section in empty:
        print(
            f"Lưu ý: mục «{data.notes[section].title}» chưa có nội dung; ghi bằng: "
            f'cchc note {_period_options(code)} --section {section} "..."',
            file=sys.stderr,
        )


def _period_options(code: PeriodCode) -> str:
    if code.startswith("Q"):
        return f"--quarter {code[1]}"
    if code.startswith("H"):
        return f"--half {code[1]}"
    return {"9M": "--nine-months", "year": "--annual"}[code]


template_app = typer.Typer(help="Mẫu báo cáo (Markdown hoặc Word).", no_args_is_help=True)
app.add_typer(template_app, name="template")


@template_app.command("check")
def template_check(
    path: Annotated[Path, typer.Argument(help="Tệp mẫu: .md/.j2 hoặc .docx.", show_default=False)],
    plan: PlanOption = None,
    year: YearOption = None,
) -> int:
    """Kiểm tra một mẫu báo cáo: tên không có trong dữ liệu, lỗi cú pháp, rồi dựng thử báo cáo năm."""
    import datetime as dt

    from ..plan.periods import period_of
    from ..reading.loader import load_valid_plan
    from ..reports.data import build_report
    from ..reports.render import check_template

    valid_plan = load_valid_plan(plan_path(plan, year))
    period = period_of("year", valid_plan.header.year, valid_plan.reporting.rule)
    problems = check_template(path, build_report(valid_plan, period, dt.date.today()))
    for problem in problems:
        print(f"Lỗi: {problem}", file=sys.stderr)
    if problems:
        return ExitCode.TEMPLATE_INVALID
    print(f"{path}: mẫu hợp lệ, đã dựng thử báo cáo năm {valid_plan.header.year}.")
    return ExitCode.OK
