"""Reading campaigns: those the manifests name (plan, pin) or every one (import).

The manifests' campaigns come from the list endpoint (100 a page, only the managed property
names plus ``hs_name``), or from ``batch/read`` (50 a request) when every managed campaign is
pinned by id and that takes fewer requests; their event links and declared assets from
``batch/read``'s embedded assets (``live.assets``).
"""

from __future__ import annotations

import math
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from typing import NamedTuple

from reconciler.hubspot import campaigns as campaigns_api
from reconciler.hubspot.client import HubSpotClient
from reconciler.hubspot.paths import MARKETING_EVENT_ASSET
from reconciler.live.assets import CampaignAssets, declared_asset_types, read_assets
from reconciler.live.convert import to_live_campaign
from reconciler.live.progress import PageHook, Progress, per_page
from reconciler.models import Campaign, DesiredState


def managed_campaign_properties(desired: DesiredState) -> list[str]:
    names: set[str] = set()
    for sourced in desired.campaigns:
        names.update(sourced.obj.properties)
    return ["hs_name", *sorted(names)]


class NamedCampaigns(NamedTuple):
    """The live campaigns the manifests name, and what hangs on those that manage it."""

    campaigns: list[Campaign]
    links: dict[str, list[str]]
    """campaign GUID -> linked event objectIds (``LiveState.campaign_links``)."""
    assets: CampaignAssets
    """campaign GUID -> declared asset type -> asset ids (``LiveState.campaign_assets``)."""


def read_named_campaigns(
    client: HubSpotClient, desired: DesiredState, progress: Progress | None
) -> NamedCampaigns:
    """Live campaigns the manifests name, and the event links and assets of those that
    manage them."""
    wanted = [s.obj for s in desired.campaigns]
    if not wanted:
        return NamedCampaigns([], {}, {})
    properties = managed_campaign_properties(desired)
    on_page = per_page(progress, "campaigns")
    pinned = [c.id for c in wanted if c.id]
    ids = set(pinned)
    names = {c.name for c in wanted}

    def named(item: campaigns_api.PublicCampaign) -> bool:
        return item.id in ids or (item.properties.get("hs_name") or "") in names

    items: list[campaigns_api.PublicCampaign] = []
    if len(pinned) == len(wanted) and math.ceil(len(ids) / campaigns_api.BATCH_LIMIT) <= 1:
        items = _batch_read_campaigns(client, sorted(ids), properties)
    elif len(pinned) == len(wanted):
        items = _read_pinned_or_list(client, sorted(ids), properties, on_page)
    live: list[Campaign] = [to_live_campaign(i, properties) for i in items if named(i)]
    embedded = {i.id: i for i in items if i.assets is not None}
    if len(pinned) != len(wanted):  # page by page, converting only the campaigns named
        read = 0
        for page in campaigns_api.iter_pages(client, properties):
            read += len(page.results)
            live.extend(to_live_campaign(i, properties) for i in page.results if named(i))
            if on_page:
                on_page(read, page.total)
    return NamedCampaigns(live, *_read_attached(client, wanted, live, embedded))


def read_all_campaigns(
    client: HubSpotClient, properties: list[str], progress: Progress | None
) -> tuple[list[Campaign], list[str]]:
    """Every campaign on the portal with ``hs_name`` and ``properties``, and the GUIDs of
    those without a name (no manifest can name them)."""
    names = ["hs_name", *properties]
    on_page = per_page(progress, "campaigns")
    campaigns: list[Campaign] = []
    unnamed: list[str] = []
    read = 0
    for page in campaigns_api.iter_pages(client, names):
        read += len(page.results)
        for item in page.results:
            if item.properties.get("hs_name"):
                campaigns.append(to_live_campaign(item, names))
            else:
                unnamed.append(item.id)
        if on_page:
            on_page(read, page.total)
    return campaigns, unnamed


def read_every_asset(client: HubSpotClient, guids: list[str]) -> CampaignAssets:
    """Every asset of ``guids`` of every type but marketing events (their links), for import:
    ceil(n/50) ``batch/read`` requests whose embed holds 50 per type, and a type's list
    endpoint past that."""
    embedded = {i.id: i for i in _batch_read_campaigns(client, guids, ["hs_name"])}
    types = {g: set(c.assets or {}) - {MARKETING_EVENT_ASSET} for g, c in embedded.items()}
    return read_assets(client, types, embedded)


def _read_attached(
    client: HubSpotClient,
    wanted: list[Campaign],
    live: list[Campaign],
    embedded: dict[str, campaigns_api.PublicCampaign],
) -> tuple[dict[str, list[str]], CampaignAssets]:
    """The event links and the declared asset types of the campaigns that manage them.

    ``batch/read`` embeds assets: ceil(n/50) requests for the n campaigns that manage links or
    assets (none when the campaigns were read that way already); a type with more assets than
    it embeds is paged on its assets endpoint.
    """
    by_name: dict[str, list[str]] = defaultdict(list)
    for campaign in live:
        if campaign.id:
            by_name[campaign.name].append(campaign.id)

    def guid_of(c: Campaign) -> str | None:
        return c.id or next(iter(by_name.get(c.name, [])), None)

    guids = sorted(
        {
            guid
            for c in wanted
            if c.marketingEvents is not None and c.state == "present"
            for guid in [guid_of(c)]
            if guid
        }
    )
    asset_types = declared_asset_types(wanted, guid_of)
    missing = sorted({*guids, *asset_types} - set(embedded))
    if missing:
        embedded.update({i.id: i for i in _batch_read_campaigns(client, missing, ["hs_name"])})
    return _links(client, guids, embedded), read_assets(client, asset_types, embedded)


def _links(
    client: HubSpotClient, guids: list[str], embedded: dict[str, campaigns_api.PublicCampaign]
) -> dict[str, list[str]]:
    """campaign GUID -> linked event objectIds, for the campaigns that manage their links."""
    links: dict[str, list[str]] = {}
    for guid in guids:
        found = embedded.get(guid)
        if found is None:
            continue
        section = (found.assets or {}).get(MARKETING_EVENT_ASSET)
        ids = [a.id for a in section.results] if section else []
        if section and section.after:
            ids += campaigns_api.list_event_assets(client, guid, after=section.after)
        links[guid] = ids
    return links


def _batch_read_campaigns(
    client: HubSpotClient, ids: list[str], properties: list[str]
) -> list[campaigns_api.PublicCampaign]:
    """ceil(n/50) requests, sent side by side; unknown ids simply do not come back."""
    batches = [
        ids[i : i + campaigns_api.BATCH_LIMIT]
        for i in range(0, len(ids), campaigns_api.BATCH_LIMIT)
    ]
    with ThreadPoolExecutor(max_workers=4) as pool:
        answers = list(pool.map(lambda b: campaigns_api.batch_read(client, b, properties), batches))
    return [campaign for answer in answers for campaign in answer.results]


def _read_pinned_or_list(
    client: HubSpotClient,
    ids: list[str],
    properties: list[str],
    on_page: PageHook | None,
) -> list[campaigns_api.PublicCampaign]:
    """All pinned, more than one batch: the first list page tells the total; take the cheaper rest."""
    pages = campaigns_api.iter_pages(client, properties)
    first = next(pages)
    total = first.total if first.total is not None else len(first.results)
    more_pages = max(0, math.ceil(total / campaigns_api.PAGE_LIMIT) - 1)
    if more_pages > math.ceil(len(ids) / campaigns_api.BATCH_LIMIT):
        pages.close()
        return _batch_read_campaigns(client, ids, properties)
    items = list(first.results)
    for page in pages:
        items.extend(page.results)
        if on_page:
            on_page(len(items), page.total)
    return items


__all__ = [
    "NamedCampaigns",
    "managed_campaign_properties",
    "read_all_campaigns",
    "read_every_asset",
    "read_named_campaigns",
]
