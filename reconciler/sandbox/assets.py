"""Campaign assets: ``PUT``/``DELETE .../campaigns/{guid}/assets/{type}/{id}``, the list
``GET .../campaigns/{guid}/assets/{type}``, and the ``assets`` that get-one and batch/read embed.

HubSpot rules modelled here: linking and unlinking answer 204 and are idempotent; the
``assetType`` must be one the API associates (``reconciler.hubspot.assets.ASSET_TYPES``: forms,
landing pages, emails, lists, ...), any other is a 400 naming the valid ones, for a list as for
a write; a ``MARKETING_EVENT`` asset must be an existing event's objectId (else 404), and
deleting the event removes its links; the objects of the other types are not modelled, so any
id of theirs is stored as given. Deleting a campaign removes its links of every type. Lists are in id order (text
order: ``asset_id`` is a string), keyset-paged with an opaque cursor; get-one and batch/read
embed at most ``EMBEDDED_PER_TYPE`` assets per type and a ``paging.next`` into the list
endpoint for the rest. Asset metrics (``startDate``/``endDate``) are not modelled.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Sequence
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from reconciler.hubspot.assets import ASSET_TYPES
from reconciler.sandbox.deviations import Deviation, deviates
from reconciler.sandbox.state import state_of
from reconciler.sandbox.store import MARKETING_EVENT, AssetPage, Store
from reconciler.sandbox.wire import ApiError, next_link, no_content, query_int

PREFIX = "/marketing/v3/campaigns"
EMBEDDED_PER_TYPE = 50
"""HubSpot field reports: get-one and batch/read embed up to 50 assets per type."""
DEFAULT_LIMIT = 10
"""The spec gives no default; 10 is HubSpot's usual default page size (as for events)."""
MAX_LIMIT = 100


def encode_cursor(asset_id: str) -> str:
    return base64.urlsafe_b64encode(asset_id.encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> str:
    """The asset id a cursor from ``encode_cursor`` stands for; anything else is a 400."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        asset_id = base64.b64decode(padded, altchars=b"-_", validate=True).decode()
    except (ValueError, binascii.Error):
        asset_id = None
    if asset_id is None or encode_cursor(asset_id) != cursor:
        raise ApiError(400, f"Invalid paging cursor {cursor!r}")
    return asset_id


def _asset_type(request: Request) -> str:
    asset_type: str = request.path_params["assetType"]
    if asset_type not in ASSET_TYPES:
        raise ApiError(
            400,
            f"Unknown asset type {asset_type!r}: the asset type must be one of"
            f" {', '.join(ASSET_TYPES)}",
            context={"assetType": [asset_type]},
        )
    return asset_type


def _campaign_guid(request: Request, store: Store) -> str:
    cid: str = request.path_params["campaignGuid"]
    if not store.campaigns_by_id([cid]):
        raise ApiError(404, f"Campaign {cid} not found", category="OBJECT_NOT_FOUND")
    return cid


def _list_url(request: Request, cid: str, asset_type: str) -> str:
    return f"{str(request.base_url).rstrip('/')}{PREFIX}/{cid}/assets/{asset_type}"


def _event_names(store: Store, asset_ids: Sequence[str]) -> dict[str, str]:
    oids = [oid for oid in map(_object_id, asset_ids) if oid is not None]
    found = store.events_by_ids(oids)
    return {
        str(oid): ev.fields["eventName"] for oid, ev in found.items() if ev.fields.get("eventName")
    }


def _results(store: Store, asset_type: str, ids: Sequence[str]) -> list[dict[str, Any]]:
    """``PublicCampaignAsset`` items; marketing events carry their ``eventName`` as ``name``."""
    names = _event_names(store, ids) if asset_type == MARKETING_EVENT else {}
    return [{"id": a, "name": names[a]} if a in names else {"id": a} for a in ids]


def embedded_assets(
    request: Request, store: Store, campaign_ids: Sequence[str]
) -> dict[str, dict[str, Any]]:
    """``PublicCampaignWithAssets.assets`` per campaign: ``{assetType: {results, paging?}}``."""
    out: dict[str, dict[str, Any]] = {cid: {} for cid in campaign_ids}
    pages = store.campaign_assets(campaign_ids, per_type=EMBEDDED_PER_TYPE)
    hidden = MARKETING_EVENT if deviates(request, Deviation.EVENT_ASSETS_NOT_EMBEDDED) else None
    for cid, by_type in pages.items():
        for asset_type, page in by_type.items():
            if asset_type == hidden:
                continue
            out[cid][asset_type] = _collection(
                store, asset_type, page, _list_url(request, cid, asset_type)
            )
    return out


def _collection(store: Store, asset_type: str, page: AssetPage, url: str) -> dict[str, Any]:
    body: dict[str, Any] = {"results": _results(store, asset_type, page.ids)}
    if page.next_after is not None:
        cursor = encode_cursor(page.next_after)
        body["paging"] = {"next": {"after": cursor, "link": f"{url}?after={cursor}"}}
    return body


async def list_assets(request: Request) -> Response:
    store = state_of(request).store
    asset_type = _asset_type(request)
    limit = query_int(request, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT)
    after_raw = request.query_params.get("after")
    after = decode_cursor(after_raw) if after_raw else None
    cid = _campaign_guid(request, store)
    page = store.asset_page(cid, asset_type, after=after, limit=limit)
    body: dict[str, Any] = {"results": _results(store, asset_type, page.ids)}
    if page.next_after is not None:
        cursor = encode_cursor(page.next_after)
        body["paging"] = {"next": {"after": cursor, "link": next_link(request, cursor)}}
    return JSONResponse(body)


async def link_asset(request: Request) -> Response:
    store = state_of(request).store
    asset_type = _asset_type(request)
    cid = _campaign_guid(request, store)
    asset_id: str = request.path_params["assetId"]
    if asset_type == MARKETING_EVENT and not _is_event(store, asset_id):
        raise ApiError(404, f"Marketing event {asset_id} not found", category="OBJECT_NOT_FOUND")
    store.link_asset(cid, asset_type, asset_id)
    return no_content()


def _is_event(store: Store, asset_id: str) -> bool:
    """Whether ``asset_id`` is an existing event's objectId, written as the event writes it."""
    oid = _object_id(asset_id)
    return oid is not None and store.event(oid) is not None


def _object_id(asset_id: str) -> int | None:
    """The objectId ``asset_id`` names in canonical form (no sign, no leading zeros), or None."""
    if not (asset_id.isascii() and asset_id.isdigit() and len(asset_id) < 19):
        return None
    oid = int(asset_id)
    return oid if str(oid) == asset_id else None


async def unlink_asset(request: Request) -> Response:
    store = state_of(request).store
    asset_type = _asset_type(request)
    cid = _campaign_guid(request, store)
    store.unlink_asset(cid, asset_type, request.path_params["assetId"])
    return no_content()  # also when there was no such link


routes = [
    Route(PREFIX + "/{campaignGuid}/assets/{assetType}", list_assets, methods=["GET"]),
    Route(PREFIX + "/{campaignGuid}/assets/{assetType}/{assetId}", link_asset, methods=["PUT"]),
    Route(
        PREFIX + "/{campaignGuid}/assets/{assetType}/{assetId}", unlink_asset, methods=["DELETE"]
    ),
]
