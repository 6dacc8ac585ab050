"""Campaign budget and spend items: read both lists with their totals (one request per
campaign), and create, replace or delete one item. HubSpot has no batch for them.

Amounts are ``Decimal`` on this side: the totals answer is read exactly and items compare as
decimals, whatever float HubSpot writes (``1500.0`` and ``1500`` are the same amount).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import AfterValidator, ConfigDict

from reconciler.hubspot import answers
from reconciler.hubspot.client import HubSpotClient
from reconciler.model_base import Model

READ = "marketing.campaigns.read"
WRITE = "marketing.campaigns.write"

DOUBLE_DIGITS = 309
"""A JSON number HubSpot writes is a double: below 10^309 (its ``str`` may be exact)."""


def _a_double(amount: Decimal) -> Decimal:
    """An amount a double can hold: the spec's type is ``number``, and a string such as
    ``"1e999999999"`` (which validation takes) would overflow when written out (a tiny one,
    ``"1e-999990"``, would be a million digits long)."""
    if (
        amount.is_finite()
        and amount
        and not -DOUBLE_DIGITS - 15 < amount.adjusted() < DOUBLE_DIGITS
    ):
        raise ValueError("number out of the range of a JSON number (a double)")
    return amount


Amount = Annotated[Decimal, AfterValidator(_a_double)]

BudgetKind = Literal["budget", "spend"]
"""Which of a campaign's two lists: its budget (planned) or its spend (actual) items."""


class BudgetItemInput(Model):
    """``PublicBudgetItemInput`` / ``PublicSpendItemInput``: what a create or a PUT sends."""

    model_config = ConfigDict(frozen=True)

    name: str
    amount: Decimal
    order: int
    description: str | None = None

    def wire(self) -> dict[str, object]:
        """The JSON body: the amount as a JSON number (an int when whole)."""
        whole = self.amount == self.amount.to_integral_value()
        body: dict[str, object] = {
            "name": self.name,
            "amount": int(self.amount) if whole else float(self.amount),
            "order": self.order,
        }
        if self.description is not None:
            body["description"] = self.description
        return body


class BudgetItem(Model):
    """``PublicBudgetItem`` / ``PublicSpendItem``; timestamps are epoch milliseconds."""

    model_config = ConfigDict(extra="allow")

    id: str
    name: str
    amount: Amount
    order: int
    description: str | None = None
    createdAt: int | None = None
    updatedAt: int | None = None


class BudgetTotals(Model):
    """``PublicBudgetTotals``: both lists (in no promised order), totals and the currency.

    Both lists are required (as the spec says): an answer without one would plan every item
    of the manifest as new, and apply would add each a second time.
    """

    model_config = ConfigDict(extra="allow")

    budgetItems: list[BudgetItem]
    spendItems: list[BudgetItem]
    budgetTotal: Amount | None = None
    spendTotal: Amount | None = None
    remainingBudget: Amount | None = None
    currencyCode: str

    def items(self, kind: BudgetKind) -> list[BudgetItem]:
        """One list, in HubSpot's ``order`` (then id, for items that share an order)."""
        chosen = self.budgetItems if kind == "budget" else self.spendItems
        return sorted(chosen, key=lambda i: (i.order, i.id))


def read_totals(client: HubSpotClient, guid: str) -> BudgetTotals:
    """Both item lists of one campaign, their totals and its currency: one request."""
    response = client.request("GET", client.paths.budget_totals(guid), scope=READ)
    return answers.parse(response, BudgetTotals)


def create_item(
    client: HubSpotClient, guid: str, kind: BudgetKind, item: BudgetItemInput
) -> BudgetItem:
    """Add one item (201). Not retried on 5xx or timeout: HubSpot may have created it, and a
    second POST would add it twice; the caller reads the totals back."""
    response = client.request(
        "POST",
        client.paths.budget_items(guid, kind),
        scope=WRITE,
        json_body=item.wire(),
        retry_safe=False,
    )
    return answers.parse(response, BudgetItem)


def update_item(
    client: HubSpotClient, guid: str, kind: BudgetKind, item_id: str, item: BudgetItemInput
) -> BudgetItem:
    """Replace one item's fields (a PUT: send every field, the description too)."""
    response = client.request(
        "PUT", client.paths.budget_item(guid, kind, item_id), scope=WRITE, json_body=item.wire()
    )
    return answers.parse(response, BudgetItem)


def delete_item(client: HubSpotClient, guid: str, kind: BudgetKind, item_id: str) -> bool:
    """Delete one item; False when it was already gone (404: a retry after a lost answer, or
    someone else deleted it), which leaves the portal as asked."""
    response = client.request(
        "DELETE", client.paths.budget_item(guid, kind, item_id), scope=WRITE, allow=(404,)
    )
    return response.status_code != 404
