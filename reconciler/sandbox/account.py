"""Account Info: which portal this is (``GET /account-info/v3/details``) and the day's API usage.

Every HubSpot portal shares ``https://api.hubapi.com``, so the client learns which portal a
token opens from this endpoint. The sandbox keeps a portal id per database, chosen once (at
random, or with ``sandbox serve --portal-id``) and kept by ``reset``, so two databases are two
portals even when served one after the other at the same URL.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from reconciler.sandbox.state import state_of
from reconciler.sandbox.store import Store

PREFIX = "/account-info/v3"
DAILY_LIMIT = 625_000
"""Requests per day, as a Professional portal has."""
PORTAL_ID_KEY = "portal_id"
MAX_PORTAL_ID = 2**31 - 1  # the spec types portalId as int32
SANDBOX_TIME_ZONE = "Europe/Berlin"
SANDBOX_CURRENCY = "EUR"
SANDBOX_ADDITIONAL_CURRENCIES = ("USD", "GBP")


class PortalIdError(ValueError):
    """``--portal-id`` names another portal than the database already is."""


def ensure_portal_id(store: Store, wanted: int | None = None) -> int:
    """The database's portal id: set on first use (``wanted``, else random), then fixed."""
    current = store.meta(PORTAL_ID_KEY)
    if current is not None:
        if wanted is not None and int(current) != wanted:
            raise PortalIdError(
                f"{store.path} is sandbox portal {current}, not {wanted}: give another --db "
                "for another portal"
            )
        return int(current)
    portal_id = wanted if wanted is not None else random.randint(10_000_000, 99_999_999)
    if not 1 <= portal_id <= MAX_PORTAL_ID:
        raise PortalIdError(f"a portal id is a whole number from 1 to {MAX_PORTAL_ID}")
    store.set_meta(PORTAL_ID_KEY, str(portal_id))
    return portal_id


async def details(request: Request) -> Response:
    """``PortalInformationResponse``."""
    store = state_of(request).store
    return JSONResponse(
        {
            "portalId": ensure_portal_id(store),
            "accountType": "STANDARD",
            "timeZone": SANDBOX_TIME_ZONE,
            "companyCurrency": SANDBOX_CURRENCY,
            "additionalCurrencies": list(SANDBOX_ADDITIONAL_CURRENCIES),
            "utcOffset": "+01:00",
            "utcOffsetMilliseconds": 3_600_000,
            "uiDomain": "app.hubspot.com",
            "dataHostingLocation": "eu1",
        }
    )


async def daily_usage(request: Request) -> Response:
    """``CollectionResponseApiUsageNoPaging``: today's requests against the daily limit."""
    state = state_of(request)
    now = datetime.now(UTC)
    midnight = (now + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    return JSONResponse(
        {
            "results": [
                {
                    "name": "private-apps-api-calls-daily",
                    "usageLimit": DAILY_LIMIT,
                    "currentUsage": state.faults.limiter.daily_used,
                    "collectedAt": now.isoformat().replace("+00:00", "Z"),
                    "fetchStatus": "SUCCESS",
                    "resetsAt": midnight.isoformat().replace("+00:00", "Z"),
                }
            ]
        }
    )


routes = [
    Route(PREFIX + "/details", details, methods=["GET"]),
    Route(PREFIX + "/api-usage/daily/private-apps", daily_usage, methods=["GET"]),
]
