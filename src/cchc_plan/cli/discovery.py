"""Which plan file a command works on: the same rule for every command."""

from __future__ import annotations

import datetime as dt
import os
import re
import sys
from collections.abc import Mapping
from pathlib import Path

from ..errors import CchcError, ExitCode

PLAN_ENV = "CCHC_PLAN"
PLANS_DIR = "plans"
_YEAR_FILE = re.compile(r"^\d{4}$")


def find_plan(
    plan: Path | None, year: int | None, env: Mapping[str, str], cwd: Path,
    day: dt.date | None = None, today: dt.date | None = None,
) -> Path:
    """`--plan`, else $CCHC_PLAN, else plans/YEAR.yaml for `--year`, else the plan of the year
    `day` belongs to (a command that takes a date), else this year's plan, else the newest.

    The `plans` folder is looked for in `cwd` and then in each folder above it, as git
    looks for `.git`, so a command works from anywhere inside the repository. A path found
    there is returned relative to `cwd`. A plan chosen this way that is still a draft (it
    holds «CẦN ĐIỀN») is named on standard error, with the `--year` of another plan.
    """
    if plan is not None:
        return plan
    if env.get(PLAN_ENV):
        return Path(env[PLAN_ENV])
    plans_dir = _plans_dir(cwd)
    if plans_dir is None:
        raise CchcError(
            f"Không tìm thấy thư mục «{PLANS_DIR}/» ở «{cwd}» hay các thư mục cha của nó.",
            ExitCode.USAGE,
            hint=f"Chỉ rõ tệp bằng --plan ĐƯỜNG_DẪN hoặc đặt biến môi trường {PLAN_ENV}.",
        )
    by_year = _plans_by_year(plans_dir)
    if year is not None:
        if year in by_year:
            return _relative(by_year[year], cwd)
        known = ", ".join(str(known_year) for known_year in sorted(by_year)) or "chưa có"
        raise CchcError(
            f"Không có kế hoạch năm {year} («{_relative(plans_dir / f'{year}.yaml', cwd)}»).",
            ExitCode.USAGE,
            hint=f"Các năm đã có kế hoạch: {known}.",
        )
    if not by_year:
        raise CchcError(
            f"Thư mục «{_relative(plans_dir, cwd)}» chưa có tệp kế hoạch dạng NĂM.yaml "
            "(ví dụ 2020.yaml).",
            ExitCode.USAGE,
            hint=f"Chỉ rõ tệp bằng --plan ĐƯỜNG_DẪN hoặc đặt biến môi trường {PLAN_ENV}.",
        )
    chosen = year_of_plan(by_year, day, today or dt.date.today())
    _warn_if_draft(by_year, chosen, cwd)
    return _relative(by_year[chosen], cwd)


def year_of_plan(by_year: Mapping[int, Path], day: dt.date | None, today: dt.date) -> int:
    """The plan a command without --year works on: the one whose reporting year holds `day`
    (under the statutory rule a day from 15 December belongs to the next year's plan), else
    this year's, else the newest."""
    if day is not None:
        if day.month == 12 and day.day >= 15 and day.year + 1 in by_year \
                and not _calendar_rule(by_year[day.year + 1]):
            return day.year + 1
        if day.year in by_year:
            return day.year
    return today.year if today.year in by_year else max(by_year)


def _calendar_rule(path: Path) -> bool:
    """Whether the plan counts periods by calendar quarters (`rule: calendar`)."""
    return re.search(r"^\s+rule:\s*['\"]?calendar", _head(path), re.MULTILINE) is not None


def _head(path: Path, size: int = 256 * 1024) -> str:
    """The beginning of a plan file, where its own parts are (records come after)."""
    try:
        with path.open("rb") as handle:
            return handle.read(size).decode("utf-8", "replace")
    except OSError:
        return ""


def _warn_if_draft(by_year: Mapping[int, Path], chosen: int, cwd: Path) -> None:
    from ..plan.model import PLACEHOLDER

    others = [year for year in by_year if year != chosen]
    if not others or PLACEHOLDER not in _head(by_year[chosen]):
        return
    other = max((year for year in others if year < chosen), default=max(others))
    print(
        f"Lưu ý: kế hoạch năm {chosen} («{_relative(by_year[chosen], cwd)}») còn là bản nháp "
        f"(chỗ «{PLACEHOLDER}» chưa điền). Để làm việc với kế hoạch năm {other}, thêm "
        f"--year {other}.",
        file=sys.stderr,
    )


def repository_path(path: Path, cwd: Path | None = None) -> str:
    """`path` as git names it: from the top folder of the repository holding it (the first
    folder above it with a `.git`), else as seen from `cwd`; always with «/»."""
    resolved = (cwd or Path.cwd()).joinpath(path).resolve()
    for folder in resolved.parents:
        if (folder / ".git").exists():
            return resolved.relative_to(folder).as_posix()
    return Path(os.path.relpath(resolved, cwd or Path.cwd())).as_posix()


def _relative(path: Path, cwd: Path) -> Path:
    """Paths are shown to the clerk as seen from where she stands."""
    return Path(os.path.relpath(path, cwd))


def _plans_dir(cwd: Path) -> Path | None:
    for folder in (cwd, *cwd.parents):
        candidate = folder / PLANS_DIR
        if candidate.is_dir():
            return candidate
    return None


def year_plans(cwd: Path) -> list[Path]:
    """Every plans/YYYY.yaml of the `plans` folder `cwd` finds, relative to `cwd`, oldest first."""
    plans_dir = _plans_dir(cwd)
    found = _plans_by_year(plans_dir) if plans_dir is not None else {}
    return [_relative(found[year], cwd) for year in sorted(found)]


def _plans_by_year(plans_dir: Path) -> dict[int, Path]:
    return {
        int(path.stem): path
        for path in sorted(plans_dir.glob("*.yaml"))
        if _YEAR_FILE.match(path.stem) and path.is_file()
    }


def expand_plans(given: list[Path], cwd: Path) -> list[Path]:
    """The plan files named by `--plan` values: files as they are, a folder's `*.yaml` files,
    and patterns such as `plans/*.yaml` (for shells that do not expand them), each once."""
    found: list[Path] = []
    for path in given:
        if path.is_dir():
            found += sorted(path.glob("*.yaml"))
        elif any(char in str(path) for char in "*?["):
            matches = sorted(cwd.glob(str(path))) if not path.is_absolute() else sorted(
                Path(path.anchor).glob(str(path.relative_to(path.anchor))))
            if not matches:
                raise CchcError(f"Không có tệp nào khớp «{path}».", ExitCode.USAGE,
                                code="file-not-found")
            found += [match.relative_to(cwd) if match.is_relative_to(cwd) else match
                      for match in matches]
        else:
            found.append(path)
    return list(dict.fromkeys(found))
