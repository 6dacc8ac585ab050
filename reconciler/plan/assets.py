"""Planning a campaign's assets (the ``campaignAsset`` kind).

``assets: {FORM: [id...], ...}`` declares, per asset type, the assets a campaign should have.
Each listed type is a member set planned like links (``plan.members``): a declared asset that
is missing is associated; with ``assetsExclusive``, an asset of a *listed* type that is not
declared is removed. Types the manifest does not list are never read nor touched. Asset ids
need no resolving: they are HubSpot's ids as written, so a campaign created in the same plan
gets its assets after that create (apply fills its GUID).
"""

from __future__ import annotations

from collections.abc import Iterator

from reconciler.kinds import CAMPAIGN, CAMPAIGN_ASSET, Action
from reconciler.models import Campaign, LiveState, Location, Sourced
from reconciler.plan.members import Member, plan_members
from reconciler.plan.model import MemberEnds, field_change, member_change
from reconciler.plan.planner import Planner


def asset_key(campaign: str, asset_type: str, asset_id: str) -> str:
    """How the plan names one asset of a campaign: ``Spring Launch -> FORM 123``."""
    return f"{campaign} -> {asset_type} {asset_id}"


def _declared(sourced: Sourced[Campaign], asset_type: str, ids: list[str]) -> Iterator[Member]:
    for i, asset_id in enumerate(ids):
        where = sourced.field_locations.get(f"assets.{asset_type}.{i}", sourced.location)
        yield Member(where, asset_id, asset_id)


def _plan_type(
    planner: Planner,
    sourced: Sourced[Campaign],
    campaign_id: str | None,
    asset_type: str,
    current: set[str],
) -> None:
    campaign = sourced.obj
    assert campaign.assets is not None

    def add(where: Location, action: Action, _key: str, asset_id: str | None) -> None:
        assert asset_id is not None  # asset ids are written, never made by this plan
        before, after = (None, asset_id) if action == "create" else (asset_id, None)
        ends = MemberEnds(parent=campaign.key, parentId=campaign_id, type=asset_type, id=asset_id)
        planner.changes.append(
            member_change(
                CAMPAIGN_ASSET,
                asset_key(campaign.key, asset_type, asset_id),
                f"{campaign_id}/{asset_type}/{asset_id}" if campaign_id else None,
                action,
                where.short,
                [field_change(asset_type, before, after)],
                ends,
            )
        )

    planner.unchanged += plan_members(
        _declared(sourced, asset_type, campaign.assets[asset_type]),
        current,
        exclusive=campaign.assetsExclusive,
        parent_at=sourced.field_locations.get(f"assets.{asset_type}", sourced.location),
        key_of=lambda asset_id: asset_id,
        add=add,
    )


def plan_assets(planner: Planner, desired: list[Sourced[Campaign]], live: LiveState) -> None:
    """Per campaign and listed asset type: associate the declared assets that are missing and,
    with ``assetsExclusive``, remove the undeclared ones; other types are not ours."""
    for sourced in desired:
        campaign = sourced.obj
        if campaign.assets is None:
            continue
        if campaign.state == "absent" or (CAMPAIGN, campaign.key) not in planner.resolved:
            continue  # deleted with its campaign, or the campaign's error is reported already
        campaign_id = planner.resolved[(CAMPAIGN, campaign.key)][0]
        held = live.campaign_assets.get(campaign_id, {}) if campaign_id else {}
        for asset_type in campaign.assets:
            _plan_type(planner, sourced, campaign_id, asset_type, set(held.get(asset_type, [])))
