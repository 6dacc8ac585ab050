"""Campaign-event links: one PUT or DELETE each (HubSpot has no batch form for them)."""

from __future__ import annotations

from reconciler.apply.batches import Batch
from reconciler.apply.result import Outcome, outcome
from reconciler.apply.sending import Sender
from reconciler.hubspot import campaigns as campaigns_api
from reconciler.kinds import CAMPAIGN, MARKETING_EVENT
from reconciler.plan import Change, LinkChange


class LinkSender(Sender):
    """Sent after every object batch: an end created in the same plan has its id by then."""

    def create(self, batch: Batch) -> list[Outcome]:
        return [self._link(c) for c in batch.changes]

    def delete(self, batch: Batch) -> list[Outcome]:
        return [self._link(c) for c in batch.changes]

    def _link(self, change: Change) -> Outcome:
        assert isinstance(change, LinkChange)  # the executor sends this kind's batches only
        ends = change.link
        created = self.context.created
        campaign_id = ends.campaignId or created.get((CAMPAIGN, ends.campaign))
        event_id = ends.marketingEventId or created.get((MARKETING_EVENT, ends.marketingEvent))
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
