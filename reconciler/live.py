"""Portal -> LiveState: read only what the manifests manage, in the fewest requests.

Campaigns: the list endpoint (100 a page, only the managed property names plus ``hs_name``),
or ``batch/read`` (50 a request) when every managed campaign is pinned by id and that takes
fewer requests. Events: the list endpoint (100 a page); the list omits ``externalAccountId``,
so where live events share a manifest's ``externalEventId`` one ``/identifiers`` look-up per
distinct id tells their accounts, and the by-external-id GET settles events too new for
``/identifiers``. These identity look-ups are counted: they are the one read cost that grows
with the number of unpinned events, and ``reconciler pin`` removes it. A campaign's link that
names an event the manifests declare pinned needs none (the planner resolves it through that
event). Campaigns and events are read side by side.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from reconciler.hubspot import campaigns as campaigns_api
from reconciler.hubspot import events as events_api
from reconciler.hubspot.client import HubSpotClient
from reconciler.hubspot.paths import MARKETING_EVENT_ASSET
from reconciler.models import (
    EVENT_VALUE_FIELDS,
    Campaign,
    DesiredState,
    EventRef,
    LiveState,
    MarketingEvent,
    canonical_datetime,
    canonical_scalar,
    trusted,
)

Progress = Callable[[str, int, int | None], None]
"""progress(kind, objects read so far, total if known)"""


@dataclass(frozen=True)
class ReadResult:
    live: LiveState
    requests: int
    identity_lookups: int = 0
    """Of ``requests``: ``/identifiers`` and by-external-id GETs (zero when all is pinned)."""


def managed_campaign_properties(desired: DesiredState) -> list[str]:
    names: set[str] = set()
    for sourced in desired.campaigns:
        assert isinstance(sourced.obj, Campaign)
        names.update(sourced.obj.properties)
    return ["hs_name", *sorted(names)]


# Live objects are built from answers already checked (``hubspot.answers``), with the
# models' own canonical_* functions, without validating them a second time: that was a third
# of a read's CPU. ``to_live_*_validated`` is the long way; a test holds the two equal for
# any answer, and anything unusual takes the long way, so its errors stay the same.
_LIVE_CAMPAIGN_SET = {"name", "id", "properties"}


def to_live_campaign(item: campaigns_api.PublicCampaign, properties: list[str]) -> Campaign:
    """Absent properties are "": HubSpot leaves out what is empty. Campaign's validator keeps
    a live text value as it is (a date stays the text it is, valid or not)."""
    values = {name: item.properties.get(name) or "" for name in properties if name != "hs_name"}
    if not all(type(v) is str for v in values.values()):
        return to_live_campaign_validated(item, properties)
    return trusted(
        Campaign,
        _LIVE_CAMPAIGN_SET,
        {
            "name": item.properties.get("hs_name") or f"<unnamed {item.id}>",
            "id": item.id,
            "state": "present",
            "properties": values,
            "marketingEvents": None,
            "marketingEventsExclusive": False,
        },
    )


def to_live_campaign_validated(
    item: campaigns_api.PublicCampaign, properties: list[str]
) -> Campaign:
    values = {name: item.properties.get(name) or "" for name in properties if name != "hs_name"}
    name = item.properties.get("hs_name") or ""
    return Campaign.model_validate(
        {"name": name or f"<unnamed {item.id}>", "id": item.id, "properties": values}
    )


LIVE_EVENT_FIELDS: set[str] = set(
    {"objectId", "externalAccountId", "externalEventId", "customProperties", *EVENT_VALUE_FIELDS}
)


_LIVE_EVENT_SET = set(LIVE_EVENT_FIELDS)  # every live event's fields-set (never changed)


def to_live_event(item: events_api.EventRead) -> MarketingEvent:
    try:
        values = _live_event_values(item)
    except ValueError:
        return to_live_event_validated(item)
    return trusted(MarketingEvent, _LIVE_EVENT_SET, values)


def _live_event_values(item: events_api.EventRead) -> dict[str, Any]:
    """What MarketingEvent's validators make of a live event's fields (no manifest rules)."""
    start, end = item.startDateTime, item.endDateTime
    return {
        "externalAccountId": item.externalAccountId,
        "externalEventId": item.externalEventId,
        "objectId": item.objectId,
        "state": "present",
        "eventName": item.eventName,
        "eventOrganizer": item.eventOrganizer,
        "eventType": item.eventType or "",
        "eventDescription": item.eventDescription or "",
        "eventUrl": item.eventUrl or "",
        "startDateTime": canonical_datetime(start) if start else "",
        "endDateTime": canonical_datetime(end) if end else "",
        "eventCancelled": item.eventCancelled,
        "customProperties": {str(c.name): canonical_scalar(c.value) for c in item.customProperties},
    }


def to_live_event_validated(item: events_api.EventRead) -> MarketingEvent:
    data = item.model_dump(include=LIVE_EVENT_FIELDS)
    return MarketingEvent.model_validate(data)


def _read_campaigns(
    client: HubSpotClient, desired: DesiredState, progress: Progress | None
) -> tuple[list[Campaign], dict[str, list[str]]]:
    """Live campaigns the manifests name, and the event links of those that manage links."""
    wanted = [s.obj for s in desired.campaigns if isinstance(s.obj, Campaign)]
    if not wanted:
        return [], {}
    properties = managed_campaign_properties(desired)
    on_page = (lambda n, total: progress("campaigns", n, total)) if progress else None
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
    return live, _read_links(client, wanted, live, embedded)


def _read_links(
    client: HubSpotClient,
    wanted: list[Campaign],
    live: list[Campaign],
    embedded: dict[str, campaigns_api.PublicCampaign],
) -> dict[str, list[str]]:
    """campaign GUID -> linked event objectIds, for the campaigns that manage their links.

    ``batch/read`` embeds assets: ceil(n/50) requests (none when the campaigns were read that
    way already); a campaign with more links than it embeds is paged on its assets endpoint.
    """
    by_name: dict[str, list[str]] = defaultdict(list)
    for campaign in live:
        if campaign.id:
            by_name[campaign.name].append(campaign.id)
    guids = sorted(
        {
            guid
            for c in wanted
            if c.marketingEvents is not None and c.state == "present"
            for guid in ([c.id] if c.id else by_name.get(c.name, [])[:1])
            if guid
        }
    )
    if not guids:
        return {}
    missing = [g for g in guids if g not in embedded]
    if missing:
        embedded.update({i.id: i for i in _batch_read_campaigns(client, missing, ["hs_name"])})
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
    on_page: Callable[[int, int | None], None] | None,
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


def _read_events(
    client: HubSpotClient, desired: DesiredState, progress: Progress | None, workers: int
) -> tuple[list[MarketingEvent], int]:
    """The live events the manifests name, and how many identity look-ups that took."""
    wanted = [s.obj for s in desired.events if isinstance(s.obj, MarketingEvent)]
    declared_pinned = {e.natural_key for e in wanted if e.objectId and e.natural_key}
    refs = [
        ref
        for s in desired.campaigns
        if isinstance(s.obj, Campaign) and s.obj.marketingEvents
        for ref in s.obj.marketingEvents
        if ref.objectId or ref.natural_key not in declared_pinned
    ]
    if not wanted and not refs:
        return [], 0
    on_page = (lambda n, total: progress("marketing events", n, total)) if progress else None
    named: list[MarketingEvent | EventRef] = [*wanted, *refs]
    pinned = {e.objectId for e in named if e.objectId}
    keyed: dict[str, set[str]] = defaultdict(set)  # externalEventId -> accounts the manifests name
    for e in named:
        if not e.objectId and e.externalEventId and e.externalAccountId:
            keyed[e.externalEventId].add(e.externalAccountId)

    def needed(raw: dict[str, Any]) -> bool:
        return str(raw.get("objectId")) in pinned or raw.get("externalEventId") in keyed

    live: list[MarketingEvent] = []
    read = 0
    # Convert as we go, only the events named: one copy in memory.
    for count, page in events_api.iter_event_pages(client, keep=needed):
        read += count
        live.extend(to_live_event(event) for event in page)
        if on_page:
            on_page(read, None)
    by_external: dict[str, list[MarketingEvent]] = defaultdict(list)
    for event in live:
        if event.externalEventId in keyed:
            by_external[event.externalEventId].append(event)
    if not by_external:
        return live, 0
    with ThreadPoolExecutor(max_workers=workers) as pool:
        resolved = list(
            pool.map(
                lambda ext: _resolve_accounts(client, ext, by_external[ext], keyed[ext]),
                sorted(by_external),
            )
        )
    accounts = {oid: acct for part, _ in resolved for oid, acct in part.items()}
    events = [
        e.model_copy(update={"externalAccountId": accounts[e.objectId]})
        if e.objectId in accounts
        else e
        for e in live
    ]
    return events, sum(n for _, n in resolved)


def _resolve_accounts(
    client: HubSpotClient,
    external_event_id: str,
    listed: list[MarketingEvent],
    accounts: set[str],
) -> tuple[dict[str, str], int]:
    """objectId -> externalAccountId for listed events sharing ``external_event_id``, and the
    number of requests it took.

    ``/identifiers`` first; for listed events it does not know yet (it lags creation), the
    by-external-id GET for each account the manifests name decides.
    """
    lookups = 1
    known = {
        i.objectId: i.externalAccountId
        for i in events_api.identifiers(client, external_event_id)
        if i.externalAccountId is not None
    }
    result = {oid: acct for oid, acct in known.items() if any(e.objectId == oid for e in listed)}
    unknown = {e.objectId for e in listed if e.objectId not in result}
    if unknown:
        for account in sorted(accounts - set(result.values())):
            found = events_api.get_by_external_id(client, external_event_id, account)
            lookups += 1
            if found is not None and found.objectId in unknown:
                result[found.objectId] = account
                unknown.discard(found.objectId)
            if not unknown:
                break
    return result, lookups


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
        campaigns = pool.submit(_read_campaigns, client, desired, progress)
        events = pool.submit(_read_events, client, desired, progress, workers)
        live_campaigns, links = campaigns.result()
        live_events, lookups = events.result()
        live = LiveState(campaigns=live_campaigns, events=live_events, campaign_links=links)
    return ReadResult(live=live, requests=client.stats.requests - before, identity_lookups=lookups)
