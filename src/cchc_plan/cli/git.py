"""Commands for plans kept in git: canonical layout, changes, merging, and next year's plan."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from ..errors import CchcError, ExitCode
from .app import app
from .options import PlanFilesArgument, PlanOption, YearOption, plan_files, plan_path


@app.command()
def fmt(
    files: PlanFilesArgument = None,
    check_only: Annotated[
        bool, typer.Option("--check", help="Không sửa gì; báo tệp nào cần định dạng lại (mã thoát 1).")
    ] = False,
    plan: PlanOption = None,
    year: YearOption = None,
) -> int:
    """Định dạng tệp kế hoạch theo một cách viết chuẩn, giữ nguyên chú thích và nội dung."""
    from ..writing.canonical import reformat

    paths = plan_files(files, plan, year)
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
    from ..gitplan.revisions import changes_between
    from .views import changes_json, changes_markdown, changes_text

    chosen = revisions or ["HEAD"]
    if len(chosen) > 2 or output_format not in ("text", "md", "json"):
        raise CchcError(
            "Gõ tối đa hai phiên bản và --format là text, md hoặc json.", ExitCode.USAGE,
            hint="Ví dụ: cchc diff HEAD~1 HEAD --format md", code="invalid-input",
        )
    paths = [plan_path(plan, year)]
    if not revisions and plan is None and year is None:
        paths = _plans_with_changes() or paths
    labels = (chosen[0], chosen[1] if len(chosen) == 2 else None)
    render = {"text": changes_text, "md": changes_markdown, "json": changes_json}[output_format]
    for path in paths:
        changes = changes_between(path, chosen[0], chosen[1] if len(chosen) == 2 else None)
        sys.stdout.write(render(changes, str(path), *labels))
    return ExitCode.OK


def _plans_with_changes() -> list[Path]:
    """The year plans (plans/YYYY.yaml) with changes not yet committed, when $CCHC_PLAN does not
    name one: what `cchc diff` shows without arguments."""
    import os

    from ..gitplan.revisions import changed_since
    from .discovery import PLAN_ENV, year_plans

    if os.environ.get(PLAN_ENV):
        return []
    return changed_since("HEAD", year_plans(Path.cwd()))


@app.command(hidden=True)
def textconv(path: Annotated[Path, typer.Argument()]) -> int:
    """Kế hoạch viết mỗi thứ một dòng, cho «git diff» và «git log -p» (diff.cchc.textconv)."""
    from ..gitplan.revisions import diff_text

    sys.stdout.write(diff_text(path))
    return ExitCode.OK


@app.command("merge-driver", hidden=True)
def merge_driver(
    base: Annotated[Path, typer.Argument()],
    ours: Annotated[Path, typer.Argument()],
    theirs: Annotated[Path, typer.Argument()],
    name: Annotated[str, typer.Argument()] = "",
) -> int:
    """Gộp ba phiên bản của tệp kế hoạch theo mã (git gọi lệnh này: %O %A %B %P)."""
    from ..gitplan.merging import merge_files

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

    from ..gitplan.revisions import git_setup as setup

    command = shlex.join([sys.executable, "-m", "cchc_plan"])
    for step in setup(plan_path(plan, year), command):
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
    from ..reading.text import read_text
    from ..writing.newplan import next_year, starter_text, write_new_plan

    path = output or (source.parent if source else Path("plans")) / f"{year}.yaml"
    if source is None:
        unfinished = write_new_plan(path, starter_text(year), os.linesep)
        print(f"Đã tạo {path} (bản mẫu).")
    else:
        new = next_year(read_text(source), source, year)
        unfinished = write_new_plan(path, new.text, os.linesep)
        print(f"Đã tạo {path} từ {source}: giữ đơn vị, nhiệm vụ, hình thức, nội dung, nơi nhận, "
              "người ký; bỏ hoạt động, tiến độ, ghi chép.")
        if new.year_changes:
            print(f"Đã đổi «năm {year - 1}» thành «năm {year}» ở: {', '.join(new.year_changes)}.")
    if unfinished:
        print(f"Còn {len(unfinished)} chỗ «CẦN ĐIỀN» (dòng {', '.join(u.rsplit(':', 1)[1] for u in unfinished)}); "
              f"điền xong, chạy «cchc check --plan {path}».")
    return ExitCode.OK
