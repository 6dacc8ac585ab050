"""The sandbox ASGI app: HubSpot's endpoints behind a gate that plays HubSpot's platform.

The gate (auth, rate limit, injected faults, latency, request log, rate-limit headers) wraps
every API request; requests under ``/_sandbox/`` (the control API, a prefix HubSpot never
uses) pass only its guard (``guard.py``: the token, no web pages, JSON writes): they are never
rate limited, faulted or logged.
"""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from typing import Any
from urllib.parse import quote

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from reconciler.hubspot.paths import canonical_path
from reconciler.sandbox import (
    account,
    assets,
    budget,
    budget_store,
    campaigns,
    control_api,
    events,
    extension,
    guard,
    lists,
    lists_store,
)
from reconciler.sandbox.account import DAILY_LIMIT
from reconciler.sandbox.faults import Faults, Settings
from reconciler.sandbox.rawpath import on_raw_paths, routing_path
from reconciler.sandbox.state import SandboxState
from reconciler.sandbox.store import Store
from reconciler.sandbox.wire import ApiError, error_body

CONTROL_PREFIX = guard.CONTROL_PREFIX
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH"})


def _route_on_v3(scope: Scope) -> Scope:
    """Serve every API version over one store: a dated path is routed as its v3 twin.

    Both forms are rewritten: ``path`` (decoded) and ``raw_path`` (as sent), which the routes
    match on so that an encoded ``/`` in a path parameter stays inside it.
    """
    canonical = canonical_path(scope["path"])
    if canonical is None:
        return scope
    path, version = canonical
    routed = {**scope, "path": path, "api_version": version}
    # raw_path (percent-encoded as sent, what the routes match): its prefix moves the same way
    raw_twin = canonical_path(routing_path(scope))
    raw_path = raw_twin[0] if raw_twin is not None else quote(path, safe="/")
    routed["raw_path"] = raw_path.encode("latin-1")
    return routed


def _declared_status(scope: Scope, status: int) -> int:
    """The dated specs fold ``...WithErrors`` into the success answer and declare no 207 for
    campaign batches, event ``batch/update`` or ``upsert``: partial failures keep the success
    status there (events ``batch/archive`` promises 207 in every version)."""
    if status != 207 or "api_version" not in scope or scope["path"].endswith("/batch/archive"):
        return status
    return 201 if scope["path"].endswith("/campaigns/batch/create") else 200


def rate_limit_body(policy: str) -> dict[str, Any]:
    """HubSpot's 429 body (hubspot-api-python#117): not the spec's Error shape."""
    which = "ten_secondly_rolling" if policy == "TEN_SECONDLY_ROLLING" else "daily"
    return {
        "status": "error",
        "message": f"You have reached your {which} limit.",
        "errorType": "RATE_LIMIT",
        "correlationId": str(uuid.uuid4()),
        "policyName": policy,
        "groupName": "api-sandbox:app-4242",
    }


class ApiGate:
    """Pure ASGI middleware: HubSpot's platform behaviour around the endpoint handlers."""

    def __init__(self, app: ASGIApp, state: SandboxState) -> None:
        self.app = app
        self.state = state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope["path"].startswith(CONTROL_PREFIX):
            refused = guard.refusal(scope, self.state.faults.current.token)
            await (refused or self.app)(scope, receive, send)
            return
        started = time.perf_counter()
        asked_path = scope["path"]
        scope = _route_on_v3(scope)
        body = await _read_body(receive)
        replay = _replay(body)
        faults = self.state.faults
        settings = faults.current
        if settings.latency_ms:
            await asyncio.sleep(settings.latency_ms / 1000)
        early, remaining = self._gate(scope, settings)
        status_seen = 0

        async def send_with_headers(message: Message) -> None:
            nonlocal status_seen
            if message["type"] == "http.response.start":
                message = {**message, "status": _declared_status(scope, message["status"])}
                status_seen = message["status"]
                headers = list(message.get("headers", []))
                headers.extend(self._rate_headers(settings, remaining))
                message = {**message, "headers": headers}
            await send(message)

        if early is None and faults.take("slow_count"):
            await asyncio.sleep(settings.slow_seconds)
        route = (scope["method"], asked_path, scope["path"])  # as asked, and its v3 twin
        place = faults.arrive(*route) if early is None else None
        try:
            if place is not None:
                while not faults.may_pass(place):
                    await asyncio.sleep(0.005)
            await self._answer(scope, replay, send_with_headers, early, route)
        finally:
            if place is not None:
                faults.passed(place)
        self.state.log.add(
            method=scope["method"],
            path=asked_path,
            query=scope.get("query_string", b"").decode("latin-1"),
            body_size=len(body),
            status=status_seen,
            body=_parse_logged(scope["method"], body),
            duration_ms=(time.perf_counter() - started) * 1000,
            at=time.time(),
        )

    async def _answer(
        self,
        scope: Scope,
        replay: Receive,
        send: Send,
        early: Response | None,
        route: tuple[str, str, str],
    ) -> None:
        """The endpoint's answer, or a canned one (after the write, when it says ``apply``)."""
        canned = self.state.faults.take_answer(*route) if early is None else None
        if canned is not None:
            if canned.get("apply"):  # the write happens; only its answer is replaced
                await self.app(scope, replay, _discard)
            early = _canned_response(canned)
        if early is not None:
            await early(scope, replay, send)
        else:
            await self.app(scope, replay, send)

    def _gate(self, scope: Scope, settings: Settings) -> tuple[Response | None, int]:
        """A response that replaces the handler's (401, 429, 5xx), and the window's remainder."""
        faults = self.state.faults
        refused = guard.refusal(scope, settings.token)
        if refused is not None:
            return refused, settings.rate_limit or 0
        if settings.daily_limit:
            return self._too_many("DAILY", settings), 0
        if faults.take("rate_limit_next"):
            return self._too_many("TEN_SECONDLY_ROLLING", settings), 0
        allowed, remaining = faults.limiter.check(settings.rate_limit, settings.rate_window_ms)
        if not allowed:
            return self._too_many("TEN_SECONDLY_ROLLING", settings), 0
        if faults.take("error_count"):
            return _server_error(settings), remaining
        return None, remaining

    def _too_many(self, policy: str, settings: Settings) -> Response:
        headers = {}
        if settings.retry_after is not None:
            headers["Retry-After"] = f"{settings.retry_after:g}"
        return JSONResponse(rate_limit_body(policy), status_code=429, headers=headers)

    def _rate_headers(self, settings: Settings, remaining: int) -> list[tuple[bytes, bytes]]:
        used = self.state.faults.limiter.daily_used
        out = [
            (b"x-hubspot-ratelimit-daily", str(DAILY_LIMIT).encode()),
            (
                b"x-hubspot-ratelimit-daily-remaining",
                str(0 if settings.daily_limit else max(DAILY_LIMIT - used, 0)).encode(),
            ),
        ]
        if settings.rate_limit:
            out += [
                (b"x-hubspot-ratelimit-max", str(settings.rate_limit).encode()),
                (b"x-hubspot-ratelimit-remaining", str(remaining).encode()),
                (
                    b"x-hubspot-ratelimit-interval-milliseconds",
                    str(settings.rate_window_ms).encode(),
                ),
            ]
        return out


def _server_error(settings: Settings) -> Response:
    status = settings.error_status
    if settings.error_html:
        return HTMLResponse(
            f"<html><body><h1>{status} Server Error</h1><p>upstream failed</p></body></html>",
            status_code=status,
        )
    return JSONResponse(
        error_body("Internal error (injected by the sandbox)", category="INTERNAL_ERROR"),
        status_code=status,
    )


def _canned_response(answer: dict[str, Any]) -> Response:
    """A canned answer: JSON ``body``, raw ``text`` (any content type), or no body at all."""
    status = answer["status"]
    if "body" in answer:
        return Response(json.dumps(answer["body"]), status, media_type="application/json")
    if "text" in answer:
        return Response(answer["text"], status, media_type=answer.get("content_type", "text/html"))
    return Response(b"", status)


async def _discard(message: Message) -> None:
    """The endpoint's own answer, when a canned one replaces it."""


async def _read_body(receive: Receive) -> bytes:
    chunks = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _replay(body: bytes) -> Receive:
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        await asyncio.Event().wait()  # like a client that keeps the connection open
        return {"type": "http.disconnect"}

    return receive


def _parse_logged(method: str, body: bytes) -> Any:
    if method not in WRITE_METHODS or not body:
        return None
    try:
        return json.loads(body)
    except ValueError:
        return None


# ---- assembly ------------------------------------------------------------------------------


async def _api_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    return exc.response()


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    category = "OBJECT_NOT_FOUND" if exc.status_code == 404 else "VALIDATION_ERROR"
    message = "Resource not found" if exc.status_code == 404 else str(exc.detail)
    return JSONResponse(
        error_body(f"{message}: {request.method} {request.url.path}", category=category),
        status_code=exc.status_code,
    )


async def _crash(request: Request, exc: Exception) -> Response:
    return JSONResponse(error_body(f"Internal error: {exc!r}", category="INTERNAL_ERROR"), 500)


def build_app(store: Store, settings: Settings | None = None) -> ApiGate:
    """The full sandbox app over ``store`` with ``settings`` as the startup defaults."""
    state = SandboxState(store=store, faults=Faults(settings or Settings()))
    extension.ensure(store, budget_store.DDL)  # the triggers must exist before any delete
    extension.ensure(store, lists_store.DDL)
    api = Starlette(
        routes=on_raw_paths(
            [
                *control_api.control_routes,
                *account.routes,
                *campaigns.routes,
                *assets.routes,
                *budget.routes,
                *lists.routes,
                *events.routes,
            ]
        ),
        exception_handlers={ApiError: _api_error, HTTPException: _http_error, Exception: _crash},
    )
    api.state.sandbox = state
    return ApiGate(api, state)
