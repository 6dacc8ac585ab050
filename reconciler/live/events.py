"""Reading marketing events: those the manifests name (plan, pin) or every one (import).

The list endpoint (100 a page) omits ``externalAccountId``, so where live events share an
``externalEventId`` that matters, one ``/identifiers`` look-up per distinct id tells their
accounts, and the by-external-id GET settles events too new for ``/identifiers``. These
identity look-ups are counted: they are the one read cost that grows with the number of
unpinned events, and ``reconciler pin`` removes it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from reconciler.hubspot import events as events_api
from reconciler.hubspot.client import HubSpotClient
from reconciler.live.convert import live_event_from_answer
from reconciler.live.progress import Progress, per_page
from reconciler.models import DesiredState, EventRef, MarketingEvent


def read_named_events(
    client: HubSpotClient, desired: DesiredState, progress: Progress | None, workers: int
) -> tuple[list[MarketingEvent], int]:
    """The live events the manifests name, and how many identity look-ups that took."""
    wanted = [s.obj for s in desired.events]
    declared_pinned = {e.natural_key for e in wanted if e.objectId and e.natural_key}
    refs = [
        ref
        for s in desired.campaigns
        if s.obj.marketingEvents
        for ref in s.obj.marketingEvents
        if ref.objectId or ref.natural_key not in declared_pinned
    ]
    if not wanted and not refs:
        return [], 0
    named: list[MarketingEvent | EventRef] = [*wanted, *refs]
    pinned = {e.objectId for e in named if e.objectId}
    keyed: dict[str, set[str]] = defaultdict(set)  # externalEventId -> accounts the manifests name
    for e in named:
        if not e.objectId and e.externalEventId and e.externalAccountId:
            keyed[e.externalEventId].add(e.externalAccountId)

    def needed(raw: dict[str, Any]) -> bool:
        return str(raw.get("objectId")) in pinned or raw.get("externalEventId") in keyed

    live = _list(client, progress, needed)
    by_external: dict[str, list[MarketingEvent]] = defaultdict(list)
    for event in live:
        if event.externalEventId in keyed:
            by_external[event.externalEventId].append(event)
    if not by_external:
        return live, 0
    accounts, lookups = _resolve_all(client, by_external, keyed, workers, None)
    events = [
        e.model_copy(update={"externalAccountId": accounts[e.objectId]})
        if e.objectId in accounts
        else e
        for e in live
    ]
    return events, lookups


@dataclass(frozen=True)
class AllEvents:
    events: list[MarketingEvent]
    unknown_accounts: set[str]
    """objectIds of events with an ``externalEventId`` whose account no look-up told yet."""


def read_all_events(
    client: HubSpotClient,
    named: set[tuple[str, str]],
    progress: Progress | None,
    workers: int = 4,
) -> AllEvents:
    """Every event on the portal, with ``externalAccountId`` where a look-up told it (never
    from the list). ``named``: the ``(account, externalEventId)`` pairs the manifests write,
    tried with the by-external-id GET for events ``/identifiers`` does not know yet."""
    live = _list(client, progress, None)
    by_external: dict[str, list[MarketingEvent]] = defaultdict(list)
    for event in live:
        if event.externalEventId:
            by_external[event.externalEventId].append(event)
    keyed: dict[str, set[str]] = defaultdict(set)
    for account, external in named:
        keyed[external].add(account)
    done = 0

    def tick() -> None:
        nonlocal done
        done += 1
        if progress and len(by_external) > 1:
            progress("event accounts", done, len(by_external))

    accounts, _ = _resolve_all(client, by_external, keyed, workers, tick)
    listed = {e.objectId for group in by_external.values() for e in group if e.objectId}
    return AllEvents(
        events=[_with_account(e, accounts.get(e.objectId or "")) for e in live],
        unknown_accounts={oid for oid in listed if oid not in accounts},
    )


def _with_account(event: MarketingEvent, account: str | None) -> MarketingEvent:
    if event.externalAccountId == account:
        return event
    return event.model_copy(update={"externalAccountId": account})


def _list(
    client: HubSpotClient,
    progress: Progress | None,
    keep: Callable[[dict[str, Any]], bool] | None,
) -> list[MarketingEvent]:
    """The listed events ``keep`` accepts (all without it), converted page by page as they
    come: one copy in memory."""
    on_page = per_page(progress, "marketing events")
    live: list[MarketingEvent] = []
    read = 0
    for page in events_api.iter_listed_pages(client, keep=keep):
        read += page.count
        live.extend(live_event_from_answer(raw, page.operation) for raw in page.kept)
        if on_page:
            on_page(read, None)
    return live


def _resolve_all(
    client: HubSpotClient,
    by_external: dict[str, list[MarketingEvent]],
    keyed: dict[str, set[str]],
    workers: int,
    tick: Callable[[], None] | None,
) -> tuple[dict[str, str], int]:
    """objectId -> externalAccountId for the listed events, side by side per externalEventId,
    and the number of requests it took."""
    accounts: dict[str, str] = {}
    lookups = 0
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for part, n in pool.map(
            lambda ext: _resolve_accounts(client, ext, by_external[ext], keyed.get(ext, set())),
            sorted(by_external),
        ):
            accounts.update(part)
            lookups += n
            if tick:
                tick()
    return accounts, lookups


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


__all__ = ["AllEvents", "read_all_events", "read_named_events"]
