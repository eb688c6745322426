"""The `cchc` command line: parses arguments, calls the library, prints. Nothing else lives here."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from . import __version__
from .cli_text import localise, usage_message
from .discovery import PLAN_ENV, find_plan
from .errors import CchcError, ExitCode, PlanError
from .terms import NOTE_SECTIONS, PeriodCode

app = typer.Typer(
    name="cchc",
    help=(
        "Quản lý kế hoạch tuyên truyền cải cách hành chính trong một tệp YAML: "
        "kiểm tra, xem, ghi kết quả và lập báo cáo."
    ),
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)

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


def _plan_path(plan: Path | None, year: int | None) -> Path:
    return find_plan(plan, year, os.environ, Path.cwd())


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


@app.command()
def check(
    files: Annotated[
        list[Path] | None,
        typer.Argument(help="Các tệp kế hoạch; bỏ trống thì dùng tệp kế hoạch như các lệnh khác.",
                       show_default=False),
    ] = None,
    plan: PlanOption = None,
    year: YearOption = None,
    as_json: JsonOption = False,
) -> int:
    """Kiểm tra tệp kế hoạch: báo mọi lỗi kèm dòng, cột và cách sửa."""
    from .loader import load_plan

    loads = [load_plan(path) for path in (files or [_plan_path(plan, year)])]
    results = [
        {"ok": loaded.ok, "file": str(loaded.path), "errors": [e.as_json() for e in loaded.errors]}
        for loaded in loads
    ]
    ok = all(loaded.ok for loaded in loads)
    if as_json:
        _print_json(results[0] if len(results) == 1 else {"ok": ok, "files": results})
        return ExitCode.OK if ok else ExitCode.PLAN_INVALID
    for loaded in loads:
        if loaded.plan is not None:
            tasks = len(loaded.plan.tasks())
            print(
                f"{loaded.path}: hợp lệ · {len(loaded.plan.units)} đơn vị, {tasks} nhiệm vụ, "
                f"{len(loaded.plan.forms)} hình thức, {len(loaded.plan.contents)} nội dung, "
                f"{len(loaded.plan.activities)} hoạt động."
            )
        else:
            _print_errors(loaded.errors, loaded.sources)
    return ExitCode.OK if ok else ExitCode.PLAN_INVALID


@app.command()
def show(plan: PlanOption = None, year: YearOption = None, as_json: JsonOption = False) -> int:
    """Xem nhanh kế hoạch: đơn vị và nhiệm vụ, hình thức, nội dung tuyên truyền."""
    from .loader import load_valid_plan
    from .overview import plan_overview

    valid_plan, _ = load_valid_plan(_plan_path(plan, year))
    if as_json:
        _print_json(plan_overview(valid_plan))
    else:
        from rich.console import Console

        from .views import print_overview

        print_overview(valid_plan, Console())
    return ExitCode.OK


QuarterOption = Annotated[
    int | None,
    typer.Option("--quarter", "-q", min=1, max=4, help="Quý (1–4).", show_default=False),
]
UnitOption = Annotated[
    str | None,
    typer.Option("--unit", "-u", help="Mã đơn vị, ví dụ van-phong-so.", show_default=False,
                 autocompletion=lambda: _ids("units")),
]
TaskOption = Annotated[
    str | None,
    typer.Option("--task", "-t", help="Mã nhiệm vụ, ví dụ vp-2.", show_default=False,
                 autocompletion=lambda: _ids("tasks")),
]
DryRunOption = Annotated[
    bool, typer.Option("--dry-run", help="Chỉ in phần thay đổi (dạng diff), không ghi vào tệp.")
]
FileOption = Annotated[
    Path | None,
    typer.Option("--file", show_default=False,
                 help="Ghi vào tệp này (tệp kế hoạch hoặc một tệp nó include). Bỏ trống: tệp "
                 "include có «units» chứa đơn vị của bản ghi, không có thì tệp kế hoạch."),
]


@app.command("add-activity")
def add_activity(
    unit: UnitOption = None,
    task: TaskOption = None,
    date: Annotated[
        str | None,
        typer.Option("--date", "-d", help="Ngày thực hiện: 15/06/2020 hoặc 2020-06-15.",
                     show_default=False),
    ] = None,
    title: Annotated[
        str | None, typer.Option("--title", help="Tên hoạt động.", show_default=False)
    ] = None,
    form: Annotated[
        str | None,
        typer.Option("--form", "-f", help="Mã hình thức tuyên truyền.", show_default=False,
                     autocompletion=lambda: _ids("forms")),
    ] = None,
    content: Annotated[
        list[str] | None,
        typer.Option("--content", "-c", help="Mã nội dung tuyên truyền (ghi nhiều lần được).",
                     show_default=False, autocompletion=lambda: _ids("contents")),
    ] = None,
    quantity: Annotated[
        int | None, typer.Option("--quantity", "-n", help="Số lượng, ví dụ 5.", show_default=False)
    ] = None,
    measure: Annotated[
        str | None,
        typer.Option("--measure", help="Đơn vị tính: tin bài, buổi, pano...", show_default=False),
    ] = None,
    participants: Annotated[
        int | None,
        typer.Option("--participants", help="Số lượt người tham dự.", show_default=False),
    ] = None,
    cost: Annotated[
        int | None, typer.Option("--cost", help="Kinh phí (đồng).", show_default=False)
    ] = None,
    location: Annotated[
        str | None, typer.Option("--location", help="Địa điểm.", show_default=False)
    ] = None,
    evidence: Annotated[
        str | None,
        typer.Option("--evidence", help="Tài liệu kiểm chứng: đường dẫn hoặc số văn bản.",
                     show_default=False),
    ] = None,
    dry_run: DryRunOption = False,
    file: FileOption = None,
    plan: PlanOption = None,
    year: YearOption = None,
    as_json: JsonOption = False,
) -> int:
    """Ghi một hoạt động đã thực hiện vào kế hoạch (chỉ thêm dòng, không sửa dòng nào khác)."""
    from . import recording
    from .prompts import ask_missing
    from .textinput import parse_date, typed_text

    path = _plan_path(plan, year)
    answers = ask_missing(path, {"task": task, "date": date, "title": title}, unit)
    request = {
        "unit": answers["unit"],
        "task": answers["task"],
        "date": _read(parse_date, answers["date"], "--date"),
        "title": _read(typed_text, answers["title"], "--title"),
        "form": form,
        "contents": content or [],
        "quantity": quantity,
        "measure": _read(typed_text, measure, "--measure"),
        "participants": participants,
        "cost": cost,
        "location": _read(typed_text, location, "--location"),
        "evidence": _read(typed_text, evidence, "--evidence"),
    }
    written = recording.add_activity(path, request, dry_run=dry_run, file=file)
    return _print_written(written, as_json, f"Đã ghi hoạt động {written.record.id}.")


@app.command()
def progress(
    task: TaskOption = None,
    quarter: QuarterOption = None,
    status: Annotated[
        str | None,
        typer.Option("--status", "-s", help="not_started | in_progress | done "
                     "(hoặc: Chưa triển khai | Đang triển khai | Hoàn thành).", show_default=False),
    ] = None,
    unit: UnitOption = None,
    percent: Annotated[
        int | None, typer.Option("--percent", help="Tỷ lệ hoàn thành, 0–100.", show_default=False)
    ] = None,
    note: Annotated[str | None, typer.Option("--note", help="Ghi chú.", show_default=False)] = None,
    dry_run: DryRunOption = False,
    file: FileOption = None,
    plan: PlanOption = None,
    year: YearOption = None,
    as_json: JsonOption = False,
) -> int:
    """Ghi tiến độ một nhiệm vụ trong một quý (bản ghi sau cùng có hiệu lực)."""
    import datetime as dt

    from . import recording
    from .prompts import ask_missing
    from .textinput import parse_status, typed_text

    path = _plan_path(plan, year)
    answers = ask_missing(path, {"task": task, "quarter": quarter, "status": status}, unit)
    request = {
        "unit": answers["unit"],
        "task": answers["task"],
        "quarter": int(answers["quarter"]),
        "status": _read(parse_status, answers["status"], "--status"),
        "percent": percent,
        "note": _read(typed_text, note, "--note"),
        "date": dt.date.today().isoformat(),
    }
    written = recording.record_progress(path, request, dry_run=dry_run, file=file)
    record = written.record
    return _print_written(written, as_json, f"Đã ghi tiến độ {record.task} quý {record.quarter}.")


def _print_written(written: Any, as_json: bool, done: str) -> int:
    """The new record as JSON, or the diff of a dry run, or what was done and where the unit stands."""
    if as_json:
        _print_json(written.record.model_dump(mode="json", exclude_none=True))
    elif not written.saved:
        sys.stdout.write(written.diff)
        print("(--dry-run: chưa ghi gì vào tệp)", file=sys.stderr)
    else:
        print(done)
        unit = getattr(written.record, "unit", None)
        if unit is not None:
            from .views import unit_summary

            print(unit_summary(written.plan, unit))
    return ExitCode.OK


@app.command("list")
def list_activities(
    quarter: QuarterOption = None,
    unit: UnitOption = None,
    task: TaskOption = None,
    plan: PlanOption = None,
    year: YearOption = None,
    as_json: JsonOption = False,
) -> int:
    """Liệt kê các hoạt động đã ghi, lọc theo quý, đơn vị, nhiệm vụ."""
    from .loader import load_valid_plan
    from .selection import select_activities

    valid_plan, _ = load_valid_plan(_plan_path(plan, year))
    chosen = select_activities(valid_plan, quarter=quarter, unit=unit, task=task)
    if as_json:
        _print_json([activity.model_dump(mode="json", exclude_none=True) for activity in chosen])
        return ExitCode.OK
    from rich.console import Console

    from .views import print_activities

    print_activities(valid_plan, chosen, Console())
    return ExitCode.OK


@app.command()
def status(
    quarter: QuarterOption = None,
    plan: PlanOption = None,
    year: YearOption = None,
    as_json: JsonOption = False,
) -> int:
    """Tiến độ từng nhiệm vụ theo đơn vị và mức hoàn thành của cả kế hoạch."""
    from .loader import load_valid_plan
    from .tracking import status_overview, task_statuses

    valid_plan, _ = load_valid_plan(_plan_path(plan, year))
    as_of = quarter or 4
    statuses = task_statuses(valid_plan, as_of)
    if as_json:
        _print_json(status_overview(statuses, as_of))
        return ExitCode.OK
    from rich.console import Console

    from .views import print_status

    print_status(valid_plan, statuses, as_of, Console())
    return ExitCode.OK


HalfOption = Annotated[
    int | None,
    typer.Option("--half", min=1, max=2, show_default=False,
                 help="6 tháng: 1 = 6 tháng đầu năm, 2 = 6 tháng cuối năm."),
]
NineMonthsOption = Annotated[bool, typer.Option("--nine-months", help="9 tháng đầu năm.")]
AnnualOption = Annotated[bool, typer.Option("--annual", help="Cả năm.")]
PeriodQuarterOption = Annotated[
    int | None,
    typer.Option("--quarter", "-q", min=1, max=4, help="Quý (1–4).", show_default=False),
]


def _period_code(
    quarter: int | None, half: int | None, nine_months: bool, annual: bool
) -> PeriodCode:
    """The one period the options name (`Q2`, `H1`, `9M`, `year`)."""
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
            hint="Ví dụ: cchc report --quarter 2",
            code="period-required",
        )
    return chosen[0]


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
    quarter: PeriodQuarterOption = None,
    half: HalfOption = None,
    nine_months: NineMonthsOption = False,
    annual: AnnualOption = False,
    output_format: Annotated[
        str | None,
        typer.Option("--format", "-f", show_default=False,
                     help="md | docx | json. Nếu bỏ trống: theo đuôi tệp của -o hoặc --template, "
                     "không có thì md."),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", show_default=False,
                     help="Tệp kết quả. Nếu bỏ trống: md và json in ra màn hình, docx ghi vào "
                     "bao-cao-NĂM-KỲ.docx."),
    ] = None,
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
    """Lập báo cáo kết quả tuyên truyền CCHC của một kỳ: Markdown, Word (Nghị định 30) hoặc JSON."""
    import datetime as dt

    from .discovery import expand_plans
    from .loader import load_valid_plan
    from .periods import period_of
    from .render import output_format as choose_format
    from .render import render, report_file_name
    from .textinput import parse_date

    code = _period_code(quarter, half, nine_months, annual)
    kind = choose_format(output_format, output, template)
    report_date = _read(parse_date, date, "--date") or dt.date.today()
    paths = expand_plans(plan, Path.cwd()) if plan else [_plan_path(None, year)]
    plans = [(path, load_valid_plan(path)[0]) for path in paths]
    data: Any
    if len(plans) == 1:
        from .report import build_report

        valid_plan = plans[0][1]
        period = period_of(code, valid_plan.header.year, valid_plan.reporting.rule)
        data = build_report(valid_plan, period, report_date, number)
        name = report_file_name(valid_plan.header.year, code, kind)
    else:
        from .rollup import build_rollup

        data = build_rollup(plans, code, report_date, issuer)
        name = report_file_name(plans[0][1].header.year, code, kind, rollup=True)
    content = render(data, kind, template)
    if len(plans) == 1:
        _warn_empty_notes(data, code)
    if output is None and kind != "docx":
        sys.stdout.write(content.decode("utf-8"))
        return ExitCode.OK
    from .storage import write_atomic

    target = output or Path(name)
    write_atomic(target, content)
    print(f"Đã ghi báo cáo {data.period.label}: {target}", file=sys.stderr)
    return ExitCode.OK


def _warn_empty_notes(data: Any, code: PeriodCode) -> None:
    """Tell the clerk which hand-written sections the report shows as «Chưa ghi nội dung»."""
    from .report import SECTIONS_SHOWN_EMPTY

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


@app.command()
def note(
    text: Annotated[str, typer.Argument(help="Nội dung đoạn văn (để trong ngoặc kép).",
                                        show_default=False)],
    section: Annotated[
        str,
        typer.Option("--section", "-s", show_default=False,
                     help="Mục của báo cáo: chi-dao | danh-gia | kho-khan | phuong-huong | kien-nghi.",
                     autocompletion=lambda: list(NOTE_SECTIONS)),
    ],
    quarter: PeriodQuarterOption = None,
    half: HalfOption = None,
    nine_months: NineMonthsOption = False,
    annual: AnnualOption = False,
    dry_run: DryRunOption = False,
    file: FileOption = None,
    plan: PlanOption = None,
    year: YearOption = None,
    as_json: JsonOption = False,
) -> int:
    """Ghi một đoạn văn vào một mục của báo cáo một kỳ (khó khăn, phương hướng, kiến nghị...)."""
    import datetime as dt

    from . import recording
    from .textinput import parse_section, typed_text

    request = {
        "period": _period_code(quarter, half, nine_months, annual),
        "section": _read(parse_section, section, "--section"),
        "text": _read(typed_text, text, "NỘI DUNG"),
        "date": dt.date.today().isoformat(),
    }
    written = recording.add_note(_plan_path(plan, year), request, dry_run=dry_run, file=file)
    return _print_written(
        written, as_json, f"Đã ghi vào mục «{NOTE_SECTIONS[written.record.section]}» "
        f"của báo cáo kỳ {written.record.period}."
    )


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

    from .loader import load_valid_plan
    from .periods import period_of
    from .render import check_template
    from .report import build_report

    valid_plan, _ = load_valid_plan(_plan_path(plan, year))
    period = period_of("year", valid_plan.header.year, valid_plan.reporting.rule)
    problems = check_template(path, build_report(valid_plan, period, dt.date.today()))
    for problem in problems:
        print(f"Lỗi: {problem}", file=sys.stderr)
    if problems:
        return ExitCode.TEMPLATE_INVALID
    print(f"{path}: mẫu hợp lệ, đã dựng thử báo cáo năm {valid_plan.header.year}.")
    return ExitCode.OK


@app.command()
def fmt(
    files: Annotated[
        list[Path] | None,
        typer.Argument(help="Các tệp kế hoạch; bỏ trống thì dùng tệp kế hoạch như các lệnh khác.",
                       show_default=False),
    ] = None,
    check_only: Annotated[
        bool, typer.Option("--check", help="Không sửa gì; báo tệp nào cần định dạng lại (mã thoát 1).")
    ] = False,
    plan: PlanOption = None,
    year: YearOption = None,
) -> int:
    """Định dạng tệp kế hoạch theo một cách viết chuẩn, giữ nguyên chú thích và nội dung."""
    from .canonical import reformat

    paths = files or [_plan_path(plan, year)]
    changed = [path for path in paths if reformat(path, write=not check_only)]
    for path in changed:
        print(f"Cần định dạng lại: {path}" if check_only else f"Đã định dạng lại: {path}")
    if not changed:
        print("Các tệp đã đúng định dạng chuẩn." if len(paths) > 1 else f"{paths[0]}: đã đúng định dạng chuẩn.")
    return ExitCode.PLAN_INVALID if check_only and changed else ExitCode.OK


@app.command()
def diff(
    revisions: Annotated[
        list[str] | None,
        typer.Argument(help="REV_A [REV_B]: hai phiên bản git để so; bỏ trống là HEAD với tệp "
                       "đang sửa, một phiên bản là phiên bản đó với tệp đang sửa.",
                       show_default=False),
    ] = None,
    output_format: Annotated[
        str, typer.Option("--format", "-f", help="text | md | json.")
    ] = "text",
    plan: PlanOption = None,
    year: YearOption = None,
) -> int:
    """Những gì đã thay đổi trong kế hoạch giữa hai phiên bản git, nói bằng lời của nghiệp vụ."""
    from .changes import plan_changes
    from .document import read_text
    from .gitfiles import text_at
    from .loader import load_text, valid
    from .views import changes_json, changes_markdown, changes_text

    chosen = revisions or ["HEAD"]
    if len(chosen) > 2 or output_format not in ("text", "md", "json"):
        raise CchcError(
            "Gõ tối đa hai phiên bản và --format là text, md hoặc json.", ExitCode.USAGE,
            hint="Ví dụ: cchc diff HEAD~1 HEAD --format md", code="invalid-input",
        )
    path = _plan_path(plan, year)
    versions = []
    for revision in [chosen[0], chosen[1] if len(chosen) == 2 else None]:
        def read(file: Path, revision: str | None = revision) -> str:
            return read_text(file) if revision is None else text_at(revision, file).removeprefix("\ufeff")

        versions.append(valid(load_text(read(path), path, read))[0])
    changes = plan_changes(*versions)
    labels = (chosen[0], chosen[1] if len(chosen) == 2 else None)
    render = {"text": changes_text, "md": changes_markdown, "json": changes_json}[output_format]
    sys.stdout.write(render(changes, str(path), *labels))
    return ExitCode.OK


@app.command(hidden=True)
def textconv(path: Annotated[Path, typer.Argument()]) -> int:
    """Kế hoạch viết mỗi thứ một dòng, cho «git diff» và «git log -p» (diff.cchc.textconv)."""
    from .changes import plan_lines
    from .document import read_text
    from .loader import load_text

    text = read_text(path)
    loaded = load_text(text, path)
    sys.stdout.write("\n".join(plan_lines(loaded.plan)) + "\n" if loaded.plan else text)
    return ExitCode.OK


@app.command("merge-driver", hidden=True)
def merge_driver(
    base: Annotated[Path, typer.Argument()],
    ours: Annotated[Path, typer.Argument()],
    theirs: Annotated[Path, typer.Argument()],
    name: Annotated[str, typer.Argument()] = "",
) -> int:
    """Gộp ba phiên bản của tệp kế hoạch theo mã (git gọi lệnh này: %O %A %B %P)."""
    from .merging import merge_files

    merged = merge_files(base, ours, theirs)
    label = name or str(ours)
    if merged.taken:
        print(f"cchc: gộp «{label}»: lấy từ nhánh kia: {', '.join(merged.taken)}.", file=sys.stderr)
    for conflict in merged.conflicts:
        print(f"cchc: xung đột ở «{label}»: {conflict}.", file=sys.stderr)
    if merged.conflicts:
        print(f"cchc: sửa các chỗ đánh dấu <<<<<<< trong «{label}», rồi chạy «cchc check».",
              file=sys.stderr)
        return ExitCode.PLAN_INVALID
    return ExitCode.OK


@app.command("git-setup")
def git_setup(plan: PlanOption = None, year: YearOption = None) -> int:
    """Đăng ký cchc với kho git: «git diff» đọc được thay đổi, «git merge» gộp kế hoạch theo mã."""
    import shlex

    from .gitfiles import git_setup as setup

    command = shlex.join([sys.executable, "-m", "cchc_plan"])
    for step in setup(_plan_path(plan, year), command):
        print(step)
    return ExitCode.OK


@app.command()
def init(
    year: Annotated[int, typer.Option("--year", "-y", min=2000, max=2100, show_default=False,
                                      help="Năm của kế hoạch mới.")],
    source: Annotated[
        Path | None,
        typer.Option("--from", show_default=False,
                     help="Kế hoạch năm trước để chép cơ cấu (đơn vị, nhiệm vụ, hình thức, nội dung, "
                     "nơi nhận, người ký)."),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", show_default=False,
                     help="Tệp sẽ tạo; mặc định plans/NĂM.yaml (cạnh tệp --from nếu có)."),
    ] = None,
) -> int:
    """Tạo kế hoạch của một năm mới: chép từ năm trước, hoặc một bản mẫu có chú thích để điền."""
    from .document import read_text
    from .newplan import next_year, starter_text, write_new_plan

    path = output or (source.parent if source else Path("plans")) / f"{year}.yaml"
    if source is None:
        unfinished = write_new_plan(path, starter_text(year))
        print(f"Đã tạo {path} (bản mẫu).")
    else:
        new = next_year(read_text(source), source, year)
        unfinished = write_new_plan(path, new.text)
        print(f"Đã tạo {path} từ {source}: giữ đơn vị, nhiệm vụ, hình thức, nội dung, nơi nhận, "
              "người ký; bỏ hoạt động, tiến độ, ghi chép.")
        if new.year_changes:
            print(f"Đã đổi «năm {year - 1}» thành «năm {year}» ở: {', '.join(new.year_changes)}.")
    if unfinished:
        print(f"Còn {len(unfinished)} chỗ «CẦN ĐIỀN» (dòng {', '.join(u.rsplit(':', 1)[1] for u in unfinished)}); "
              f"điền xong, chạy «cchc check --plan {path}».")
    return ExitCode.OK


def _ids(kind: str) -> list[str]:
    """Ids for shell completion, read from the plan the command would use."""
    from .loader import load_plan

    try:
        loaded = load_plan(_plan_path(None, None))
    except CchcError:
        return []
    if loaded.plan is None:
        return []
    if kind == "tasks":
        return [task.id for _, task in loaded.plan.tasks()]
    return [item.id for item in getattr(loaded.plan, kind)]


def _read(reader: Callable[[str], Any], value: str | None, option: str) -> Any:
    """A typed option's value read into what is stored; None stays None."""
    from .textinput import InputError

    if value is None:
        return None
    try:
        return reader(value)
    except InputError as error:
        raise CchcError(f"{option}: {error}", ExitCode.USAGE, code="invalid-input") from None


@app.command()
def schema() -> int:
    """In JSON Schema của tệp kế hoạch (để trình soạn thảo kiểm tra khi gõ)."""
    from .schema import plan_json_schema_text

    sys.stdout.write(plan_json_schema_text())
    return ExitCode.OK


def _version(value: bool) -> None:
    if value:
        print(f"cchc {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="In phiên bản rồi thoát."),
    ] = False,
) -> None:
    """Quản lý kế hoạch tuyên truyền cải cách hành chính trong một tệp YAML."""


def _print_errors(errors: list[PlanError], source: str | dict[str, str], count: bool = True) -> None:
    from .views import format_error

    for error in errors:
        text = source.get(error.file, "") if isinstance(source, dict) else source
        print(format_error(error, text.splitlines()), file=sys.stderr)
    if count:
        print(f"{len(errors)} lỗi.", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    """Run `cchc`; the one place where expected failures become a message and an exit code."""
    args = sys.argv[1:] if argv is None else argv
    command = localise(typer.main.get_command(app))
    try:
        result = command.main(args=args, prog_name="cchc", standalone_mode=False)
    except CchcError as error:
        _report_failure(error, as_json="--json" in args)
        return int(error.exit_code)
    except typer.Abort:
        print("Đã hủy.", file=sys.stderr)
        return 130
    except KeyboardInterrupt:
        print("\nĐã hủy.", file=sys.stderr)
        return 130
    except Exception as error:
        message = usage_message(error)
        if message is None:
            raise
        if message:
            print(message, file=sys.stderr)
        return int(ExitCode.USAGE)
    return int(result or 0)


def _report_failure(error: CchcError, as_json: bool) -> None:
    if as_json:
        errors = [e.as_json() for e in error.errors] or [
            PlanError("", 0, 0, error.code, error.message, error.hint).as_json()
        ]
        _print_json({"ok": False, "errors": errors})
        return
    if error.errors:
        _print_errors(error.errors, error.source, count=False)
    print(f"Lỗi: {error.message}", file=sys.stderr)
    if error.hint:
        print(f"      → {error.hint}", file=sys.stderr)
