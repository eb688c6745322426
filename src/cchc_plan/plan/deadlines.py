"""When a task falls due: the deadline a plan writes in words, read as a day, and whether it
has passed without the task being done."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from .model import Status, Task
from .textinput import InputError, fold, parse_date

# Words that say a task runs all year and never falls due on one day.
_ONGOING = ("thuong xuyen", "ca nam", "hang nam", "hang thang", "hang quy", "lien tuc",
            "trong nam", "dinh ky")
# Words before the day itself: «trước ngày 30/6/2021», «hoàn thành trước 30/6», «hạn 30/6».
_LEAD_IN = re.compile(r"^(?:hoan thanh\s+)?(?:truoc\s+ngay|truoc|han|ngay|den\s+ngay|cham\s+nhat"
                      r"(?:\s+ngay)?)\s+")
_QUARTER = re.compile(r"^(?:trong\s+)?(?:quy|q)\s*(iv|i{1,3}|[1-4])(?:\s*(?:/|nam)\s*(\d{4}))?$")
_MONTH = re.compile(r"^(?:trong\s+)?thang\s*(\d{1,2})(?:\s*(?:/|nam)\s*(\d{4}))?$")
_DAY_MONTH = re.compile(r"^(\d{1,2})[/.-](\d{1,2})$")
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}


@dataclass(frozen=True)
class Deadline:
    """A task's deadline: the last day (None when the work is ongoing) and the words shown."""

    date: dt.date | None
    text: str

    def as_json(self) -> dict[str, str | None]:
        """`{"date": ISO or null, "text": …}`, as `show --json` and `status --json` give it."""
        return {"date": self.date.isoformat() if self.date else None, "text": self.text}


def deadline_of(task: Task, year: int) -> Deadline | None:
    """The deadline of a task of a plan of `year` (a checked plan: it can be read)."""
    return None if task.deadline is None else read_deadline(task.deadline, year)


def read_deadline(value: str | dt.date, year: int) -> Deadline:
    """The deadline a plan of `year` writes as `value`: a date, «trước ngày 30/6/2021», «30/6»,
    «Quý II», «tháng 6», or «thường xuyên»; a text it cannot read is an `InputError`."""
    if isinstance(value, dt.date):
        return Deadline(value, f"{value:%d/%m/%Y}")
    text = " ".join(value.split())
    words = fold(text)
    if any(words.startswith(ongoing) for ongoing in _ONGOING):
        return Deadline(None, text[:1].upper() + text[1:])
    day_words = _LEAD_IN.sub("", words)
    if match := _QUARTER.match(day_words):
        quarter = _ROMAN.get(match.group(1)) or int(match.group(1))
        return Deadline(_month_end(int(match.group(2) or year), quarter * 3), text)
    if match := _MONTH.match(day_words):
        month = int(match.group(1))
        if 1 <= month <= 12:
            return Deadline(_month_end(int(match.group(2) or year), month), text)
    if match := _DAY_MONTH.match(day_words):
        return Deadline(parse_date(f"{match.group(1)}/{match.group(2)}/{year}"), text)
    if re.fullmatch(r"\d+[/.-]\d+[/.-]\d{4}|\d{4}-\d+-\d+", day_words):
        return Deadline(parse_date(day_words), text)  # a day that does not exist says which
    raise InputError(
        f"không hiểu thời hạn «{text}»: ghi một ngày («30/06/{year}», «trước ngày 30/6/{year}»), "
        "một quý («Quý II»), một tháng («tháng 6») hoặc «thường xuyên»"
    )


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def is_overdue(deadline: Deadline | None, status: Status, as_of: dt.date) -> bool:
    """Whether a task not done had to be done before `as_of` (a day after its deadline)."""
    return (deadline is not None and deadline.date is not None and status != "done"
            and deadline.date < as_of)


def due_within(deadline: Deadline | None, start: dt.date, end: dt.date) -> bool:
    """Whether a deadline falls on a day from `start` to `end`."""
    return deadline is not None and deadline.date is not None and start <= deadline.date <= end
