"""Campaign assets of every type the Campaigns API associates: list one type with paging,
associate and disassociate one asset, and complete a ``batch/read`` embed beyond its first page.

Which types the API accepts: HubSpot's reference for ``PUT``/``DELETE
.../assets/{assetType}/{assetId}`` (v3, 2026-03) names ads, blog posts, calls, case studies,
CTAs, CTAs (legacy), external website pages, feedback surveys, forms, files, knowledge base
articles, landing pages, marketing email, marketing events, meetings, playbooks, podcast
episodes, sales documents, sales emails, sequences, SMS, social posts, static lists, videos,
website pages and workflows; ``ASSET_TYPES`` are their ``assetType`` names, HubSpot's object
type names (the specs type ``assetType`` as a plain string), kept in ``asset_types`` (which
manifest validation reads without loading the client). Anything else is refused.
"""

from __future__ import annotations

from typing import Any

from pydantic import ConfigDict

from reconciler.hubspot import answers
from reconciler.hubspot.answers import Page
from reconciler.hubspot.asset_types import ASSET_TYPES, asset_type_problem
from reconciler.hubspot.client import HubSpotClient
from reconciler.hubspot.paging import follow
from reconciler.model_base import Model

READ = "marketing.campaigns.read"
WRITE = "marketing.campaigns.write"
PAGE_LIMIT = 100


class CampaignAsset(Model):
    """``PublicCampaignAsset``: ``name`` where HubSpot knows it; ``metrics`` only when asked."""

    model_config = ConfigDict(extra="allow")

    id: str
    name: str | None = None


def list_assets(
    client: HubSpotClient, guid: str, asset_type: str, *, after: str | None = None
) -> list[CampaignAsset]:
    """A campaign's assets of one type, every page from ``after`` (the first page if None)."""
    path = client.paths.asset_list(guid, asset_type)

    def fetch(cursor: str | None) -> tuple[list[CampaignAsset], str | None]:
        params: dict[str, str | int] = {"limit": PAGE_LIMIT}
        if cursor:
            params["after"] = cursor
        response = client.request("GET", path, scope=READ, params=params)
        page = answers.parse(response, Page[CampaignAsset])
        return page.results, page.after

    return [a for page in follow(fetch, f"GET {path}", after=after) for a in page]


def complete(
    client: HubSpotClient, guid: str, asset_type: str, embedded: Page[Any]
) -> list[CampaignAsset]:
    """Every asset of one type, from a ``batch/read`` embed (its first 50) and, when the embed
    says more follow, the list endpoint from its cursor: one read per further page only."""
    first = [CampaignAsset.model_validate(item, from_attributes=True) for item in embedded.results]
    if not embedded.after:
        return first
    return [*first, *list_assets(client, guid, asset_type, after=embedded.after)]


def link_asset(client: HubSpotClient, guid: str, asset_type: str, asset_id: str) -> None:
    """Associate one asset with a campaign (204; idempotent)."""
    client.request("PUT", client.paths.asset(guid, asset_type, asset_id), scope=WRITE)


def unlink_asset(client: HubSpotClient, guid: str, asset_type: str, asset_id: str) -> None:
    """Remove the association (204; idempotent: also when there was none)."""
    client.request("DELETE", client.paths.asset(guid, asset_type, asset_id), scope=WRITE)


__all__ = [
    "ASSET_TYPES",
    "CampaignAsset",
    "asset_type_problem",
    "complete",
    "link_asset",
    "list_assets",
    "unlink_asset",
]
