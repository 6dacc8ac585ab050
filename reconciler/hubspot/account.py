"""Account Info: which portal a token opens, and the day's API usage.

Every HubSpot portal shares ``https://api.hubapi.com``: the base URL says nothing about which
portal a plan is for. ``GET /account-info/{version}/details`` does (``portalId``, HubSpot's
Hub ID), so every networked command reads it once, first.
"""

from __future__ import annotations

from typing import Any

from pydantic import ConfigDict, Field, ValidationError

from reconciler.hubspot.client import HubSpotClient
from reconciler.hubspot.errors import HubSpotError
from reconciler.model_base import Model

SCOPE = "oauth"
"""The spec's scope for Account Info: any valid token may read it."""


class PortalInfo(Model):
    """``PortalInformationResponse``: every field but the id parsed as optional."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    portalId: int
    accountType: str | None = None
    timeZone: str | None = None
    companyCurrency: str | None = None
    additionalCurrencies: list[str] = Field(default_factory=list)
    uiDomain: str | None = None
    dataHostingLocation: str | None = None


class DailyUsage(Model):
    """One ``ApiUsage`` row of ``/api-usage/daily/private-apps``."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    name: str | None = None
    usageLimit: int | None = None
    currentUsage: int | None = None
    resetsAt: str | None = None


def _answer(client: HubSpotClient, path: str, allow: tuple[int, ...] = ()) -> Any:
    response = client.request("GET", path, scope=SCOPE, allow=allow)
    if response.status_code in allow:
        return None
    try:
        return response.json()
    except ValueError:
        raise HubSpotError(f"GET {path}: HubSpot's answer is not JSON") from None


def read_portal(client: HubSpotClient) -> PortalInfo:
    """The portal the client's token opens (one request)."""
    path = f"{client.paths.account_info}/details"
    data = _answer(client, path)
    try:
        return PortalInfo.model_validate(data)
    except ValidationError:
        raise HubSpotError(
            f"GET {path}: the answer names no portalId, so the portal cannot be told apart "
            "from any other; nothing else was sent"
        ) from None


def read_daily_usage(client: HubSpotClient) -> DailyUsage | None:
    """Today's usage and limit, or None where the token may not read it (403/404)."""
    path = f"{client.paths.account_info}/api-usage/daily/private-apps"
    data = _answer(client, path, allow=(403, 404))
    results = data.get("results") if isinstance(data, dict) else None
    if not isinstance(results, list) or not results:
        return None
    try:
        return DailyUsage.model_validate(results[0])
    except ValidationError:
        return None
