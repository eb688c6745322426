"""Pages rendered on the server with Jinja (autoescaped: every value from the plan is escaped)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.responses import HTMLResponse

from ..errors import CchcError
from ..reports import vietnamese
from .security import Guard
from .state import Snapshot

NAVIGATION = (("overview", "/", "Tổng quan"), ("activities", "/hoat-dong", "Hoạt động"),
              ("progress", "/tien-do", "Tiến độ"), ("notes", "/ghi-chep", "Ghi chép"),
              ("report", "/bao-cao", "Báo cáo"))


class Renderer:
    def __init__(self, guard: Guard) -> None:
        self.guard = guard
        self.environment = Environment(loader=PackageLoader("cchc_plan.web", "templates"),
                                       autoescape=select_autoescape(default=True),
                                       trim_blocks=True, lstrip_blocks=True)
        self.environment.filters["number"] = _number
        self.environment.filters["day"] = _day

    def page(self, name: str, snapshot: Snapshot, current: str, status: int = 200,
             **values: Any) -> HTMLResponse:
        plan = snapshot.loaded.plan
        html = self.environment.get_template(name).render(
            navigation=NAVIGATION, current=current, plan=plan, version=snapshot.version,
            csrf=self.guard.csrf, read_only=self.guard.read_only, **values)
        return HTMLResponse(html, status_code=status)

    def message(self, snapshot: Snapshot, error: CchcError, status: int) -> HTMLResponse:
        return self.page("message.html", snapshot, "activities", status=status,
                         text=str(error), hint=error.hint)


def _number(value: Any) -> str:
    return "" if value is None else vietnamese.number(value)


def _day(value: Any) -> str:
    if value is None:
        return ""
    return vietnamese.short_date(dt.date.fromisoformat(value) if isinstance(value, str) else value)
