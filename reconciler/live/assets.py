"""Reading campaigns' assets: only for campaigns that declare ``assets``, only the types listed.

The campaigns ``batch/read`` embeds up to 50 assets of every type per campaign; the campaign
reader makes that read once for the campaigns whose links or assets are managed (or has made it
already, reading pinned campaigns that way), and this module takes the declared types from it.
A type with more assets than the embed holds is paged on ``GET .../assets/{assetType}`` from
the embed's cursor: one request per further 100 assets, for that type of that campaign only.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from reconciler.hubspot import assets as assets_api
from reconciler.hubspot import campaigns as campaigns_api
from reconciler.hubspot.client import HubSpotClient
from reconciler.models import Campaign

AssetTypes = dict[str, set[str]]
"""campaign GUID -> the asset types the manifests list for it."""
CampaignAssets = dict[str, dict[str, list[str]]]
"""campaign GUID -> asset type -> asset ids (``LiveState.campaign_assets``)."""


def declared_asset_types(
    wanted: list[Campaign], guid_of: Callable[[Campaign], str | None]
) -> AssetTypes:
    """The asset types each live campaign's manifest lists (none for one being deleted, or
    one not on the portal: there is nothing to read)."""
    out: AssetTypes = {}
    for campaign in wanted:
        if campaign.assets is None or campaign.state != "present":
            continue
        guid = guid_of(campaign)
        if guid:
            out.setdefault(guid, set()).update(campaign.assets)
    return out


def read_assets(
    client: HubSpotClient,
    declared: AssetTypes,
    embedded: Mapping[str, campaigns_api.PublicCampaign],
) -> CampaignAssets:
    """The declared types' asset ids per campaign, from the embed and, past it, the list
    endpoint; a campaign the embed does not hold is not on the portal (nothing to read)."""
    out: CampaignAssets = {}
    for guid in sorted(declared):
        found = embedded.get(guid)
        if found is None:
            continue
        sections = found.assets or {}
        by_type: dict[str, list[str]] = {}
        for asset_type in sorted(declared[guid]):
            section = sections.get(asset_type)
            if section is None:  # HubSpot leaves out a type the campaign has none of
                by_type[asset_type] = []
                continue
            complete = assets_api.complete(client, guid, asset_type, section)
            by_type[asset_type] = [asset.id for asset in complete]
        out[guid] = by_type
    return out


__all__ = ["AssetTypes", "CampaignAssets", "declared_asset_types", "read_assets"]
