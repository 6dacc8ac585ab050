"""Marketing Events v3 endpoints: list, get/patch/delete by objectId, create one, upsert,
batch update/archive by objectId, ``/{externalEventId}/identifiers`` and get by external ids.

HubSpot rules modelled here: the list is sorted by objectId and carries no ``total`` and no
``externalAccountId``; custom properties not defined on the portal are silently dropped; a
batch/update changes only the fields and custom properties it names; external-id endpoints see
only events the calling app created; ``/identifiers`` lags behind creation (configurable);
instants come back as ``...T..:..:..mmmZ``.
"""

from __future__ import annotations

import time
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from reconciler.sandbox.deviations import Deviation, deviates
from reconciler.sandbox.event_input import object_id, parse_custom, parse_fields, target
from reconciler.sandbox.event_shapes import (
    app_info,
    common,
    default_v2,
    public_default,
    public_read,
    read_v2,
)
from reconciler.sandbox.state import SandboxState, state_of
from reconciler.sandbox.store import EventRow, NewEvent
from reconciler.sandbox.wire import (
    MAX_EVENT_BATCH,
    ApiError,
    batch_inputs,
    batch_response,
    expect_object,
    expect_str,
    next_link,
    no_content,
    now_iso,
    query_int,
    read_json,
    standard_error,
)

PREFIX = "/marketing/v3/marketing-events"


async def list_events(request: Request) -> Response:
    limit = query_int(request, "limit", 10, 1, 100)
    after_raw = request.query_params.get("after")
    after: int | None = None
    if after_raw:
        if not (after_raw.isascii() and after_raw.isdigit() and len(after_raw) < 19):
            raise ApiError(400, f"Invalid paging cursor {after_raw!r}")
        after = int(after_raw)
    rows, next_after = state_of(request).store.event_page(after=after, limit=limit)
    body: dict[str, Any] = {"results": [read_v2(ev) for ev in rows]}
    if next_after is not None:
        cursor = str(next_after)
        body["paging"] = {"next": {"after": cursor, "link": next_link(request, cursor)}}
    return JSONResponse(body)


def _find(state: SandboxState, raw: str) -> EventRow:
    oid = object_id(raw, "objectId")
    ev = state.store.event(oid) if oid is not None else None
    if ev is None:
        raise ApiError(404, f"Marketing event {raw} not found", category="OBJECT_NOT_FOUND")
    return ev


async def get_event(request: Request) -> Response:
    return JSONResponse(read_v2(_find(state_of(request), request.path_params["objectId"])))


async def patch_event(request: Request) -> Response:
    state = state_of(request)
    body = expect_object(await read_json(request), "the body")
    fields = parse_fields(body, "body", completed_ok=False)
    custom = parse_custom(body, "body", set(state.store.event_property_defs()))
    ev = _find(state, request.path_params["objectId"])
    updated, _ = state.store.update_events([(ev.object_id, fields, custom)])
    return JSONResponse(default_v2(updated[0]))


async def delete_event(request: Request) -> Response:
    state = state_of(request)
    ev = _find(state, request.path_params["objectId"])
    state.store.delete_events([ev.object_id])
    return no_content()


def _new_event(state: SandboxState, item: dict[str, Any], where: str) -> NewEvent:
    settings = state.faults.current
    for name in ("externalAccountId", "externalEventId", "eventName", "eventOrganizer"):
        if not item.get(name):
            raise ApiError(400, f"{where}.{name} is required")
    fields = parse_fields(item, where, completed_ok=True)
    return NewEvent(
        fields={k: v for k, v in fields.items() if v is not None},
        custom={
            k: v
            for k, v in parse_custom(item, where, set(state.store.event_property_defs())).items()
            if v != ""
        },
        app_id=settings.app_id,
        app_name=settings.app_name,
        external_account_id=expect_str(item["externalAccountId"], f"{where}.externalAccountId"),
        external_event_id=expect_str(item["externalEventId"], f"{where}.externalEventId"),
    )


async def create_event(request: Request) -> Response:
    state = state_of(request)
    new = _new_event(state, expect_object(await read_json(request), "the body"), "body")
    ev = state.store.create_event(new)
    if ev is None:
        raise ApiError(
            409,
            f"A marketing event with externalAccountId {new.external_account_id!r} and"
            f" externalEventId {new.external_event_id!r} already exists for this app",
            category="CONFLICT",
        )
    out = common(ev)
    out.setdefault("eventOrganizer", "")
    return JSONResponse(out)  # MarketingEventDefaultResponse: 200, objectId, no timestamps


async def upsert_events(request: Request) -> Response:
    started = now_iso()
    state = state_of(request)
    inputs = await batch_inputs(request, MAX_EVENT_BATCH)
    if deviates(request, Deviation.UPSERT_DROPS_CUSTOM):
        inputs = [{**item, "customProperties": []} for item in inputs]
    parsed = [_new_event(state, item, f"inputs[{i}]") for i, item in enumerate(inputs)]
    fail = set(state.faults.current.fail_ids)
    defined = set(state.store.event_property_defs())
    writes: list[tuple[NewEvent, dict[str, Any], dict[str, str]]] = []
    errors = []
    for item, new in zip(inputs, parsed, strict=True):
        assert new.external_event_id
        if new.external_event_id in fail:
            errors.append(
                standard_error(
                    f"Injected failure upserting event {new.external_event_id}",
                    ids=[new.external_event_id],
                    category="VALIDATION_ERROR",
                )
            )
            continue
        # For an existing event: "" in a text field or custom property empties it, as in
        # batch/update. Look-up and write are one transaction (two CLIs may share the file).
        fields = parse_fields(item, "input", completed_ok=True)
        writes.append((new, fields, parse_custom(item, "input", defined)))
    results = state.store.upsert_events(writes)
    # Results carry no external ids and no order guarantee: reversed, to make that visible.
    return batch_response([public_default(ev) for ev in results[::-1]], errors, started=started)


async def batch_update(request: Request) -> Response:
    started = now_iso()
    state = state_of(request)
    inputs = await batch_inputs(request, MAX_EVENT_BATCH)
    defined = set(state.store.event_property_defs())
    fail = set(state.faults.current.fail_ids)
    updates: list[tuple[int, dict[str, Any], dict[str, str]]] = []
    errors: list[dict[str, Any]] = []
    for i, item in enumerate(inputs):
        where = f"inputs[{i}]"
        raw_id = expect_str(item.get("objectId"), f"{where}.objectId")
        fields = parse_fields(item, where, completed_ok=False)
        custom = parse_custom(item, where, defined)
        if deviates(request, Deviation.EVENT_RESET_IGNORED):
            fields = {k: v for k, v in fields.items() if v is not None}  # None: "empty it"
        if not custom and deviates(request, Deviation.EVENT_EMPTY_CUSTOM_CLEARS):
            custom = _cleared_custom(state, raw_id)
        oid = target(raw_id, f"{where}.objectId", fail, "updating", errors)
        if oid is not None:
            updates.append((oid, fields, custom))
    rows, missing = state.store.update_events(updates)
    errors += [standard_error(f"Marketing event {m} not found", ids=[str(m)]) for m in missing]
    return batch_response([default_v2(ev) for ev in rows], errors, started=started)


def _cleared_custom(state: SandboxState, raw_id: str) -> dict[str, str]:
    """Every custom property of the event set to "" (the empty-custom-clears deviation)."""
    oid = object_id(raw_id, "objectId")
    ev = state.store.event(oid) if oid is not None else None
    return {name: "" for name in ev.custom} if ev is not None else {}


async def batch_archive(request: Request) -> Response:
    started = now_iso()
    state = state_of(request)
    inputs = await batch_inputs(request, MAX_EVENT_BATCH)
    fail = set(state.faults.current.fail_ids)
    raw_ids = [
        expect_str(item.get("objectId"), f"inputs[{i}].objectId") for i, item in enumerate(inputs)
    ]
    errors: list[dict[str, Any]] = []
    to_delete: list[int] = []
    for raw in raw_ids:
        oid = target(raw, "objectId", fail, "archiving", errors)
        if oid is not None:
            to_delete.append(oid)
    missing = state.store.delete_events(to_delete)
    errors += [standard_error(f"Marketing event {m} not found", ids=[str(m)]) for m in missing]
    if not errors:
        return no_content()
    # 207 "if some objectIds did not correspond to any existing Marketing Events"; the spec
    # declares no body, the sandbox sends the usual batch envelope with the errors.
    return batch_response([], errors, started=started)


async def identifiers(request: Request) -> Response:
    state = state_of(request)
    external = request.path_params["externalEventId"]
    horizon = int((time.time() - state.faults.current.identifiers_delay_s) * 1000)
    visible = [ev for ev in state.store.events_by_external_id(external) if ev.created_at <= horizon]
    if deviates(request, Deviation.EVENT_IDENTITY_HIDDEN):
        visible = []
    results = []
    for ev in visible:
        entry: dict[str, Any] = {
            "objectId": str(ev.object_id),
            "externalEventId": external,
            "marketingEventName": ev.fields.get("eventName", ""),
        }
        if ev.external_account_id:
            entry["externalAccountId"] = ev.external_account_id
        entry.update(app_info(ev))
        results.append(entry)
    return JSONResponse({"total": len(results), "results": results})


async def get_by_external(request: Request) -> Response:
    state = state_of(request)
    external = request.path_params["externalEventId"]
    account = request.query_params.get("externalAccountId")
    if not account:
        raise ApiError(400, "externalAccountId is required")
    ev = state.store.event_by_app_key(state.faults.current.app_id, account, external)
    if ev is None or deviates(request, Deviation.EVENT_IDENTITY_HIDDEN):
        raise ApiError(
            404,
            f"No marketing event with externalAccountId {account!r} and externalEventId"
            f" {external!r} was created by this app",
            category="OBJECT_NOT_FOUND",
        )
    return JSONResponse(public_read(ev))


routes = [
    Route(PREFIX + "/", list_events, methods=["GET"]),
    Route(PREFIX, list_events, methods=["GET"]),
    Route(PREFIX + "/events", create_event, methods=["POST"]),
    Route(PREFIX + "/events/upsert", upsert_events, methods=["POST"]),
    Route(PREFIX + "/batch/update", batch_update, methods=["POST"]),
    Route(PREFIX + "/batch/archive", batch_archive, methods=["POST"]),
    Route(PREFIX + "/events/{externalEventId}", get_by_external, methods=["GET"]),
    Route(PREFIX + "/{externalEventId}/identifiers", identifiers, methods=["GET"]),
    Route(PREFIX + "/{objectId}", get_event, methods=["GET"]),
    Route(PREFIX + "/{objectId}", patch_event, methods=["PATCH"]),
    Route(PREFIX + "/{objectId}", delete_event, methods=["DELETE"]),
]
