"""HubSpot's answers -> live model objects, in the models' canonical form.

Live objects are built from answers already checked (``hubspot.answers``), with the models'
own canonical_* functions, without validating them a second time: that was a third of a
read's CPU. ``to_live_*_validated`` is the long way; a test holds the two equal for any
answer, and anything unusual takes the long way, so its errors stay the same.
"""

from __future__ import annotations

from typing import Any

from reconciler.hubspot import answers
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
from reconciler.models.values import _canonical_utc

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
    custom = [(c.name, c.value) for c in item.customProperties]
    try:
        start, end = item.startDateTime, item.endDateTime
        instants = (
            canonical_datetime(start) if start else "",
            canonical_datetime(end) if end else "",
        )
        values = _live_event_values(item.__dict__, custom, instants)
    except ValueError:
        return to_live_event_validated(item)
    return trusted(MarketingEvent, _LIVE_EVENT_SET, values)


def live_event_from_answer(raw: dict[str, Any], operation: str) -> MarketingEvent:
    """A listed event straight from its JSON object when it has the shape HubSpot sends
    (text or null, true/false, instants in HubSpot's own UTC form, scalar custom values),
    sparing its ``EventRead`` (a sixth of a 10,000-object plan's read). Anything else is
    checked as ``EventRead`` first, so its values and errors stay those of the long way
    (``tests/plan/test_fast_paths.py``)."""
    plain = _plain_event(raw)
    if plain is not None:
        try:
            return trusted(MarketingEvent, _LIVE_EVENT_SET, _live_event_values(raw, *plain))
        except ValueError:
            pass
    return to_live_event(answers.validated(events_api.EventRead, raw, operation))


_TEXT_OR_NULL = ("objectId", *events_api.EVENT_TEXT_FIELDS)


def _plain_event(raw: dict[str, Any]) -> tuple[list[tuple[str, Any]], tuple[str, str]] | None:
    """Its custom values as (name, value) and its canonical start and end, when ``raw`` is as
    plain as HubSpot sends it."""
    if type(raw.get("objectId")) is not str:
        return None
    for name in _TEXT_OR_NULL:
        value = raw.get(name)
        if value is not None and type(value) is not str:
            return None
    for name in ("eventCancelled", "eventCompleted"):
        if raw.get(name) is not None and type(raw[name]) is not bool:
            return None
    start, end = _plain_instant(raw.get("startDateTime")), _plain_instant(raw.get("endDateTime"))
    if start is None or end is None:
        return None
    if raw.get("appInfo") is not None and type(raw["appInfo"]) is not dict:
        return None
    custom = _plain_custom(raw.get("customProperties", []))
    return None if custom is None else (custom, (start, end))


def _plain_instant(text: str | None) -> str | None:
    """An instant in HubSpot's own UTC form made canonical, "" for none; else None."""
    return _canonical_utc(text) if text else ""


def _plain_custom(items: Any) -> list[tuple[str, Any]] | None:
    if type(items) is not list:
        return None
    custom = []
    for item in items:
        if type(item) is not dict or type(item.get("name")) is not str:
            return None
        value = item.get("value")
        if value is not None and type(value) not in (str, int, bool):
            return None  # floats take the long way: pydantic's union may keep them as int
        custom.append((item["name"], value))
    return custom


def _live_event_values(
    fields: dict[str, Any], custom: list[tuple[str, Any]], instants: tuple[str, str]
) -> dict[str, Any]:
    """What MarketingEvent's validators make of a live event's fields (no manifest rules);
    ``instants``: its start and end, canonical."""
    return {
        "externalAccountId": fields.get("externalAccountId"),
        "externalEventId": fields.get("externalEventId"),
        "objectId": fields["objectId"],
        "state": "present",
        "eventName": fields.get("eventName"),
        "eventOrganizer": fields.get("eventOrganizer"),
        "eventType": fields.get("eventType") or "",
        "eventDescription": fields.get("eventDescription") or "",
        "eventUrl": fields.get("eventUrl") or "",
        "startDateTime": instants[0],
        "endDateTime": instants[1],
        "eventCancelled": fields.get("eventCancelled"),
        "customProperties": {str(name): canonical_scalar(value) for name, value in custom},
        "lists": None,
        "listsExclusive": False,
    }


def to_live_event_validated(item: events_api.EventRead) -> MarketingEvent:
    data = item.model_dump(include=LIVE_EVENT_FIELDS)
    return MarketingEvent.model_validate(data)


__all__ = [
    "LIVE_EVENT_FIELDS",
    "live_event_from_answer",
    "to_live_campaign",
    "to_live_campaign_validated",
    "to_live_event",
    "to_live_event_validated",
]
