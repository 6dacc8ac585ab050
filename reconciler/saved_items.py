"""Saved plans and budget or spend items: which campaigns to read again, and which item moved.

An item to create that now exists (by name), an item to update or delete that is gone or no
longer has the values the plan read, or its campaign gone: each refuses the saved plan, named.
An item of a campaign the plan creates has nothing to compare yet: that create is checked.
"""

from __future__ import annotations

import json
from decimal import Decimal

from reconciler.kinds import CAMPAIGN_BUDGET_ITEM
from reconciler.models import BudgetItem, Campaign, LiveItem, LiveState, Location, Sourced, Value
from reconciler.plan import ItemChange, Plan


def _list_name(change: ItemChange) -> str:
    return "budget" if change.kind == CAMPAIGN_BUDGET_ITEM else "spend"


def item_campaigns(plan: Plan, here: Location) -> list[Sourced[Campaign]]:
    """A stand-in campaign per live campaign whose items the plan changes, declaring the lists
    it changes (empty: read them, declare nothing), so the live reader reads their totals."""
    lists: dict[str, tuple[str, set[str]]] = {}
    for change in plan.changes:
        if isinstance(change, ItemChange) and change.item.campaignId:
            entry = lists.setdefault(change.item.campaignId, (change.item.campaign, set()))
            entry[1].add(_list_name(change))
    out: list[Sourced[Campaign]] = []
    for guid, (name, names) in sorted(lists.items()):
        budget: list[BudgetItem] | None = [] if "budget" in names else None
        spend: list[BudgetItem] | None = [] if "spend" in names else None
        campaign = Campaign(name=name, id=guid, budget=budget, spend=spend)
        out.append(Sourced.of(campaign, here))
    return out


def _same(name: str, now: Value, before: Value) -> bool:
    if name == "amount":
        return Decimal(str(now)) == Decimal(str(before))
    return now == before


def _values(item: LiveItem) -> dict[str, Value]:
    return {
        "name": item.name,
        "amount": item.amount,
        "order": str(item.order),
        "description": item.description,
    }


def moved_item(change: ItemChange, plan: Plan, live: LiveState) -> list[str]:
    """Why ``change`` can no longer be applied as planned (empty: it can)."""
    guid = change.item.campaignId
    if guid is None:
        return []
    where = f"{change.label} ({change.id})" if change.id else change.label
    current = live.budgets.get(guid)
    if current is None:
        return [f"{where}: its campaign is gone from the portal"]
    items: list[LiveItem] = getattr(current, _list_name(change))
    if change.action == "create":
        taken = any(i.name == change.item.name for i in items)
        return [f"{where} now exists on the portal"] if taken else []
    found = next((i for i in items if i.id == change.id), None)
    if found is None:
        return [f"{where} is gone from the portal"]
    now = _values(found)
    expected = plan.live_values.get(f"{change.kind}:{change.id}", {})
    return [
        f"{where}: {name} is now {json.dumps(now[name])}, the plan read {json.dumps(before)}"
        for name, before in expected.items()
        if name in now and not _same(name, now[name], before)
    ]
