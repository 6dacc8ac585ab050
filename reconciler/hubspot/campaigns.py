"""Campaigns endpoints the reconciler uses; campaign ids are GUIDs, values are strings.

Paths come from the client's API version (``client.paths``).
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from dataclasses import dataclass

from pydantic import ConfigDict, Field

from reconciler.hubspot import answers
from reconciler.hubspot.answers import Page
from reconciler.hubspot.batch import BatchAnswer
from reconciler.hubspot.client import HubSpotClient
from reconciler.hubspot.limits import CAMPAIGN_BATCH_LIMIT
from reconciler.hubspot.paging import follow
from reconciler.hubspot.paths import MARKETING_EVENT_ASSET, path_segment
from reconciler.model_base import Model

READ = "marketing.campaigns.read"
WRITE = "marketing.campaigns.write"
BATCH_LIMIT = CAMPAIGN_BATCH_LIMIT
PAGE_LIMIT = 100


class AssetRef(Model):
    model_config = ConfigDict(extra="allow")

    id: str


class PublicCampaign(Model):
    model_config = ConfigDict(extra="allow")

    id: str
    properties: dict[str, str | None] = Field(default_factory=dict)
    createdAt: str | None = None
    updatedAt: str | None = None
    assets: dict[str, Page[AssetRef]] | None = None


class CampaignBatch(BatchAnswer):
    """``batch/read``: the campaigns found, with their assets; unknown ids are errors (207)."""

    results: list[PublicCampaign] = Field(default_factory=list)  # type: ignore[assignment]


@dataclass(frozen=True)
class CampaignPage:
    results: list[PublicCampaign]
    total: int | None


def iter_pages(
    client: HubSpotClient,
    properties: list[str],
    *,
    limit: int = PAGE_LIMIT,
    name: str | None = None,
) -> Generator[CampaignPage, None, None]:
    """Campaign pages in order, with only ``properties`` (absent in answers = empty);
    ``name`` narrows the list to names containing it (any case: compare exactly yourself)."""

    def fetch(after: str | None) -> tuple[CampaignPage, str | None]:
        params: list[tuple[str, str | int]] = [("limit", limit)]
        params += [("properties", prop) for prop in properties]
        if name is not None:
            params.append(("name", name))
        if after:
            params.append(("after", after))
        page = answers.parse_page(
            client.request("GET", client.paths.campaigns, scope=READ, params=params),
            Page[PublicCampaign],
        )
        return CampaignPage(results=page.results, total=page.total), page.after

    yield from follow(fetch, f"GET {client.paths.campaigns}")


def list_campaigns(
    client: HubSpotClient,
    properties: list[str],
    *,
    limit: int = PAGE_LIMIT,
    on_page: Callable[[int, int | None], None] | None = None,
) -> list[PublicCampaign]:
    """Every campaign on the portal."""
    out: list[PublicCampaign] = []
    for page in iter_pages(client, properties, limit=limit):
        out.extend(page.results)
        if on_page:
            on_page(len(out), page.total)
    return out


def batch_read(client: HubSpotClient, ids: list[str], properties: list[str]) -> CampaignBatch:
    """At most 50 campaigns by GUID (unknown ids come back as errors on 207)."""
    params = [("properties", name) for name in properties]
    response = client.request(
        "POST",
        f"{client.paths.campaigns}/batch/read",
        scope=READ,
        params=params,
        json_body={"inputs": [{"id": i} for i in ids]},
    )
    return CampaignBatch.from_response(response)


def batch_create(client: HubSpotClient, inputs: list[dict[str, str]]) -> BatchAnswer:
    """Not retried on 5xx or timeout: HubSpot may have created them; the caller reads back."""
    response = client.request(
        "POST",
        f"{client.paths.campaigns}/batch/create",
        scope=WRITE,
        json_body={"inputs": [{"properties": p} for p in inputs]},
        retry_safe=False,
    )
    return BatchAnswer.from_response(response)


def batch_update(client: HubSpotClient, inputs: list[tuple[str, dict[str, str]]]) -> BatchAnswer:
    response = client.request(
        "POST",
        f"{client.paths.campaigns}/batch/update",
        scope=WRITE,
        json_body={"inputs": [{"id": i, "properties": p} for i, p in inputs]},
    )
    return BatchAnswer.from_response(response)


def batch_archive(client: HubSpotClient, ids: list[str]) -> BatchAnswer:
    """Always 204, whether or not the ids exist: confirm by reading back."""
    response = client.request(
        "POST",
        f"{client.paths.campaigns}/batch/archive",
        scope=WRITE,
        json_body={"inputs": [{"id": i} for i in ids]},
    )
    return BatchAnswer.from_response(response)


def list_event_assets(client: HubSpotClient, guid: str, *, after: str | None = None) -> list[str]:
    """objectIds of the marketing events linked to a campaign, page by page from ``after``."""
    path = f"{client.paths.campaigns}/{path_segment(guid)}/assets/{MARKETING_EVENT_ASSET}"

    def fetch(after: str | None) -> tuple[list[str], str | None]:
        params: dict[str, str | int] = {"limit": PAGE_LIMIT}
        if after:
            params["after"] = after
        page = answers.parse(client.request("GET", path, scope=READ, params=params), Page[AssetRef])
        return [a.id for a in page.results], page.after

    return [i for ids in follow(fetch, f"GET {path}", after=after) for i in ids]


def link_event(client: HubSpotClient, guid: str, object_id: str) -> None:
    """Attribute a marketing event to a campaign (204; idempotent)."""
    path = client.paths.event_link(guid, object_id)
    client.request("PUT", path, scope=WRITE)


def unlink_event(client: HubSpotClient, guid: str, object_id: str) -> None:
    """Remove the attribution (204; idempotent)."""
    path = client.paths.event_link(guid, object_id)
    client.request("DELETE", path, scope=WRITE)
