"""Everything a report shows, built from the plan and a period by one pure function.

`build_report` is the single source of every figure: the Markdown and Word templates and the
JSON output all read the same `ReportData`, so the three formats never disagree.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, ClassVar

from ..plan.bodies import IssuerLine, document_number, issuer_lines, plan_citation
from ..plan.deadlines import Deadline, deadline_of, due_within, is_overdue
from ..plan.model import STATUS_LABELS, Activity, Note, Plan, ProgressRecord, Task
from ..plan.periods import PARTS, Period, next_period, period_words
from ..plan.terms import NOTE_SECTIONS, NoteSection, PeriodCode
from ..plan.textinput import fold
from ..plan.tracking import TaskStatus, share, standing, task_statuses
from .vietnamese import date_line, sort_key

REPORT_KIND_CODE = "BC"
# Sections made only of what the clerk wrote: with nothing recorded they say «Chưa ghi nội dung».
SECTIONS_SHOWN_EMPTY = ("chi-dao", "kho-khan", "kien-nghi")
# Sections a longer period borrows from the periods it covers when it has no text of its own.
# Not «phương hướng»: what a quarter planned for the next quarter is not the year's direction.
SECTIONS_BORROWED: tuple[NoteSection, ...] = ("chi-dao", "danh-gia", "kho-khan", "kien-nghi")


@dataclass(frozen=True)
class PeriodInfo:
    code: str
    label: str
    next_label: str
    rule: str
    start: dt.date
    end: dt.date
    estimated: bool = False  # some figure of the report is an estimate («ước thực hiện»)
    next_start: dt.date | None = None  # the next period, whose deadlines the report lists
    next_end: dt.date | None = None


@dataclass(frozen=True)
class SignatureBlock:
    """Who signs the report, as the signature block prints it."""

    authority: str | None
    title: str
    name: str


@dataclass(frozen=True)
class DocumentInfo:
    """The national-format frame of the report: header, number, date line, recipients, signer."""

    parent_body: str
    issuing_body: str
    issuer_lines: list[str]  # the header's left block, line by line, as printed
    issuer: list[IssuerLine]  # the same lines, each with whether it is bold
    number: int | None
    number_line: str
    date: dt.date | None
    date_line: str
    kind: str
    summary: str
    recipients: list[str]
    signer: SignatureBlock


@dataclass(frozen=True)
class ActivityLine:
    id: str
    date: dt.date
    unit: str
    unit_name: str
    unit_short: str
    task: str
    task_title: str
    title: str
    form: str | None
    form_name: str | None
    contents: list[str]
    quantity: int | float | None
    measure: str | None
    member: str | None
    member_name: str | None
    estimated: bool
    participants: int | None
    cost: int | None
    location: str | None
    evidence: str | None


@dataclass(frozen=True)
class Quantity:
    measure: str
    quantity: int | float


@dataclass(frozen=True)
class Tally:
    """Totals over a group of activities: a form, a content item, or all of them."""

    id: str | None
    name: str
    activities: int
    quantities: list[Quantity]
    participants: int
    cost: int


@dataclass(frozen=True)
class TargetLine:
    """A target of a task and how much of it was achieved by the end of the period: for a
    count («24 tin bài»), the quantities in its measure of the activities recorded from the
    start of the year; for a percentage («100% cơ quan …»), the latest recorded value (None
    while none was recorded)."""

    text: str
    kind: str  # "count": a number of things in a measure; "percent": a share of something
    value: int | float
    measure: str | None
    achieved: int | float | None
    share: Decimal | None
    estimated: bool = False


@dataclass(frozen=True)
class TaskLine:
    id: str
    title: str
    text: str
    status: str
    status_label: str
    standing: str
    percent: int
    note: str | None
    activities: list[ActivityLine]
    targets: list[TargetLine] = dataclasses.field(default_factory=list)
    lead: list[str] = dataclasses.field(default_factory=list)  # unit ids
    coordinating: list[str] = dataclasses.field(default_factory=list)  # unit names, or words
    deadline: Deadline | None = None
    overdue: bool = False
    subtasks: list[TaskLine] = dataclasses.field(default_factory=list)
    depth: int = 0
    number: str = ""  # its row number in the unit's table: «2», a sub-task «2.1»


@dataclass(frozen=True)
class Completion:
    done: int
    total: int
    percent: Decimal


@dataclass(frozen=True)
class MemberLine:
    """A member of a collective unit and the totals of the activities it carried out."""

    id: str
    name: str
    totals: Tally


@dataclass(frozen=True)
class UnitLine:
    """A unit's tasks with their standing, and `totals` of the activities the unit carried out
    (a collective unit: also each member's)."""

    id: str
    name: str
    short_name: str
    completion: Completion
    totals: Tally
    tasks: list[TaskLine]
    members: list[MemberLine] = dataclasses.field(default_factory=list)


@dataclass(frozen=True)
class PendingTask:
    unit: str
    unit_name: str
    task: str
    title: str
    status: str
    status_label: str
    standing: str
    percent: int
    deadline: Deadline | None = None
    overdue: bool = False
    depth: int = 0


@dataclass(frozen=True)
class SectionNotes:
    """A section a clerk writes by hand; `paragraphs` is empty when nothing was recorded.

    A longer period with no text of its own shows the text of the periods it covers, in order,
    each note's first paragraph opening with its period («Quý I: …»); `borrowed_from` names
    those periods (`["Q1", "Q2"]`), and is empty when the section holds its own text."""

    id: str
    title: str
    paragraphs: list[str]
    borrowed_from: list[str]


@dataclass(frozen=True)
class ReportData:
    """What a report on `period` shows: figures, statuses, evidence and the hand-written parts."""

    TEMPLATES: ClassVar[dict[str, str]] = {"md": "bao-cao.md.j2", "docx": "bao-cao.docx"}

    document: DocumentInfo
    plan: dict[str, Any]
    period: PeriodInfo
    completion: Completion
    units: list[UnitLine]
    activities: list[ActivityLine]
    by_form: list[Tally]
    by_content: list[Tally]
    totals: Tally
    pending: list[PendingTask]
    evidence: list[ActivityLine]
    notes: dict[str, SectionNotes]
    overdue: list[PendingTask] = dataclasses.field(default_factory=list)
    due_next: list[PendingTask] = dataclasses.field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """Plain values (dates and decimals kept) for templates and JSON."""
        data: dict[str, Any] = plain(self)
        data["notes"] = {key.replace("-", "_"): value for key, value in data["notes"].items()}
        return data


def plain(value: Any) -> Any:
    """`value` with its dataclasses turned into dicts, at every depth: what `dataclasses.asdict`
    gives, without deep-copying every value on the way (a report of 10.000 activities)."""
    kind = type(value)
    if kind in _LEAVES:
        return value
    names = _field_names(kind)
    if names is not None:
        return {name: plain(getattr(value, name)) for name in names}
    if kind is list or kind is tuple:
        return kind(plain(item) for item in value)
    if kind is dict:
        return {key: plain(item) for key, item in value.items()}
    return value


_LEAVES = frozenset({str, int, float, bool, type(None), dt.date, Decimal})


_FIELD_NAMES: dict[type, tuple[str, ...] | None] = {}


def _field_names(kind: type) -> tuple[str, ...] | None:
    """The field names of a dataclass, else None (found once per type)."""
    if kind not in _FIELD_NAMES:
        _FIELD_NAMES[kind] = (tuple(field.name for field in dataclasses.fields(kind))
                              if dataclasses.is_dataclass(kind) else None)
    return _FIELD_NAMES[kind]


def build_report(
    plan: Plan, period: Period, date: dt.date | None, number: int | None = None
) -> ReportData:
    """The report of `plan` on `period`, dated `date` (None leaves the day for the clerk)."""
    describe = _activity_describer(plan)
    lines = [describe(activity) for activity in _in_period(plan.activities, period)]
    statuses = task_statuses(plan, period.quarter)
    units = _unit_lines(plan, period, lines, statuses)
    tasks = [task for unit in units for task in unit.tasks]
    done = sum(1 for task in tasks if task.status == "done")
    following = next_period(period)
    pending = [_pending(unit, task) for unit in units for task in task_rows(unit.tasks)
               if task.status != "done"]
    return ReportData(
        document=_document(plan, period, date, number),
        plan={"title": plan.header.title, "year": plan.header.year,
              "issuing_body": plan.header.issuing_body,
              "kind": plan.header.kind, "basis": list(plan.legal_basis),
              "number": document_number(plan.header.number, plan.header.kind_code,
                                        plan.header.issuing_body_code),
              "issue_date": plan.header.issue_date,
              "citation": plan_citation(plan.header)},
        period=PeriodInfo(period.code, period.label, period.next_label, period.rule,
                          period.start, period.end,
                          any(line.estimated for line in lines)
                          or any(item.estimated for item in statuses),
                          following.start, following.end),
        completion=Completion(done, len(tasks), share(done, len(tasks))),
        units=units,
        activities=lines,
        by_form=[
            _tally(form.id, form.name, [line for line in lines if line.form == form.id])
            for form in plan.forms
        ] + _others("Hình thức khác", [line for line in lines if line.form is None]),
        by_content=[
            _tally(item.id, item.name, [line for line in lines if item.id in line.contents])
            for item in plan.contents
        ] + _others("Chưa gắn nội dung", [line for line in lines if not line.contents]),
        totals=_tally(None, "Tổng cộng", lines),
        pending=[task for task in pending if task.depth == 0],
        evidence=[line for line in lines if line.evidence],
        notes=_notes(plan, period),
        overdue=[task for task in pending if task.overdue],
        due_next=[task for task in pending
                  if due_within(task.deadline, *_days_ahead(period, following))],
    )


def task_rows(tasks: list[Any]) -> list[Any]:
    """Tasks each followed by its sub-tasks at every depth: the rows of a table of tasks.
    `TaskLine`s, or the dicts `ReportData.as_dict` makes of them (templates)."""
    return [row for task in tasks for row in (
        task, *task_rows(task["subtasks"] if isinstance(task, dict) else task.subtasks))]


def _pending(unit: UnitLine, task: TaskLine) -> PendingTask:
    return PendingTask(unit.id, unit.name, task.id, task.title, task.status, task.status_label,
                       task.standing, task.percent, task.deadline, task.overdue, task.depth)


def _days_ahead(period: Period, following: Period) -> tuple[dt.date, dt.date]:
    """The days whose deadlines a report on `period` lists as falling due next: from the day
    after its cut-off to the last day of the months the next period names (a deadline «Quý III»
    or «30/6» after a cut-off of 14/6 is still ahead)."""
    last = calendar.monthrange(following.year, following.last_month)[1]
    return period.end + dt.timedelta(days=1), dt.date(following.year, following.last_month, last)


def _number_line(number: int | None, kind_code: str, body_code: str) -> str:
    """«Số: 05/BC-SVHTTDL»; a draft leaves the number for the văn thư to fill in."""
    value = f"{number:02d}" if number is not None else "\u00a0" * 6
    return f"Số: {value}/{kind_code}-{body_code}"


def _document(plan: Plan, period: Period, date: dt.date | None, number: int | None) -> DocumentInfo:
    header = plan.header
    recipients = plan.reporting.recipients or plan.recipients
    lines = issuer_lines(header)
    return DocumentInfo(
        parent_body=lines[0].text if len(lines) > 1 else "",
        issuing_body=lines[-1].text,
        issuer_lines=[line.text for line in lines],
        issuer=lines,
        number=number,
        number_line=_number_line(number, REPORT_KIND_CODE, header.issuing_body_code),
        date=date,
        date_line=date_line(header.place, date, header.year),
        kind="BÁO CÁO",
        summary=f"Kết quả thực hiện công tác tuyên truyền cải cách hành chính {period.label}",
        recipients=[
            f"{line};" if position < len(recipients) - 1 else f"{line}."
            for position, line in enumerate(recipients)
        ],
        signer=SignatureBlock(
            plan.signer.authority.upper() if plan.signer.authority else None,
            plan.signer.title.upper(),
            plan.signer.name or "",
        ),
    )


def _in_period(activities: Iterable[Activity], period: Period) -> list[Activity]:
    return sorted((a for a in activities if a.date in period), key=lambda a: (a.date, a.id))


def _activity_describer(plan: Plan) -> Callable[[Activity], ActivityLine]:
    """A function that spells out an activity with the names of its unit, task and form."""
    units = {unit.id: unit for unit in plan.units}
    tasks = {task.id: task for _, task in plan.tasks()}
    forms = {form.id: form for form in plan.forms}
    members = {(unit.id, member.id): member.name for unit in plan.units for member in unit.members}

    def describe(activity: Activity) -> ActivityLine:
        unit = units.get(activity.unit)
        task = tasks.get(activity.task)
        form = forms.get(activity.form) if activity.form else None
        return ActivityLine(
            id=activity.id, date=activity.date, unit=activity.unit,
            unit_name=unit.name if unit else activity.unit,
            unit_short=unit.short_name if unit else activity.unit,
            task=activity.task, task_title=task.label if task else activity.task,
            title=activity.title, form=activity.form, form_name=form.name if form else None,
            contents=list(activity.contents), quantity=activity.quantity,
            measure=activity.measure, member=activity.member,
            member_name=members.get((activity.unit, activity.member or "")),
            estimated=activity.estimated, participants=activity.participants, cost=activity.cost,
            location=activity.location, evidence=activity.evidence,
        )

    return describe


def _targets(plan: Plan, period: Period) -> Callable[[Task], list[TargetLine]]:
    """The targets of a task with what was achieved by the end of `period`: for a count, the
    quantities in its measure of the task's activities and its sub-tasks'; for a percentage,
    the latest value recorded (`cchc progress … --achieved`)."""
    if not any(task.targets for _, task in plan.tasks()):
        return lambda task: []
    achieved: dict[tuple[str, str], int | float] = {}
    folded: dict[str, str] = {}  # a plan uses a few measures, thousands of times
    for activity in plan.activities:
        if activity.date <= period.end and activity.quantity is not None and activity.measure:
            measure = folded.get(activity.measure)
            if measure is None:
                measure = folded[activity.measure] = fold(activity.measure)
            key = (activity.task, measure)
            achieved[key] = achieved.get(key, 0) + activity.quantity
    recorded = _recorded_percents(plan.progress, period.quarter)

    def of(task: Task) -> list[TargetLine]:
        lines = []
        below = [item.id for item in task.walk()]
        for position, target in enumerate(task.targets, 1):
            if target.kind == "count":
                assert target.quantity is not None and target.measure is not None
                done = _rounded(sum(achieved.get((task_id, fold(target.measure)), 0)
                                    for task_id in below))
                lines.append(TargetLine(target.label, "count", target.quantity, target.measure, done,
                                        share(done, target.quantity)))
                continue
            value = target.value
            record = recorded.get((task.id, position)) or recorded.get((task.id, None))
            lines.append(TargetLine(
                target.label, "percent", value, None,
                record.achieved if record else None,
                share(record.achieved, value) if record and record.achieved is not None else None,
                bool(record and record.estimated)))
        return lines

    return of


def _recorded_percents(records: list[ProgressRecord], quarter: int
                       ) -> dict[tuple[str, int | None], ProgressRecord]:
    """The latest record of an achieved percentage up to `quarter`, by task and target."""
    latest: dict[tuple[str, int | None], tuple[int, int, ProgressRecord]] = {}
    for position, record in enumerate(records):
        if record.achieved is None or record.quarter > quarter:
            continue
        key = (record.task, record.target)
        if key not in latest or (record.quarter, position) >= latest[key][:2]:
            latest[key] = (record.quarter, position, record)
    return {key: value[2] for key, value in latest.items()}


def _rounded(value: float) -> int | float:
    """A sum of quantities as written: whole when it is, else to two decimals (0,1 + 0,2 is
    0,3, not 0,30000000000000004)."""
    return int(value) if float(value).is_integer() else round(value, 2)


@dataclass(frozen=True)
class _TaskContext:
    """What every task line of a report is built with (see `_task_line`)."""

    lines: list[ActivityLine]
    by_task: dict[tuple[str, str], TaskStatus]
    names: dict[str, str]
    targets: Callable[[Task], list[TargetLine]]
    year: int
    end: dt.date


def _unit_lines(plan: Plan, period: Period, lines: list[ActivityLine],
                statuses: list[TaskStatus]) -> list[UnitLine]:
    context = _TaskContext(lines, {(item.unit.id, item.task.id): item for item in statuses},
                           {unit.id: unit.name for unit in plan.units}, _targets(plan, period),
                           plan.header.year, period.end)
    units = []
    for unit in plan.units:
        tasks = [_task_line(context, context.by_task[(unit.id, task.id)], str(position))
                 for position, task in enumerate(unit.tasks, 1)]
        done = sum(1 for task in tasks if task.status == "done")
        own = [line for line in lines if line.unit == unit.id]
        units.append(UnitLine(
            unit.id, unit.name, unit.short_name,
            Completion(done, len(tasks), share(done, len(tasks))),
            _tally(unit.id, unit.name, own), tasks,
            [MemberLine(member.id, member.name,
                        _tally(member.id, member.name,
                               [line for line in own if line.member == member.id]))
             for member in unit.members],
        ))
    return units


def _task_line(context: _TaskContext, item: TaskStatus, number: str) -> TaskLine:
    """A task of the report, numbered «2» (a sub-task «2.1»), with its sub-tasks."""
    task = item.task
    deadline = deadline_of(task, context.year)
    return TaskLine(
        id=task.id, title=task.label, text=task.text, status=item.status,
        status_label=STATUS_LABELS[item.status],
        standing=standing(item.status, item.percent), percent=item.percent,
        note=item.note, activities=[line for line in context.lines if line.task == task.id],
        targets=context.targets(task), lead=list(task.lead),
        coordinating=[context.names.get(value, value) for value in task.coordinating],
        deadline=deadline,
        overdue=is_overdue(deadline, item.status, context.end + dt.timedelta(days=1)),
        subtasks=[_task_line(context, context.by_task[(item.unit.id, sub.id)], f"{number}.{position}")
                  for position, sub in enumerate(task.subtasks, 1)],
        depth=item.depth, number=number,
    )


def _tally(key: str | None, name: str, lines: list[ActivityLine]) -> Tally:
    return Tally(
        id=key, name=name, activities=len(lines),
        quantities=add_quantities(
            Quantity(line.measure, line.quantity) for line in lines
            if line.quantity is not None and line.measure is not None
        ),
        participants=sum(line.participants or 0 for line in lines),
        cost=sum(line.cost or 0 for line in lines),
    )


def add_quantities(quantities: Iterable[Quantity]) -> list[Quantity]:
    """Sum per measure («tin bài» and «Tin bài» are one measure, written as first seen), in
    Vietnamese alphabet order."""
    sums: dict[str, int | float] = {}
    written: dict[str, str] = {}
    for item in quantities:
        key = " ".join(item.measure.split()).lower()
        written.setdefault(key, item.measure)
        sums[key] = sums.get(key, 0) + item.quantity
    return sorted((Quantity(written[key], _rounded(total)) for key, total in sums.items()),
                  key=lambda item: sort_key(item.measure))


def _others(name: str, lines: list[ActivityLine]) -> list[Tally]:
    """A row for activities outside the plan's list, only when there are any."""
    return [_tally(None, name, lines)] if lines else []


def _notes(plan: Plan, period: Period) -> dict[str, SectionNotes]:
    written: dict[tuple[PeriodCode, NoteSection], list[Note]] = {}
    for note in plan.notes:
        written.setdefault((note.period, note.section), []).append(note)
    sections: dict[str, SectionNotes] = {}
    for section, title in NOTE_SECTIONS.items():
        own = written.get((period.code, section), [])
        found = ([(period.code, note) for note in own] if own or section not in SECTIONS_BORROWED
                 else covering_notes(written, period.code, section))
        sections[section] = SectionNotes(
            section,
            f"Phương hướng, nhiệm vụ {period.next_label}" if section == "phuong-huong" else title,
            [
                f"{_sentence_case(period_words(code))}: {paragraph}"
                if code != period.code and position == 0 else paragraph
                for code, note in found
                for position, paragraph in enumerate(_paragraphs(note.text))
            ],
            list(dict.fromkeys(code for code, _ in found if code != period.code)),
        )
    return sections


def _sentence_case(words: str) -> str:
    """«quý II» → «Quý II»: the first letter up, the rest as written."""
    return words[:1].upper() + words[1:]


def covering_notes(
    written: dict[tuple[PeriodCode, NoteSection], list[Note]], code: PeriodCode,
    section: NoteSection,
) -> list[tuple[PeriodCode, Note]]:
    """The notes of `section` written for the periods `code` is made of, in order: a part's
    own notes where it has any, else those of its own parts (the year: the first half's notes,
    or else those of quarters I and II; then the second half's, or quarters III and IV)."""
    found: list[tuple[PeriodCode, Note]] = []
    for part in PARTS[code]:
        own = written.get((part, section), [])
        found += [(part, note) for note in own] if own else covering_notes(written, part, section)
    return found


def _paragraphs(text: str) -> list[str]:
    """A note's text split into paragraphs at blank lines; single line breaks join with a space."""
    return [" ".join(block.split()) for block in text.split("\n\n") if block.strip()]
