"""Who may use the server: the access token (once in the URL, then a cookie, or a Bearer
header), on every request, also from 127.0.0.1; requests for another host name refused (DNS
rebinding); a CSRF token on every form; bounded bodies; `--read-only` refusing every write."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response

COOKIE = "cchc_token"
MAX_BODY = 1024 * 1024  # a form or a JSON record; nothing a clerk sends is larger
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def new_token() -> str:
    return secrets.token_urlsafe(32)


@dataclass(frozen=True)
class Guard:
    token: str
    hosts: frozenset[str]  # the Host headers the server answers to
    read_only: bool

    @property
    def csrf(self) -> str:
        """The token every form carries: derived from the access token, never equal to it."""
        return hmac.new(self.token.encode(), b"csrf", hashlib.sha256).hexdigest()

    def allowed_host(self, host: str | None) -> bool:
        return host is not None and host.lower() in self.hosts

    def authorised(self, headers: dict[str, str], cookies: dict[str, str], query: dict[str, str]) -> bool:
        given = [cookies.get(COOKIE, ""), query.get("token", "")]
        authorization = headers.get("authorization", "")
        if authorization.lower().startswith("bearer "):
            given.append(authorization[7:].strip())
        return any(value and hmac.compare_digest(value, self.token) for value in given)


def host_names(host: str, port: int) -> frozenset[str]:
    """The Host headers a browser sends to this server: its address (and the loopback names
    when it listens on loopback), with and without the port."""
    names = {host}
    if host in {"127.0.0.1", "localhost", "::1"}:
        names |= {"127.0.0.1", "localhost", "[::1]"}
    return frozenset({*names, *(f"{name}:{port}" for name in names)})


class GuardMiddleware:
    """The ASGI middleware that applies `guard` before any route runs."""

    def __init__(self, app: Any, guard: Guard) -> None:
        self.app = app
        self.guard = guard

    async def __call__(self, scope: dict[str, Any], receive: Callable[[], Awaitable[Any]],
                       send: Callable[[Any], Awaitable[None]]) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        refusal = self._refusal(Request(scope, receive))
        if refusal is not None:
            await refusal(scope, receive, send)
            return
        try:
            await self.app(scope, _bounded(receive), send)
        except BodyTooLarge:  # read whole before any answer: nothing was sent yet
            await _refused("Nội dung gửi lên quá lớn.", 413)(scope, receive, send)

    def _refusal(self, request: Request) -> Response | None:
        guard = self.guard
        if not guard.allowed_host(request.headers.get("host")):
            return _refused("Tên máy không được phép (Host).", 421)
        query = dict(request.query_params)
        if not guard.authorised(dict(request.headers), request.cookies, query):
            return _refused("Cần mã truy cập: mở đúng địa chỉ cchc serve in ra (có ?token=...).", 401)
        if "token" in query and request.method == "GET":
            # The token leaves the address bar (and the history) for a cookie.
            rest = {key: value for key, value in query.items() if key != "token"}
            target = request.url.path + (f"?{urlencode(rest)}" if rest else "")
            response = RedirectResponse(target, status_code=303)
            response.set_cookie(COOKIE, guard.token, httponly=True, samesite="strict")
            return response
        if request.method not in SAFE_METHODS and guard.read_only:
            return _refused("Máy chủ chỉ cho xem (--read-only).", 403)
        length = request.headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > MAX_BODY):
            return _refused("Nội dung gửi lên quá lớn.", 413)
        return None


def _refused(message: str, status: int) -> Response:
    return JSONResponse({"ok": False, "error": message}, status_code=status)


def _bounded(receive: Callable[[], Awaitable[Any]]) -> Callable[[], Awaitable[Any]]:
    """`receive` that stops a body sent without a length (chunked) once it passes MAX_BODY."""
    seen = 0

    async def bounded() -> Any:
        nonlocal seen
        message = await receive()
        if message.get("type") == "http.request":
            seen += len(message.get("body", b""))
            if seen > MAX_BODY:
                raise BodyTooLarge
        return message

    return bounded


class BodyTooLarge(Exception):
    """A request body past MAX_BODY, sent without announcing its length."""
