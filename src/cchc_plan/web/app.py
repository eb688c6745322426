"""The routes: pages for people, `/api/...` for programs, both over the library's calls.

Every write goes through `writing.recording` or `writing.correcting`, as the command line's
do: the same checks, the same minimal diff, the same lock. Endpoints are plain functions, which
Starlette runs in its thread pool, so a slow write never stops the other pages.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from ..errors import CchcError
from ..plan.model import STATUS_LABELS, Plan
from ..plan.overview import plan_overview
from ..plan.periods import ROMAN
from ..plan.terms import NOTE_SECTIONS, PeriodCode
from ..plan.tracking import task_statuses
from ..reports.render import render
from ..reports.rollup import report_data
from ..writing.correcting import edit_record, remove_record
from ..writing.recording import add_activity, add_note, record_progress
from . import requests as readers
from . import views
from .pages import Renderer
from .security import COOKIE, Guard, GuardMiddleware
from .state import PlanState, Snapshot

MEDIA = {"md": "text/markdown; charset=utf-8", "json": "application/json",
         "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
         "pdf": "application/pdf",
         "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
         "csv": "text/csv; charset=utf-8"}


def create_app(path: Path, guard: Guard, today: Callable[[], dt.date] = dt.date.today) -> Starlette:
    """The application serving the plan at `path`."""
    state = PlanState(path)
    pages = _Pages(path, state, guard, today)
    static = str(files("cchc_plan.web") / "static")
    routes = [
        Route("/", pages.overview),
        Route("/hoat-dong", pages.activities, methods=["GET", "POST"]),
        Route("/hoat-dong/{id}", pages.activity, methods=["GET", "POST"]),
        Route("/hoat-dong/{id}/xoa", pages.remove, methods=["POST"]),
        Route("/kiem-tra/hoat-dong", pages.check_activity, methods=["POST"]),
        Route("/tien-do", pages.progress, methods=["GET", "POST"]),
        Route("/ghi-chep", pages.notes, methods=["GET", "POST"]),
        Route("/bao-cao", pages.report),
        Route("/api/state", pages.api_state),
        Route("/api/plan", pages.api_plan),
        Route("/api/report", pages.api_report),
        Route("/api/activities", pages.api_activities, methods=["GET", "POST"]),
        Route("/api/activities/{id}", pages.api_activity, methods=["PATCH", "DELETE"]),
        Route("/api/progress", pages.api_progress, methods=["POST"]),
        Route("/api/notes", pages.api_notes, methods=["POST"]),
        Mount("/static", StaticFiles(directory=static, follow_symlink=False), name="static"),
    ]
    app = Starlette(routes=routes, exception_handlers={404: _not_found, 405: _not_allowed})
    app.add_middleware(GuardMiddleware, guard=guard)
    return app


def _not_found(request: Request, exc: Exception) -> Response:
    return JSONResponse({"ok": False, "error": "Không có trang này."}, status_code=404)


def _not_allowed(request: Request, exc: Exception) -> Response:
    return JSONResponse({"ok": False, "error": "Trang này không nhận cách gửi đó."}, status_code=405)


class _Pages:
    def __init__(self, path: Path, state: PlanState, guard: Guard, today: Callable[[], dt.date]) -> None:
        self.path = path
        self.state = state
        self.guard = guard
        self.today = today
        self.render = Renderer(guard)

    # Pages ---------------------------------------------------------------------------------

    def overview(self, request: Request) -> Response:
        current = self._valid()
        if isinstance(current, Response):
            return current
        snapshot, plan = current
        today = self.today()
        return self.render.page("overview.html", snapshot, "overview",
                                view=snapshot.once(("overview", today),
                                                   lambda: views.overview(plan, today)))

    async def activities(self, request: Request) -> Response:
        if request.method == "POST":
            form = await self._form(request)
            if isinstance(form, Response):
                return form
            return self._add_from_form(form)
        return self._activities_page(request, {}, {}, 200)

    def _activities_page(self, request: Request | None, values: dict[str, Any],
                         errors: dict[str, list[str]], status: int) -> Response:
        current = self._valid()
        if isinstance(current, Response):
            return current
        snapshot, plan = current
        query = dict(request.query_params) if request is not None else {}
        period = query.get("period") if query.get("period") in readers.PERIOD_CODES else None
        chosen = views.filtered(plan, period, query.get("unit"), query.get("task"),  # type: ignore[arg-type]
                                query.get("form"), query.get("q"))
        return self.render.page("activities.html", snapshot, "activities", status=status,
                                activities=chosen[:500], total=len(chosen), query=query,
                                periods=views.PERIODS, values=values, errors=errors,
                                saved=query.get("da-ghi"))

    def _add_from_form(self, form: dict[str, Any]) -> Response:
        try:
            written = add_activity(self.path, readers.activity_request(form))
        except CchcError as error:
            return self._activities_page(None, form, _by_field(error), 422)
        return RedirectResponse(f"/hoat-dong?da-ghi={written.record.id}", status_code=303)

    async def activity(self, request: Request) -> Response:
        record_id = request.path_params["id"]
        current = self._valid()
        if isinstance(current, Response):
            return current
        _, plan = current
        found = next((item for item in plan.activities if item.id == record_id), None)
        if found is None:
            return _not_found(request, Exception())
        values = {key: value for key, value in found.model_dump(mode="json").items()}
        values["date"] = f"{found.date:%d/%m/%Y}"
        errors: dict[str, list[str]] = {}
        status = 200
        if request.method == "POST":
            form = await self._form(request)
            if isinstance(form, Response):
                return form
            try:
                changes, cleared = readers.activity_changes(form)
                edit_record(self.path, record_id, changes, cleared)
                return RedirectResponse(f"/hoat-dong?da-ghi={record_id}", status_code=303)
            except CchcError as error:
                values, errors, status = {**values, **form}, _by_field(error), 422
        return self.render.page("activity.html", self.state.current(), "activities", status=status,
                                record=found, values=values, errors=errors)

    async def remove(self, request: Request) -> Response:
        form = await self._form(request)
        if isinstance(form, Response):
            return form
        try:
            remove_record(self.path, request.path_params["id"])
        except CchcError as error:
            return self.render.message(self.state.current(), error, 422)
        return RedirectResponse("/hoat-dong?da-xoa=1", status_code=303)

    async def check_activity(self, request: Request) -> Response:
        """The form as typed so far, checked as it would be written: errors by field."""
        form = await self._form(request)
        if isinstance(form, Response):
            return form
        record_id = form.get("id")
        try:
            if record_id:
                changes, cleared = readers.activity_changes(
                    {key: value for key, value in form.items() if key != "id"})
                edit_record(self.path, record_id, changes, cleared, dry_run=True)
            else:
                add_activity(self.path, readers.activity_request(form), dry_run=True)
        except CchcError as error:
            return JSONResponse({"ok": False, "errors": readers.errors_json(error)})
        return JSONResponse({"ok": True, "errors": []})

    async def progress(self, request: Request) -> Response:
        def shown(snapshot: Snapshot, plan: Plan) -> dict[str, Any]:
            quarter = views.current_quarter(plan, self.today())
            return {"statuses": snapshot.once(("statuses", quarter),
                                              lambda: task_statuses(plan, quarter)),
                    "quarter": quarter, "roman": ROMAN[quarter], "labels": STATUS_LABELS,
                    "choices": views.status_choices(),
                    "percent_targets": views.has_percent_targets(plan)}

        return await self._form_page(request, "/tien-do", lambda form: record_progress(
            self.path, readers.progress_request(form, self.today())), "progress", shown)

    async def notes(self, request: Request) -> Response:
        return await self._form_page(request, "/ghi-chep", lambda form: add_note(
            self.path, readers.note_request(form, self.today())), "notes",
            lambda snapshot, plan: {"notes": plan.notes, "sections": NOTE_SECTIONS,
                                    "periods": views.PERIODS})

    def report(self, request: Request) -> Response:
        current = self._valid()
        if isinstance(current, Response):
            return current
        snapshot, plan = current
        code = request.query_params.get("period") or f"Q{views.current_quarter(plan, self.today())}"
        if code not in readers.PERIOD_CODES:
            return JSONResponse({"ok": False, "error": f"Kỳ «{code}» không có."}, status_code=422)
        today = self.today()
        data = snapshot.once(("report", code, today),
                             lambda: self._report_data(plan, code))  # type: ignore[arg-type]
        return self.render.page("report.html", snapshot, "report", report=data,
                                code=code, periods=views.PERIODS, formats=list(MEDIA))

    # API ---------------------------------------------------------------------------------------

    def api_state(self, request: Request) -> Response:
        snapshot = self.state.current()
        return JSONResponse({"version": snapshot.version, "ok": snapshot.loaded.ok})

    def api_plan(self, request: Request) -> Response:
        plan = self._valid_or_none()
        if plan is None:
            return self._invalid_json()
        return JSONResponse(plan_overview(plan))

    def api_report(self, request: Request) -> Response:
        plan = self._valid_or_none()
        if plan is None:
            return self._invalid_json()
        code = request.query_params.get("period", "")
        kind = request.query_params.get("format", "json")
        if code not in readers.PERIOD_CODES or kind not in MEDIA:
            return JSONResponse({"ok": False, "errors": [{
                "field": "period" if code not in readers.PERIOD_CODES else "format",
                "code": "invalid-input",
                "message": "kỳ là Q1–Q4, H1, H2, 9M hoặc year; định dạng là "
                           + ", ".join(MEDIA)}]}, status_code=422)
        try:
            content = render(self._report_data(plan, code), kind)  # type: ignore[arg-type]
        except CchcError as error:
            return JSONResponse({"ok": False, "errors": readers.errors_json(error)}, status_code=503)
        name = f"bao-cao-{plan.header.year}-{code}.{kind}"
        return Response(content, media_type=MEDIA[kind],
                        headers={"Content-Disposition": f'attachment; filename="{name}"'})

    async def api_activities(self, request: Request) -> Response:
        if request.method == "POST":
            body = await self._json(request)
            if isinstance(body, Response):
                return body
            return self._written(lambda: add_activity(self.path, readers.activity_request(body)))
        plan = self._valid_or_none()
        if plan is None:
            return self._invalid_json()
        code = request.query_params.get("period")
        if code is not None and code not in readers.PERIOD_CODES:
            return JSONResponse({"ok": False, "errors": [{"field": "period", "code": "invalid-input",
                                 "message": f"kỳ «{code}» không có"}]}, status_code=422)
        chosen = views.filtered(plan, code, request.query_params.get("unit"),  # type: ignore[arg-type]
                                request.query_params.get("task"), None, None)
        return JSONResponse([item.model_dump(mode="json", exclude_none=True) for item in chosen])

    async def api_activity(self, request: Request) -> Response:
        record_id = request.path_params["id"]
        if request.method == "DELETE":
            if (refused := self._csrf_refused(request)) is not None:
                return refused
            return self._written(lambda: remove_record(self.path, record_id), status=200)
        body = await self._json(request)
        if isinstance(body, Response):
            return body

        def edit() -> Any:
            changes, cleared = readers.activity_changes(body)
            return edit_record(self.path, record_id, changes, cleared)

        return self._written(edit, status=200)

    async def api_progress(self, request: Request) -> Response:
        body = await self._json(request)
        if isinstance(body, Response):
            return body
        return self._written(lambda: record_progress(
            self.path, readers.progress_request(body, self.today())))

    async def api_notes(self, request: Request) -> Response:
        body = await self._json(request)
        if isinstance(body, Response):
            return body
        return self._written(lambda: add_note(self.path, readers.note_request(body, self.today())))

    # Helpers -------------------------------------------------------------------------------------

    def _written(self, write: Callable[[], Any], status: int = 201) -> Response:
        try:
            written = write()
        except CchcError as error:
            # A record id that names nothing is a missing resource; a value naming nothing in
            # the plan (a task, a form) names its field and is a wrong request.
            missing = any(problem.code == "unknown-reference" and not problem.loc
                          for problem in error.inputs)
            return JSONResponse({"ok": False, "errors": readers.errors_json(error)},
                                status_code=404 if missing else 422)
        return JSONResponse(written.record.model_dump(mode="json", exclude_none=True),
                            status_code=status)

    def _report_data(self, plan: Plan, code: PeriodCode) -> Any:
        return report_data([(self.path, plan)], code, self.today())

    def _valid(self) -> tuple[Snapshot, Plan] | Response:
        """The plan as it is now and its reading, or the page of its errors."""
        snapshot = self.state.current()
        plan = snapshot.loaded.plan
        if plan is None or snapshot.loaded.errors:
            return self._invalid(snapshot)
        return snapshot, plan

    async def _form_page(self, request: Request, page: str, write: Callable[[dict[str, Any]], Any],
                         name: str, shown: Callable[[Snapshot, Plan], dict[str, Any]]) -> Response:
        """A page with a form that writes (`page`, template `name`.html): the form's write and
        its redirect, else the page with what `shown` gives, the values typed and the errors."""
        submitted = await self._submitted(request, page, write)
        if isinstance(submitted, Response):
            return submitted
        current = self._valid()
        if isinstance(current, Response):
            return current
        snapshot, plan = current
        return self.render.page(f"{name}.html", snapshot, name, status=submitted.status,
                                values=submitted.values, errors=submitted.errors,
                                saved=request.query_params.get("da-ghi"), **shown(snapshot, plan))

    async def _submitted(self, request: Request, page: str,
                         write: Callable[[dict[str, Any]], Any]) -> Response | _Submitted:
        """A form's write: on success the redirect to `page` saying what was written; else what
        the page shows again (the values typed, the errors by field), or the refusal."""
        if request.method != "POST":
            return _Submitted({}, {}, 200)
        form = await self._form(request)
        if isinstance(form, Response):
            return form
        try:
            written = write(form)
        except CchcError as error:
            return _Submitted(form, _by_field(error), 422)
        return RedirectResponse(f"{page}?da-ghi={written.record.id}", status_code=303)

    def _valid_or_none(self) -> Plan | None:
        snapshot = self.state.current()
        return snapshot.loaded.plan if snapshot.loaded.ok else None

    def _invalid(self, snapshot: Snapshot) -> Response:
        return self.render.page("invalid.html", snapshot, "overview", status=200,
                                errors=snapshot.loaded.errors)

    def _invalid_json(self) -> Response:
        snapshot = self.state.current()
        return JSONResponse({"ok": False, "errors": [error.as_json() for error in snapshot.loaded.errors]},
                            status_code=409)

    def _csrf_refused(self, request: Request) -> Response | None:
        """A write authorised by the cookie alone must also carry the CSRF token (a header
        from our script): another site's page can make the browser send the cookie, never
        the header. A Bearer client sends no cookie and needs none."""
        if request.headers.get("authorization", "").lower().startswith("bearer "):
            return None
        if COOKIE in request.cookies and request.headers.get("x-csrf-token") != self.guard.csrf:
            return JSONResponse({"ok": False, "error": "Thiếu mã chống giả mạo (CSRF)."},
                                status_code=403)
        return None

    async def _json(self, request: Request) -> dict[str, Any] | Response:
        if (refused := self._csrf_refused(request)) is not None:
            return refused
        try:
            body = await request.json()
        except ValueError:
            return JSONResponse({"ok": False, "errors": [{"field": None, "code": "invalid-input",
                                 "message": "nội dung gửi lên không phải JSON"}]}, status_code=400)
        if not isinstance(body, dict):
            return JSONResponse({"ok": False, "errors": [{"field": None, "code": "invalid-input",
                                 "message": "cần một đối tượng JSON {...}"}]}, status_code=422)
        return body

    async def _form(self, request: Request) -> dict[str, Any] | Response:
        """The fields of a form, after its CSRF token is checked; «contents» may repeat."""
        try:  # no file is ever uploaded; a form has a few tens of fields
            form = await request.form(max_files=0, max_fields=100)
        except HTTPException:
            return JSONResponse({"ok": False, "error": "Biểu mẫu gửi lên không hợp lệ (có tệp đính "
                                 "kèm hoặc quá nhiều ô)."}, status_code=400)
        if form.get("csrf") != self.guard.csrf:
            return JSONResponse({"ok": False, "error": "Thiếu mã chống giả mạo (CSRF); tải lại trang."},
                                status_code=403)
        values: dict[str, Any] = {key: value for key, value in form.items()
                                  if key != "csrf" and isinstance(value, str)}
        if "contents" in form:
            values["contents"] = [str(item) for item in form.getlist("contents") if str(item).strip()]
        return values


@dataclass(frozen=True)
class _Submitted:
    """A form shown again: what was typed, the errors by field, the status."""

    values: dict[str, Any]
    errors: dict[str, list[str]]
    status: int


def _by_field(error: CchcError) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for item in readers.errors_json(error):
        text = item["message"] + (f" → {item['hint']}" if item.get("hint") else "")
        found.setdefault(item["field"] or "", []).append(text)
    return found
