"""Saved plans and campaign assets: what to read again, and which asset changes moved.

A saved plan that changes a campaign's assets reads that campaign again with the asset types
it changes (and only those); an asset to associate that is now associated, one to remove that
is gone, or its campaign gone, refuses the plan, naming the asset.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reconciler.models import Campaign, Sourced
from reconciler.plan import Change, MemberChange
from reconciler.saved.members import member_moved

if TYPE_CHECKING:
    from reconciler.saved.moved import Portal
    from reconciler.saved.scope import Scope


def ask_asset(scope: Scope, change: Change) -> None:
    """Read the asset's campaign with the asset's type (once per campaign, types merged)."""
    from reconciler.saved.scope import HERE

    assert isinstance(change, MemberChange)
    member = change.member
    if member.parentId is None or member.type is None:
        return  # its campaign is created by the plan: that create is checked
    campaigns = scope.campaigns
    # changes are sorted by key, so a campaign's assets come together: look at the last first
    for i in [len(campaigns) - 1, *range(len(campaigns) - 1)] if campaigns else []:
        campaign = campaigns[i].obj
        if campaign.id == member.parentId:
            assets = {**(campaign.assets or {}), member.type: []}
            campaigns[i] = Sourced.of(campaign.model_copy(update={"assets": assets}), HERE)
            return
    stand_in = Campaign(name=member.parent, id=member.parentId, assets={member.type: []})
    campaigns.append(Sourced.of(stand_in, HERE))


def moved_asset(change: Change, portal: Portal) -> list[str]:
    """An asset to associate that now is, one to remove that is gone, or its campaign gone.
    An asset of a campaign this plan creates has nothing to compare: that create is checked."""
    assert isinstance(change, MemberChange)
    member = change.member
    if member.parentId is None:
        return []
    held = portal.live.campaign_assets.get(member.parentId)
    ids = None if held is None else held.get(member.type or "", [])
    return member_moved(change, ids, member.id, "campaign")
