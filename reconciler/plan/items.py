"""The plan's data for a campaign's budget and spend items (``campaignBudgetItem``,
``campaignSpendItem``): where an item hangs, what a create or PUT sends, and each campaign's
totals before and after the plan.

Amounts are decimal strings without exponent or trailing zeros (``"1500"``, ``"12.5"``), so
they compare, print and round-trip through JSON exactly.
"""

from __future__ import annotations

from decimal import Decimal

from pydantic import ConfigDict, Field

from reconciler.model_base import Model


class ItemEnds(Model):
    """Which campaign an item hangs on; ``campaignId`` is null while the campaign is created
    in the same plan (apply fills it from that create's outcome)."""

    model_config = ConfigDict(frozen=True)

    campaign: str = Field(description="the campaign's key")
    campaignId: str | None = None
    name: str = Field(description="the item's name (before a rename: its new name)")


class ItemBody(Model):
    """What a create or a PUT sends: every field, since a PUT replaces the item (fields the
    manifest does not manage keep their live values)."""

    model_config = ConfigDict(frozen=True)

    name: str
    amount: str = Field(description="a decimal string")
    order: int
    description: str | None = None


class BudgetTotals(Model):
    """One campaign's budget and spend totals as read and as the plan leaves them."""

    model_config = ConfigDict(frozen=True)

    campaign: str = Field(description="the campaign's key")
    currency: str | None = Field(description="the campaign's currency; null while it is created")
    budget_before: str
    budget_after: str
    spend_before: str
    spend_after: str

    @property
    def overspent(self) -> bool:
        """Planned spend above the planned budget (the plan warns)."""
        return Decimal(self.spend_after) > Decimal(self.budget_after)
