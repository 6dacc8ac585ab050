"""Campaigns v3 endpoints: list, get/patch/delete one, create one, batch create/read/update/archive.

HubSpot rules modelled here (see ``../shared/hubspot-api-notes.md``): property values are
strings; a properties map holds only the requested, non-empty properties; ``""`` resets;
read-only or unknown properties on write are a 400 naming them, unknown names on read are
ignored; batch/create answers 201 in a different order from its inputs; archive is always 204.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from reconciler.sandbox.assets import embedded_assets
from reconciler.sandbox.deviations import Deviation, deviates, requested_properties, without_resets
from reconciler.sandbox.state import state_of
from reconciler.sandbox.store import CampaignRow, SortKey
from reconciler.sandbox.wire import (
    MAX_CAMPAIGN_BATCH,
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

READ_ONLY = frozenset(
    {
        "hs_object_id",
        "hs_owner",
        "hs_color_hex",
        "hs_goal",
        "hs_created_by_user_id",
        "hs_budget_items_sum_amount",
        "hs_spend_items_sum_amount",
    }
)
WRITABLE = frozenset(
    {
        "hs_name",
        "hs_start_date",
        "hs_end_date",
        "hs_notes",
        "hs_audience",
        "hs_currency_code",
        "hs_campaign_status",
        "hs_utm",
        "hs_business_unit_ids",
    }
)
DATES = frozenset({"hs_start_date", "hs_end_date"})
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
SORTS: dict[str, tuple[SortKey, bool]] = {
    "hs_name": ("hs_name", False),
    "-hs_name": ("hs_name", True),
    "createdAt": ("createdAt", False),
    "-createdAt": ("createdAt", True),
    "updatedAt": ("updatedAt", False),
    "-updatedAt": ("updatedAt", True),
}
PREFIX = "/marketing/v3/campaigns"


def campaign_json(
    row: CampaignRow, names: list[str], assets: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """``PublicCampaign`` (``PublicCampaignWithAssets`` when ``assets`` is given: the
    ``{assetType: {results, paging?}}`` map that ``assets.embedded_assets`` renders)."""
    props = row.all_props()
    out: dict[str, Any] = {
        "id": row.id,
        "properties": {n: props[n] for n in names if props.get(n)},
        "createdAt": iso_ms(row.created_at),
        "updatedAt": iso_ms(row.updated_at),
        "businessUnits": [{"id": 0}],
    }
    if assets is not None:
        out["assets"] = dict(assets)
    return out


def check_properties(
    raw: Any, where: str, *, creating: bool, defined: frozenset[str] = frozenset()
) -> dict[str, str]:
    """Validate a write's properties map as HubSpot does (``defined``: the portal's own
    campaign properties, writable too); returns it typed."""
    props = expect_object(raw, where)
    read_only = sorted(n for n in props if n in READ_ONLY)
    unknown = sorted(
        n for n in props if n not in READ_ONLY and n not in WRITABLE and n not in defined
    )
    if read_only or unknown:
        parts = []
        if read_only:
            parts.append(f"read-only properties cannot be set: {', '.join(read_only)}")
        if unknown:
            parts.append(f"properties do not exist: {', '.join(unknown)}")
        errors = [
            {
                "message": f"Property {n!r} is read-only",
                "code": "PROPERTY_SET_CONTAINS_VALUES_FORBIDDEN_FOR_WRITE",
                "context": {"propertyName": [n]},
            }
            for n in read_only
        ] + [
            {
                "message": f"Property {n!r} does not exist",
                "code": "PROPERTY_DOESNT_EXIST",
                "context": {"propertyName": [n]},
            }
            for n in unknown
        ]
        raise ApiError(
            400,
            "Invalid campaign properties: " + "; ".join(parts),
            context={"propertyName": read_only + unknown},
            errors=errors,
        )
    out: dict[str, str] = {}
    for name, value in props.items():
        text = expect_str(value, f"{where}.{name}")
        if name in DATES and text != "" and not _is_date(text):
            raise ApiError(
                400,
                f"Invalid date for {name}: {text!r}; expected YYYY-MM-DD",
                sub_category="CampaignValidationError.INVALID_DATE_PROPERTY",
                context={"propertyName": [name]},
            )
        out[name] = text
    if creating and not out.get("hs_name"):
        raise ApiError(400, f"{where}.hs_name is required to create a campaign")
    if not creating and out.get("hs_name") == "":
        raise ApiError(400, f"{where}.hs_name cannot be empty")
    return out


def _defined(request: Request) -> frozenset[str]:
    return frozenset(state_of(request).store.campaign_property_defs())


def readable_properties(request: Request) -> list[str]:
    """The ``properties`` asked for; a name the portal does not know is HubSpot's 400
    "Forbidden properties" (a field report from live portals; the v3 spec says "ignored")."""
    names = requested_properties(request)
    known = READ_ONLY | WRITABLE | _defined(request)
    forbidden = [n for n in names if n not in known]
    if forbidden:
        raise ApiError(
            400,
            f"Forbidden properties: {', '.join(forbidden)}",
            context={"propertyName": forbidden},
        )
    return names


def _is_date(text: str) -> bool:
    if not _DATE_RE.match(text):
        return False
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _encode_cursor(sort: str, key: tuple[Any, str]) -> str:
    raw = json.dumps([sort, key[0], key[1]]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode_cursor(cursor: str, sort: str) -> tuple[Any, str]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        kind, value, cid = json.loads(raw)
    except (ValueError, binascii.Error, TypeError):
        raise ApiError(400, f"Invalid paging cursor {cursor!r}") from None
    if kind != sort or not isinstance(cid, str):
        raise ApiError(400, f"Paging cursor {cursor!r} does not belong to sort {sort!r}")
    return value, cid


async def list_campaigns(request: Request) -> Response:
    sort_param = request.query_params.get("sort") or "hs_name"
    if sort_param not in SORTS:
        raise ApiError(400, f"sort must be one of {', '.join(SORTS)}, not {sort_param!r}")
    sort, descending = SORTS[sort_param]
    limit = query_int(request, "limit", 50, 1, 100)
    after = request.query_params.get("after")
    key = _decode_cursor(after, sort_param) if after else None
    rows, total, next_key = state_of(request).store.campaign_page(
        sort=sort,
        descending=descending,
        after=key,
        limit=limit,
        name_contains=request.query_params.get("name"),
    )
    names = readable_properties(request)
    body: dict[str, Any] = {"total": total, "results": [campaign_json(r, names) for r in rows]}
    if next_key is not None:
        cursor = _encode_cursor(sort_param, next_key)
        body["paging"] = {"next": {"after": cursor, "link": next_link(request, cursor)}}
    return JSONResponse(body)


def _not_found(cid: str) -> ApiError:
    return ApiError(404, f"Campaign {cid} not found", category="OBJECT_NOT_FOUND")


async def get_campaign(request: Request) -> Response:
    cid = request.path_params["campaignGuid"]
    store = state_of(request).store
    row = store.campaigns_by_id([cid]).get(cid)
    if row is None:
        raise _not_found(cid)
    assets = embedded_assets(request, store, [cid])[cid]
    return JSONResponse(campaign_json(row, readable_properties(request), assets))


async def create_campaign(request: Request) -> Response:
    body = expect_object(await read_json(request), "the body")
    props = check_properties(
        body.get("properties"), "properties", creating=True, defined=_defined(request)
    )
    row = state_of(request).store.insert_campaigns([props])[0]
    location = f"{request.base_url}{PREFIX.lstrip('/')}/{row.id}"
    return JSONResponse(campaign_json(row, list(props)), 201, headers={"Location": location})


async def patch_campaign(request: Request) -> Response:
    cid = request.path_params["campaignGuid"]
    body = expect_object(await read_json(request), "the body")
    props = check_properties(
        body.get("properties"), "properties", creating=False, defined=_defined(request)
    )
    updated, _missing = state_of(request).store.update_campaigns([(cid, props)])
    if not updated:
        raise _not_found(cid)
    return JSONResponse(campaign_json(updated[0], list(props)))


async def delete_campaign(request: Request) -> Response:
    cid = request.path_params["campaignGuid"]
    state = state_of(request)
    if cid not in state.faults.current.fail_ids:
        state.store.delete_campaigns([cid])
    return no_content()  # always 204, like HubSpot, whether or not it existed


async def batch_create(request: Request) -> Response:
    started = now_iso()
    inputs = await batch_inputs(request, MAX_CAMPAIGN_BATCH)
    defined = _defined(request)
    checked = [
        check_properties(
            item.get("properties"), f"inputs[{i}].properties", creating=True, defined=defined
        )
        for i, item in enumerate(inputs)
    ]
    state = state_of(request)
    fail = set(state.faults.current.fail_ids)
    errors = [
        standard_error(
            f"Injected failure creating campaign {p['hs_name']!r}",
            ids=[p["hs_name"]],
            category="VALIDATION_ERROR",
        )
        for p in checked
        if p["hs_name"] in fail
    ]
    to_create = [p for p in checked if p["hs_name"] not in fail]
    rows = state.store.insert_campaigns(to_create) if to_create else []
    # HubSpot does not keep input order; reversing makes that visible to every client test.
    results = [campaign_json(r, list(p)) for r, p in zip(rows, to_create, strict=True)][::-1]
    return batch_response(results, errors, started=started, ok_status=201)


async def batch_read(request: Request) -> Response:
    started = now_iso()
    inputs = await batch_inputs(request, MAX_CAMPAIGN_BATCH)
    ids = list(
        dict.fromkeys(
            expect_str(item.get("id"), f"inputs[{i}].id") for i, item in enumerate(inputs)
        )
    )
    store = state_of(request).store
    found = store.campaigns_by_id(ids)
    assets = embedded_assets(request, store, list(found))
    names = readable_properties(request)
    results = [campaign_json(found[c], names, assets.get(c, {})) for c in sorted(found)]
    errors = [standard_error(f"Campaign {c} not found", ids=[c]) for c in ids if c not in found]
    return batch_response(results, errors, started=started)


async def batch_update(request: Request) -> Response:
    started = now_iso()
    inputs = await batch_inputs(request, MAX_CAMPAIGN_BATCH)
    updates: list[tuple[str, dict[str, str]]] = []
    defined = _defined(request)
    for i, item in enumerate(inputs):
        cid = expect_str(item.get("id"), f"inputs[{i}].id")
        props = check_properties(
            item.get("properties"), f"inputs[{i}].properties", creating=False, defined=defined
        )
        if deviates(request, Deviation.CAMPAIGN_RESET_IGNORED):
            props = without_resets(props)
        updates.append((cid, props))
    state = state_of(request)
    fail = set(state.faults.current.fail_ids)
    errors = [
        standard_error(
            f"Injected failure updating campaign {c}", ids=[c], category="VALIDATION_ERROR"
        )
        for c, _ in updates
        if c in fail
    ]
    rows, missing = state.store.update_campaigns([u for u in updates if u[0] not in fail])
    sent = {c: list(p) for c, p in updates}
    errors += [standard_error(f"Campaign {c} not found", ids=[c]) for c in missing]
    results = [campaign_json(r, sent[r.id]) for r in rows]
    return batch_response(results, errors, started=started)


async def batch_archive(request: Request) -> Response:
    inputs = await batch_inputs(request, MAX_CAMPAIGN_BATCH)
    ids = [expect_str(item.get("id"), f"inputs[{i}].id") for i, item in enumerate(inputs)]
    state = state_of(request)
    fail = set(state.faults.current.fail_ids)
    if not deviates(request, Deviation.CAMPAIGN_ARCHIVE_NOOP):
        state.store.delete_campaigns([c for c in ids if c not in fail])
    return no_content()  # always 204: HubSpot gives no per-campaign feedback


routes = [
    Route(PREFIX, list_campaigns, methods=["GET"]),
    Route(PREFIX + "/", list_campaigns, methods=["GET"]),
    Route(PREFIX, create_campaign, methods=["POST"]),
    Route(PREFIX + "/batch/create", batch_create, methods=["POST"]),
    Route(PREFIX + "/batch/read", batch_read, methods=["POST"]),
    Route(PREFIX + "/batch/update", batch_update, methods=["POST"]),
    Route(PREFIX + "/batch/archive", batch_archive, methods=["POST"]),
    Route(PREFIX + "/{campaignGuid}", get_campaign, methods=["GET"]),
    Route(PREFIX + "/{campaignGuid}", patch_campaign, methods=["PATCH"]),
    Route(PREFIX + "/{campaignGuid}", delete_campaign, methods=["DELETE"]),
]
