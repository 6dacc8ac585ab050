"""Reading campaigns' budget and spend items: one ``GET .../{campaignGuid}/budget/totals`` per
live campaign whose manifest declares ``budget`` or ``spend`` (it returns both lists, the
totals and the currency), none for any other campaign, none for one this plan creates.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

from reconciler.hubspot import budget as budget_api
from reconciler.hubspot.client import HubSpotClient
from reconciler.live.progress import Progress
from reconciler.models import Campaign, LiveBudget, LiveItem, decimal_text


def _amount(value: Decimal | None) -> str:
    return decimal_text(value or Decimal(0))


def _item(item: budget_api.BudgetItem) -> LiveItem:
    return LiveItem(
        id=item.id,
        name=item.name,
        amount=_amount(item.amount),
        order=item.order,
        description=item.description or "",
    )


def to_live_budget(totals: budget_api.BudgetTotals) -> LiveBudget:
    """The totals answer as live state: amounts as canonical decimal strings."""
    return LiveBudget(
        budget=[_item(i) for i in totals.items("budget")],
        spend=[_item(i) for i in totals.items("spend")],
        currency=totals.currencyCode or None,
        budget_total=_amount(totals.budgetTotal),
        spend_total=_amount(totals.spendTotal),
    )


def budget_guids(wanted: Iterable[Campaign], live: Iterable[Campaign]) -> list[str]:
    """The live campaigns to read items for: each present manifest campaign that declares
    ``budget`` or ``spend``, by its pinned id or else the (first) live campaign of its name."""
    by_name: dict[str, list[str]] = defaultdict(list)
    for campaign in live:
        if campaign.id:
            by_name[campaign.name].append(campaign.id)
    live_ids = {guid for guids in by_name.values() for guid in guids}
    return sorted(
        {
            guid
            for c in wanted
            if (c.budget is not None or c.spend is not None) and c.state == "present"
            for guid in ([c.id] if c.id else by_name.get(c.name, [])[:1])
            if guid in live_ids
        }
    )


def read_budgets(
    client: HubSpotClient, wanted: list[Campaign], live: list[Campaign], workers: int = 4
) -> dict[str, LiveBudget]:
    """campaign GUID -> its items, totals and currency: one request per campaign read,
    ``workers`` at a time (the client paces them within the rate limit)."""
    return read_totals_of(client, budget_guids(wanted, live), workers)


def read_totals_of(
    client: HubSpotClient,
    guids: list[str],
    workers: int = 4,
    progress: Progress | None = None,
) -> dict[str, LiveBudget]:
    """campaign GUID -> its items, totals and currency, for exactly ``guids``: one request
    each, ``workers`` at a time (``import`` asks for every campaign it imports)."""
    out: dict[str, LiveBudget] = {}
    if not guids:
        return out
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        answers = pool.map(lambda guid: budget_api.read_totals(client, guid), guids)
        for guid, answer in zip(guids, answers, strict=True):
            out[guid] = to_live_budget(answer)
            if progress and len(guids) > 1:
                progress("budget totals", len(out), len(guids))
    return out
