"""Route on the path as the client sent it, so a path parameter may hold any character.

The ASGI ``path`` is already percent-decoded: an ``externalEventId`` of ``a/b`` arrives as
``.../a/b/identifiers`` and no route matches it. HubSpot routes on the encoded path, so the
sandbox does too: routes match ``raw_path`` (``.../a%2Fb/identifiers``) and each path
parameter is decoded exactly once after matching.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import quote, unquote

from starlette.routing import BaseRoute, Match, Route
from starlette.types import Scope


def routing_path(scope: Scope) -> str:
    """The raw (still encoded) path of the request, without the query string."""
    raw = scope.get("raw_path")
    if raw is None:
        return quote(scope["path"], safe="/")
    text = bytes(raw).decode("latin-1")
    return text.split("?", 1)[0]


class RawPathRoute(Route):
    """A ``Route`` that matches the raw path and decodes its parameters once."""

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        if scope["type"] != "http":
            return super().matches(scope)
        match, child = super().matches({**scope, "path": routing_path(scope), "root_path": ""})
        if match is not Match.NONE:
            child["path_params"] = {
                name: unquote(value) if isinstance(value, str) else value
                for name, value in child["path_params"].items()
            }
        return match, child


def on_raw_paths(routes: Sequence[BaseRoute]) -> list[BaseRoute]:
    """The same routes, matching on the raw path (other route kinds are kept as they are)."""
    out: list[BaseRoute] = []
    for route in routes:
        if type(route) is Route:
            methods: Any = route.methods
            out.append(RawPathRoute(route.path, route.endpoint, methods=methods, name=route.name))
        else:
            out.append(route)
    return out
