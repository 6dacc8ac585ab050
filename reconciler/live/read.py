"""Reading the portal: the manifests' objects for a plan, or everything for an import.

Campaigns and events are read side by side (see ``live.campaigns`` and ``live.events``).
"""

from __future__ import annotations

from collections.abc import Collection
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from reconciler.hubspot.client import HubSpotClient
from reconciler.kinds import (
    CAMPAIGN,
    CAMPAIGN_ASSET,
    CAMPAIGN_BUDGET_ITEM,
    CAMPAIGN_SPEND_ITEM,
    MARKETING_EVENT,
    MARKETING_EVENT_LIST,
)
from reconciler.live.assets import CampaignAssets
from reconciler.live.budget import read_budgets, read_totals_of
from reconciler.live.campaigns import read_all_campaigns, read_every_asset, read_named_campaigns
from reconciler.live.events import read_all_events, read_named_events
from reconciler.live.lists import events_declaring_lists, read_event_lists, with_lists
from reconciler.live.progress import Progress
from reconciler.models import Campaign, DesiredState, LiveBudget, LiveState, MarketingEvent


@dataclass(frozen=True)
class ReadResult:
    live: LiveState
    requests: int
    identity_lookups: int = 0
    """Of ``requests``: ``/identifiers`` and by-external-id GETs (zero when all is pinned)."""


def read_live(
    client: HubSpotClient,
    desired: DesiredState,
    *,
    progress: Progress | None = None,
    workers: int = 4,
) -> ReadResult:
    """The live state for ``desired``, and how many requests it took."""
    before = client.stats.requests
    with ThreadPoolExecutor(max_workers=2) as pool:
        campaigns = pool.submit(read_named_campaigns, client, desired, progress)
        events = pool.submit(read_named_events, client, desired, progress, workers)
        live_events, lookups = events.result()
        listed = events_declaring_lists(desired.events, live_events)
        event_lists = read_event_lists(client, listed, progress, workers)  # campaigns go on
        named = campaigns.result()
        wanted = [s.obj for s in desired.campaigns]
        budgets = read_budgets(client, wanted, named.campaigns, workers)
        live = LiveState(
            campaigns=named.campaigns,
            events=live_events,
            campaign_links=named.links,
            campaign_assets=named.assets,
            event_lists=event_lists,
            budgets=budgets,
        )
    return ReadResult(live=live, requests=client.stats.requests - before, identity_lookups=lookups)


@dataclass
class PortalRead:
    """Everything of the kinds read (``import``), and how many requests it took."""

    campaigns: list[Campaign] = field(default_factory=list)
    unnamed: list[str] = field(default_factory=list)
    """GUIDs of campaigns without ``hs_name`` (not in ``campaigns``: no manifest can name them)."""
    events: list[MarketingEvent] = field(default_factory=list)
    unknown_accounts: set[str] = field(default_factory=set)
    """objectIds of events with an ``externalEventId`` whose account no look-up told yet."""
    campaign_assets: CampaignAssets | None = None
    """With ``campaignAsset`` among the kinds: every campaign's assets (but event links)."""
    budgets: dict[str, LiveBudget] | None = None
    """With ``campaignBudgetItem`` or ``campaignSpendItem`` among the kinds: every campaign's
    items, one totals read per campaign (both lists come in it)."""
    requests: int = 0


def read_portal(
    client: HubSpotClient,
    kinds: Collection[str],
    *,
    campaign_properties: list[str],
    named_events: set[tuple[str, str]],
    progress: Progress | None = None,
    workers: int = 4,
) -> PortalRead:
    """Every object of ``kinds`` (kind names) on the portal, side by side like ``read_live``:
    campaigns with ``campaign_properties``, events with the accounts look-ups tell (trying
    ``named_events``, the manifests' external ids, for events too new for ``/identifiers``)."""
    before = client.stats.requests
    read = PortalRead()
    with ThreadPoolExecutor(max_workers=2) as pool:
        campaigns = (
            pool.submit(read_all_campaigns, client, campaign_properties, progress)
            if CAMPAIGN in kinds
            else None
        )
        events = (
            pool.submit(read_all_events, client, named_events, progress, workers)
            if MARKETING_EVENT in kinds
            else None
        )
        if campaigns is not None:
            read.campaigns, read.unnamed = campaigns.result()
            guids = [c.id for c in read.campaigns if c.id]
            if CAMPAIGN_ASSET in kinds:
                read.campaign_assets = read_every_asset(client, guids)
            if CAMPAIGN_BUDGET_ITEM in kinds or CAMPAIGN_SPEND_ITEM in kinds:
                read.budgets = read_totals_of(
                    client, guids, workers, progress
                )  # both lists, one read
        if events is not None:
            found = events.result()
            read.events, read.unknown_accounts = found.events, found.unknown_accounts
            if MARKETING_EVENT_LIST in kinds:
                read.events = with_lists(client, read.events, progress, workers)
    read.requests = client.stats.requests - before
    return read


__all__ = ["PortalRead", "ReadResult", "read_live", "read_portal"]
