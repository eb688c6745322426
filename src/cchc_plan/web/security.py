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


def middleware(guard: Guard) -> Callable[[Any], Any]:
    """An ASGI middleware that applies the guard before any route runs."""

    def wrap(app: Any) -> Any:
        async def guarded(scope: dict[str, Any], receive: Callable[[], Awaitable[Any]],
                          send: Callable[[Any], Awaitable[None]]) -> None:
            if scope["type"] != "http":
                await app(scope, receive, send)
                return
            from starlette.requests import Request
            from starlette.responses import JSONResponse, RedirectResponse

            request = Request(scope, receive)
            if not guard.allowed_host(request.headers.get("host")):
                await JSONResponse({"ok": False, "error": "Tên máy không được phép (Host)."},
                                   status_code=421)(scope, receive, send)
                return
            query = dict(request.query_params)
            if not guard.authorised(dict(request.headers), request.cookies, query):
                await JSONResponse(
                    {"ok": False, "error": "Cần mã truy cập: mở đúng địa chỉ cchc serve in ra "
                     "(có ?token=...)."}, status_code=401)(scope, receive, send)
                return
            if "token" in query and request.method == "GET":
                # The token leaves the address bar (and the history) for a cookie.
                rest = {key: value for key, value in query.items() if key != "token"}
                target = request.url.path + (f"?{urlencode(rest)}" if rest else "")
                response = RedirectResponse(target, status_code=303)
                response.set_cookie(COOKIE, guard.token, httponly=True, samesite="strict")
                await response(scope, receive, send)
                return
            if request.method not in SAFE_METHODS and guard.read_only:
                await JSONResponse({"ok": False, "error": "Máy chủ chỉ cho xem (--read-only)."},
                                   status_code=403)(scope, receive, send)
                return
            length = request.headers.get("content-length")
            if length is not None and (not length.isdigit() or int(length) > MAX_BODY):
                await JSONResponse({"ok": False, "error": "Nội dung gửi lên quá lớn."},
                                   status_code=413)(scope, receive, send)
                return
            await app(scope, _bounded(receive), send)

        return guarded

    return wrap


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
