"""Saved plans and budget or spend items: which item moved since the plan was made.

An item to create that now exists (by name), an item to update or delete that is gone or no
longer has the values the plan read, or its campaign gone: each refuses the saved plan, named.
An item of a campaign the plan creates has nothing to compare yet: that create is checked.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import TYPE_CHECKING

from reconciler.kinds import CAMPAIGN_BUDGET_ITEM
from reconciler.models import LiveItem, Value
from reconciler.plan import Change, ItemChange

if TYPE_CHECKING:
    from reconciler.saved.moved import Portal


def list_name(change: Change) -> str:
    """Which of its campaign's lists an item change is about: ``budget`` or ``spend``."""
    return "budget" if change.kind == CAMPAIGN_BUDGET_ITEM else "spend"


def _same(name: str, now: Value, before: Value) -> bool:
    if name == "amount":
        return Decimal(str(now)) == Decimal(str(before))
    return now == before


def moved_item(change: Change, portal: Portal) -> list[str]:
    """Why ``change`` can no longer be applied as planned (empty: it can)."""
    assert isinstance(change, ItemChange)
    plan, live = portal.plan, portal.live
    guid = change.item.campaignId
    if guid is None:
        return []
    where = f"{change.label} ({change.id})" if change.id else change.label
    current = live.budgets.get(guid)
    if current is None:
        return [f"{where}: its campaign is gone from the portal"]
    items: list[LiveItem] = getattr(current, list_name(change))
    if change.action == "create":
        taken = any(i.name == change.item.name for i in items)
        return [f"{where} now exists on the portal"] if taken else []
    found = next((i for i in items if i.id == change.id), None)
    if found is None:
        return [f"{where} is gone from the portal"]
    now = found.managed_values()
    expected = plan.live_values.get(f"{change.kind}:{change.id}", {})
    return [
        f"{where}: {name} is now {json.dumps(now[name])}, the plan read {json.dumps(before)}"
        for name, before in expected.items()
        if name in now and not _same(name, now[name], before)
    ]
