"""One report over several departments' plans for the same period (the province's roll-up).

Each department's figures come from its own `build_report`, so a roll-up never counts
differently from the departments' own reports; this module only lines them up and adds them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from ..errors import CchcError, ExitCode
from ..plan.bodies import IssuerLine
from ..plan.model import Plan
from ..plan.periods import period_of
from ..plan.terms import PeriodCode
from ..plan.tracking import share
from .data import Completion, PeriodInfo, ReportData, Tally, add_quantities, build_report, plain
from .vietnamese import date_line


@dataclass(frozen=True)
class Department:
    """One department's line in the roll-up."""

    name: str
    file: str
    plan_title: str
    completion: Completion
    totals: Tally
    by_form: list[Tally]
    pending: int


@dataclass(frozen=True)
class RollupData:
    """What the consolidated report shows: each department, and the sums over all of them."""

    TEMPLATES: ClassVar[dict[str, str]] = {
        "md": "bao-cao-tong-hop.md.j2", "docx": "bao-cao-tong-hop.docx",
    }

    document: dict[str, Any]
    period: PeriodInfo
    departments: list[Department]
    completion: Completion
    totals: Tally

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = plain(self)
        return data


def report_data(
    plans: list[tuple[Path, Plan]], code: PeriodCode, date: dt.date | None,
    number: int | None = None, issuer: str | None = None,
) -> ReportData | RollupData:
    """A department's report when there is one plan, the province's roll-up for several."""
    if len(plans) == 1:
        plan = plans[0][1]
        return build_report(plan, period_of(code, plan.header.year, plan.reporting.rule), date, number)
    return build_rollup(plans, code, date, issuer)


def build_rollup(
    plans: list[tuple[Path, Plan]], code: PeriodCode, date: dt.date | None, issuer: str | None
) -> RollupData:
    """The roll-up of `plans` for period `code`; plans of different years or rules are refused."""
    rules = {plan.reporting.rule for _, plan in plans}
    years = {plan.header.year for _, plan in plans}
    if len(rules) > 1 or len(years) > 1:
        listing = "; ".join(f"{path}: năm {plan.header.year}, {plan.reporting.rule}"
                            for path, plan in plans)
        raise CchcError(
            "Không gộp được: các kế hoạch phải cùng năm và cùng chế độ báo cáo "
            f"(statutory hoặc calendar), ở đây là {listing}.",
            ExitCode.USAGE,
            hint="Gộp riêng từng nhóm kế hoạch cùng năm, cùng chế độ báo cáo.",
            code="rollup-mismatch",
        )
    first = plans[0][1]
    period = period_of(code, first.header.year, first.reporting.rule)
    reports = [(path, build_report(plan, period, date)) for path, plan in plans]
    departments = [
        Department(
            name=plan.header.issuing_body, file=str(path), plan_title=plan.header.title,
            completion=report.completion, totals=report.totals,
            by_form=[row for row in report.by_form if row.activities],
            pending=len(report.pending),
        )
        for (path, report), (_, plan) in zip(reports, plans, strict=True)
    ]
    done = sum(department.completion.done for department in departments)
    total = sum(department.completion.total for department in departments)
    parents = {plan.header.parent_body for _, plan in plans}
    parent = (parents.pop() or "").upper() if len(parents) == 1 else ""
    lines = [IssuerLine(parent, False)] if parent else []
    lines += [IssuerLine((issuer or "").upper(), True)]
    return RollupData(
        document={
            "parent_body": parent,
            "issuing_body": (issuer or "").upper(),
            "issuer_lines": [line.text for line in lines],
            "issuer": lines,
            "date_line": date_line(first.header.place, date, first.header.year),
            "kind": "BÁO CÁO",
            "summary": "Tổng hợp kết quả thực hiện công tác tuyên truyền cải cách hành chính "
            f"{period.label} của {len(departments)} cơ quan",
        },
        period=reports[0][1].period,
        departments=departments,
        completion=Completion(done, total, share(done, total)),
        totals=_sum_tallies([department.totals for department in departments]),
    )


def _sum_tallies(tallies: list[Tally]) -> Tally:
    return Tally(
        id=None, name="Tổng cộng",
        activities=sum(tally.activities for tally in tallies),
        quantities=add_quantities(item for tally in tallies for item in tally.quantities),
        participants=sum(tally.participants for tally in tallies),
        cost=sum(tally.cost for tally in tallies),
    )
