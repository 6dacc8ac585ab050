"""Campaign budget and spend items: one POST, PUT or DELETE each (HubSpot has no batch form).

Items are sent after every object batch, so an item of a campaign this run creates has its
campaign's GUID by then. A create is never retried blindly (a second POST would add the item
twice: see ``hubspot.budget.create_item``); after it, the campaign's items are read back to
confirm it and to catch a duplicate a concurrent apply made (``verify_items``). A delete of an
item already gone leaves the portal as asked and counts as applied.
"""

from __future__ import annotations

from decimal import Decimal

from reconciler.apply.result import Outcome, outcome
from reconciler.apply.sending import OneByOneSender
from reconciler.apply.verify_items import created_item_outcome, may_have_landed, unread_item
from reconciler.hubspot import budget as budget_api
from reconciler.hubspot.errors import HubSpotError
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
            return self._create(change, guid, which)
        assert change.id is not None  # updates and deletes name a live item
        if change.action == "update":
            budget_api.update_item(self.client, guid, which, change.id, _input(change))
        else:
            budget_api.delete_item(self.client, guid, which, change.id)
        return outcome(change, "applied")

    def _create(self, change: ItemChange, guid: str, which: budget_api.BudgetKind) -> Outcome:
        """POST the item, then read the campaign's items of that name back (one totals
        read): the create is confirmed only when this run's is the one item of that name."""
        made: budget_api.BudgetItem | None = None
        why: str | None = None
        try:
            made = budget_api.create_item(self.client, guid, which, _input(change))
        except HubSpotError as exc:
            if not may_have_landed(exc):
                raise
            why = str(exc)
        try:
            totals = budget_api.read_totals(self.client, guid)
        except HubSpotError as exc:
            return unread_item(change, made, why, exc)
        same = [i for i in totals.items(which) if i.name == change.item.name]
        return created_item_outcome(change, made, same, why)
