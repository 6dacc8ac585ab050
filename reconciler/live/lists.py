"""Reading marketing events' contact lists: one ``GET .../associations/{objectId}/lists`` per
live event whose manifest declares ``lists``, and none for any other event.

An event the manifests create in this plan (no live match), delete (``state: absent``) or
cannot match unambiguously costs no read: the plan changes none of its lists. The reads run
side by side, ``workers`` at a time; the client's pacer keeps them within the rate limit.
``import`` asked for event lists reads them for every event (``with_lists``).
"""

from __future__ import annotations

from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor

from reconciler.hubspot import lists as lists_api
from reconciler.hubspot.client import HubSpotClient
from reconciler.live.progress import Progress
from reconciler.matching import LiveIndex
from reconciler.models import MarketingEvent, Sourced


def events_declaring_lists(
    desired: Iterable[Sourced[MarketingEvent]], live: list[MarketingEvent]
) -> list[str]:
    """objectIds of the live events whose manifest object declares ``lists`` (sorted, once)."""
    wanted = [s.obj for s in desired if s.obj.lists is not None and s.obj.state != "absent"]
    if not wanted:
        return []
    index = LiveIndex(live)
    ids: set[str] = set()
    for event in wanted:
        match, _ambiguous = index.find(event.pinned_id, event.natural_key)
        if match is not None and match.objectId:
            ids.add(match.objectId)
    return sorted(ids)


def read_event_lists(
    client: HubSpotClient,
    object_ids: list[str],
    progress: Progress | None = None,
    workers: int = 4,
) -> dict[str, list[str]]:
    """objectId -> the ids of the lists associated with it, for each of ``object_ids``."""
    if not object_ids:
        return {}
    out: dict[str, list[str]] = {}

    def read(object_id: str) -> list[str]:
        return [found.listId for found in lists_api.event_lists(client, object_id)]

    with ThreadPoolExecutor(max_workers=workers) as pool:
        for object_id, list_ids in zip(object_ids, pool.map(read, object_ids), strict=True):
            out[object_id] = list_ids
            if progress and len(object_ids) > 1:
                progress("event lists", len(out), len(object_ids))
    return out


def with_lists(
    client: HubSpotClient,
    events: list[MarketingEvent],
    progress: Progress | None = None,
    workers: int = 4,
) -> list[MarketingEvent]:
    """``events`` each with its ``lists`` as the portal has them (``import`` asked for them):
    one read per event."""
    ids = [e.objectId for e in events if e.objectId]
    found = read_event_lists(client, ids, progress, workers)
    return [
        e.model_copy(update={"lists": found[e.objectId]}) if e.objectId in found else e
        for e in events
    ]


__all__ = ["events_declaring_lists", "read_event_lists", "with_lists"]
