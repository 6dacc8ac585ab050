"""Doctor's read-only checks: a handful of GETs, nothing written."""

from __future__ import annotations

from typing import Any

import httpx

from reconciler.doctor.report import Check, fail, ok, skip
from reconciler.hubspot import campaigns as campaigns_api
from reconciler.hubspot import events as events_api
from reconciler.hubspot.account import PortalInfo, read_daily_usage
from reconciler.hubspot.client import HubSpotClient, _describe_body, _parse_error
from reconciler.plan import Target

TIER_HINT = (
    "the Campaigns API needs Marketing Hub Professional or Enterprise: on a lower tier it "
    "answers 403 whatever the token's scopes"
)


def portal_summary(target: Target, portal: PortalInfo) -> dict[str, Any]:
    return {
        "portal_id": portal.portalId,
        "account_type": portal.accountType,
        "time_zone": portal.timeZone,
        "currency": portal.companyCurrency,
        "additional_currencies": portal.additionalCurrencies,
        "ui_domain": portal.uiDomain,
        "data_hosting_location": portal.dataHostingLocation,
        "base_url": target.base_url,
        "api_version": target.api_version,
    }


def portal_checks(target: Target, portal: PortalInfo) -> list[Check]:
    currencies = portal.companyCurrency or "unknown"
    if portal.additionalCurrencies:
        currencies += f" (also {', '.join(portal.additionalCurrencies)})"
    return [
        ok("token", f"accepted: it opens portal {portal.portalId}"),
        ok(
            "portal",
            f"{portal.portalId} ({portal.accountType or 'type unknown'}), time zone "
            f"{portal.timeZone or 'unknown'}, currency {currencies}, API {target.api_version}",
        ),
    ]


def _missing_scope(response: httpx.Response) -> bool:
    body = _parse_error(response)
    text = f"{body.category or ''} {body.message or ''}".lower()
    return "scope" in text


def _read_check(
    client: HubSpotClient, name: str, path: str, scope: str, params: Any
) -> tuple[Check, httpx.Response]:
    response = client.request("GET", path, scope=scope, params=params, allow=(403,))
    if response.status_code != 403:
        return ok(name, f"GET {path} answers {response.status_code}"), response
    said = _describe_body(_parse_error(response))
    if _missing_scope(response):
        return fail(name, f"the token lacks the scope {scope} (403): {said}"), response
    return fail(name, f"GET {path} answers 403: {said}"), response


def scope_and_tier_checks(client: HubSpotClient, probing: bool) -> list[Check]:
    paths = client.paths
    campaigns, answer = _read_check(
        client,
        "campaigns read",
        paths.campaigns,
        campaigns_api.READ,
        [("limit", 1), ("properties", "hs_name")],
    )
    events, _ = _read_check(
        client, "marketing events read", paths.events_list, events_api.READ, {"limit": 1}
    )
    if answer.status_code != 403:
        tier = ok("tier", "the Campaigns API answers: Marketing Hub Professional or above")
    elif _missing_scope(answer):
        tier = skip("tier", "unknown until the token has marketing.campaigns.read")
    else:
        tier = fail("tier", f"campaigns answer 403 without naming a scope: {TIER_HINT}")
    if probing:  # the probe's "campaigns write" and "marketing events write" say it
        return [campaigns, events, tier]
    writes = skip("write scopes", "not checked without --probe (it writes scratch objects)")
    return [campaigns, events, tier, writes]


def limit_checks(client: HubSpotClient) -> list[Check]:
    limit, interval_ms = client.rate_limit
    window = f"{limit} requests per {interval_ms / 1000:g} s"
    rate = (
        ok("rate limit", f"{window} (from the X-HubSpot-RateLimit-* headers)")
        if client.pacer.seen_headers
        else skip(
            "rate limit", f"no rate-limit headers (OAuth tokens get none): pacing at {window}"
        )
    )
    usage = read_daily_usage(client)
    if usage is None or usage.usageLimit is None or usage.currentUsage is None:
        quota = skip("daily quota", "this token may not read the day's API usage")
    else:
        left = usage.usageLimit - usage.currentUsage
        detail = (
            f"{usage.currentUsage:,} of {usage.usageLimit:,} requests used today, {left:,} left"
            + (f"; resets {usage.resetsAt}" if usage.resetsAt else "")
        )
        quota = ok("daily quota", detail) if left > 0 else fail("daily quota", detail)
    return [rate, quota]
