"""Planning a campaign's budget and spend items (``campaignBudgetItem``, ``campaignSpendItem``).

An item is matched within its campaign's list by its pinned ``id``, else by its ``name`` (two
live items with that name is an error, never a guess). A declared item that is missing is
created (its ``order``, when the manifest leaves it out, is its 1-based position in the list);
a matched one is updated in the fields the manifest manages (``name`` and ``amount`` always,
``order`` and ``description`` when written); live items the manifest does not list are left
alone unless ``budgetExclusive`` / ``spendExclusive``. Amounts compare as decimals. Each
campaign that declares either list gets its totals before and after the plan.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from reconciler.kinds import (
    CAMPAIGN,
    CAMPAIGN_BUDGET_ITEM,
    CAMPAIGN_SPEND_ITEM,
    KINDS,
    Action,
    KindName,
)
from reconciler.matching import LiveIndex
from reconciler.models import (
    BudgetItem,
    Campaign,
    LiveBudget,
    LiveItem,
    LiveState,
    Location,
    Sourced,
    Value,
    decimal_text,
)
from reconciler.plan.items import BudgetTotals, ItemBody, ItemEnds
from reconciler.plan.model import FieldChange, ItemChange, field_change
from reconciler.plan.planner import Planner

ITEM_LISTS: tuple[tuple[KindName, str], ...] = (
    (CAMPAIGN_BUDGET_ITEM, "budget"),
    (CAMPAIGN_SPEND_ITEM, "spend"),
)
"""Each item kind and its list's name (manifest key, wire path, ``LiveBudget`` attribute)."""


def _total(amounts: list[str]) -> str:
    return decimal_text(sum((Decimal(a) for a in amounts), Decimal(0)))


def _differs(field_name: str, before: Value, after: Value) -> bool:
    if field_name == "amount":
        return Decimal(str(before)) != Decimal(str(after))
    return before != after


@dataclass
class _List:
    """One campaign's list of one kind being planned: its changes and its amounts after."""

    planner: Planner
    sourced: Sourced[Campaign]
    kind: KindName
    campaign_id: str | None
    live: list[LiveItem]
    after: list[str] = field(default_factory=list)

    @property
    def attribute(self) -> str:
        return KINDS[self.kind].attribute or ""

    def where(self, index: int | None = None) -> Location:
        path = self.attribute if index is None else f"{self.attribute}.{index}"
        return self.sourced.field_locations.get(path, self.sourced.location)

    def plan(self, declared: list[BudgetItem], exclusive: bool) -> None:
        pinned = {item.id for item in declared if item.id}
        by_id = {live.id: live for live in self.live}
        # A live item a declared item pins is that item's alone: no name matches it.
        index = LiveIndex(live for live in self.live if live.id not in pinned)
        claimed: set[str] = set()
        for position, item in enumerate(declared):
            found: LiveItem | None
            ambiguous: Sequence[LiveItem]
            if item.id:
                found, ambiguous = by_id.get(item.id), ()
            else:
                found, ambiguous = index.find(None, item.name)
            if ambiguous:
                ids = ", ".join(sorted(i.id for i in ambiguous))
                self.error(
                    position,
                    item,
                    f"is ambiguous: live items {ids} have that name; pin one with `id`",
                )
            elif found is None and item.id:
                self.error(
                    position,
                    item,
                    f"is pinned to id {item.id}, which this campaign's {self.attribute} does not "
                    "hold: remove `id` to create it, or fix the id",
                )
            elif found is None:
                self.create(position, item)
            else:
                claimed.add(found.id)
                self.settle(position, item, found)
        for live in self.live:
            if live.id in claimed:
                continue
            if exclusive:
                self.add(self.where(), "delete", live.name, live.id, [], None, live)
            else:
                self.after.append(live.amount)

    def error(self, position: int, item: BudgetItem, why: str) -> None:
        label, campaign = KINDS[self.kind].label, self.sourced.obj.key
        self.planner.errors.append(
            f'{self.where(position)}: {label} "{item.name}" of campaign "{campaign}" {why}'
        )

    def create(self, position: int, item: BudgetItem) -> None:
        order = item.order if item.order is not None else position + 1
        body = ItemBody(
            name=item.name, amount=item.amount, order=order, description=item.description or None
        )
        fields = [
            field_change("name", None, item.name),
            field_change("amount", None, item.amount),
            field_change("order", None, str(order)),
        ]
        if item.description:
            fields.append(field_change("description", None, item.description))
        self.after.append(item.amount)
        self.add(self.where(position), "create", item.name, None, fields, body, None)

    def settle(self, position: int, item: BudgetItem, live: LiveItem) -> None:
        wanted: dict[str, Value] = {"name": item.name, "amount": item.amount}
        if item.order is not None:
            wanted["order"] = str(item.order)
        if item.description is not None:
            wanted["description"] = item.description
        current = live.managed_values()
        fields = [
            field_change(name, current[name], value)
            for name, value in wanted.items()
            if _differs(name, current[name], value)
        ]
        self.after.append(item.amount)
        if not fields:
            self.planner.unchanged += 1
            return
        body = ItemBody(
            name=item.name,
            amount=item.amount,
            order=item.order if item.order is not None else live.order,
            description=(item.description if item.description is not None else live.description)
            or None,
        )
        self.add(self.where(position), "update", item.name, live.id, fields, body, live)

    def add(
        self,
        where: Location,
        action: Action,
        name: str,
        item_id: str | None,
        fields: list[FieldChange],
        body: ItemBody | None,
        live: LiveItem | None,
    ) -> None:
        campaign = self.sourced.obj.key
        if live is not None and self.planner.save_live_values:
            self.planner.live_values[f"{self.kind}:{live.id}"] = live.managed_values()
        self.planner.changes.append(
            ItemChange(
                kind=self.kind,
                key=f"{campaign} / {name}",
                id=item_id,
                action=action,
                source=where.short,
                fields=fields,
                item=ItemEnds(campaign=campaign, campaignId=self.campaign_id, name=name),
                body=body,
            )
        )


def _plan_campaign(
    planner: Planner, sourced: Sourced[Campaign], campaign_id: str | None, live: LiveBudget | None
) -> BudgetTotals:
    campaign = sourced.obj
    sums: dict[str, tuple[str, str]] = {}
    for kind, name in ITEM_LISTS:
        items: list[LiveItem] = getattr(live, name) if live is not None else []
        before = _total([i.amount for i in items])
        declared: list[BudgetItem] | None = getattr(campaign, name)
        if declared is None:
            sums[name] = (before, before)
            continue
        one = _List(planner, sourced, kind, campaign_id, items)
        one.plan(declared, bool(getattr(campaign, f"{name}Exclusive")))
        sums[name] = (before, _total(one.after))
    return BudgetTotals(
        campaign=campaign.key,
        currency=live.currency if live is not None else None,
        budget_before=sums["budget"][0],
        budget_after=sums["budget"][1],
        spend_before=sums["spend"][0],
        spend_after=sums["spend"][1],
    )


def plan_budgets(
    planner: Planner, desired: list[Sourced[Campaign]], live: LiveState
) -> list[BudgetTotals]:
    """Item changes for every campaign that declares ``budget`` or ``spend``, and each such
    campaign's totals; a campaign that could not be planned has its error reported already."""
    totals: list[BudgetTotals] = []
    for sourced in desired:
        campaign = sourced.obj
        if campaign.budget is None and campaign.spend is None:
            continue
        if campaign.state == "absent" or (CAMPAIGN, campaign.key) not in planner.resolved:
            continue
        campaign_id = planner.resolved[(CAMPAIGN, campaign.key)][0]
        current = live.budgets.get(campaign_id) if campaign_id else None
        totals.append(_plan_campaign(planner, sourced, campaign_id, current))
    return totals


def overspent_warnings(totals: list[BudgetTotals]) -> list[str]:
    """A warning per campaign whose planned spend exceeds its planned budget."""
    return [
        f'campaign "{t.campaign}": planned spend {t.spend_after} exceeds its planned budget '
        f"{t.budget_after}{' ' + t.currency if t.currency else ''}"
        for t in totals
        if t.overspent
    ]
