"""8. The budget round trip on the scratch campaign: what budget and spend items rely on.

A create answers the item with its id; the totals read shows it with its amount as the same
decimal; a ``PUT`` without ``description`` replaces the item (the description is gone: that is
how a manifest's ``description: ""`` empties it, and why a PUT sends every field it keeps);
a ``DELETE`` removes it from the totals.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from reconciler.doctor.probe import Exchange, Probe
from reconciler.doctor.report import Check, fail, ok
from reconciler.hubspot import budget as budget_api

BUDGET_ROUND_TRIP = "budget round trip"
_CREATE = {"name": "scratch line", "amount": 12.5, "order": 1, "description": "scratch"}
_UPDATE = {"name": "scratch line", "amount": 20, "order": 1}


def _item(totals: Exchange, item_id: str) -> dict[str, Any] | None:
    body = totals.body if isinstance(totals.body, dict) else {}
    items = body.get("budgetItems")
    for item in items if isinstance(items, list) else []:
        if isinstance(item, dict) and str(item.get("id")) == item_id:
            return item
    return None


def _amount(item: dict[str, Any] | None) -> Decimal | None:
    value = item.get("amount") if item else None
    return Decimal(str(value)) if isinstance(value, int | float) else None


def budget_round_trip(probe: Probe) -> Check:
    """Create an item, read the totals, replace it without a description, delete it."""
    guid = probe.campaign_id or ""
    paths = probe.client.paths
    made = probe.call(
        "POST", paths.budget_items(guid, "budget"), body=_CREATE, scope=budget_api.WRITE
    )
    item_id = str(made.body.get("id")) if isinstance(made.body, dict) else ""
    if made.status >= 300 or not item_id:
        return fail(BUDGET_ROUND_TRIP, f"the scratch budget item was not created: {made}")
    one = paths.budget_item(guid, "budget", item_id)
    try:
        read = probe.call("GET", paths.budget_totals(guid), scope=budget_api.READ)
        if _amount(_item(read, item_id)) != Decimal("12.5"):
            return fail(BUDGET_ROUND_TRIP, f"the totals do not show the item as sent: {read}")
        put = probe.call("PUT", one, body=_UPDATE, scope=budget_api.WRITE)
        back = probe.call("GET", paths.budget_totals(guid), scope=budget_api.READ)
        item = _item(back, item_id)
        if put.status >= 300 or _amount(item) != Decimal(20) or (item or {}).get("description"):
            return fail(
                BUDGET_ROUND_TRIP,
                f"a PUT without description did not replace the item: {put}; {back}",
            )
    finally:
        gone = probe.call("DELETE", one, scope=budget_api.WRITE)
    after = probe.call("GET", paths.budget_totals(guid), scope=budget_api.READ)
    if gone.status >= 300 or _item(after, item_id) is not None:
        return fail(BUDGET_ROUND_TRIP, f"DELETE did not remove the item: {gone}; {after}")
    return ok(
        BUDGET_ROUND_TRIP,
        "items are created, read in the totals as decimals, replaced by PUT and deleted",
    )
