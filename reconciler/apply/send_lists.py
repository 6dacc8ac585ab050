"""Event <-> list associations: one PUT or DELETE each (HubSpot has no batch form for them)."""

from __future__ import annotations

from reconciler.apply.result import Outcome, outcome
from reconciler.apply.sending import OneByOneSender
from reconciler.hubspot import lists as lists_api
from reconciler.kinds import MARKETING_EVENT
from reconciler.plan import Change, MemberChange


class EventListSender(OneByOneSender):
    """Sent after every object batch: an event created in the same plan has its objectId by
    then. Both requests are idempotent (204 whether or not the association existed)."""

    def send_one(self, change: Change) -> Outcome:
        assert isinstance(change, MemberChange)  # the executor sends this kind's batches only
        member = change.member
        event_id = self.parent_id(MARKETING_EVENT, member.parentId, member.parent)
        if event_id is None:
            return outcome(
                change, "skipped", f"not attempted: marketing event {member.parent} was not created"
            )
        if change.action == "create":
            lists_api.associate_list(self.client, event_id, member.id)
        else:
            lists_api.disassociate_list(self.client, event_id, member.id)
        return outcome(change, "applied", None, f"{event_id}/{member.id}")
