"""Marketing Events endpoints the reconciler uses (paths from ``client.paths``).

Events have two identities: HubSpot's ``objectId`` (works for every event) and the creating
app's ``(externalAccountId, externalEventId)``, which only that app can use. The list omits
``externalAccountId``; ``/identifiers`` tells it but lags creation by minutes; the by-external-id
GET answers at once, for the calling app's events only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pydantic import ConfigDict, Field, field_validator, model_validator

from reconciler.hubspot import answers
from reconciler.hubspot.answers import Page, RawPage
from reconciler.hubspot.batch import BatchAnswer
from reconciler.hubspot.client import HubSpotClient
from reconciler.hubspot.paging import follow
from reconciler.hubspot.paths import path_segment
from reconciler.model_base import Model

READ = "crm.objects.marketing_events.read"
WRITE = "crm.objects.marketing_events.write"
PAGE_LIMIT = 100


class CustomValue(Model):
    model_config = ConfigDict(extra="allow")

    name: str
    value: str | int | float | bool | None = None


class EventRead(Model):
    """``MarketingEventPublicReadResponseV2`` (list and get by objectId)."""

    model_config = ConfigDict(extra="allow")

    objectId: str
    eventName: str | None = None
    eventOrganizer: str | None = None
    eventType: str | None = None
    eventDescription: str | None = None
    eventUrl: str | None = None
    startDateTime: str | None = None
    endDateTime: str | None = None
    eventCancelled: bool | None = None
    eventCompleted: bool | None = None
    externalEventId: str | None = None
    externalAccountId: str | None = None  # not in the list's shape; filled by look-ups
    customProperties: list[CustomValue] = Field(default_factory=list)
    appInfo: dict[str, Any] | None = None
    createdAt: str | None = None
    updatedAt: str | None = None

    @field_validator("startDateTime", "endDateTime")
    @classmethod
    def _instant(cls, value: str | None) -> str | None:
        """An instant with a time zone, as HubSpot writes them (kept as written)."""
        if value:
            try:
                moment = datetime.fromisoformat(value.replace("z", "Z"))
            except ValueError:
                raise ValueError("not an ISO 8601 datetime") from None
            if moment.tzinfo is None:
                raise ValueError("a datetime without a time zone")
        return value

    @model_validator(mode="before")
    @classmethod
    def _object_id_from_id(cls, data: Any) -> Any:
        """The by-external-id GET names it ``id``; the list and get-by-objectId ``objectId``."""
        if isinstance(data, dict) and "objectId" not in data and "id" in data:
            return {**data, "objectId": data["id"]}
        return data


EVENT_TEXT_FIELDS = tuple(
    name for name, field in EventRead.model_fields.items() if field.annotation == str | None
)
"""EventRead's fields that are text or null (all but objectId, the flags and the lists)."""


class EventIdentifier(Model):
    model_config = ConfigDict(extra="allow")

    objectId: str
    externalEventId: str | None = None
    externalAccountId: str | None = None
    appInfo: dict[str, Any] | None = None


@dataclass(frozen=True)
class ListedPage:
    """One page of the events list: how many events it held, the JSON objects of those a
    ``keep`` accepted (not yet checked), and the request, for messages about them."""

    count: int
    kept: list[dict[str, Any]]
    operation: str


def iter_listed_pages(
    client: HubSpotClient,
    *,
    limit: int = PAGE_LIMIT,
    keep: Callable[[dict[str, Any]], bool] | None = None,
) -> Iterator[ListedPage]:
    """The events list page by page, in objectId order, keeping what ``keep`` accepts (all
    without it); the rest are never converted (100,000 events read fast)."""

    def fetch(after: str | None) -> tuple[ListedPage, str | None]:
        params: dict[str, str | int] = {"limit": limit}
        if after:
            params["after"] = after
        response = client.request("GET", client.paths.events_list, scope=READ, params=params)
        page = answers.parse_page(response, RawPage)
        kept = [item for item in page.results if keep is None or keep(item)]
        return ListedPage(len(page.results), kept, answers.operation_of(response)), page.after

    return follow(fetch, f"GET {client.paths.events_list}")


def iter_event_pages(
    client: HubSpotClient,
    *,
    limit: int = PAGE_LIMIT,
    keep: Callable[[dict[str, Any]], bool] | None = None,
) -> Iterator[tuple[int, list[EventRead]]]:
    """Per page: how many events it held, and those ``keep`` accepts as ``EventRead``."""
    for page in iter_listed_pages(client, limit=limit, keep=keep):
        yield page.count, answers.parse_items(EventRead, page.kept, page.operation)


def list_events(
    client: HubSpotClient,
    *,
    limit: int = PAGE_LIMIT,
    on_page: Callable[[int, int | None], None] | None = None,
    keep: Callable[[dict[str, Any]], bool] | None = None,
) -> list[EventRead]:
    """Every event on the portal (or those ``keep`` accepts), from any source, by objectId."""
    out: list[EventRead] = []
    for _, events in iter_event_pages(client, limit=limit, keep=keep):
        out.extend(events)
        if on_page:
            on_page(len(out), None)
    return out


def identifiers(client: HubSpotClient, external_event_id: str) -> list[EventIdentifier]:
    """Every portal event with this externalEventId, any app, with its account."""
    path = f"{client.paths.events}/{path_segment(external_event_id)}/identifiers"
    response = client.request("GET", path, scope=READ, allow=(404,))
    if response.status_code == 404:  # nothing indexed under that id (yet)
        return []
    return answers.parse(response, Page[EventIdentifier]).results


def get_by_external_id(
    client: HubSpotClient, external_event_id: str, external_account_id: str
) -> EventRead | None:
    """This app's event with these external ids, or None (404)."""
    path = f"{client.paths.events}/events/{path_segment(external_event_id)}"
    response = client.request(
        "GET", path, scope=READ, params={"externalAccountId": external_account_id}, allow=(404,)
    )
    if response.status_code == 404:
        return None
    return answers.parse(response, EventRead)


def get_event(client: HubSpotClient, object_id: str) -> EventRead | None:
    """Any event by HubSpot's objectId, or None when there is none (404)."""
    path = f"{client.paths.events}/{path_segment(object_id)}"
    response = client.request("GET", path, scope=READ, allow=(404,))
    if response.status_code == 404:
        return None
    return answers.parse(response, EventRead)


def upsert(client: HubSpotClient, inputs: list[dict[str, Any]]) -> BatchAnswer:
    """Create-or-update by external ids: idempotent, so safe to retry."""
    response = client.request(
        "POST",
        f"{client.paths.events}/events/upsert",
        scope=WRITE,
        json_body={"inputs": inputs},
        allow=(207,),
    )
    return BatchAnswer.from_response(response)


def batch_update(client: HubSpotClient, inputs: list[dict[str, Any]]) -> BatchAnswer:
    response = client.request(
        "POST", f"{client.paths.events}/batch/update", scope=WRITE, json_body={"inputs": inputs}
    )
    return BatchAnswer.from_response(response)


def batch_archive(client: HubSpotClient, object_ids: list[str]) -> BatchAnswer:
    """204 when all existed; 207 when some objectIds did not (the spec declares no body)."""
    response = client.request(
        "POST",
        f"{client.paths.events}/batch/archive",
        scope=WRITE,
        json_body={"inputs": [{"objectId": i} for i in object_ids]},
    )
    return BatchAnswer.from_response(response)
