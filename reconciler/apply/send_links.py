"""Campaign-event links: one PUT or DELETE each (HubSpot has no batch form for them)."""

from __future__ import annotations

from reconciler.apply.result import Outcome, outcome
from reconciler.apply.sending import OneByOneSender
from reconciler.hubspot import campaigns as campaigns_api
from reconciler.kinds import CAMPAIGN, MARKETING_EVENT
from reconciler.plan import Change, LinkChange


class LinkSender(OneByOneSender):
    """Sent after every object batch: an end created in the same plan has its id by then."""

    def send_one(self, change: Change) -> Outcome:
        assert isinstance(change, LinkChange)  # the executor sends this kind's batches only
        ends = change.link
        campaign_id = self.parent_id(CAMPAIGN, ends.campaignId, ends.campaign)
        event_id = self.parent_id(MARKETING_EVENT, ends.marketingEventId, ends.marketingEvent)
        if campaign_id is None or event_id is None:
            missing = (
                f'campaign "{ends.campaign}"'
                if campaign_id is None
                else f"marketing event {ends.marketingEvent}"
            )
            return outcome(change, "skipped", f"not attempted: {missing} was not created")
        if change.action == "create":
            campaigns_api.link_event(self.client, campaign_id, event_id)
        else:
            campaigns_api.unlink_event(self.client, campaign_id, event_id)
        return outcome(change, "applied", None, f"{campaign_id}/{event_id}")
