"""HubSpot's answers -> live model objects, in the models' canonical form.

Live objects are built from answers already checked (``hubspot.answers``), with the models'
own canonical_* functions, without validating them a second time: that was a third of a
read's CPU. ``to_live_*_validated`` is the long way; a test holds the two equal for any
answer, and anything unusual takes the long way, so its errors stay the same.
"""

from __future__ import annotations

from typing import Any

from reconciler.hubspot import campaigns as campaigns_api
from reconciler.hubspot import events as events_api
from reconciler.models import (
    EVENT_VALUE_FIELDS,
    Campaign,
    MarketingEvent,
    canonical_datetime,
    canonical_scalar,
    trusted,
)

_LIVE_CAMPAIGN_SET = {"name", "id", "properties"}


def to_live_campaign(item: campaigns_api.PublicCampaign, properties: list[str]) -> Campaign:
    """Absent properties are "": HubSpot leaves out what is empty. Campaign's validator keeps
    a live text value as it is (a date stays the text it is, valid or not)."""
    values = {name: item.properties.get(name) or "" for name in properties if name != "hs_name"}
    if not all(type(v) is str for v in values.values()):
        return to_live_campaign_validated(item, properties)
    return trusted(
        Campaign,
        _LIVE_CAMPAIGN_SET,
        {
            "name": item.properties.get("hs_name") or f"<unnamed {item.id}>",
            "id": item.id,
            "state": "present",
            "properties": values,
            "marketingEvents": None,
            "marketingEventsExclusive": False,
            "budget": None,
            "budgetExclusive": False,
            "spend": None,
            "spendExclusive": False,
            "assets": None,
            "assetsExclusive": False,
        },
    )


def to_live_campaign_validated(
    item: campaigns_api.PublicCampaign, properties: list[str]
) -> Campaign:
    values = {name: item.properties.get(name) or "" for name in properties if name != "hs_name"}
    name = item.properties.get("hs_name") or ""
    return Campaign.model_validate(
        {"name": name or f"<unnamed {item.id}>", "id": item.id, "properties": values}
    )


LIVE_EVENT_FIELDS: set[str] = set(
    {"objectId", "externalAccountId", "externalEventId", "customProperties", *EVENT_VALUE_FIELDS}
)


_LIVE_EVENT_SET = set(LIVE_EVENT_FIELDS)  # every live event's fields-set (never changed)


def to_live_event(item: events_api.EventRead) -> MarketingEvent:
    try:
        values = _live_event_values(item)
    except ValueError:
        return to_live_event_validated(item)
    return trusted(MarketingEvent, _LIVE_EVENT_SET, values)


def _live_event_values(item: events_api.EventRead) -> dict[str, Any]:
    """What MarketingEvent's validators make of a live event's fields (no manifest rules)."""
    start, end = item.startDateTime, item.endDateTime
    return {
        "externalAccountId": item.externalAccountId,
        "externalEventId": item.externalEventId,
        "objectId": item.objectId,
        "state": "present",
        "eventName": item.eventName,
        "eventOrganizer": item.eventOrganizer,
        "eventType": item.eventType or "",
        "eventDescription": item.eventDescription or "",
        "eventUrl": item.eventUrl or "",
        "startDateTime": canonical_datetime(start) if start else "",
        "endDateTime": canonical_datetime(end) if end else "",
        "eventCancelled": item.eventCancelled,
        "customProperties": {str(c.name): canonical_scalar(c.value) for c in item.customProperties},
        "lists": None,
        "listsExclusive": False,
    }


def to_live_event_validated(item: events_api.EventRead) -> MarketingEvent:
    data = item.model_dump(include=LIVE_EVENT_FIELDS)
    return MarketingEvent.model_validate(data)


__all__ = [
    "LIVE_EVENT_FIELDS",
    "to_live_campaign",
    "to_live_campaign_validated",
    "to_live_event",
    "to_live_event_validated",
]
