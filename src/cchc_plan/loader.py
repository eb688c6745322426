"""plan file -> round-trip document -> migrated data -> validated `Plan`, with every error located."""

from __future__ import annotations

from collections.abc import Iterable, MutableMapping
from dataclasses import dataclass, field
from pathlib import Path

from .document import Document, parse, read_text
from .errors import CchcError, ExitCode, PlanError, Problem, loc_text
from .migrations import migrate
from .model import Plan
from .periods import outside_year
from .references import check_references
from .validation import validate


@dataclass
class LoadedPlan:
    """The outcome of reading a plan file: the plan when it is valid, and every error found."""

    path: Path
    text: str
    document: Document | None
    plan: Plan | None
    errors: list[PlanError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.plan is not None and not self.errors


def load_plan(path: Path) -> LoadedPlan:
    """Read and validate a plan file; faults in the file are returned, not raised."""
    text = read_text(path)
    return load_text(text, path)


def load_text(text: str, path: Path) -> LoadedPlan:
    """Validate plan text as if read from `path` (used for files and for edits before writing)."""
    filename = str(path)
    data, errors = parse(text, filename)
    if data is None and not errors:
        errors = [_at_start(filename, "empty-file", "tệp kế hoạch đang trống")]
    elif data is not None and not isinstance(data, MutableMapping):
        errors.append(
            _at_start(
                filename, "wrong-type",
                "cấp ngoài cùng của tệp kế hoạch phải là các dòng «khóa: giá trị»",
            )
        )
    if errors:
        return LoadedPlan(path, text, None, None, _sorted(errors))

    document = Document(path, text, data)
    problems = migrate(data)
    plan = None
    if not problems:
        plan, problems = validate(data)
        problems += check_references(data)
        if plan is not None:
            problems += _dates_outside_year(plan)
        if problems:
            plan = None
    errors += [_locate(document, problem) for problem in problems]
    return LoadedPlan(path, text, document, plan, _sorted(errors))


def load_valid_plan(path: Path) -> tuple[Plan, Document]:
    """The plan for a command that needs a valid one; an invalid file stops it with its errors."""
    return valid(load_plan(path))


def valid(loaded: LoadedPlan) -> tuple[Plan, Document]:
    """The plan and document of a load that succeeded, else its errors raised together."""
    if loaded.plan is None or loaded.document is None:
        raise CchcError(
            f"Tệp kế hoạch «{loaded.path}» có {len(loaded.errors)} lỗi.",
            ExitCode.PLAN_INVALID,
            hint=f"Sửa các lỗi trên (kiểm tra lại bằng «cchc check --plan {loaded.path}») "
            "rồi chạy lại lệnh; chưa có gì được ghi.",
            code="plan-invalid",
            errors=loaded.errors,
            source=loaded.text,
        )
    return loaded.plan, loaded.document


def _dates_outside_year(plan: Plan) -> list[Problem]:
    found = (
        outside_year(activity.date, plan.header.year, plan.reporting.rule, ("activities", n, "date"))
        for n, activity in enumerate(plan.activities)
    )
    return [problem for problem in found if problem is not None]


def _locate(document: Document, problem: Problem) -> PlanError:
    line, col = document.locate(problem.loc, problem.at_key)
    return PlanError(
        str(document.path), line, col, problem.code, problem.message, problem.hint,
        loc_text(problem.loc),
    )


def _at_start(filename: str, code: str, message: str) -> PlanError:
    return PlanError(filename, 1, 1, code, message, "Xem mẫu ở plans/2020.yaml.")


def _sorted(errors: Iterable[PlanError]) -> list[PlanError]:
    return sorted(errors, key=lambda error: (error.line, error.col))
