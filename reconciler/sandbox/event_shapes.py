"""The response bodies of the Marketing Events endpoints, one per schema the spec names: the list
and get-by-objectId shape carries no ``externalAccountId``, the upsert shape no external ids."""

from __future__ import annotations

from typing import Any

from reconciler.sandbox.event_input import INSTANT_FIELDS, TEXT_FIELDS
from reconciler.sandbox.store import EventRow
from reconciler.sandbox.wire import iso_ms

OUTPUT_ORDER = (*TEXT_FIELDS, *INSTANT_FIELDS)


def common(ev: EventRow) -> dict[str, Any]:
    out: dict[str, Any] = {"objectId": str(ev.object_id)}
    for name in OUTPUT_ORDER:
        if ev.fields.get(name):
            out[name] = ev.fields[name]
    out["eventName"] = ev.fields.get("eventName", "")
    out["eventCancelled"] = bool(ev.fields.get("eventCancelled", False))
    out["eventCompleted"] = bool(ev.fields.get("eventCompleted", False))
    out["customProperties"] = [{"name": k, "value": v} for k, v in sorted(ev.custom.items())]
    return out


def app_info(ev: EventRow) -> dict[str, Any]:
    if ev.app_id is None:
        return {}
    return {"appInfo": {"id": str(ev.app_id), "name": ev.app_name or ""}}


def _stamps(ev: EventRow) -> dict[str, str]:
    return {"createdAt": iso_ms(ev.created_at), "updatedAt": iso_ms(ev.updated_at)}


def _counters() -> dict[str, int]:
    return {"registrants": 0, "attendees": 0, "cancellations": 0, "noShows": 0}


def read_v2(ev: EventRow) -> dict[str, Any]:
    """``MarketingEventPublicReadResponseV2`` (list, get by objectId): no externalAccountId."""
    out = {**common(ev), **_stamps(ev), **app_info(ev), **_counters()}
    if ev.external_event_id:
        out["externalEventId"] = ev.external_event_id
    return out


def default_v2(ev: EventRow) -> dict[str, Any]:
    """``MarketingEventPublicDefaultResponseV2`` (PATCH, batch/update)."""
    return {**common(ev), **_stamps(ev), **app_info(ev)}


def public_default(ev: EventRow) -> dict[str, Any]:
    """``MarketingEventPublicDefaultResponse`` (upsert): ``id`` too, no external ids."""
    out = {**common(ev), **_stamps(ev), "id": str(ev.object_id)}
    out.setdefault("eventOrganizer", "")
    return out


def public_read(ev: EventRow) -> dict[str, Any]:
    """``MarketingEventPublicReadResponse`` (get by external ids)."""
    out = {**common(ev), **_stamps(ev), **_counters(), "id": str(ev.object_id)}
    out["externalEventId"] = ev.external_event_id or ""
    out.setdefault("eventOrganizer", "")
    return out
