"""Campaign assets of every type the Campaigns API associates: list one type with paging,
associate and disassociate one asset, and complete a ``batch/read`` embed beyond its first page.

Which types the API accepts: HubSpot's reference for ``PUT``/``DELETE
.../assets/{assetType}/{assetId}`` (v3, 2026-03) names ads, blog posts, calls, case studies,
CTAs, CTAs (legacy), external website pages, feedback surveys, forms, files, knowledge base
articles, landing pages, marketing email, marketing events, meetings, playbooks, podcast
episodes, sales documents, sales emails, sequences, SMS, social posts, static lists, videos,
website pages and workflows; ``ASSET_TYPES`` are their ``assetType`` names, HubSpot's object
type names (the specs type ``assetType`` as a plain string). Anything else is refused.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict

from reconciler.hubspot import answers
from reconciler.hubspot.answers import Page
from reconciler.hubspot.client import HubSpotClient
from reconciler.hubspot.paging import follow

READ = "marketing.campaigns.read"
WRITE = "marketing.campaigns.write"
PAGE_LIMIT = 100

ASSET_TYPES: tuple[str, ...] = (
    "AD_CAMPAIGN",  # ads
    "AUTOMATION_PLATFORM_FLOW",  # workflows
    "BLOG_POST",
    "CALL",
    "CASE_STUDY",
    "CTA",  # CTAs (legacy)
    "EMAIL",  # sales emails
    "EXTERNAL_WEB_URL",  # external website pages
    "FEEDBACK_SURVEY",
    "FILE_MANAGER_FILE",  # files
    "FORM",
    "KNOWLEDGE_ARTICLE",
    "LANDING_PAGE",
    "MARKETING_EMAIL",
    "MARKETING_EVENT",
    "MARKETING_SMS",  # SMS
    "MEDIA",  # videos
    "MEETING_EVENT",  # meetings
    "OBJECT_LIST",  # static lists
    "PLAYBOOK",
    "PODCAST_EPISODE",
    "SALES_DOCUMENT",
    "SEQUENCE",
    "SITE_PAGE",  # website pages
    "SOCIAL_BROADCAST",  # social posts
    "WEB_INTERACTIVE",  # CTAs
)
"""Every ``assetType`` the Campaigns API associates, in name order."""


class CampaignAsset(BaseModel):
    """``PublicCampaignAsset``: ``name`` where HubSpot knows it; ``metrics`` only when asked."""

    model_config = ConfigDict(extra="allow")

    id: str
    name: str | None = None


def asset_type_problem(asset_type: str) -> str | None:
    """Why ``asset_type`` cannot be associated (naming the valid ones), or None."""
    if asset_type in ASSET_TYPES:
        return None
    return f"unknown asset type {asset_type!r}: use one of {', '.join(ASSET_TYPES)}"


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
