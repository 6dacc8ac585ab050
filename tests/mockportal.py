"""A portal of fixed answers over ``httpx.MockTransport``: one answer per "METHOD path".

For the fast tests of how the client and apply read one answer shape; what the sandbox does
over real HTTP is tested end to end. A route not listed answers 404 with a HubSpot-like body.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx

from reconciler.hubspot.client import HubSpotClient
from reconciler.hubspot.paths import api_paths
from reconciler.hubspot.retry import RetryPolicy

BASE_URL = "https://portal.test"
PATHS = api_paths()
CAMPAIGNS = PATHS.campaigns
EVENTS = PATHS.events
ONCE = RetryPolicy(attempts=1, timeout=5, wait_scale=0)

Answer = httpx.Response | Callable[[httpx.Request], httpx.Response]


def answer(status: int, body: Any = None, **headers: str) -> httpx.Response:
    """An answer with a JSON body (none when ``body`` is None)."""
    if body is None:
        return httpx.Response(status, headers=headers)
    return httpx.Response(status, json=body, headers=headers)


class MockPortal:
    """Answers each request by its method and path; keeps what was sent."""

    def __init__(self, routes: dict[str, Answer]) -> None:
        self.routes = routes
        self.sent: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.sent.append(request)
        route = self.routes.get(f"{request.method} {request.url.path}")
        if route is None:
            return answer(404, {"status": "error", "message": "resource not found"})
        return route(request) if callable(route) else route

    def client(self, token: str = "tok", **kwargs: Any) -> HubSpotClient:
        kwargs.setdefault("retry", ONCE)
        return HubSpotClient(BASE_URL, token, transport=httpx.MockTransport(self), **kwargs)

    def bodies(self, route: str) -> list[Any]:
        """The JSON bodies sent to ``route`` ("METHOD path"), in order."""
        return [
            json.loads(r.content)
            for r in self.sent
            if f"{r.method} {r.url.path}" == route and r.content
        ]
