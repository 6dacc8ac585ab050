"""Marketing event <-> contact list associations, by the event's objectId:
``GET .../associations/{marketingEventId}/lists`` and
``PUT``/``DELETE .../associations/{marketingEventId}/lists/{listId}``; and the control route
``/_sandbox/lists`` that defines the portal's lists.

HubSpot rules modelled here: associating and disassociating answer 204 and are idempotent; the
event must exist (else 404) and, to associate, so must the list; the GET answers
``CollectionResponseWithTotalPublicList`` (every associated list, with ``total``) in list id
order; deleting the event removes its associations. The external-id form of these endpoints
(``.../associations/{externalAccountId}/{externalEventId}/lists``) is not modelled.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from reconciler.sandbox import lists_store
from reconciler.sandbox.lists_store import PROCESSING_TYPES, PortalList
from reconciler.sandbox.state import state_of
from reconciler.sandbox.store import Store
from reconciler.sandbox.wire import ApiError, expect_object, iso_ms, no_content, read_json

PREFIX = "/marketing/v3/marketing-events/associations/{marketingEventId}/lists"
CONTACTS = "0-1"
"""``objectTypeId`` of contact lists (the ones events feed)."""


def list_json(item: PortalList) -> dict[str, Any]:
    """``PublicList``: a processed list of contacts, version 1."""
    stamp = iso_ms(item.created_at)
    return {
        "listId": item.list_id,
        "listVersion": 1,
        "name": item.name,
        "objectTypeId": CONTACTS,
        "processingStatus": "COMPLETE",
        "processingType": item.processing_type,
        "createdAt": stamp,
        "updatedAt": stamp,
    }


def _event_id(request: Request, store: Store) -> int:
    """The objectId of an existing event named in the path, else HubSpot's 404."""
    raw: str = request.path_params["marketingEventId"]
    canonical = raw.isascii() and raw.isdigit() and len(raw) < 19 and str(int(raw)) == raw
    if not canonical or store.event(int(raw)) is None:
        raise ApiError(404, f"Marketing event {raw} not found", category="OBJECT_NOT_FOUND")
    return int(raw)


async def event_lists(request: Request) -> Response:
    store = state_of(request).store
    found = lists_store.lists_of(store, _event_id(request, store))
    return JSONResponse({"total": len(found), "results": [list_json(i) for i in found]})


async def associate(request: Request) -> Response:
    store = state_of(request).store
    oid = _event_id(request, store)
    list_id: str = request.path_params["listId"]
    if not lists_store.exists(store, list_id):
        raise ApiError(404, f"List {list_id} not found", category="OBJECT_NOT_FOUND")
    lists_store.associate(store, oid, list_id)
    return no_content()


async def disassociate(request: Request) -> Response:
    store = state_of(request).store
    lists_store.disassociate(store, _event_id(request, store), request.path_params["listId"])
    return no_content()  # also when they were not associated


async def control_lists(request: Request) -> Response:
    """``POST {"lists": [{"listId", "name", "processingType"?}]}`` defines (or renames)
    lists; both methods answer every list the portal has."""
    store = state_of(request).store
    if request.method == "POST":
        raw = expect_object(await read_json(request), "the body").get("lists")
        if not isinstance(raw, list):
            raise ApiError(400, "lists must be a list of {listId, name, processingType?}")
        lists_store.define(store, [_definition(item) for item in raw])
    return JSONResponse({"lists": [list_json(i) for i in lists_store.all_lists(store)]})


def _definition(item: Any) -> tuple[str, str, str]:
    if not isinstance(item, dict):
        raise ApiError(400, "each list must be an object {listId, name, processingType?}")
    list_id, name = item.get("listId"), item.get("name")
    kind = item.get("processingType", "MANUAL")
    if not (isinstance(list_id, str) and list_id and isinstance(name, str) and name):
        raise ApiError(400, "listId and name must be non-empty strings")
    if kind not in PROCESSING_TYPES:
        raise ApiError(400, f"processingType must be one of {', '.join(PROCESSING_TYPES)}")
    return list_id, name, kind


routes = [
    Route(PREFIX, event_lists, methods=["GET"]),
    Route(PREFIX + "/{listId}", associate, methods=["PUT"]),
    Route(PREFIX + "/{listId}", disassociate, methods=["DELETE"]),
]
