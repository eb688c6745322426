"""Commands for plans kept in git: canonical layout, changes, merging, and next year's plan."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from ..errors import CchcError, ExitCode
from .app import app
from .options import (
    DryRunOption,
    PlanFilesArgument,
    PlanOption,
    YearOption,
    plan_files,
    plan_path,
    typed,
)


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
    _print_unfinished(unfinished, path)
    return ExitCode.OK


def _print_unfinished(unfinished: list[str], path: Path) -> None:
    """Where a new plan still holds «CẦN ĐIỀN», and what to run once it is filled in."""
    if unfinished:
        lines = ", ".join(place.rsplit(":", 1)[1] for place in unfinished)
        print(f"Còn {len(unfinished)} chỗ «CẦN ĐIỀN» (dòng {lines}); điền xong, chạy "
              f"«cchc check --plan {path}».")


@app.command()
def new(
    issuing_body: Annotated[str | None, typer.Option(
        "--issuing-body", show_default=False,
        help="Cơ quan ban hành, tên đầy đủ: «Ủy ban nhân dân tỉnh Bình Định», «Bộ Nội vụ», "
        "«Sở Nội vụ tỉnh Bình Định».")] = None,
    parent_body: Annotated[str | None, typer.Option(
        "--parent-body", show_default=False,
        help="Cơ quan chủ quản của Sở, phòng («UBND tỉnh Bình Định»); bỏ trống với UBND các cấp "
        "và bộ.")] = None,
    code: Annotated[str | None, typer.Option(
        "--code", show_default=False,
        help="Chữ viết tắt tên cơ quan trong số ký hiệu: UBND, BNV, SNV.")] = None,
    place: Annotated[str | None, typer.Option(
        "--place", show_default=False, help="Địa danh ở dòng ngày tháng: Bình Định, Hà Nội.")] = None,
    year: Annotated[int | None, typer.Option(
        "--year", "-y", min=2000, max=2100, show_default=False, help="Năm của kế hoạch.")] = None,
    title: Annotated[str | None, typer.Option(
        "--title", show_default=False,
        help="Trích yếu; mặc định «Tuyên truyền cải cách hành chính năm NĂM».")] = None,
    signer_title: Annotated[str | None, typer.Option(
        "--signer-title", show_default=False, help="Chức vụ người ký: Chủ tịch, Phó Chủ tịch, "
        "Giám đốc, Bộ trưởng.")] = None,
    authority: Annotated[str | None, typer.Option(
        "--authority", show_default=False,
        help="Quyền hạn ký khi ký thay: «TM. Ủy ban nhân dân», «KT. Chủ tịch», «TL. Bộ trưởng», "
        "«TUQ. Chủ tịch», «Q. Giám đốc».")] = None,
    signer_name: Annotated[str | None, typer.Option(
        "--signer-name", show_default=False, help="Họ tên người ký; bỏ trống khi chưa biết.")] = None,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", show_default=False, help="Tệp sẽ tạo; mặc định plans/NĂM.yaml.")] = None,
) -> int:
    """Tạo kế hoạch cho một cơ quan từ đầu (bộ, UBND tỉnh, huyện, xã, Sở, phòng): hỏi phần đầu
    văn bản và người ký, hoặc lấy từ các tùy chọn."""
    from ..plan.textinput import typed_text
    from ..writing.newplan import body_plan_text, write_new_plan
    from .prompts import ask_text

    issuing_body = issuing_body or ask_text("Cơ quan ban hành (tên đầy đủ)", "--issuing-body")
    if parent_body is None and sys.stdin.isatty():
        parent_body = ask_text("Cơ quan chủ quản (Enter: không có, với UBND và bộ)",
                               "--parent-body", optional=True)
    code = code or ask_text("Chữ viết tắt tên cơ quan trong số ký hiệu (UBND, BNV…)", "--code")
    place = place or ask_text("Địa danh ở dòng ngày tháng", "--place")
    year = year or int(ask_text("Năm của kế hoạch", "--year"))
    signer_title = signer_title or ask_text("Chức vụ người ký", "--signer-title")
    header = {"issuing_body": typed(typed_text, issuing_body, "--issuing-body"),
              "parent_body": typed(typed_text, parent_body, "--parent-body") or None,
              "issuing_body_code": code.strip().upper(), "place": typed(typed_text, place, "--place"),
              "title": typed(typed_text, title, "--title")}
    signer = {"authority": typed(typed_text, authority, "--authority"),
              "title": typed(typed_text, signer_title, "--signer-title"),
              "name": typed(typed_text, signer_name, "--signer-name")}
    path = output or Path("plans") / f"{year}.yaml"
    unfinished = write_new_plan(path, body_plan_text(year, header, signer), os.linesep)
    print(f"Đã tạo {path} cho {header['issuing_body']}.")
    _print_unfinished(unfinished, path)
    return ExitCode.OK


@app.command()
def migrate(
    plan: PlanOption = None,
    year: YearOption = None,
    dry_run: DryRunOption = False,
) -> int:
    """Chuyển tệp kế hoạch sang lược đồ mới nhất (schema_version 2): chỉ sửa những dòng cần sửa,
    giữ chú thích."""
    from ..plan.model import SCHEMA_VERSION
    from ..writing.migrating import migrate_plan
    from .records import relabelled

    path = plan_path(plan, year)
    migrated = migrate_plan(path, dry_run=dry_run)
    if not migrated.diff:
        print(f"{path} đã ở lược đồ phiên bản {migrated.version}; không có gì phải đổi.")
    elif dry_run:
        sys.stdout.write(relabelled(migrated.diff, path))
        print("(--dry-run: chưa ghi gì vào tệp)", file=sys.stderr)
    else:
        changed = sum(1 for line in migrated.diff.splitlines()
                      if line.startswith("+") and not line.startswith("+++"))
        print(f"Đã chuyển {path} từ lược đồ phiên bản {migrated.version} sang {SCHEMA_VERSION} "
              f"({changed} dòng đổi).")
    return ExitCode.OK
