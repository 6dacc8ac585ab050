"""The demo portal and bulk seeding.

The demo portal is a fixed fixture: the example ``manifests/`` are written against these GUIDs,
objectIds and values, so that the README's first ``plan`` shows updates, a reset, a create, a
delete and unchanged objects. Change it only together with the manifests.
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from typing import Any

from reconciler.sandbox import CALLING_APP_ID as CALLING_APP_ID
from reconciler.sandbox import CALLING_APP_NAME as CALLING_APP_NAME
from reconciler.sandbox import lists_store
from reconciler.sandbox.store import NewEvent, Store

OTHER_APP_ID = 9999
OTHER_APP_NAME = "Partner Portal"

DEMO_EVENT_PROPERTIES = ("region", "track")
DEMO_CAMPAIGN_PROPERTIES = ("cost_center", "launch_region")
"""Custom campaign properties the demo portal defines (HubSpot refuses undefined ones)."""

# When the demo objects were "created": fixed, so reads are stable across resets.
DEMO_CREATED_AT = int(datetime(2025, 10, 1, 9, 0, tzinfo=UTC).timestamp() * 1000)

DEMO_CAMPAIGNS: list[tuple[str, dict[str, str]]] = [
    (
        "9dbec438-53e2-4b28-8c0f-38f56574a6e8",
        {
            "hs_name": "Spring Launch 2026",
            "hs_start_date": "2026-03-01",
            "hs_end_date": "2026-04-30",
            "hs_notes": "Draft copy - check with legal",
            "hs_audience": "Developers",
            "hs_campaign_status": "planned",
            "hs_color_hex": "#ff7a59",
            "hs_owner": "73461",
        },
    ),
    (
        "3f0c2a51-7d3e-4b7a-9a51-2f6b1c0d9e11",
        {
            "hs_name": "Summer Webinar Series",
            "hs_start_date": "2026-06-01",
            "hs_end_date": "2026-08-31",
            "hs_audience": "Marketing managers",
            "hs_currency_code": "USD",
            "hs_campaign_status": "planned",
        },
    ),
    (
        "5b8e9f20-1c4d-4e6f-8a7b-3c2d1e0f9a8b",
        {
            "hs_name": "Partner Roadshow",
            "hs_start_date": "2026-09-15",
            "hs_end_date": "2026-10-15",
            "hs_notes": "Budget approved",
            "hs_utm": "partner-roadshow",
            "hs_color_hex": "#00bda5",
        },
    ),
    (
        "c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f",
        {
            "hs_name": "Holiday Promo 2025",
            "hs_start_date": "2025-11-20",
            "hs_end_date": "2025-12-31",
            "hs_campaign_status": "completed",
        },
    ),
    (
        "0e1d2c3b-4a59-4687-9a0b-1c2d3e4f5a6b",
        {"hs_name": "Legacy Newsletter", "hs_notes": "Not managed as code"},
    ),
    ("7a7a7a7a-0000-4000-8000-000000000001", {"hs_name": "Q3 Nurture"}),
    ("7a7a7a7a-0000-4000-8000-000000000002", {"hs_name": "Q3 Nurture"}),
]


def _ev(
    object_id: int,
    fields: dict[str, Any],
    custom: dict[str, str] | None = None,
    *,
    account: str | None = "acct-1",
    external: str | None = None,
    app: tuple[int, str] | None = (CALLING_APP_ID, CALLING_APP_NAME),
) -> NewEvent:
    return NewEvent(
        object_id=object_id,
        fields=fields,
        custom=custom or {},
        app_id=app[0] if app else None,
        app_name=app[1] if app else None,
        external_account_id=account,
        external_event_id=external,
        created_at=DEMO_CREATED_AT + (object_id - 100_000) * 60_000,
    )


DEMO_EVENTS: list[NewEvent] = [
    _ev(
        100001,
        {
            "eventName": "Launch webinar",
            "eventOrganizer": "Example Inc",
            "eventType": "WEBINAR",
            "eventDescription": "Product launch walkthrough",
            "eventUrl": "https://example.com/webinar",
            "startDateTime": "2026-03-10T16:00:00.000Z",
            "endDateTime": "2026-03-10T17:00:00.000Z",
            "eventCancelled": False,
        },
        {"region": "EMEA", "track": "product"},
        external="webinar-42",
    ),
    _ev(
        100002,
        {
            "eventName": "DevConf 2026",
            "eventOrganizer": "Example Inc",
            "eventType": "CONFERENCE",
            "eventDescription": "Two days of talks",
            "eventUrl": "https://example.com/devconf",
            "startDateTime": "2026-05-20T08:00:00.000Z",
            "endDateTime": "2026-05-22T17:00:00.000Z",
            "eventCancelled": False,
        },
        {"region": "NA"},
        external="conf-2026",
    ),
    _ev(
        100003,
        {
            "eventName": "Customer meetup",
            "eventOrganizer": "Example Inc",
            "eventType": "MEETUP",
            "startDateTime": "2026-04-02T18:00:00.000Z",
            "endDateTime": "2026-04-02T21:00:00.000Z",
        },
        account=None,
        app=None,
    ),
    _ev(
        100004,
        {
            "eventName": "Partner webinar",
            "eventOrganizer": "Partner Co",
            "eventType": "WEBINAR",
            "startDateTime": "2026-03-12T15:00:00.000Z",
            "endDateTime": "2026-03-12T16:00:00.000Z",
        },
        account="partner-acct",
        external="webinar-42",
        app=(OTHER_APP_ID, OTHER_APP_NAME),
    ),
    _ev(
        100005,
        {
            "eventName": "Hands-on workshop",
            "eventOrganizer": "Example Inc",
            "eventType": "WORKSHOP",
            "startDateTime": "2026-06-10T09:00:00.000Z",
            "endDateTime": "2026-06-10T12:00:00.000Z",
        },
        {"region": "EMEA", "track": "engineering"},
        external="workshop-7",
    ),
]


def seed_demo(store: Store) -> None:
    """Empty the portal and load the demo portal."""
    store.clear()
    rows = []
    for i, (guid, props) in enumerate(DEMO_CAMPAIGNS):
        stamp = DEMO_CREATED_AT + i * 60_000
        rows.append((guid, props["hs_name"], json.dumps(props), stamp, stamp))
    store.bulk_insert_campaigns(rows)
    store.define_event_properties(DEMO_EVENT_PROPERTIES)
    store.define_campaign_properties(DEMO_CAMPAIGN_PROPERTIES)
    store.insert_events(DEMO_EVENTS)
    lists_store.reset(store, demo=True)


def seed_bulk(
    store: Store,
    *,
    campaigns: int = 0,
    events: int = 0,
    prefix: str = "Bulk",
    external_account_id: str = "bulk-acct",
) -> dict[str, int]:
    """Add many objects quickly (one executemany each), for benchmarks and paging tests.

    Names and external ids carry a per-call random tag so that repeated calls never collide.
    """
    tag = uuid.uuid4().hex[:6]
    stamp = DEMO_CREATED_AT + 86_400_000
    if campaigns:
        rows = []
        for i in range(campaigns):
            name = f"{prefix} campaign {tag} {i:06d}"
            props = {
                "hs_name": name,
                "hs_start_date": "2026-01-01",
                "hs_end_date": "2026-12-31",
                "hs_notes": f"bulk {i}",
                "hs_audience": "Bulk audience",
            }
            rows.append((str(uuid.uuid4()), name, json.dumps(props), stamp + i, stamp + i))
        store.bulk_insert_campaigns(rows)
    if events:
        defs = set(store.event_property_defs())
        custom = json.dumps({"region": "EMEA"} if "region" in defs else {})
        erows = []
        for i in range(events):
            fields = {
                "eventName": f"{prefix} event {tag} {i:06d}",
                "eventOrganizer": "Bulk Org",
                "eventType": "WEBINAR",
                "startDateTime": "2026-07-01T10:00:00.000Z",
                "endDateTime": "2026-07-01T11:00:00.000Z",
                "eventCancelled": False,
            }
            erows.append(
                (
                    CALLING_APP_ID,
                    CALLING_APP_NAME,
                    external_account_id,
                    f"{prefix.lower()}-{tag}-{i:06d}",
                    json.dumps(fields),
                    custom,
                    stamp + i,
                    stamp + i,
                )
            )
        store.bulk_insert_events(erows)
    return {"campaigns": campaigns, "events": events}
