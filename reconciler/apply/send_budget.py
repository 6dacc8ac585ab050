"""Campaign budget and spend items: one POST, PUT or DELETE each (HubSpot has no batch form).

Items are sent after every object batch, so an item of a campaign this run creates has its
campaign's GUID by then. A create is never retried blindly (a second POST would add the item
twice: see ``hubspot.budget.create_item``); a delete of an item already gone leaves the portal
as asked and counts as applied.
"""

from __future__ import annotations

from decimal import Decimal

from reconciler.apply.result import Outcome, outcome
from reconciler.apply.sending import OneByOneSender
from reconciler.hubspot import budget as budget_api
from reconciler.kinds import CAMPAIGN, CAMPAIGN_BUDGET_ITEM
from reconciler.plan import Change, ItemChange


def _input(change: ItemChange) -> budget_api.BudgetItemInput:
    body = change.body
    assert body is not None  # the planner gives every create and update a body
    return budget_api.BudgetItemInput(
        name=body.name, amount=Decimal(body.amount), order=body.order, description=body.description
    )


class ItemSender(OneByOneSender):
    """Budget and spend items, one request per change (batches of one)."""

    def send_one(self, change: Change) -> Outcome:
        assert isinstance(change, ItemChange)  # the executor sends this kind's batches only
        ends = change.item
        guid = self.parent_id(CAMPAIGN, ends.campaignId, ends.campaign)
        if guid is None:
            return outcome(
                change, "skipped", f'not attempted: campaign "{ends.campaign}" was not created'
            )
        which: budget_api.BudgetKind = "budget" if change.kind == CAMPAIGN_BUDGET_ITEM else "spend"
        if change.action == "create":
            made = budget_api.create_item(self.client, guid, which, _input(change))
            return outcome(change, "applied", None, made.id)
        assert change.id is not None  # updates and deletes name a live item
        if change.action == "update":
            budget_api.update_item(self.client, guid, which, change.id, _input(change))
        else:
            budget_api.delete_item(self.client, guid, which, change.id)
        return outcome(change, "applied")
