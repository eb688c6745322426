"""Which plan file a command works on: the same rule for every command."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path

from ..errors import CchcError, ExitCode

PLAN_ENV = "CCHC_PLAN"
PLANS_DIR = "plans"
_YEAR_FILE = re.compile(r"^\d{4}$")


def find_plan(
    plan: Path | None, year: int | None, env: Mapping[str, str], cwd: Path
) -> Path:
    """`--plan`, else $CCHC_PLAN, else plans/YEAR.yaml, else the newest plans/YYYY.yaml.

    The `plans` folder is looked for in `cwd` and then in each folder above it, as git
    looks for `.git`, so a command works from anywhere inside the repository. A path found
    there is returned relative to `cwd`.
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
    return _relative(by_year[max(by_year)], cwd)


def _relative(path: Path, cwd: Path) -> Path:
    """Paths are shown to the clerk as seen from where she stands."""
    return Path(os.path.relpath(path, cwd))


def _plans_dir(cwd: Path) -> Path | None:
    for folder in (cwd, *cwd.parents):
        candidate = folder / PLANS_DIR
        if candidate.is_dir():
            return candidate
    return None


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
