"""The sandbox's control API (``/_sandbox/...``): reset, seed, faults, the request log,
portal definitions (custom properties, contact lists) and stats. HubSpot never uses the
prefix; the gate lets these requests pass its guard only (no rate limit, faults or log).
"""

from __future__ import annotations

import dataclasses
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from reconciler.sandbox import budget_store, guard, lists, lists_store
from reconciler.sandbox.faults import validate_update
from reconciler.sandbox.seed import seed_bulk, seed_demo
from reconciler.sandbox.state import state_of
from reconciler.sandbox.wire import ApiError, expect_object, read_json

CONTROL_PREFIX = guard.CONTROL_PREFIX


async def control_reset(request: Request) -> Response:
    body = await _control_body(request)
    seed = body.get("seed", "demo")
    store = state_of(request).store
    if seed == "demo":
        seed_demo(store)
    elif seed == "empty":
        store.clear()
        lists_store.reset(store, demo=False)
    else:
        raise ApiError(400, "seed must be 'demo' or 'empty'")
    return JSONResponse({"seed": seed, **store.counts()})


async def control_seed(request: Request) -> Response:
    body = await _control_body(request)
    counts = {k: body.get(k, 0) for k in ("campaigns", "events")}
    if not all(isinstance(v, int) and v >= 0 for v in counts.values()):
        raise ApiError(400, "campaigns and events must be non-negative integers")
    prefix = body.get("prefix", "Bulk")
    if not isinstance(prefix, str) or not prefix:
        raise ApiError(400, "prefix must be a non-empty string")
    store = state_of(request).store
    seed_bulk(store, campaigns=counts["campaigns"], events=counts["events"], prefix=prefix)
    return JSONResponse(store.counts())


async def control_faults(request: Request) -> Response:
    faults = state_of(request).faults
    if request.method == "PUT":
        changes = await _control_body(request)
        problems = validate_update(changes)
        if problems:
            raise ApiError(400, "; ".join(problems))
        faults.update(changes)
    elif request.method == "DELETE":
        faults.clear()
    return JSONResponse(faults.current.to_json())


async def control_requests(request: Request) -> Response:
    log = state_of(request).log
    if request.method == "DELETE":
        log.clear()
        return JSONResponse({"cleared": True})
    return JSONResponse([dataclasses.asdict(item) for item in log.items()])


async def _defined_names(request: Request) -> list[str] | None:
    """The ``names`` a POST defines (None for a GET)."""
    if request.method != "POST":
        return None
    names = (await _control_body(request)).get("names")
    if not isinstance(names, list) or not all(isinstance(n, str) and n for n in names):
        raise ApiError(400, "names must be a list of non-empty strings")
    return names


async def control_event_properties(request: Request) -> Response:
    store = state_of(request).store
    names = await _defined_names(request)
    if names is not None:
        store.define_event_properties(names)
    return JSONResponse({"names": store.event_property_defs()})


async def control_campaign_properties(request: Request) -> Response:
    store = state_of(request).store
    names = await _defined_names(request)
    if names is not None:
        store.define_campaign_properties(names)
    return JSONResponse({"names": store.campaign_property_defs()})


async def control_stats(request: Request) -> Response:
    state = state_of(request)
    return JSONResponse(
        {
            **state.store.counts(),
            "asset_links": state.store.asset_link_count(),
            "budget_items": budget_store.count(state.store),
            "event_list_links": lists_store.association_count(state.store),
            "db_bytes": state.store.size_bytes(),
            "db_path": str(state.store.path),
            "requests_logged": len(state.log.items()),
        }
    )


async def _control_body(request: Request) -> dict[str, Any]:
    if not (await request.body()).strip():
        return {}
    return expect_object(await read_json(request), "the body")


control_routes = [
    Route(CONTROL_PREFIX + "reset", control_reset, methods=["POST"]),
    Route(CONTROL_PREFIX + "seed", control_seed, methods=["POST"]),
    Route(CONTROL_PREFIX + "faults", control_faults, methods=["GET", "PUT", "DELETE"]),
    Route(CONTROL_PREFIX + "requests", control_requests, methods=["GET", "DELETE"]),
    Route(CONTROL_PREFIX + "event-properties", control_event_properties, methods=["GET", "POST"]),
    Route(
        CONTROL_PREFIX + "campaign-properties",
        control_campaign_properties,
        methods=["GET", "POST"],
    ),
    Route(CONTROL_PREFIX + "stats", control_stats, methods=["GET"]),
    Route(CONTROL_PREFIX + "lists", lists.control_lists, methods=["GET", "POST"]),
]
