"""Commands that record the work: activities, progress and report notes; and what was recorded."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from ..errors import ExitCode
from ..plan.terms import NOTE_SECTIONS
from .app import app
from .discovery import repository_path
from .options import (
    AnnualOption,
    ContentOption,
    CostOption,
    DryRunOption,
    EstimatedOption,
    EvidenceOption,
    FileOption,
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


@app.command("add-activity")
def add_activity(
    unit: UnitOption = None,
    task: TaskOption = None,
    date: Annotated[
        str | None,
        typer.Option("--date", "-d", help="Ngày thực hiện: 15/06/2020, 15-06-2020, 15.6.2020 "
                     "hoặc 2020-06-15.", show_default=False),
    ] = None,
    title: TitleOption = None,
    form: FormOption = None,
    content: ContentOption = None,
    quantity: QuantityOption = None,
    measure: MeasureOption = None,
    participants: ParticipantsOption = None,
    cost: CostOption = None,
    location: LocationOption = None,
    evidence: EvidenceOption = None,
    member: MemberOption = None,
    estimated: EstimatedOption = False,
    strict: StrictOption = False,
    dry_run: DryRunOption = False,
    file: FileOption = None,
    plan: PlanOption = None,
    year: YearOption = None,
    as_json: JsonOption = False,
) -> int:
    """Ghi một hoạt động đã thực hiện vào kế hoạch (chỉ thêm dòng, không sửa dòng nào khác)."""
    from ..plan.textinput import (
        parse_count,
        parse_date,
        parse_money,
        parse_quantity,
        typed_text,
    )
    from ..writing import recording
    from .prompts import ask_missing

    path = plan_path(plan, year, typed(parse_date, date, "--date"))
    answers = ask_missing(path, {"task": task, "date": date, "title": title}, unit,
                          {"form": form, "contents": content or [], "quantity": quantity,
                           "measure": measure})
    request = {
        "unit": answers["unit"],
        "task": answers["task"],
        "date": typed(parse_date, answers["date"], "--date"),
        "title": typed(typed_text, answers["title"], "--title"),
        "form": answers["form"],
        "contents": answers["contents"] or [],
        "quantity": typed(parse_quantity, answers["quantity"], "--quantity"),
        "measure": typed(typed_text, answers["measure"], "--measure"),
        "participants": typed(parse_count, participants, "--participants"),
        "cost": typed(parse_money, cost, "--cost"),
        "location": typed(typed_text, location, "--location"),
        "evidence": typed(typed_text, evidence, "--evidence"),
        "member": member,
        "estimated": estimated,
    }
    written = recording.add_activity(path, request, dry_run=dry_run, file=file, strict=strict)
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
    achieved: Annotated[
        str | None,
        typer.Option("--achieved", help="Tỷ lệ đã đạt của chỉ tiêu tỷ lệ của nhiệm vụ, ví dụ 85 "
                     "hoặc 92,5 (phần trăm).", show_default=False),
    ] = None,
    target: Annotated[
        int | None,
        typer.Option("--target", help="Chỉ tiêu thứ mấy của nhiệm vụ (khi nhiệm vụ có nhiều chỉ "
                     "tiêu tỷ lệ).", show_default=False),
    ] = None,
    estimated: EstimatedOption = False,
    date: Annotated[
        str | None,
        typer.Option("--date", "-d", help="Ngày của bản ghi tiến độ (mặc định hôm nay), ví dụ "
                     "14/06/2020 khi ghi bù cho một quý đã qua.", show_default=False),
    ] = None,
    strict: StrictOption = False,
    dry_run: DryRunOption = False,
    file: FileOption = None,
    plan: PlanOption = None,
    year: YearOption = None,
    as_json: JsonOption = False,
) -> int:
    """Ghi tiến độ một nhiệm vụ trong một quý (bản ghi sau cùng có hiệu lực)."""
    import datetime as dt

    from ..plan.periods import ROMAN
    from ..plan.textinput import parse_date, parse_percent, parse_status, typed_text
    from ..writing import recording
    from .prompts import ask_missing

    path = plan_path(plan, year, typed(parse_date, date, "--date"))
    answers = ask_missing(path, {"task": task, "quarter": quarter, "status": status}, unit)
    request = {
        "unit": answers["unit"],
        "task": answers["task"],
        "quarter": int(answers["quarter"]),
        "status": typed(parse_status, answers["status"], "--status"),
        "percent": percent,
        "note": typed(typed_text, note, "--note"),
        "achieved": typed(parse_percent, achieved, "--achieved"),
        "target": target,
        "estimated": estimated,
        "date": (typed(parse_date, date, "--date") or dt.date.today()).isoformat(),
    }
    written = recording.record_progress(path, request, dry_run=dry_run, file=file, strict=strict)
    record = written.record
    return _print_written(written, as_json,
                          f"Đã ghi tiến độ {record.task} quý {ROMAN[record.quarter]} ({record.id}).")


def relabelled(diff: str, file: Path) -> str:
    """A diff whose file names are as `git diff` writes them: from the repository's top folder
    (from the working folder outside a repository), wherever the clerk stands."""
    shown = repository_path(file)
    head, _, rest = diff.partition("\n")
    second, _, body = rest.partition("\n")
    if not (head.startswith("--- a/") and second.startswith("+++ b/")):
        return diff
    return f"--- a/{shown}\n+++ b/{shown}\n{body}"


def _print_written(written: Any, as_json: bool, done: str) -> int:
    """The new record as JSON, or the diff of a dry run, or what was done and where the unit
    stands; then the warnings of what was written anyway, on standard error."""
    from .views import print_warnings

    print_warnings(written.warnings)
    if as_json:
        print_json(written.record.model_dump(mode="json", exclude_none=True))
    elif not written.saved:
        sys.stdout.write(relabelled(written.diff, written.file))
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
    from ..plan.selection import select_activities
    from ..reading.loader import load_valid_plan

    valid_plan = load_valid_plan(plan_path(plan, year))
    chosen = select_activities(valid_plan, quarter=quarter, unit=unit, task=task)
    if as_json:
        print_json([activity.model_dump(mode="json", exclude_none=True) for activity in chosen])
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
    import datetime as dt

    from ..plan.periods import quarter_period
    from ..plan.tracking import status_overview, task_statuses
    from ..reading.loader import load_valid_plan

    valid_plan = load_valid_plan(plan_path(plan, year))
    last = quarter or 4
    statuses = task_statuses(valid_plan, last)
    # Overdue as of the day after the quarter's last day, else as of today.
    plan_year = valid_plan.header.year
    day = (quarter_period(plan_year, quarter, "calendar").end + dt.timedelta(days=1) if quarter
           else dt.date.today())
    if as_json:
        print_json(status_overview(statuses, last, plan_year, day))
        return ExitCode.OK
    from rich.console import Console

    from .views import print_status

    print_status(valid_plan, statuses, last, day, Console())
    return ExitCode.OK


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
    quarter: QuarterOption = None,
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

    from ..plan.periods import period_label
    from ..plan.textinput import parse_section, typed_text
    from ..writing import recording

    request = {
        "period": period_code(quarter, half, nine_months, annual, "note"),
        "section": typed(parse_section, section, "--section"),
        "text": typed(typed_text, text, "NỘI DUNG"),
        "date": dt.date.today().isoformat(),
    }
    written = recording.add_note(plan_path(plan, year), request, dry_run=dry_run, file=file)
    return _print_written(
        written, as_json, f"Đã ghi vào mục «{NOTE_SECTIONS[written.record.section]}» "
        f"của báo cáo {period_label(written.record.period, written.plan.header.year)} "
        f"({written.record.id})."
    )
