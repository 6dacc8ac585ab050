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
from datetime import UTC, datetime, timedelta
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from reconciler.sandbox.deviations import Deviation, deviates
from reconciler.sandbox.state import SandboxState, state_of
from reconciler.sandbox.store import EventRow, NewEvent
from reconciler.sandbox.wire import (
    EPOCH,
    MAX_EVENT_BATCH,
    ApiError,
    batch_inputs,
    batch_response,
    expect_object,
    expect_str,
    iso_ms,
    next_link,
    no_content,
    now_iso,
    query_int,
    read_json,
    standard_error,
)

PREFIX = "/marketing/v3/marketing-events"
TEXT_FIELDS = ("eventName", "eventOrganizer", "eventType", "eventDescription", "eventUrl")
REQUIRED_TEXT = frozenset({"eventName", "eventOrganizer"})
"""Fields that cannot be emptied once set."""
INSTANT_FIELDS = ("startDateTime", "endDateTime")
OUTPUT_ORDER = (*TEXT_FIELDS, *INSTANT_FIELDS)


# ---- input parsing ----------------------------------------------------------------------------


def _instant(value: Any, where: str) -> str:
    text = expect_str(value, where)
    try:
        moment = datetime.fromisoformat(text.replace("z", "Z"))
    except ValueError:
        raise ApiError(400, f"{where}: {text!r} is not an ISO 8601 date-time") from None
    if moment.tzinfo is None:
        raise ApiError(400, f"{where}: {text!r} has no time zone offset")
    try:
        utc = moment.astimezone(UTC)
    except (OverflowError, ValueError):
        raise ApiError(400, f"{where}: {text!r} is out of range") from None
    epoch_ms = (utc - EPOCH) // timedelta(milliseconds=1)
    return iso_ms(epoch_ms)


def parse_fields(item: dict[str, Any], where: str, *, completed_ok: bool) -> dict[str, Any]:
    """The event fields named in a write; None means "empty it". Unknown keys are ignored."""
    out: dict[str, Any] = {}
    for name in TEXT_FIELDS:
        if item.get(name) is None:
            continue
        text = expect_str(item[name], f"{where}.{name}")
        if text == "" and name in REQUIRED_TEXT:
            raise ApiError(400, f"{where}.{name} cannot be empty")
        out[name] = text or None
    for name in INSTANT_FIELDS:
        if item.get(name) is not None:
            out[name] = _instant(item[name], f"{where}.{name}")
    flags = ("eventCancelled", "eventCompleted") if completed_ok else ("eventCancelled",)
    for name in flags:
        if item.get(name) is not None:
            if not isinstance(item[name], bool):
                raise ApiError(400, f"Invalid input JSON: {where}.{name} must be a boolean")
            out[name] = item[name]
    return out


def parse_custom(item: dict[str, Any], where: str, defined: set[str]) -> dict[str, str]:
    """``customProperties`` (required by the spec): ``[{name, value}, ...]``; the spec's other
    ``PropertyValue`` fields are accepted and ignored. Undefined names are dropped silently."""
    raw = item.get("customProperties")
    if not isinstance(raw, list):
        raise ApiError(
            400, f"Invalid input JSON: {where}.customProperties is required and must be an array"
        )
    out: dict[str, str] = {}
    for i, prop in enumerate(raw):
        prop = expect_object(prop, f"{where}.customProperties[{i}]")
        name = expect_str(prop.get("name"), f"{where}.customProperties[{i}].name")
        value = expect_str(prop.get("value"), f"{where}.customProperties[{i}].value")
        if name in defined:
            out[name] = value
    return out


def _object_id(value: Any, where: str) -> int | None:
    """A numeric objectId as int; None for a well-formed string that cannot exist."""
    text = expect_str(value, where)
    return int(text) if text.isascii() and text.isdigit() and len(text) < 19 else None


def _target(
    raw: str, where: str, fail: set[str], verb: str, errors: list[dict[str, Any]]
) -> int | None:
    """The objectId a batch input names, or None with its error recorded: an injected
    failure (``fail_ids``) or an id that names no event."""
    oid = _object_id(raw, where)
    if raw in fail:
        errors.append(
            standard_error(
                f"Injected failure {verb} marketing event {raw}",
                ids=[raw],
                category="VALIDATION_ERROR",
            )
        )
        return None
    if oid is None:
        errors.append(standard_error(f"Marketing event {raw} not found", ids=[raw]))
    return oid


# ---- output shapes ------------------------------------------------------------------------------


def _common(ev: EventRow) -> dict[str, Any]:
    out: dict[str, Any] = {"objectId": str(ev.object_id)}
    for name in OUTPUT_ORDER:
        if ev.fields.get(name):
            out[name] = ev.fields[name]
    out["eventName"] = ev.fields.get("eventName", "")
    out["eventCancelled"] = bool(ev.fields.get("eventCancelled", False))
    out["eventCompleted"] = bool(ev.fields.get("eventCompleted", False))
    out["customProperties"] = [{"name": k, "value": v} for k, v in sorted(ev.custom.items())]
    return out


def _app_info(ev: EventRow) -> dict[str, Any]:
    if ev.app_id is None:
        return {}
    return {"appInfo": {"id": str(ev.app_id), "name": ev.app_name or ""}}


def _stamps(ev: EventRow) -> dict[str, str]:
    return {"createdAt": iso_ms(ev.created_at), "updatedAt": iso_ms(ev.updated_at)}


def _counters() -> dict[str, int]:
    return {"registrants": 0, "attendees": 0, "cancellations": 0, "noShows": 0}


def read_v2(ev: EventRow) -> dict[str, Any]:
    """``MarketingEventPublicReadResponseV2`` (list, get by objectId): no externalAccountId."""
    out = {**_common(ev), **_stamps(ev), **_app_info(ev), **_counters()}
    if ev.external_event_id:
        out["externalEventId"] = ev.external_event_id
    return out


def default_v2(ev: EventRow) -> dict[str, Any]:
    """``MarketingEventPublicDefaultResponseV2`` (PATCH, batch/update)."""
    return {**_common(ev), **_stamps(ev), **_app_info(ev)}


def public_default(ev: EventRow) -> dict[str, Any]:
    """``MarketingEventPublicDefaultResponse`` (upsert): ``id`` too, no external ids."""
    out = {**_common(ev), **_stamps(ev), "id": str(ev.object_id)}
    out.setdefault("eventOrganizer", "")
    return out


def public_read(ev: EventRow) -> dict[str, Any]:
    """``MarketingEventPublicReadResponse`` (get by external ids)."""
    out = {**_common(ev), **_stamps(ev), **_counters(), "id": str(ev.object_id)}
    out["externalEventId"] = ev.external_event_id or ""
    out.setdefault("eventOrganizer", "")
    return out


# ---- handlers ----------------------------------------------------------------------------------


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
    oid = _object_id(raw, "objectId")
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
    out = _common(ev)
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
        oid = _target(raw_id, f"{where}.objectId", fail, "updating", errors)
        if oid is not None:
            updates.append((oid, fields, custom))
    rows, missing = state.store.update_events(updates)
    errors += [standard_error(f"Marketing event {m} not found", ids=[str(m)]) for m in missing]
    return batch_response([default_v2(ev) for ev in rows], errors, started=started)


def _cleared_custom(state: SandboxState, raw_id: str) -> dict[str, str]:
    """Every custom property of the event set to "" (the empty-custom-clears deviation)."""
    oid = _object_id(raw_id, "objectId")
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
        oid = _target(raw, "objectId", fail, "archiving", errors)
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
        entry.update(_app_info(ev))
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
