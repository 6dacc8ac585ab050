"""Campaign assets: one PUT or DELETE each (HubSpot has no batch form for them)."""

from __future__ import annotations

from reconciler.apply.result import Outcome, outcome
from reconciler.apply.sending import OneByOneSender
from reconciler.hubspot import assets as assets_api
from reconciler.kinds import CAMPAIGN
from reconciler.plan import Change, MemberChange


class AssetSender(OneByOneSender):
    """Sent after every object batch: a campaign created in the same plan has its GUID by then."""

    def send_one(self, change: Change) -> Outcome:
        assert isinstance(change, MemberChange)  # the executor sends this kind's batches only
        member = change.member
        guid = self.parent_id(CAMPAIGN, member.parentId, member.parent)
        if guid is None:
            return outcome(
                change, "skipped", f'not attempted: campaign "{member.parent}" was not created'
            )
        asset_type = member.type or ""
        if change.action == "create":
            assets_api.link_asset(self.client, guid, asset_type, member.id)
        else:
            assets_api.unlink_asset(self.client, guid, asset_type, member.id)
        return outcome(change, "applied", None, f"{guid}/{asset_type}/{member.id}")
